"""The unit's side of the cycle: save a draft or submit a figure or a progress text.

Every path (the 待报送 page, the Excel upload, the API) ends here, so the same rules hold
everywhere: the period must be one of the rule's and have ended; a locked period is refused with
the one message the office asked for; a submission under review cannot be changed by the unit;
the figure passes `check_figure` (drafts may leave the jump explanation for later). Each step is
a SubmissionEvent row and an audit event, written in the caller's transaction.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass
from datetime import date

from django.utils import timezone

from planwatch.audit.services import record
from planwatch.indicators.observations import actor_user, period_key, plain
from planwatch.progress import STATUSES
from planwatch.progress.periods import Period, parse_period

from .. import clock
from ..errors import Invalid, Locked, ReportingError, UnderReview
from ..models import Action, ArticleReport, ReportingRule, Status, Submission, SubmissionEvent
from .calendar import SPANS, calendar_for, due_date
from .due import approved_series, previous_in
from .validation import Figure, check_figure, converted_value

TEXT_MAX = 5000
_SPAN_NAMES = {12: "年度（如 2024）", 6: "半年（如 2024H1）", 3: "季度（如 2024Q2）", 1: "月度（如 2024-06）"}


def rule_for(*, indicator=None, article=None) -> ReportingRule:
    """The active rule of an indicator (or of an article's progress text)."""
    rules = ReportingRule.objects.select_related("plan", "unit", "indicator__article", "article")
    if indicator is not None:
        rule = rules.filter(indicator=indicator, active=True).first()
        name = f"指标“{indicator.name}”"
    else:
        rule = rules.filter(article=article, indicator__isnull=True, active=True).first()
        name = f"条目“{article.label}{article.title}”"
    if rule is None:
        raise ReportingError(f"{name}不在报送日历中，无需报送；如有疑问请联系领导小组办公室")
    return rule


def check_period(rule: ReportingRule, code: str, on: date) -> Period:
    """The period, if it is one of the rule's frequency and has ended by `on`."""
    try:
        period = parse_period(code)
    except ValueError as exc:
        raise Invalid({"period": str(exc)}) from exc
    if period.span != SPANS[rule.frequency]:
        raise Invalid({"period": f"该项按{_SPAN_NAMES[SPANS[rule.frequency]]}报送，期间“{code}”不符"})
    if period.end >= on:
        raise Invalid({"period": f"{period.label}尚未结束，期末后才能报送"})
    return period


def previous_for(rule: ReportingRule, period: Period):
    """(value, period code) of the figure a jump is measured against."""
    return previous_in(approved_series([rule.indicator_id]).get(rule.indicator_id, []), period)


def actor_name(actor) -> str:
    if actor is None:
        return "系统"
    return actor if isinstance(actor, str) else actor.get_username()


def record_step(*, item, action: str, old: str, actor, reason: str = "", details=None) -> SubmissionEvent:
    """One step as a row on the item's history and as an audit event (same transaction)."""
    details = details or {}
    is_submission = isinstance(item, Submission)
    event = SubmissionEvent.objects.create(
        submission=item if is_submission else None, report=None if is_submission else item,
        action=action, old_status=old, new_status=item.status, actor=actor_user(actor),
        actor_name=actor_name(actor)[:150], reason=reason, details=details,
    )  # fmt: skip
    record(actor=actor, action=action, obj=item, before={"status": old} if old else None,
           after={"status": item.status, **details}, reason=reason)  # fmt: skip
    return event


def _guard(existing) -> None:
    if existing is not None and existing.locked:
        raise Locked()
    if existing is not None and existing.status == Status.SUBMITTED:
        raise UnderReview()


def _unit_of(rule: ReportingRule):
    if rule.unit_id is None:
        raise ReportingError(f"“{rule.item_name}”尚未指定报送单位，请联系领导小组办公室")
    return rule.unit


def _finish(item, *, rule, period: Period, actor, submit: bool, old: str, details: dict):
    """Set who/when and the new state, save, and write the step."""
    now = timezone.now()
    item.unit = _unit_of(rule)
    item.due_on = due_date(rule, period)
    item.status = Status.SUBMITTED if submit else Status.DRAFT
    if submit:
        item.submitted_at, item.submitted_by = now, actor_user(actor)
        item.first_submitted_at = item.first_submitted_at or now
    item.save()
    record_step(item=item, action=Action.SUBMIT if submit else Action.DRAFT, old=old, actor=actor,
                details=details)  # fmt: skip
    return item


def save_submission(
    *, actor, rule: ReportingRule, period: str, figure: Figure, submit: bool = True, on: date | None = None
) -> Submission:
    """Save (draft) or submit the rule's figure for `period`; Invalid / Locked / UnderReview."""
    parsed = check_period(rule, period, on or clock.today())
    _unit_of(rule)
    existing = Submission.objects.select_for_update().filter(
        indicator_id=rule.indicator_id, period=parsed.code
    )
    existing = existing.first()
    _guard(existing)
    previous, _ = previous_for(rule, parsed)
    threshold = calendar_for(rule.plan).jump_share
    errors = check_figure(rule=rule, figure=figure, previous=previous, threshold=threshold)
    if not submit:
        errors.pop("explanation", None)
    if errors:
        raise Invalid(errors)
    sub = existing or Submission(indicator=rule.indicator, period=parsed.code, period_key=period_key(parsed))
    old = existing.status if existing else ""
    sub.value = converted_value(figure, rule.indicator.measure_unit)
    sub.entered_value, sub.entered_unit = figure.value, figure.unit.strip() or rule.indicator.measure_unit
    sub.source, sub.note, sub.explanation = (
        figure.source.strip(),
        figure.note.strip(),
        figure.explanation.strip(),
    )
    details = {"value": plain(figure.value), "unit": sub.entered_unit, "source": sub.source,
               "note": sub.note, "explanation": sub.explanation}  # fmt: skip
    return _finish(sub, rule=rule, period=parsed, actor=actor, submit=submit, old=old, details=details)


@dataclass
class ReportText:
    """A progress text as the unit writes it (进展情况, 存在问题, 下步打算, 自评状态)."""

    progress: str = ""
    problems: str = ""
    next_steps: str = ""
    self_status: str = ""


def check_report(text: ReportText, *, submit: bool) -> dict[str, str]:
    errors = {}
    for name in ("progress", "problems", "next_steps"):
        if len(getattr(text, name)) > TEXT_MAX:
            errors[name] = f"最多 {TEXT_MAX} 个字"
    if submit and not text.progress.strip():
        errors["progress"] = "请填写进展情况"
    if text.self_status and text.self_status not in STATUSES:
        errors["self_status"] = "自评状态无效"
    elif submit and not text.self_status:
        errors["self_status"] = "请选择自评状态"
    return errors


def save_article_report(
    *, actor, rule: ReportingRule, period: str, text: ReportText, submit: bool = True, on: date | None = None
) -> ArticleReport:
    """Save (draft) or submit the article's progress text for `period`."""
    parsed = check_period(rule, period, on or clock.today())
    _unit_of(rule)
    existing = ArticleReport.objects.select_for_update().filter(
        article_id=rule.article_id, period=parsed.code
    )
    existing = existing.first()
    _guard(existing)
    errors = check_report(text, submit=submit)
    if errors:
        raise Invalid(errors)
    report = existing or ArticleReport(
        article=rule.article, period=parsed.code, period_key=period_key(parsed)
    )
    old = existing.status if existing else ""
    for name, value in asdict(text).items():
        setattr(report, name, value.strip())
    details = {"self_status": report.self_status, "progress": report.progress[:200]}
    return _finish(report, rule=rule, period=parsed, actor=actor, submit=submit, old=old, details=details)


def pending_for(indicator_ids) -> dict[tuple[int, str], Submission]:
    """Submitted or returned figures not yet approved, by (indicator id, period): for pages that
    show a figure as 已报送 / 已退回 beside the approved series."""
    rows = Submission.objects.filter(
        indicator_id__in=set(indicator_ids), status__in=[Status.DRAFT, Status.SUBMITTED, Status.RETURNED]
    )
    return {(s.indicator_id, s.period): s for s in rows}
