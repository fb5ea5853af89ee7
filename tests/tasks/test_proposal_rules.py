"""The splitting rules on text written for the test (not the seed's wording)."""

from __future__ import annotations

from datetime import date

import pytest

from planwatch.extract.model import Article
from planwatch.tasks.deadlines import ONGOING, YEARLY, parse_deadline
from planwatch.tasks.proposals import propose_policies, propose_tasks


def _article(text: str, units=("区甲局", "区乙局")) -> Article:
    return Article(number=7, label="（七）", chapter=2, title="测试", text=text, units=list(units))


def test_a_sentence_naming_its_own_units_overrides_the_article():
    art = _article("建设城市书房（区文化局牵头，区财政局配合）。加快建设智慧停车平台，2024年6月底前上线运行。")
    first, second = propose_tasks(art)
    assert first.units == ["区文化局", "区财政局"] and first.lead_unit == "区文化局"
    assert second.units == ["区甲局", "区乙局"] and second.lead_unit is None
    assert second.due == "2024-06-30"


def test_by_verb_units_inside_the_sentence():
    (task,) = propose_tasks(_article("由区丙局牵头，开展老旧小区改造三年攻坚。"))
    assert task.units == ["区丙局"] and task.lead_unit == "区丙局"
    assert "区丙局" not in task.text


def test_targets_and_outcomes_alone_propose_nothing():
    art = _article("到2025年，粮食产量稳定在2万吨以上。营商环境更加优化，发展质量显著提升。")
    assert propose_tasks(art) == []


def test_single_unit_article_leads_its_tasks():
    (task,) = propose_tasks(_article("推动夜间经济发展。", units=["区商务局"]))
    assert task.lead_unit == "区商务局" and task.due is None


def test_a_base_year_is_not_a_due_date():
    (task,) = propose_tasks(_article("到2024年底，能耗比2020年下降10%，完成重点企业节能改造。"))
    assert task.due == "2024-12-31"


def test_policy_kinds_follow_the_verb():
    art = _article("2023年底前出台支持楼宇经济发展的若干措施，修订人才引进办法，落实稳岗返还政策，健全医疗服务体系。")
    found = [(p.name, p.kind) for p in propose_policies(art)]
    assert found == [("支持楼宇经济发展的若干措施", "new"), ("人才引进办法", "revise"), ("稳岗返还政策", "implement")]


@pytest.mark.parametrize(
    ("cell", "due", "kind"),
    [
        ("2023年底前", date(2023, 12, 31), ""),
        ("到2024年", date(2024, 12, 31), ""),
        ("2024年6月", date(2024, 6, 30), ""),
        ("２０２４年２月底", date(2024, 2, 29), ""),
        ("2024年上半年", date(2024, 6, 30), ""),
        ("2025年第三季度", date(2025, 9, 30), ""),
        ("2024年6月15日", date(2024, 6, 15), ""),
        ("长期坚持", None, ONGOING),
        ("每年", None, YEARLY),
    ],
)
def test_deadlines_as_tables_write_them(cell, due, kind):
    deadline = parse_deadline(cell)
    assert (deadline.due, deadline.kind) == (due, kind)


@pytest.mark.parametrize(("cell", "message"), [("明年", "无法识别的完成时限“明年”"), ("2024年2月30日", "不是存在的日期"), ("", "完成时限为空")])
def test_unreadable_deadlines_say_why_in_chinese(cell, message):
    with pytest.raises(ValueError, match=message):
        parse_deadline(cell)
