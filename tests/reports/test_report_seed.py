"""The seed plan with its demo data: the quarterly report is quick, and every figure it quotes
is the API's figure for the same period."""

from __future__ import annotations

import re
import time

import pytest

from planwatch.reports.services import make_bytes

from .conftest import open_docx

pytestmark = pytest.mark.django_db
NUMBER = re.compile(r"^([\d.]+)")


def test_quarterly_report_in_under_five_seconds_with_the_apis_figures(seed_demo, office):
    started = time.perf_counter()
    data, _, _ = make_bytes(plan=seed_demo, kind="progress", period="2024Q3")
    assert time.perf_counter() - started < 5.0  # the acceptance bound, from a cold evaluation cache
    api = office.client.get("/api/v1/plans/shizhong-2023/evaluation?as_of=2024-09-30").json()
    # what a target has reached: a cumulative or annual target's total (`actual`), else its latest figure
    latest = {r["indicator"]: r["latest"] and (r["actual"] if r["basis"] in ("cumulative", "annual") and not r["rate"]
                                              else r["latest"]["value"]) for r in api}  # fmt: skip
    doc = open_docx(data)
    checked = 0
    for table in doc.tables[1:]:  # the chapters' target tables (the first counts by chapter)
        for row in table.rows[1:]:
            name, _, shown, _ = (c.text for c in row.cells)
            if latest[name] is None:
                assert shown == "无"
                continue
            value = NUMBER.search(shown).group(1)  # "1264亿元（2023年）" → 1264
            places = len(value.split(".")[1]) if "." in value else 0
            assert float(value) == round(latest[name], places), name
            checked += 1
    assert checked >= 30  # the seed plan has 38 targets, nearly all with demo figures


def test_chapter_counts_add_up_to_the_apis_rollup(seed_demo, office):
    rollup = office.client.get("/api/v1/plans/shizhong-2023/rollup?as_of=2024-09-30").json()
    data, _, _ = make_bytes(plan=seed_demo, kind="progress", period="2024Q3")
    counts = open_docx(data).tables[0]
    totals = sum(int(row.cells[1].text) for row in counts.rows[1:])
    assert totals == sum(rollup["by_status"].values())


def test_the_counts_and_headline_sentences_are_the_apis(seed_demo, office):
    """The overall sentence's counts are the rollup's; each headline sentence quotes the API's
    own explanation of that target (figures and their period) as of the same date."""
    rollup = office.client.get("/api/v1/plans/shizhong-2023/rollup?as_of=2024-09-30").json()["by_status"]
    api = office.client.get("/api/v1/plans/shizhong-2023/evaluation?as_of=2024-09-30").json()
    data, _, _ = make_bytes(plan=seed_demo, kind="progress", period="2024Q3")
    text = [p.text for p in open_docx(data).paragraphs]
    overall = next(t for t in text if t.startswith("截至2024年9月30日，共有量化目标"))
    labels = {"已完成": "achieved", "进展顺利": "on_track", "需加快": "needs_acceleration", "进展滞后": "off_track",
              "倒退": "deteriorating", "数据不足": "no_data", "已实现": "met", "未实现": "missed", "待最终数据": "pending"}  # fmt: skip
    quoted = {labels[name]: int(n) for name, n in re.findall(r"([\u4e00-\u9fff]+?)(\d+)个", overall.split("其中")[1])}
    assert int(re.search(r"共有量化目标(\d+)个", overall).group(1)) == sum(rollup.values()) == 38
    assert quoted == {k: v for k, v in rollup.items() if v}
    start = text.index("（一）主要目标") + 1
    headline = text[start : text.index("（二）各章目标状态")]
    headline = [t for t in headline if t]  # the charts sit in paragraphs without text
    assert len(headline) >= 4
    for sentence in headline:
        name, said = sentence.split("：", 1)
        row = next(r for r in api if r["indicator"] == name)
        assert said.startswith(row["explanation"].split("；")[0]), name
