"""补报历史数据: the periods before the calendar's start, offered in bulk — never as overdue items.

A plan imported mid-way (or a calendar that starts at the period being reported now) leaves the
earlier periods without figures. Listing each as "已逾期 1338 天" buried the current period under
a backlog nobody can clear one form at a time; instead the unit downloads one workbook per plan
with every earlier figure still missing (the same template, checks and all-or-nothing upload as
a period's, services/excel.py) and sends them all at once; the office reviews them as usual.
Progress texts are not asked for history: a past quarter's narrative is not worth writing now.
"""

from __future__ import annotations

from datetime import date

from .calendar import periods_before
from .due import DueItem, build_items, unit_rules

HISTORY = "history"  # the workbook scope of a history template (a period code otherwise)


def history_items(*, unit, plan, on: date, editable_only: bool = True) -> list[DueItem]:
    """The unit's figures of the periods before the calendar's start, by indicator then period;
    only those still to report unless `editable_only` is false (the upload checks every row)."""
    rules = [rule for rule in unit_rules(unit, plan) if rule.indicator_id]
    pairs = [(rule, period, due) for rule in rules for period, due in periods_before(rule, on)]
    items = [item for item in build_items(pairs, on) if item.editable or not editable_only]
    return sorted(items, key=lambda i: (i.rule.indicator.article.position, i.rule.indicator.position,
                                        i.rule.pk, i.period.end))  # fmt: skip


def history_offers(*, unit, on: date) -> list[tuple[object, int]]:
    """[(plan, number of earlier figures still missing)] for the unit's 补报 card."""
    plans = {rule.plan_id: rule.plan for rule in unit_rules(unit) if rule.indicator_id}
    offers = [(plan, len(history_items(unit=unit, plan=plan, on=on))) for plan in plans.values()]
    return [(plan, count) for plan, count in offers if count]
