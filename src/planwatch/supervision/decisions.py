"""The office's answer to a proposal: 立项 (an item about the object, its reason on record) or
不予立项 with a reason — stored per (object, cause), so it stays answered until the cause changes."""

from __future__ import annotations

from datetime import date, timedelta

from planwatch.audit.services import record
from planwatch.reporting import clock

from .errors import SupervisionError
from .lifecycle import who
from .models import ProposalDecision, Source
from .proposals import find
from .services import NewItem, open_item, settings_for

DEFAULT_DAYS = 30  # an item opened from a proposal is due in a month unless the office says otherwise


def accept(*, actor, plan, key: str, deadline: date | None = None, subject: str = "", requirements: str = "",
           priority: str = "normal", today: date | None = None):  # fmt: skip
    today = today or clock.today()
    proposal = find(plan=plan, key=key, today=today, report_days=settings_for(plan).report_overdue_days)
    if proposal.unit is None:
        raise SupervisionError(f"{proposal.subject}没有确定的责任单位，请先在责任分解中确定牵头单位，或手工立项")
    new = NewItem(subject=subject or f"{proposal.subject}{proposal.source}督办", priority=priority,
                  requirements=requirements or proposal.requirements(), lead_unit=proposal.unit,
                  deadline=deadline or today + timedelta(days=DEFAULT_DAYS), source=Source.PROPOSAL,
                  source_detail={"reason": f"[{proposal.source}] {proposal.reason}", "key": key},
                  about=[(proposal.kind, proposal.object_id)])  # fmt: skip
    item = open_item(actor=actor, plan=plan, new=new, today=today)
    ProposalDecision.objects.create(plan=plan, kind=proposal.kind, object_id=proposal.object_id, cause=proposal.cause,
                                    accepted=True, item=item, actor_name=who(actor)[:150])  # fmt: skip
    return item


def dismiss(*, actor, plan, key: str, reason: str, today: date | None = None) -> ProposalDecision:
    today = today or clock.today()
    reason = (reason or "").strip()
    if not reason:
        raise SupervisionError("不予立项须写明原因")
    proposal = find(plan=plan, key=key, today=today, report_days=settings_for(plan).report_overdue_days)
    decision = ProposalDecision.objects.create(
        plan=plan, kind=proposal.kind, object_id=proposal.object_id, cause=proposal.cause, accepted=False,
        reason=reason[:2000], actor_name=who(actor)[:150],
    )  # fmt: skip
    record(actor=actor, action="supervision.dismiss", obj=decision, after={"reason": reason}, reason=proposal.line())
    return decision
