"""The reporting calendar: rules derived from the plan, periods and their due dates.

The plan says who answers for what (the lead unit it states, or the one the office confirmed on
the 责任分解 screen: responsibilities/leads.py) and the indicators carry
their frequency, so the office does not type a calendar: `sync_rules` derives one rule per
indicator and per article and keeps it in step with the plan; the office then changes only what
differs (another unit, another frequency, 区统计局 for the 发展目标 figures). A period is due
`due_days` after it ends ("the 5th day after the quarter ends"); it can be reported from the day
after it ends. `due_items` (due.py) turns rules into what a unit has to report on a given day.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal

from django.db.models import Prefetch

from planwatch.audit.services import record, snapshot
from planwatch.indicators.measures import parse_unit
from planwatch.indicators.models import Frequency, Indicator
from planwatch.progress.periods import Period, parse_period
from planwatch.responsibilities.leads import PlanLeads
from planwatch.units.models import Unit
from planwatch.units.services import find_unit, resolve_unit

from .. import clock, conf
from ..errors import ReportingError
from ..models import ReportingCalendar, ReportingRule
from .validation import JumpRule

SPANS = {Frequency.YEAR: 12, Frequency.HALF: 6, Frequency.QUARTER: 3, Frequency.MONTH: 1}
# Rates that may fall below zero or exceed 100 (增速 −3.5%, 增长 120%): no default bounds.
_SIGNED_WORDS = ("增速", "增长", "增幅", "同比", "环比", "变化", "降低", "下降", "减少")


def calendar_for(plan) -> ReportingCalendar:
    """The plan's stored calendar, or an unsaved one with the defaults (reading never writes)."""
    try:
        return plan.reporting_calendar
    except ReportingCalendar.DoesNotExist:
        return ReportingCalendar(plan=plan)


def jump_rule(plan) -> JumpRule:
    """The plan's rule for when a change needs an explanation (its calendar's share and floor)."""
    calendar = calendar_for(plan)
    return JumpRule(calendar.jump_share, calendar.jump_floor)


def reporting_start(plan, on: date) -> date:
    """The first day of the period being reported on `on` — the quarter that ended last — or of
    the plan's last quarter once the plan is over, or the plan's first day before it begins.
    What came before is history (补报历史数据, in bulk by Excel), not a backlog of overdue items."""
    year, quarter = on.year, (on.month - 1) // 3  # quarters of this year already over
    if quarter == 0:
        year, quarter = year - 1, 4
    if plan.period_end and year > plan.period_end:
        year, quarter = plan.period_end, 4
    start = date(year, 3 * quarter - 2, 1)
    if plan.period_start and start.year < plan.period_start:
        return date(plan.period_start, 1, 1)
    return start


def open_reporting(*, actor, plan, starts_on: date | None = None, on: date | None = None) -> str:
    """Make the plan reportable at once (called on import and by the demo): derive the rules and
    set when reporting begins — `starts_on` as the office said, else an earlier choice of the
    office, else `reporting_start`. Returns a line saying what it did."""
    summary = sync_rules(actor=actor, plan=plan)
    calendar = calendar_for(plan)
    if starts_on is not None or not calendar.starts_on:
        starts_on = starts_on or reporting_start(plan, on or clock.today())
        calendar = update_calendar(actor=actor, plan=plan, starts_on=starts_on)
    begins = calendar.starts_on
    return (
        f"报送日历：{summary.text}；自{begins.year}年{begins.month}月{begins.day}日起报送，此前的数据可补报"
    )


def start_date(plan, calendar: ReportingCalendar | None, on: date) -> date:
    """Periods ending before this date are not asked for (the office sets when reporting began)."""
    if calendar is not None and calendar.starts_on:
        return calendar.starts_on
    return date(plan.period_start or on.year, 1, 1)


def make_period(year: int, end_month: int, span: int) -> Period:
    code = {12: f"{year}", 6: f"{year}H{end_month // 6}", 3: f"{year}Q{end_month // 3}"}.get(span)
    return parse_period(code or f"{year}-{end_month:02d}")


def due_date(rule: ReportingRule, period: Period) -> date:
    return period.end + timedelta(days=rule.due_days)


def periods_due(rule: ReportingRule, on: date, *, calendar: ReportingCalendar | None = None) -> list:
    """[(period, due date)] of the rule's frequency that have ended before `on`, from the
    calendar's start through the plan's last year, oldest first."""
    return periods_between(rule, rule_start(rule, on, calendar), on)


def rule_start(rule: ReportingRule, on: date, calendar: ReportingCalendar | None = None) -> date:
    """When the rule's reporting begins: its own start date, else the calendar's."""
    if rule.starts_on:
        return rule.starts_on
    return start_date(rule.plan, calendar if calendar is not None else calendar_for(rule.plan), on)


def periods_before(rule: ReportingRule, on: date, *, calendar: ReportingCalendar | None = None) -> list:
    """[(period, due date)] from the plan's first day to the calendar's start: the history a unit
    may 补报 in bulk (nothing when the calendar starts with the plan)."""
    start = rule_start(rule, on, calendar)
    first = date(rule.plan.period_start or start.year, 1, 1)
    return periods_between(rule, first, min(start, on))


def periods_between(rule: ReportingRule, start: date, on: date) -> list:
    """[(period, due date)] of the rule's frequency ending on or after `start` and before `on`,
    through the plan's last year, oldest first."""
    plan, span = rule.plan, SPANS[rule.frequency]
    last_year = min(on.year, plan.period_end or on.year)
    out = []
    for year in range(start.year, last_year + 1):
        for end_month in range(span, 13, span):
            period = make_period(year, end_month, span)
            if period.end >= on:
                return out
            if period.end >= start:
                out.append((period, due_date(rule, period)))
    return out


def default_bounds(indicator: Indicator) -> tuple[Decimal | None, Decimal | None]:
    """Percentages lie in 0–100 and counts are not negative, unless the name says it is a rate
    of change (增速, 同比 …), which may be negative or above 100."""
    if any(word in indicator.name for word in _SIGNED_WORDS):
        return None, None
    if parse_unit(indicator.measure_unit)[0] == "%":
        return Decimal(0), Decimal(100)
    return Decimal(0), None


@dataclass
class SyncSummary:
    created: int = 0
    updated: int = 0

    @property
    def text(self) -> str:
        return f"新建报送规则 {self.created} 条，更新 {self.updated} 条"


_RULE_FIELDS = ("pk", "plan_id", "article_id", "name", "measure_unit", "formula", "frequency")


def sync_rules(*, actor, plan) -> SyncSummary:
    """Make the plan's rules match the plan: a rule for every reported indicator and every
    article with units or indicators; units follow the plan unless the office chose one."""
    # Only the columns the rules need, units from PlanLeads' one query: on import this runs in the
    # write transaction, and a large plan's full rows cost seconds of the lock (docs/operations.md §5).
    articles = list(plan.articles.only("pk", "plan_id").prefetch_related(
        Prefetch("indicators", queryset=Indicator.objects.only(*_RULE_FIELDS))))  # fmt: skip
    leads = PlanLeads(plan)  # the lead the plan states or the office confirmed; never list order
    rules = list(plan.reporting_rules.all())
    by_indicator = {r.indicator_id: r for r in rules if r.indicator_id}
    by_article = {r.article_id: r for r in rules if not r.indicator_id}
    summary, new = SyncSummary(), []
    for article in articles:
        unit = leads.article(article.pk).unit
        for indicator in article.indicators.all():
            figure_unit = leads.indicator(indicator).unit
            rule = by_indicator.get(indicator.pk)
            if rule is None and not indicator.is_derived:
                low, high = default_bounds(indicator)
                new.append(_rule(plan, figure_unit, indicator=indicator, frequency=indicator.frequency,
                                 min_value=low, max_value=high))  # fmt: skip
            elif rule is not None:
                summary.updated += _follow(rule, figure_unit, active=rule.active and not indicator.is_derived)
        rule = by_article.get(article.pk)
        if rule is None and (leads.listed.get(article.pk) or article.indicators.all()):
            new.append(_rule(plan, unit, article=article, frequency=conf.ARTICLE_FREQUENCY))
        elif rule is not None:
            summary.updated += _follow(rule, unit, active=rule.active)
    ReportingRule.objects.bulk_create(new)
    summary.created = len(new)
    if summary.created or summary.updated:
        record(
            actor=actor, action="reporting_rules", obj=plan, after=vars(summary), reason="按计划生成报送规则"
        )
    return summary


def _rule(plan, unit, **fields) -> ReportingRule:
    return ReportingRule(plan=plan, unit=unit, due_days=conf.DUE_DAYS, **fields)


def _follow(rule: ReportingRule, unit: Unit | None, *, active: bool) -> int:
    """Move a rule to the plan's current lead unit (unless chosen by the office); 1 if changed."""
    changed = False
    if not rule.unit_chosen and rule.unit_id != (unit.pk if unit else None):
        rule.unit, changed = unit, True
    if rule.active != active:
        rule.active, changed = active, True
    if changed:
        rule.save()
    return int(changed)


RULE_FIELDS = ("unit", "frequency", "due_days", "min_value", "max_value", "active", "starts_on")


def update_rule(*, actor, rule: ReportingRule, reason: str = "", **fields) -> bool:
    """The office's change of one rule (unit, frequency, due days, bounds, active); audited.
    A unit set here sticks: later plan imports no longer move it."""
    before = snapshot(rule)
    for name, value in fields.items():
        if name not in RULE_FIELDS:
            raise ValueError(f"unknown rule field {name}")
        setattr(rule, name, value)
    if "unit" in fields and (fields["unit"] is None or fields["unit"].pk != before["unit"]):
        rule.unit_chosen = fields["unit"] is not None
    if rule.min_value is not None and rule.max_value is not None and rule.min_value > rule.max_value:
        raise ReportingError("最小值不能大于最大值")
    after = snapshot(rule)
    changed = {k: v for k, v in after.items() if before.get(k) != v}
    if not changed:
        return False
    rule.save()
    old = {k: before.get(k) for k in changed}
    record(actor=actor, action="update", obj=rule, before=old, after=changed, reason=reason or "修改报送规则")
    return True


def update_rules(*, actor, rules, reason: str = "", **fields) -> int:
    """The calendar page's bulk edit: the same change (unit, frequency, due days, start date,
    active) to every selected rule, each audited as `update_rule` does; all or nothing in the
    caller's transaction. Returns how many rules actually changed."""
    if not rules:
        raise ReportingError("请至少勾选一条报送规则")
    if not fields:
        raise ReportingError("请选择要修改的内容（报送单位、频率、期末后天数、起始日期或是否需要报送）")
    reason = reason or f"批量修改报送规则（{len(rules)} 条）"
    return sum(update_rule(actor=actor, rule=rule, reason=reason, **fields) for rule in rules)


def update_calendar(*, actor, plan, **fields) -> ReportingCalendar:
    """Change the plan's reporting settings (start date, reminder timing, jump threshold); audited."""
    calendar = calendar_for(plan)
    before = snapshot(calendar) if calendar.pk else None
    for name, value in fields.items():
        setattr(calendar, name, value)
    if calendar.overdue_every < 1:
        raise ReportingError("逾期催办间隔至少 1 天")
    calendar.save()
    record(actor=actor, action="update", obj=calendar, before=before, after=snapshot(calendar))
    return calendar


def register_unit(*, actor, name: str) -> tuple[Unit, bool]:
    """Add a unit the plan does not name (区统计局) to the registry; an existing name is reused."""
    existing = find_unit(name)
    if existing is not None:
        return existing, False
    unit = resolve_unit(name)
    record(actor=actor, action="create", obj=unit, after=snapshot(unit), reason="报送日历：登记报送单位")
    return unit, True


def unassigned_rules(plan):
    """Active rules without a reporting unit: shown as 未指定报送单位 until the office picks one."""
    return (
        ReportingRule.objects.filter(plan=plan, active=True, unit__isnull=True)
        .select_related("indicator__article", "article")
        .order_by("pk")
    )
