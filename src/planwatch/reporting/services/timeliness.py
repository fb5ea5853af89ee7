"""Timeliness (报送及时性): per unit and period, how many items came on time, late, or not at all.

An item's date is its first submission (a later correction does not make an on-time report
late). A figure the office loaded directly (or demo data) is `supplied`: there is data, but no
report by the unit to time. Items not yet due are `not_due`. "Late" needs nobody to mark it: an
item without a report is `missing` the day after its due date.

`timeliness(plan, periods)` returns plain JSON-ready data for the dashboard and its JSON twin.
"""

from __future__ import annotations

from datetime import date

from django.utils import timezone

from planwatch.progress.periods import parse_period

from .. import clock
from ..models import ReportingRule
from .calendar import SPANS, calendar_for, due_date, start_date
from .due import SUPPLIED, build_items

ON_TIME, LATE, MISSING, NOT_DUE = "on_time", "late", "missing", "not_due"
LABELS = {
    ON_TIME: "按时报送",
    LATE: "逾期报送",
    MISSING: "未报送",
    SUPPLIED: "已有数据（非单位报送）",
    NOT_DUE: "未到期",
}
ORDER = (ON_TIME, LATE, MISSING, SUPPLIED, NOT_DUE)


def classify(item, on: date) -> str:
    """The timeliness of one DueItem as of `on`."""
    record = item.record
    first = record.first_submitted_at if record is not None else None
    if first is not None:
        return ON_TIME if timezone.localdate(first) <= item.due else LATE
    if item.observed:
        return SUPPLIED
    return NOT_DUE if on <= item.due else MISSING


def _pairs(plan, periods: list, on: date) -> list:
    """(rule, period, due) for every assigned rule whose frequency matches one of `periods`."""
    rules = list(
        ReportingRule.objects.filter(plan=plan, active=True, unit__isnull=False).select_related(
            "plan", "unit", "indicator__article", "article"
        )
    )
    start = start_date(plan, calendar_for(plan), on)
    return [
        (rule, period, due_date(rule, period))
        for period in periods
        for rule in rules
        if SPANS[rule.frequency] == period.span and period.end >= start
    ]


def _item_json(item, state: str) -> dict:
    rule = item.rule
    return {
        "kind": rule.kind, "id": rule.indicator_id or rule.article_id, "name": rule.item_name,
        "period": item.period.code, "due": item.due.isoformat(), "state": state,
    }  # fmt: skip


def timeliness(plan, periods, *, on: date | None = None) -> dict:
    """{"periods", "as_of", "labels", "units": [{"unit", "periods": {code: counts}, "items"}],
    "totals": {code: counts}, "unassigned": n} for the plan's reporting units."""
    on = on or clock.today()
    parsed = [parse_period(p) for p in periods]
    pairs = _pairs(plan, parsed, on)
    units: dict[int, dict] = {}
    totals = {p.code: dict.fromkeys(ORDER, 0) for p in parsed}
    for item in build_items(pairs, on):
        state = classify(item, on)
        unit = item.rule.unit
        row = units.setdefault(unit.pk, {
            "unit": {"id": unit.pk, "name": unit.name},
            "periods": {p.code: dict.fromkeys(ORDER, 0) for p in parsed}, "items": [],
        })  # fmt: skip
        row["periods"][item.period.code][state] += 1
        totals[item.period.code][state] += 1
        if state in (LATE, MISSING):
            row["items"].append(_item_json(item, state))
    unassigned = ReportingRule.objects.filter(plan=plan, active=True, unit__isnull=True).count()
    return {
        "periods": [p.code for p in parsed], "as_of": on.isoformat(), "labels": LABELS,
        "units": sorted(units.values(), key=lambda u: u["unit"]["name"]), "totals": totals,
        "unassigned": unassigned,
    }  # fmt: skip
