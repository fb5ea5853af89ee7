"""`planwatch demo`'s problems: eight, marked 演示数据, in every stage; the red one among
supervision's proposals; once only."""

from __future__ import annotations

from datetime import date

import pytest

pytestmark = pytest.mark.django_db


def test_demo_problems(small_plan, office):
    from planwatch.problems.demo import fill_demo_problems
    from planwatch.problems.models import Problem
    from planwatch.supervision.proposals import proposals

    as_of = date(2025, 12, 31)
    assert fill_demo_problems(actor="命令行", plan=small_plan.plan, as_of=as_of) == "演示问题 8 个（截至 2025年12月31日）"
    rows = {p.title: p for p in Problem.objects.filter(plan=small_plan.plan)}
    assert all(p.is_demo for p in rows.values())
    # raised by the command on each unit's behalf: the unit's own problems, not a leader's
    assert {p.get_origin_display() for p in rows.values()} == {"单位或办公室提出"}
    states = sorted(p.state for p in rows.values())
    assert states == ["closed", "closed", "coord", "coord", "coord", "declined", "raised", "resolved"]
    red = rows["污水管网改造资金缺口 800 万元"]
    assert (red.light, red.red_since) == ("red", date(2025, 12, 25))  # deadline 19 Dec: 6 days late on the 25th
    assert rows["企业贷款贴息政策未出台"].light == "blue"
    assert rows["产业园二期建设用地指标不足"].rejections == 1
    found = proposals(plan=small_plan.plan, today=as_of, report_days=15)
    assert [p.subject for p in found if p.source == "问题红灯"] == [f"{red.number}“污水管网改造资金缺口 800 万元”"]
    assert "演示数据" in office.client.get(f"/problems/p/{red.pk}/").content.decode()
    assert fill_demo_problems(actor="命令行", plan=small_plan.plan, as_of=as_of) == "演示问题已存在"
