"""What a unit has to report next, by a simple rule until the reporting calendar (issue 6):
for each indicator the unit answers for, the latest period of its frequency that has ended
(within the plan's years) is due; an indicator without a figure for it is listed as missing.
Two queries, whatever the number of indicators."""

from __future__ import annotations

from datetime import date

from planwatch.indicators.models import Indicator, Observation
from planwatch.progress.periods import Period, parse_period

SPANS = {"year": 12, "half": 6, "quarter": 3, "month": 1}


def _period(year: int, end_month: int, span: int) -> Period:
    if span == 12:
        return parse_period(str(year))
    code = {6: f"{year}H{end_month // 6}", 3: f"{year}Q{end_month // 3}", 1: f"{year}-{end_month:02d}"}[span]
    return parse_period(code)


def last_ended(frequency: str, today: date, last_year: int | None = None) -> Period:
    """The latest period of `frequency` that ended before `today` (not after `last_year`)."""
    span = SPANS.get(frequency, 12)
    year, month = today.year, (today.month - 1) // span * span  # end month of the last full period
    if month == 0:
        year, month = year - 1, 12
    if last_year is not None and year > last_year:
        year, month = last_year, 12
    return _period(year, month, span)


def current_period(frequency: str, today: date) -> Period:
    """The period of `frequency` running today (reported after it ends)."""
    span = SPANS.get(frequency, 12)
    return _period(today.year, ((today.month - 1) // span + 1) * span, span)


def answered_articles(links) -> list[int]:
    """The articles a unit reports for: those it leads, and those whose plan names no lead."""
    return [link.article_id for link in links if link.is_lead or not link.article_has_lead]


def due_reports(*, plan, article_ids: list[int], today: date) -> dict:
    """{"missing": [(indicator, period)], "reported": n, "next": [(period, count)], "ended": bool}."""
    indicators = list(
        Indicator.objects.filter(article_id__in=article_ids, formula="")
        .select_related("article")
        .order_by("article__position", "position")
    )
    due = {i.pk: last_ended(i.frequency, today, plan.period_end) for i in indicators}
    have = set(
        Observation.objects.filter(
            indicator_id__in=due, period__in={p.code for p in due.values()}
        ).values_list("indicator_id", "period")
    )
    missing = [(i, due[i.pk]) for i in indicators if (i.pk, due[i.pk].code) not in have]
    ended = bool(plan.period_end and today.year > plan.period_end)
    upcoming: dict[str, list] = {}
    if not ended:
        for i in indicators:
            period = current_period(i.frequency, today)
            upcoming.setdefault(period.code, [period, 0])[1] += 1
    return {
        "missing": missing, "reported": len(indicators) - len(missing), "total": len(indicators),
        "next": sorted(upcoming.values(), key=lambda item: item[0]), "ended": ended,
    }  # fmt: skip
