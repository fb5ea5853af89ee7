"""The scoring core with hand-computed cases: every expected figure below was worked on paper
(the working is in the comment beside it; docs/assessment.md has the same worked example)."""

from __future__ import annotations

import pytest

from planwatch.assessment.scoring import (
    Adjustment,
    Component,
    Grade,
    Override,
    Row,
    Scheme,
    assess,
    rank_and_grade,
    score_component,
    score_unit,
)

TARGETS = Component("目标完成", 40, "targets", co_share=0.3)
REPORTS = Component("报送及时", 10, "reports")
FULL = Scheme(
    components=(TARGETS, Component("重点任务", 25, "tasks"), REPORTS, Component("督办办理", 10, "items"),
                Component("问题解决", 5, "problems"), Component("重点项目", 10, "projects")),
    bonus_cap=5, deductions={"约谈": 2, "通报批评": 3}, vetoes=("移交纪检监察机关",),
)  # fmt: skip


def target(id, outcome, role="lead", unit=1):
    return Row("targets", "target", id, unit, outcome, f"目标{id}", role)


def test_eight_targets_one_off_track_is_two_of_five_points():
    # 40 points over 8 lead targets: 5 each; 进展滞后 scores 0.4 → 2 of 5
    rows = [target(i, "achieved") for i in range(1, 8)] + [target(8, "off_track")]
    card = score_component(TARGETS, rows, {})
    assert card["score"] == 37.0  # 7 × 5 + 2
    last = card["lines"][-1]
    assert (last["points"], last["of"], last["source"]) == (2.0, 5.0, {"kind": "target", "id": 8})
    assert "进展滞后" in last["reason"] and "得2.00分（满分5.00分）" in last["reason"]


def test_a_co_operating_unit_counts_at_its_share():
    # shares 1 + 1 + 0.3 = 2.3; slices 40/2.3 = 17.3913 (twice) and 12/2.3 = 5.2174
    # achieved 17.39; off_track 17.3913 × 0.4 = 6.9565 → 6.96; co needs_acceleration 5.2174 × 0.6 = 3.1304 → 3.13
    rows = [target(1, "achieved"), target(2, "off_track"), target(3, "needs_acceleration", "co")]
    card = score_component(TARGETS, rows, {})
    assert [line["points"] for line in card["lines"]] == [17.39, 6.96, 3.13]
    assert card["score"] == 27.48
    assert "（配合单位）" in card["lines"][2]["reason"]


def test_co_share_zero_leaves_the_co_unit_out_and_no_data_is_not_scored():
    component = Component("目标完成", 40, "targets", co_share=0)
    rows = [target(1, "off_track"), target(2, "needs_acceleration", "co"), target(3, "no_data")]
    card = score_component(component, rows, {})
    assert [line["source"]["id"] for line in card["lines"]] == [1]
    assert card["score"] == 16.0  # 40 × 0.4


def test_nothing_to_score_is_full_marks_on_one_line():
    card = score_component(Component("督办办理", 10, "items"), [], {})
    assert card["score"] == 10.0
    assert card["lines"] == [{"points": 10.0, "reason": "无考核对象，按满分计", "source": None, "of": 10.0}]


def test_reports_deduct_from_the_weight_and_never_below_zero():
    rows = [Row("reports", "submission", 1, 1, "on_time", "GDP 2025Q1"),
            Row("reports", "submission", 2, 1, "late", "GDP 2025Q2", note="截止7月5日，7月9日报送"),
            Row("reports", "report", 3, 1, "late", "（一）进展 2025Q2"),
            Row("reports", "submission", 4, 1, "returned", "GDP 2025Q3")]  # fmt: skip
    card = score_component(REPORTS, rows, {})
    assert [line["points"] for line in card["lines"]] == [0, -0.5, -0.5, -0.5]
    assert card["score"] == 8.5  # 10 − 0.5 − 0.5 − 0.5
    assert "截止7月5日，7月9日报送" in card["lines"][1]["reason"]
    many = [Row("reports", "submission", i, 1, "missing", "x") for i in range(12)]
    assert score_component(REPORTS, many, {})["score"] == 0.0  # 10 − 12 floors at 0


def test_bonus_is_capped_deductions_per_kind_and_total():
    # targets: 2 lead achieved → 40; tasks: on_time + late → 12.5 + 6.25 = 18.75; reports one late → 9.5;
    # items, problems, projects empty → 10 + 5 + 10; bonus 3 + 4 capped at 5; 约谈 −2, 通报批评 −3,
    # a kind the scheme does not deduct for: 0. Total 40 + 18.75 + 9.5 + 25 + 5 − 5 = 93.25
    rows = [target(1, "achieved"), target(2, "on_track"),
            Row("tasks", "task", 7, 1, "on_time", "任务7"), Row("tasks", "task", 8, 1, "late", "任务8"),
            Row("reports", "submission", 9, 1, "late", "报送9")]  # fmt: skip
    adjustments = [Adjustment(1, "bonus", 1, "省级表彰", 3), Adjustment(1, "bonus", 2, "上级肯定", 4),
                   Adjustment(1, "measure", 3, "逾期", measure="约谈"),
                   Adjustment(1, "measure", 4, "逾期", measure="通报批评"),
                   Adjustment(1, "measure", 5, "提醒", measure="提醒谈话")]  # fmt: skip
    card = score_unit(FULL, 1, rows, adjustments)
    assert [c["score"] for c in card["components"]] == [40.0, 18.75, 9.5, 10.0, 5.0, 10.0]
    assert card["bonus"]["score"] == 5.0
    assert [line["points"] for line in card["bonus"]["lines"]] == [3.0, 4.0, -2.0]
    assert [line["points"] for line in card["deductions"]["lines"]] == [-2.0, -3.0, 0.0]
    assert card["deductions"]["score"] == -5.0
    assert card["total"] == 93.25
    assert not card["vetoed"]


def test_a_veto_sets_the_lowest_grade_whatever_the_score():
    adjustments = [Adjustment(1, "measure", 3, "严重失职", measure="移交纪检监察机关")]
    cards = assess(FULL, {1: "甲局", 2: "乙局"}, [target(1, "off_track", unit=2)], adjustments)
    first = cards[0]
    assert (first["unit_name"], first["total"], first["rank"]) == ("甲局", 100.0, 1)
    assert first["vetoed"] and first["grade"] == "较差"
    assert first["vetoes"] == ["移交纪检监察机关"]
    assert (cards[1]["total"], cards[1]["grade"]) == (76.0, "一般")  # 16 + 25 + 10 + 10 + 5 + 10


def test_quota_of_thirty_percent_with_a_tied_group_at_the_boundary():
    scheme = Scheme(components=(TARGETS,), grades=(Grade("优秀", 90, 30), Grade("良好", 80), Grade("一般", 60),
                                                   Grade("较差", 0)))  # fmt: skip
    totals = [98, 97, 95, 95, 95, 92, 91, 85, 70, 50]  # 10 units: at most 3 优秀
    cards = [{"unit": i, "unit_name": f"单位{i:02}", "total": t, "vetoed": False} for i, t in enumerate(totals)]
    ranked = rank_and_grade(scheme, cards)
    assert [c["rank"] for c in ranked] == [1, 2, 3, 3, 3, 6, 7, 8, 9, 10]
    # 98 and 97 take 2 places; the three 95s do not fit in the 1 left, so none of them is 优秀 and
    # 优秀 is closed: 92 and 91 (≥ 90) are 良好 too, like 85; 70 一般, 50 较差
    assert [c["grade"] for c in ranked] == ["优秀", "优秀"] + ["良好"] * 6 + ["一般", "较差"]
    assert sum(c["grade"] == "优秀" for c in ranked) <= 3


def test_a_vetoed_unit_takes_no_quota_place():
    scheme = Scheme(components=(TARGETS,), grades=(Grade("优秀", 90, 30), Grade("良好", 0)))
    totals = [99, 96, 94, 93, 60, 60, 60, 60, 60, 60]
    cards = [{"unit": i, "unit_name": f"单位{i}", "total": t, "vetoed": i == 0} for i, t in enumerate(totals)]
    ranked = rank_and_grade(scheme, cards)
    assert [c["grade"] for c in ranked[:5]] == ["良好", "优秀", "优秀", "优秀", "良好"]


def test_an_upheld_appeal_replaces_the_line_and_the_total_follows():
    rows = [Row("reports", "submission", 2, 1, "late", "GDP 2025Q2")]
    overrides = [Override(1, "报送及时", "submission", 2, 0, "系统故障，已书面报备")]
    cards = assess(Scheme(components=(Component("目标完成", 90, "targets"), REPORTS)), {1: "甲局", 2: "乙局"},
                   rows + [Row("reports", "submission", 2, 2, "late", "同一行属于乙局")], [], overrides)  # fmt: skip
    mine = next(c for c in cards if c["unit"] == 1)
    other = next(c for c in cards if c["unit"] == 2)
    assert mine["components"][1]["lines"][0]["points"] == 0.0
    assert "申诉成立：系统故障，已书面报备" in mine["components"][1]["lines"][0]["reason"]
    assert (mine["total"], other["total"]) == (100.0, 99.5)  # the override is the appellant's only


@pytest.mark.parametrize(
    ("scheme", "error"),
    [
        (Scheme(components=(TARGETS, REPORTS)), "各项权重之和应为100，现为50"),
        (Scheme(components=()), "各项权重之和应为100，现为0"),
        (Scheme(components=(Component("甲", 100, "nonsense"),)), "“甲”的计分规则“nonsense”不存在"),
        (Scheme(components=(Component("甲", 100, "tasks"),), grades=(Grade("优秀", 90), Grade("差", 10))),
         "最低一档等次的分数线应为0且不设比例"),
    ],
)  # fmt: skip
def test_a_scheme_that_cannot_be_used_says_why(scheme, error):
    assert error in scheme.check()


def test_the_full_scheme_is_usable():
    assert FULL.check() == []


def test_the_worked_example_of_the_docs_with_the_default_scheme():
    from planwatch.assessment.config import default_config, scheme_of

    rows = [target(1, "achieved"), target(2, "off_track"), target(3, "needs_acceleration", "co"),
            Row("tasks", "task", 7, 1, "on_time", "任务7"), Row("tasks", "task", 8, 1, "late", "任务8"),
            Row("reports", "submission", 9, 1, "late", "报送9")]  # fmt: skip
    adjustments = [Adjustment(1, "bonus", 1, "省级表彰", 3), Adjustment(1, "bonus", 2, "上级肯定", 4),
                   Adjustment(1, "measure", 3, "逾期", measure="约谈"),
                   Adjustment(1, "measure", 4, "逾期", measure="通报批评")]  # fmt: skip
    card = score_unit(scheme_of(default_config()), 1, rows, adjustments)
    assert [c["score"] for c in card["components"]] == [27.48, 18.75, 9.5, 10.0, 5.0, 10.0]
    assert (card["bonus"]["score"], card["deductions"]["score"], card["total"]) == (5.0, -3.0, 82.73)


def test_slices_sum_to_the_weight_in_cents_so_everything_done_is_never_above_it():
    from decimal import Decimal

    from planwatch.assessment.scoring import split

    # 35 over 3 equal shares: 11.666… each → 11.66 × 3 = 34.98, the 2 cents left to the first two
    assert split(35, [1, 1, 1]) == [Decimal("11.67"), Decimal("11.67"), Decimal("11.66")]
    # 40 over 1, 1, 0.3: 17.3913, 17.3913, 5.2173 → 17.39, 17.39, 5.21 + the cent left: 5.22
    assert split(40, [1, 1, 0.3]) == [Decimal("17.39"), Decimal("17.39"), Decimal("5.22")]
    rows = [target(i, "achieved") for i in range(7)]
    assert score_component(Component("目标完成", 35, "targets"), rows, {})["score"] == 35.0
