"""The office's side of the cycle: approve, return with a reason, unlock; the review queue.

Approval is the one place a unit's figure becomes data: it is written through
indicators.observations (revision row, audit event) as an approved observation — so evaluation,
dashboards and reports use it — derived indicators are recomputed, and the period is locked. A
later change needs the office to unlock it, with a reason; the figure approved before stays in
force until the corrected one is approved. The unit's reporters are notified of every decision.
Each decision is a step of the one workflow (lifecycle.py): of concurrent decisions on the same
item exactly one is made, the others are refused with a StateConflict (409 on the API).
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from django.contrib.auth import get_user_model
from django.utils import timezone

from planwatch.accounts.models import Role
from planwatch.indicators.models import ObservationStatus
from planwatch.indicators.observations import actor_user, enter_observation, plain
from planwatch.indicators.recompute import recompute_derived
from planwatch.progress.periods import parse_period

from ..errors import Invalid
from ..links import item_link
from ..models import Action, ArticleReport, Notification, Status, Submission
from .calendar import jump_rule
from .due import approved_series, previous_in
from .lifecycle import REPORTABLE, describe
from .validation import jump_share

REASON_MAX = 2000


def reporters_of(unit_ids):
    """Active reporter accounts of the units (who reminders and decisions go to)."""
    return get_user_model().objects.filter(
        is_active=True, profile__role=Role.REPORTER, profile__unit_id__in=set(unit_ids)
    )


def notify_unit(*, unit_id: int, text: str, link: str = "") -> int:
    users = list(reporters_of([unit_id]))
    Notification.objects.bulk_create([Notification(user=u, text=text, link=link) for u in users])
    return len(users)


def _reason(reason: str, what: str) -> str:
    reason = (reason or "").strip()
    if not reason:
        raise Invalid({"reason": f"请填写{what}原因"})
    if len(reason) > REASON_MAX:
        raise Invalid({"reason": f"{what}原因最多 {REASON_MAX} 个字"})
    return reason


def _reviewed(row, actor) -> None:
    row.reviewed_at, row.reviewed_by = timezone.now(), actor_user(actor)


def approve(*, actor, item):
    """Approve a submitted figure or text: store it as approved data and lock the period."""

    def apply(row):
        _reviewed(row, actor)
        row.locked, row.reason = True, ""
        if isinstance(row, Submission):
            row.observation = enter_observation(
                actor=actor, indicator=row.indicator, period=row.period, value=row.entered_value,
                unit=row.entered_unit, source=row.source or f"{row.unit.name}报送", note=row.note,
                status=ObservationStatus.APPROVED, reason=f"审核通过：{row.unit.name}报送",
            )  # fmt: skip
            recompute_derived(actor=actor, plan=row.indicator.plan)

    row = REPORTABLE.run(Action.APPROVE, actor=actor, obj=item, apply=apply)
    notify_unit(unit_id=row.unit_id, text=f"{describe(row)}已审核通过。", link=item_link(row))
    return row


def return_item(*, actor, item, reason: str):
    """Send a submitted item back to the unit with the reason it will see beside it."""
    reason = _reason(reason, "退回")

    def apply(row):
        _reviewed(row, actor)
        row.reason = reason

    row = REPORTABLE.run(Action.RETURN, actor=actor, obj=item, reason=reason, apply=apply)
    notify_unit(unit_id=row.unit_id, text=f"{describe(row)}被退回：{reason}", link=item_link(row))
    return row


def unlock(*, actor, item, reason: str):
    """Reopen an approved, locked period for correction; the approved figure stays in force
    until the corrected one is approved."""
    reason = _reason(reason, "解锁")

    def apply(row):
        _reviewed(row, actor)
        row.locked, row.reason = False, f"办公室已解锁：{reason}"

    row = REPORTABLE.run(Action.UNLOCK, actor=actor, obj=item, reason=reason, apply=apply)
    notify_unit(unit_id=row.unit_id, text=f"{describe(row)}已解锁，可修改后重新报送：{reason}",
                link=item_link(row))  # fmt: skip
    return row


@dataclass
class ReviewRow:
    item: Submission
    previous: Decimal | None
    previous_period: str
    jump: Decimal | None
    over: bool

    @property
    def late(self) -> bool:
        first, due = self.item.first_submitted_at, self.item.due_on
        return bool(first and due and timezone.localdate(first) > due)

    @property
    def jump_percent(self) -> str:
        return f"{plain((self.jump * 100).quantize(Decimal('0.1')))}%" if self.jump is not None else ""


def _filtered(queryset, plan, unit):
    if plan is not None:
        field = "indicator__plan" if queryset.model is Submission else "article__plan"
        queryset = queryset.filter(**{field: plan})
    return queryset.filter(unit=unit) if unit is not None else queryset


def review_queue(*, plan=None, unit=None) -> dict:
    """Submitted figures (with previous figure and jump) and texts waiting for the office."""
    subs = list(
        _filtered(Submission.objects.filter(status=Status.SUBMITTED), plan, unit)
        .select_related("indicator__article", "indicator__plan__reporting_calendar", "unit", "submitted_by")
        .prefetch_related("evidence")
        .order_by("submitted_at", "pk")
    )
    series = approved_series(s.indicator_id for s in subs)
    rows = []
    for sub in subs:
        previous, code = previous_in(series.get(sub.indicator_id, []), parse_period(sub.period))
        over = jump_rule(sub.indicator.plan).over(sub.value, previous) is not None
        rows.append(ReviewRow(sub, previous, code, jump_share(sub.value, previous), over))
    reports = (
        _filtered(ArticleReport.objects.filter(status=Status.SUBMITTED), plan, unit)
        .select_related("article", "unit", "submitted_by")
        .prefetch_related("evidence")
        .order_by("submitted_at", "pk")
    )
    return {"submissions": rows, "reports": list(reports)}


def locked_items(*, plan=None, unit=None, limit: int = 50) -> list:
    """Recently approved, locked figures and texts (newest first), for unlocking."""
    subs = _filtered(Submission.objects.filter(locked=True), plan, unit).select_related("indicator", "unit")
    reports = _filtered(ArticleReport.objects.filter(locked=True), plan, unit).select_related(
        "article", "unit"
    )
    items = [*subs.order_by("-reviewed_at")[:limit], *reports.order_by("-reviewed_at")[:limit]]
    return sorted(items, key=lambda i: i.reviewed_at or timezone.now(), reverse=True)[:limit]
