"""The office's side of the cycle: approve, return with a reason, unlock; the review queue.

Approval is the one place a unit's figure becomes data: it is written through
indicators.observations (revision row, audit event) as an approved observation — so evaluation,
dashboards and reports use it — derived indicators are recomputed, and the period is locked. A
later change needs the office to unlock it, with a reason; the figure approved before stays in
force until the corrected one is approved. The unit's reporters are notified of every decision.
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

from ..errors import Invalid, ReportingError
from ..links import item_link
from ..models import Action, ArticleReport, Notification, Status, Submission
from .calendar import calendar_for
from .due import approved_series, previous_in
from .submissions import record_step
from .validation import jump_share

REASON_MAX = 2000


def describe(item) -> str:
    """“指标“地区生产总值”2024年第二季度” / “条目（六）…2024年第二季度进展”: for messages."""
    period = parse_period(item.period).label
    if isinstance(item, Submission):
        return f"指标“{item.indicator.name}”{period}数据"
    return f"条目“{item.article.label}{item.article.title}”{period}进展情况"


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


def _reviewed(item, actor, status: str) -> str:
    old = item.status
    item.status, item.reviewed_at, item.reviewed_by = status, timezone.now(), actor_user(actor)
    return old


def approve(*, actor, item):
    """Approve a submitted figure or text: store it as approved data and lock the period."""
    if item.locked or item.status != Status.SUBMITTED:
        raise ReportingError(f"{describe(item)}不是待审核状态，不能审核通过")
    if isinstance(item, Submission):
        item.observation = enter_observation(
            actor=actor, indicator=item.indicator, period=item.period, value=item.entered_value,
            unit=item.entered_unit, source=item.source or f"{item.unit.name}报送", note=item.note,
            status=ObservationStatus.APPROVED, reason=f"审核通过：{item.unit.name}报送",
        )  # fmt: skip
        recompute_derived(actor=actor, plan=item.indicator.plan)
    old = _reviewed(item, actor, Status.APPROVED)
    item.locked, item.reason = True, ""
    item.save()
    record_step(item=item, action=Action.APPROVE, old=old, actor=actor)
    notify_unit(unit_id=item.unit_id, text=f"{describe(item)}已审核通过。", link=item_link(item))
    return item


def return_item(*, actor, item, reason: str):
    """Send a submitted item back to the unit with the reason it will see beside it."""
    reason = _reason(reason, "退回")
    if item.locked or item.status != Status.SUBMITTED:
        raise ReportingError(f"{describe(item)}不是待审核状态，不能退回")
    old = _reviewed(item, actor, Status.RETURNED)
    item.reason = reason
    item.save()
    record_step(item=item, action=Action.RETURN, old=old, actor=actor, reason=reason)
    notify_unit(unit_id=item.unit_id, text=f"{describe(item)}被退回：{reason}", link=item_link(item))
    return item


def unlock(*, actor, item, reason: str):
    """Reopen an approved, locked period for correction; the approved figure stays in force
    until the corrected one is approved."""
    reason = _reason(reason, "解锁")
    if not item.locked:
        raise ReportingError(f"{describe(item)}未锁定，无需解锁")
    old = _reviewed(item, actor, Status.RETURNED)
    item.locked, item.reason = False, f"办公室已解锁：{reason}"
    item.save()
    record_step(item=item, action=Action.UNLOCK, old=old, actor=actor, reason=reason)
    notify_unit(unit_id=item.unit_id, text=f"{describe(item)}已解锁，可修改后重新报送：{reason}",
                link=item_link(item))  # fmt: skip
    return item


@dataclass
class ReviewRow:
    item: Submission
    previous: Decimal | None
    previous_period: str
    jump: Decimal | None
    threshold: Decimal

    @property
    def over(self) -> bool:
        return self.jump is not None and self.jump > self.threshold

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
        threshold = calendar_for(sub.indicator.plan).jump_share
        rows.append(ReviewRow(sub, previous, code, jump_share(sub.value, previous), threshold))
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
