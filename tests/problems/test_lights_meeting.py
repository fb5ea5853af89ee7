"""A problem left in 协调 past its limit: with `planwatch problems lights` run every day (June
2025, frozen clock) it turns blue two days before the limit, yellow the day after it and red when
more than five days late (the office's N = 2, M = 5); red for five days it is one of supervision's
proposals (督办提示); the next meeting's agenda lists it; a decision on it opens a 督办 item linked
to the problem and the meeting, and the proposal goes (an open item is about it)."""

from __future__ import annotations

from datetime import date, timedelta

import pytest

from tests.web.conftest import run

from .conftest import api

pytestmark = pytest.mark.django_db


def test_red_problem_to_supervision_and_meeting(small_plan, clock, office, reporter, other_unit):
    from planwatch.problems import meetings
    from planwatch.problems.models import LightChange, Problem
    from planwatch.supervision.models import ItemLink, ItemState, Source

    clock.set(date(2025, 6, 3))
    pid = api(reporter, "/problems", {"title": "污水管网建设资金缺口", "description": "缺口 800 万元",
                                      "category": "资金"}).json()["id"]  # fmt: skip
    assert api(office, f"/problems/{pid}/accept").status_code == 200
    assert api(office, f"/problems/{pid}/assign", {"units": ["区科技局"], "deadline": "2025-06-10"}).status_code == 200
    lines = {}
    day = date(2025, 6, 3)
    while day <= date(2025, 6, 30):
        clock.set(day)
        run("problems", "lights", date=day.isoformat())
        lines[day] = [x for x in run("supervision", "propose", date=day.isoformat()).splitlines() if "问题红灯" in x]
        day += timedelta(days=1)
    changes = [(c.on, c.old, c.new) for c in LightChange.objects.filter(problem_id=pid).order_by("on", "pk")]
    assert changes == [(date(2025, 6, 8), "", "blue"), (date(2025, 6, 11), "blue", "yellow"),
                       (date(2025, 6, 16), "yellow", "red")]  # fmt: skip
    problem = Problem.objects.get(pk=pid)
    assert (problem.light, problem.red_since) == ("red", date(2025, 6, 16))
    assert lines[date(2025, 6, 20)] == []
    assert lines[date(2025, 6, 21)] == [
        f"[问题红灯] 问题{pid}号“污水管网建设资金缺口” · 协调中，逾期 11 天（超过 5 天），红灯已持续 5 天"]

    # the office drafts the next meeting: the red problem is on its agenda
    clock.set(date(2025, 7, 1))
    page = office.client.post(f"/problems/{small_plan.plan.pk}/meetings/", {"title": "领导小组第3次会议", "held_on": "2025-07-03"})
    meeting = meetings.Meeting.objects.get()
    assert page.status_code == 302 and [p.pk for p in meeting.agenda.all()] == [pid]
    office.client.post(f"/problems/meetings/{meeting.pk}/", {"do": "record", "participants": "区长、各副区长"})
    decided = office.client.post(f"/problems/meetings/{meeting.pk}/", {
        "do": "decide", "problem": pid, "text": "区财政年内安排 800 万元", "lead_unit": other_unit.pk, "deadline": "2025-09-30"})  # fmt: skip
    assert decided.status_code == 302
    decision = meeting.decisions.get()
    item = decision.item
    assert (item.source, item.state, item.lead_unit_id, item.deadline) == (Source.MEETING, ItemState.OPENED, other_unit.pk,
                                                                          date(2025, 9, 30))  # fmt: skip
    assert item.source_detail["meeting"] == "领导小组第3次会议" and item.source_detail["meeting_id"] == meeting.pk
    assert list(ItemLink.objects.filter(item=item).values_list("kind", "object_id", "label")) == [
        ("problem", pid, f"问题{pid}号“污水管网建设资金缺口”")]
    assert [e["label"] for e in office.client.get(f"/api/v1/problems/{pid}").json()["history"]][-1] == "会议议定"
    assert item.number in reporter.client.get(f"/problems/p/{pid}/").content.decode()  # the problem names its 督办
    assert not [x for x in run("supervision", "propose", date="2025-07-01").splitlines() if "问题红灯" in x]
    # decided at a recorded meeting: no longer on the next agenda
    assert list(meetings.needing_the_group(small_plan.plan)) == []
    lists = office.client.get(f"/problems/meetings/{meeting.pk}/decisions.docx")
    assert lists.status_code == 200 and lists["Content-Type"].endswith("document")
