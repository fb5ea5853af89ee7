"""The status rules end to end: a plan imported from text, figures loaded, statuses read back
from `evaluate_plan` and from `planwatch evaluate --format json` (SQLite and PostgreSQL).

Every expected value is computed by hand in the comment beside it.
"""

from __future__ import annotations

import json
from datetime import date

import pytest

from planwatch.indicators.evaluation import evaluate_plan

from .conftest import run, write_csv

PLAN_TEXT = """某区经济发展三年行动计划（2023-2025年）

一、稳定经济增长

（一）做大经济总量。到2025年，地区生产总值年均增长7%以上。（区发展改革局牵头）

（二）改善空气质量。每年空气质量优良天数比率保持在70%以上。（区生态环境分局牵头）
"""


@pytest.fixture
def rate_plan(db, tmp_path):
    from planwatch.plans.models import Plan

    path = tmp_path / "plan.txt"
    path.write_text(PLAN_TEXT, encoding="utf-8")
    run("import_plan", path, name="rate-plan")
    return Plan.objects.get(name="rate-plan")


def load(tmp_path, rows):
    return run("load_data", write_csv(tmp_path / "data.csv", rows), plan="rate-plan")


def by_name(results, name):
    return next(r for r in results if r["indicator"] == name)


def test_the_import_stores_the_rate_kind_and_reads_figures_as_rates(rate_plan):
    from planwatch.indicators.models import Target

    growth = Target.objects.get(indicator__plan=rate_plan, indicator__name="地区生产总值年均增长")
    share = Target.objects.get(indicator__plan=rate_plan, indicator__name="空气质量优良天数比率")
    assert (growth.basis, growth.rate, growth.indicator.kind) == ("annual", "growth", "stock")
    assert (share.basis, share.rate, share.indicator.kind) == ("annual", "level", "stock")


def test_quarterly_growth_rates_are_never_summed_nor_paced(rate_plan, tmp_path):
    name = "地区生产总值年均增长"
    load(tmp_path, [[name, p, v, "%", "统计局", ""] for p, v in (
        ("2023Q1", 6.5), ("2023Q2", 6.8), ("2023Q3", 7.0), ("2023Q4", 7.2), ("2024Q1", 6.0), ("2024Q2", 6.2),
    )])  # fmt: skip
    row = by_name(evaluate_plan(plan=rate_plan, as_of=date(2024, 8, 15)), name)
    # 2024 is 6.2 (not 6.0 + 6.2 = 12.2, not "ahead of 3.5"); average (1.072 × 1.062)^½ − 1 = 6.70%
    assert (row["status"], row["status_label"]) == ("needs_acceleration", "需加快")
    assert row["actual"] == pytest.approx(6.6988, abs=1e-4)
    assert row["ratio"] == pytest.approx(6.6988 / 7, abs=1e-4)
    assert [(y["year"], y["value"], y["complete"], y["met"]) for y in row["years"]] == [
        (2023, 7.2, True, True),
        (2024, 6.2, False, False),
    ]
    assert row["explanation"] == (
        "2023年增长7.2%，2024年截至第二季度增长6.2%，年均增长6.7%，未达到年均增长7%以上的目标，需加快"
    )


def test_a_share_kept_every_year(rate_plan, tmp_path):
    name = "空气质量优良天数比率"
    load(tmp_path, [[name, "2023", 72.5, "%", "", ""], [name, "2024", 68.4, "%", "", ""]])
    row = by_name(evaluate_plan(plan=rate_plan, as_of=date(2025, 3, 1)), name)
    # average (72.5 + 68.4) / 2 = 70.45 ≥ 70, but 2024 < 70: a year missed → 需加快
    assert row["status"] == "needs_acceleration"
    assert [y["met"] for y in row["years"]] == [True, False]
    assert "其中2024年未达到" in row["explanation"]


def test_stale_figures_and_verdicts_in_the_json_of_the_command(rate_plan, tmp_path):
    from planwatch.indicators.models import Indicator

    name = "空气质量优良天数比率"
    Indicator.objects.filter(plan=rate_plan, name=name).update(frequency="year")  # a yearly figure
    load(tmp_path, [[name, "2023", 72.5, "%", "", ""]])
    out = json.loads(run("evaluate", plan="rate-plan", as_of="2025-06-01", format="json"))
    row = by_name(out, name)
    # 2024's figure was due by 31 March 2025: the latest (2023) lags one year
    assert row["stale"] is True
    assert row["age"]["text"] == "最新数据：2023年（已滞后1期）"
    after = by_name(json.loads(run("evaluate", plan="rate-plan", as_of="2026-12-01", format="json")), name)
    assert (after["verdict"], after["status_label"], after["status"]) == ("pending", "待最终数据", "no_data")
    load(tmp_path, [[name, "2024", 71, "%", "", ""], [name, "2025", 73, "%", "", ""]])
    final = by_name(json.loads(run("evaluate", plan="rate-plan", as_of="2026-12-01", format="json")), name)
    assert (final["verdict"], final["status_label"], final["stale"]) == ("met", "已实现", False)
