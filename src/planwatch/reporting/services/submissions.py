"""The unit's side of the cycle: save a draft or submit a figure or a progress text.

Every path (the 待报送 page, the Excel upload, the API) ends here, so the same rules hold
everywhere: the period must be one of the rule's and have ended; a locked period is refused with
the one message the office asked for; a submission under review cannot be changed by the unit;
the figure passes `check_figure` (drafts may leave the jump explanation for later). Each step
runs through the workflow (lifecycle.py): re-read under a lock, a SubmissionEvent row and an
audit event, in the caller's transaction.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass
from datetime import date

from django.utils import timezone

from planwatch.indicators.observations import actor_user, period_key, plain
from planwatch.progress import STATUSES
from planwatch.progress.periods import Period, parse_period

from .. import clock
from ..errors import Invalid, ReportingError
from ..models import Action, ArticleReport, ReportingRule, Submission
from .calendar import SPANS, due_date, jump_rule
from .due import approved_series, previous_in
from .lifecycle import REPORTABLE, check_open
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


def _unit_of(rule: ReportingRule):
    if rule.unit_id is None:
        raise ReportingError(f"“{rule.item_name}”尚未指定报送单位，请联系领导小组办公室")
    return rule.unit


def _finish(item, fields: dict, *, rule, period: Period, actor, submit: bool, details: dict):
    """Run the draft or submit step: the content, who/when and the new state are set on the
    row as re-read under the workflow's lock, then saved and written as a step."""

    def apply(row):
        now = timezone.now()
        for name, value in fields.items():
            setattr(row, name, value)
        row.unit, row.due_on = _unit_of(rule), due_date(rule, period)
        if submit:
            row.submitted_at, row.submitted_by = now, actor_user(actor)
            row.first_submitted_at = row.first_submitted_at or now
        return details

    step = Action.SUBMIT if submit else Action.DRAFT
    return REPORTABLE.run(step, actor=actor, obj=item, apply=apply)


def save_submission(
    *, actor, rule: ReportingRule, period: str, figure: Figure, submit: bool = True, on: date | None = None
) -> Submission:
    """Save (draft) or submit the rule's figure for `period`; Invalid / Locked / UnderReview."""
    parsed = check_period(rule, period, on or clock.today())
    _unit_of(rule)
    existing = Submission.objects.filter(indicator_id=rule.indicator_id, period=parsed.code).first()
    check_open(existing)
    previous, _ = previous_for(rule, parsed)
    errors = check_figure(rule=rule, figure=figure, previous=previous, jump=jump_rule(rule.plan))
    if not submit:
        errors.pop("explanation", None)
    if errors:
        raise Invalid(errors)
    fields = {
        "value": converted_value(figure, rule.indicator.measure_unit), "entered_value": figure.value,
        "entered_unit": figure.unit.strip() or rule.indicator.measure_unit,
        "source": figure.source.strip(), "note": figure.note.strip(),
        "explanation": figure.explanation.strip(),
    }  # fmt: skip
    details = {"value": plain(figure.value), "entered_unit": fields["entered_unit"], "source": fields["source"],
               "note": fields["note"], "explanation": fields["explanation"]}  # fmt: skip
    sub = existing or Submission(indicator=rule.indicator, period=parsed.code, period_key=period_key(parsed))
    return _finish(sub, fields, rule=rule, period=parsed, actor=actor, submit=submit, details=details)


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
    existing = ArticleReport.objects.filter(article_id=rule.article_id, period=parsed.code).first()
    check_open(existing)
    errors = check_report(text, submit=submit)
    if errors:
        raise Invalid(errors)
    report = existing or ArticleReport(
        article=rule.article, period=parsed.code, period_key=period_key(parsed)
    )
    fields = {name: value.strip() for name, value in asdict(text).items()}
    details = {"self_status": fields["self_status"], "progress": fields["progress"][:200]}
    return _finish(report, fields, rule=rule, period=parsed, actor=actor, submit=submit, details=details)
