"""Leading-group meetings (领导小组会议): the agenda drafted from the problems that need the group,
the meeting's record, and its decisions (议定事项) — each one a 督办 item in one step, opened
through supervision's own service (source 会议议定事项, about the problem)."""

from __future__ import annotations

from datetime import date

from django.db.models import Q

from planwatch.audit.services import record
from planwatch.reporting import clock
from planwatch.supervision.files import attach
from planwatch.supervision.models import Source
from planwatch.supervision.services import NewItem, open_item

from .errors import ProblemError
from .lifecycle import note
from .models import ENDED, Decision, Meeting, Problem

TEXT_MAX = 2000


def needing_the_group(plan):
    """Open problems the group should hear: red, escalated to a meeting by the office, or 重大;
    less those a recorded meeting already decided on."""
    decided = Decision.objects.filter(meeting__recorded=True).values("problem_id")
    return (Problem.objects.filter(plan=plan).exclude(state__in=ENDED).exclude(pk__in=decided)
            .filter(Q(light="red") | Q(for_meeting=True) | Q(severity="critical")).order_by("pk"))  # fmt: skip


def draft(*, actor, plan, title: str, held_on: date) -> Meeting:
    """The next meeting with its agenda drafted from `needing_the_group` (the office then adds or
    removes problems: `change_agenda`)."""
    title = (title or "").strip()
    if not title:
        raise ProblemError("请填写会议名称")
    meeting = Meeting.objects.create(plan=plan, title=title[:100], held_on=held_on)
    meeting.agenda.set(needing_the_group(plan))
    record(actor=actor, action="create", obj=meeting, after={"title": meeting.title, "held_on": held_on.isoformat(),
           "agenda": [p.number for p in meeting.agenda.all()]}, reason="拟定会议议题")  # fmt: skip
    return meeting


def change_agenda(*, actor, meeting: Meeting, problem: Problem, add: bool) -> Meeting:
    """The office adds an open problem of the plan to the agenda, or takes one off it."""
    if problem.plan_id != meeting.plan_id or (add and problem.state in ENDED):
        raise ProblemError("只能把本计划尚未办结的问题列入议题")
    if not add and meeting.decisions.filter(problem=problem).exists():
        raise ProblemError(f"{problem.number}已有议定事项，不能移出议题")
    (meeting.agenda.add if add else meeting.agenda.remove)(problem)
    record(actor=actor, action="update", obj=meeting, reason=f"{'列入' if add else '移出'}议题：{problem.number}",
           after={"agenda": [p.number for p in meeting.agenda.all()]})  # fmt: skip
    return meeting


def record_meeting(*, actor, meeting: Meeting, participants: str, minutes=None) -> Meeting:
    """The meeting was held: who took part, the minutes file."""
    if not (participants or "").strip():
        raise ProblemError("请填写参会人员")
    meeting.participants, meeting.recorded = participants.strip()[:TEXT_MAX], True
    if minutes is not None:
        meeting.minutes = attach(actor=actor, upload=minutes)
    meeting.save()
    record(actor=actor, action="update", obj=meeting, after={"participants": meeting.participants}, reason="记录会议")
    return meeting


def decide(*, actor, meeting: Meeting, problem: Problem, text: str, lead_unit, deadline: date,
           today: date | None = None) -> Decision:  # fmt: skip
    """A decision on a problem of the agenda, and the 督办 item it becomes (linked to both)."""
    today = today or clock.today()
    text = (text or "").strip()
    if not text or len(text) > TEXT_MAX:
        raise ProblemError(f"请填写议定事项（最多 {TEXT_MAX} 个字）")
    if not meeting.agenda.filter(pk=problem.pk).exists():
        raise ProblemError(f"{problem.number}不在本次会议议题中")
    new = NewItem(subject=f"{meeting.title}议定事项：{problem.title}"[:200], requirements=text, lead_unit=lead_unit,
                  deadline=deadline, source=Source.MEETING,
                  source_detail={"meeting": meeting.title, "date": meeting.held_on.isoformat(), "item": text[:500],
                                 "meeting_id": meeting.pk},
                  about=[("problem", problem.pk)])  # fmt: skip
    item = open_item(actor=actor, plan=meeting.plan, new=new, today=today)
    decision = Decision.objects.create(meeting=meeting, problem=problem, text=text, lead_unit=lead_unit,
                                       deadline=deadline, item=item)  # fmt: skip
    note(problem=problem, action="decision", actor=actor, text=f"{text}（{meeting.title}议定，立项{item.number}）", on=today)
    return decision
