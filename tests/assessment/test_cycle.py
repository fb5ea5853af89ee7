"""The cycle 草稿 → 征求意见 → 申诉 → 处理 → 公布 through the API and the command, with who sees
what: the office alone the draft; in 征求意见 a unit its own card; after 公布 everyone, a unit all
cards only when the scheme publishes the ranking."""

from __future__ import annotations

import json
from datetime import date
from io import StringIO

import pytest
from django.core.management import call_command
from django.db import transaction

pytestmark = pytest.mark.django_db
URL = "/api/v1/plans/shizhong-2023/assessments/2024"


def step(fn, **kw):
    with transaction.atomic():
        return fn(**kw)


def test_command_json_shape(seed_year):
    out = StringIO()
    call_command("assess", "shizhong-2023", "--year", "2024", "--format", "json", stdout=out)
    doc = json.loads(out.getvalue())
    assert (doc["status"], doc["version"], len(doc["cards"])) == ("draft", None, 39)
    card = doc["cards"][0]
    assert list(card)[:6] == ["unit", "total", "grade", "rank", "vetoed", "components"]
    part = card["components"][0]
    assert list(part) == ["name", "weight", "score", "lines"] and part["name"] == "目标完成"
    assert set(part["lines"][0]) >= {"points", "reason", "source"}
    table = StringIO()
    call_command("assess", "shizhong-2023", "--year", "2024", stdout=table)
    assert table.getvalue().splitlines()[0].startswith("名次\t单位\t目标完成\t重点任务")


def test_xlsx_needs_a_file_and_writes_the_ranking(seed_year, tmp_path):
    from openpyxl import load_workbook

    path = tmp_path / "rank.xlsx"
    call_command("assess", "shizhong-2023", "--year", "2024", "--format", "xlsx", "-o", str(path))
    book = load_workbook(path)
    assert book["排名"]["A2"].value == "名次" and book["排名"].max_row == 2 + 39
    assert book["计分明细"]["D1"].value == "计分依据"


def test_draft_consult_appeal_decide_publish(seed_year, office, reporter, other_reporter, leader):
    from planwatch.assessment import services
    from planwatch.assessment.models import AssessmentEvent

    # 草稿: the office alone
    assert office.client.get(URL).json()["status"] == "draft"
    assert reporter.client.get(URL).status_code == 403 and leader.client.get(URL).status_code == 403
    step(services.consult, actor=office.user, scheme=seed_year, appeal_until=date(2024, 10, 15))
    # 征求意见: each unit its own card
    mine = reporter.client.get(URL).json()
    assert [c["unit"] for c in mine["cards"]] == ["区发展改革局"] and mine["version"] == 1
    assert leader.client.get(URL).status_code == 403
    card = mine["cards"][0]
    target = next(c for c in card["components"] if c["name"] == "目标完成")
    line = min((ln for ln in target["lines"] if ln["source"]), key=lambda ln: ln["points"] - ln.get("of", 0))
    assert line["points"] < line["of"]  # a line that lost points
    seed_year.refresh_from_db()
    appeal = step(services.appeal, actor=reporter.user, scheme=seed_year, unit=reporter.user.profile.unit,
                  component="目标完成", kind=line["source"]["kind"], source_id=line["source"]["id"],
                  reason="该指标数据口径调整，已书面说明", evidence="市中发改〔2024〕9号", today=date(2024, 10, 9))  # fmt: skip
    with pytest.raises(Exception, match="没有这一项计分"):  # a unit appeals only its own lines
        step(services.appeal, actor=other_reporter.user, scheme=seed_year, unit=other_reporter.user.profile.unit,
             component="目标完成", kind="target", source_id=10**9, reason="x", today=date(2024, 10, 9))  # fmt: skip
    with pytest.raises(Exception, match="还有未处理的申诉"):
        step(services.publish, actor=office.user, scheme=seed_year)
    step(services.decide, actor=office.user, appeal=appeal, upheld=True, decision="口径调整属实，按满分计")
    revised = reporter.client.get(URL).json()
    assert revised["version"] == 2
    new_card = revised["cards"][0]
    assert new_card["total"] == pytest.approx(card["total"] + line["of"] - line["points"], abs=0.011)
    assert any("申诉成立：口径调整属实" in ln["reason"] for c in new_card["components"] for ln in c["lines"])
    history = list(AssessmentEvent.objects.filter(scheme=seed_year).values_list("action", "actor_name"))
    assert [a for a, _ in history] == ["consult", "appeal", "uphold"]
    # 公布: everyone, the whole ranking (the scheme's setting), frozen
    step(services.publish, actor=office.user, scheme=seed_year)
    published = reporter.client.get(URL).json()
    assert (published["status"], published["version"], len(published["cards"])) == ("published", 3, 39)
    assert leader.client.get(URL).json()["cards"] == published["cards"]
    seed_year.publish_ranking = False
    seed_year.save()
    assert [c["unit"] for c in reporter.client.get(URL).json()["cards"]] == ["区发展改革局"]


def test_appeals_only_in_the_window_and_with_a_reason(seed_year, office, reporter):
    from planwatch.assessment import services

    unit = reporter.user.profile.unit
    ask = dict(actor=reporter.user, scheme=seed_year, unit=unit, component="目标完成", kind="target", source_id=1,
               reason="理由", today=date(2024, 10, 9))  # fmt: skip
    with pytest.raises(Exception, match="只有征求意见期间可以申诉"):
        step(services.appeal, **ask)
    step(services.consult, actor=office.user, scheme=seed_year, appeal_until=date(2024, 10, 8))
    seed_year.refresh_from_db()
    with pytest.raises(Exception, match="申诉已于2024年10月8日截止"):
        step(services.appeal, **ask)
