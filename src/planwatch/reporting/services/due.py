"""What a unit has to report on a given day: every open period of its rules, with due dates.

An item is reported once its figure or text is submitted or approved, or when an approved figure
already exists (loaded by the office, supplied by the statistics bureau, or demo data: the
indicator pages show it, so asking for it again would contradict them). Open items stay listed
until reported, however old: "late" appears by itself. The latest period of each rule is listed
whatever its state, so the page shows where this period's reporting stands.

A fixed number of queries per call (rules, calendars, submissions, reports, approved figures),
whatever the number of indicators and periods.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from planwatch.indicators.models import Observation, ObservationStatus
from planwatch.indicators.observations import period_key
from planwatch.progress.periods import Period, parse_period

from ..models import ArticleReport, ReportingCalendar, ReportingRule, Status, Submission
from .calendar import due_date, periods_due

MISSING, SUPPLIED = "missing", "supplied"
STATE_LABELS = {MISSING: "待报送", SUPPLIED: "已有数据", **dict(Status.choices)}
REPORTED = {Status.SUBMITTED, Status.APPROVED, SUPPLIED}


@dataclass
class DueItem:
    rule: ReportingRule
    period: Period
    due: date
    on: date
    record: Submission | ArticleReport | None = None
    previous: Decimal | None = None
    previous_period: str = ""
    observed: bool = False

    @property
    def key(self) -> str:
        """A form prefix and anchor, unique on a page: i12-2024Q2 / a7-2024Q2."""
        return f"{self.rule.kind[0]}{self.rule.pk}-{self.period.code}"

    @property
    def kind(self) -> str:
        return self.rule.kind

    @property
    def state(self) -> str:
        if self.record is not None and self.record.status != Status.DRAFT:
            return self.record.status
        if self.observed:
            return SUPPLIED
        return self.record.status if self.record is not None else MISSING

    @property
    def state_label(self) -> str:
        return STATE_LABELS[self.state]

    @property
    def reported(self) -> bool:
        return self.state in REPORTED

    @property
    def editable(self) -> bool:
        """The unit may fill it in now: not reported, not locked, not waiting for review."""
        return not self.reported and not (self.record is not None and self.record.locked)

    @property
    def overdue(self) -> bool:
        return not self.reported and self.on > self.due

    @property
    def days_left(self) -> int:
        return (self.due - self.on).days

    @property
    def days_late(self) -> int:
        return (self.on - self.due).days


def _calendars(rules) -> dict[int, ReportingCalendar]:
    return {c.plan_id: c for c in ReportingCalendar.objects.filter(plan_id__in={r.plan_id for r in rules})}


def candidates(rules, on: date) -> list[tuple[ReportingRule, Period, date]]:
    """(rule, period, due) for every period of every rule that has ended before `on`."""
    calendars = _calendars(rules)
    return [
        (rule, period, due)
        for rule in rules
        for period, due in periods_due(rule, on, calendar=calendars.get(rule.plan_id))
    ]


def records_for(pairs) -> dict[tuple[str, int, str], Submission | ArticleReport]:
    """{("indicator"|"article", item id, period): its submission or report} for the pairs."""
    indicators = {r.indicator_id for r, _, _ in pairs if r.indicator_id}
    articles = {r.article_id for r, _, _ in pairs if not r.indicator_id}
    codes = {p.code for _, p, _ in pairs}
    found = {}
    subs = Submission.objects.filter(indicator_id__in=indicators, period__in=codes)
    for sub in subs.select_related("submitted_by").prefetch_related("evidence"):
        found[("indicator", sub.indicator_id, sub.period)] = sub
    reports = ArticleReport.objects.filter(article_id__in=articles, period__in=codes)
    for rep in reports.select_related("submitted_by").prefetch_related("evidence"):
        found[("article", rep.article_id, rep.period)] = rep
    return found


def approved_series(indicator_ids) -> dict[int, list[tuple[int, str, Decimal]]]:
    """{indicator id: [(period key, period, value)]} of approved figures, oldest first."""
    series: dict[int, list] = defaultdict(list)
    rows = (
        Observation.objects.filter(indicator_id__in=set(indicator_ids), status=ObservationStatus.APPROVED)
        .order_by("period_key")
        .values_list("indicator_id", "period_key", "period", "value")
    )
    for indicator_id, key, period, value in rows:
        series[indicator_id].append((key, period, value))
    return series


def previous_in(series: list, period: Period) -> tuple[Decimal | None, str]:
    """The latest approved figure of the same length of period before `period` (2024Q1 for
    2024Q2, 2023 for 2024): what a jump is measured against."""
    key = period_key(period)
    earlier = [(k, p, v) for k, p, v in series if k < key and k % 100 == period.span]
    return (earlier[-1][2], earlier[-1][1]) if earlier else (None, "")


def build_items(pairs, on: date) -> list[DueItem]:
    """Every (rule, period, due) as a DueItem with its record, previous figure and whether an
    approved figure exists."""
    records = records_for(pairs)
    series = approved_series(r.indicator_id for r, _, _ in pairs if r.indicator_id)
    items = []
    for rule, period, due in pairs:
        item_id = rule.indicator_id or rule.article_id
        item = DueItem(rule, period, due, on, records.get((_kind(rule), item_id, period.code)))
        if rule.indicator_id:
            points = series.get(rule.indicator_id, [])
            item.previous, item.previous_period = previous_in(points, period)
            item.observed = any(p == period.code for _, p, _ in points)
        items.append(item)
    return items


def _kind(rule: ReportingRule) -> str:
    return "indicator" if rule.indicator_id else "article"


def page_order(item: DueItem):
    """Returned items first (the office is waiting for them), then the newest period first
    (what is being reported now), then the plan's own order of articles and indicators."""
    article = item.rule.home_article
    position = item.rule.indicator.position if item.rule.indicator_id else -1
    returned = item.state == Status.RETURNED
    return (not returned, -item.period.end.toordinal(), item.period.span, item.rule.plan_id,
            article.position, position, item.rule.pk)  # fmt: skip


def returned_pairs(rules, pairs) -> list[tuple[ReportingRule, Period, date]]:
    """(rule, period, due) of items returned for periods outside the calendar (历史数据 the
    office sent back): they must be corrected, so they are listed with the rest."""
    listed = {(rule.pk, period.code) for rule, period, _ in pairs}
    by_indicator = {r.indicator_id: r for r in rules if r.indicator_id}
    by_article = {r.article_id: r for r in rules if not r.indicator_id}
    found = [
        (by_indicator[i], code)
        for i, code in Submission.objects.filter(indicator_id__in=by_indicator, status=Status.RETURNED)
        .values_list("indicator_id", "period")
    ] + [
        (by_article[a], code)
        for a, code in ArticleReport.objects.filter(article_id__in=by_article, status=Status.RETURNED)
        .values_list("article_id", "period")
    ]  # fmt: skip
    out = []
    for rule, code in found:
        if (rule.pk, code) not in listed:
            period = parse_period(code)
            out.append((rule, period, due_date(rule, period)))
    return out


def unit_rules(unit, plan=None):
    rules = ReportingRule.objects.filter(unit=unit, active=True).select_related(
        "plan__reporting_calendar", "indicator__article", "article", "unit"
    )
    return rules.filter(plan=plan) if plan is not None else rules


def due_items(*, unit, on: date, plan=None, everything: bool = False) -> list[DueItem]:
    """What `unit` must report on `on`: every open period since the calendar's start (overdue
    ones included), items returned for earlier periods, and the latest period of each rule
    whatever its state; `everything` lists reported periods too. In `page_order`."""
    rules = list(unit_rules(unit, plan))
    pairs = candidates(rules, on)
    latest = {}
    for rule, period, _ in pairs:
        latest[rule.pk] = period.code
    items = [
        item
        for item in build_items(pairs + returned_pairs(rules, pairs), on)
        if everything or item.editable or latest.get(item.rule.pk) == item.period.code
    ]
    return sorted(items, key=page_order)


def open_counts(*, on: date, plan=None) -> dict[int, dict[str, int]]:
    """{unit id: {"open": n, "overdue": m}} over every assigned rule, in one batch (the office's
    overview of forty units costs the same few queries as one unit's page)."""
    rules = ReportingRule.objects.filter(active=True, unit__isnull=False).select_related(
        "plan", "indicator__article", "article"
    )
    rules = list(rules.filter(plan=plan) if plan is not None else rules)
    counts: dict[int, dict[str, int]] = defaultdict(lambda: {"open": 0, "overdue": 0})
    for item in build_items(candidates(rules, on), on):
        if item.editable:
            counts[item.rule.unit_id]["open"] += 1
            counts[item.rule.unit_id]["overdue"] += int(item.overdue)
    return dict(counts)


def item_for(rule: ReportingRule, period: Period, on: date) -> DueItem:
    """One (rule, period) as the 待报送 page shows it: its record, previous figure and state."""
    return build_items([(rule, period, due_date(rule, period))], on)[0]
