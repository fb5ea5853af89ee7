"""The accountability ledger (问责台账): measures the office takes on units, and suggestions.

A measure is always the office's act (`record_measure`); the system only suggests — a unit with
an item turned red, or with repeated overdue reports — and never applies anything by itself.
The ledger is read by the office, leaders and auditors; a unit reads the measures about itself.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from datetime import date, timedelta

from planwatch.audit.services import record
from planwatch.indicators.observations import actor_user
from planwatch.reporting.models import ReminderKind, ReminderLog

from .errors import SupervisionError
from .files import attach
from .models import AccountabilityKind, AccountabilityMeasure, ItemState, SupervisionItem

DEFAULT_KINDS = ("提醒谈话", "约谈", "通报批评", "限期整改", "移交纪检监察机关")


def kinds():
    return AccountabilityKind.objects.filter(active=True)


def record_measure(*, actor, plan, unit, kind_id: int, decided_on: date, reason: str, document: str = "",
                   item_ids=(), files=()) -> AccountabilityMeasure:  # fmt: skip
    reason = (reason or "").strip()
    if not reason:
        raise SupervisionError("请填写问责事由")
    kind = kinds().filter(pk=kind_id).first()
    if kind is None:
        raise SupervisionError("请选择问责措施")
    items = list(SupervisionItem.objects.filter(plan=plan, pk__in=list(item_ids)))
    if len(items) != len(set(item_ids)):
        raise SupervisionError("所涉督办事项不在本计划中")
    measure = AccountabilityMeasure.objects.create(plan=plan, unit=unit, kind=kind, decided_on=decided_on,
                                                   reason=reason[:2000], document=(document or "").strip()[:200],
                                                   created_by=actor_user(actor))  # fmt: skip
    measure.items.set(items)
    measure.files.set([attach(actor=actor, upload=f) for f in files])
    record(actor=actor, action="create", obj=measure, after={"unit": unit.name, "kind": kind.name,
           "decided_on": decided_on.isoformat(), "items": [i.number for i in items]}, reason=reason)  # fmt: skip
    return measure


@dataclass(frozen=True)
class Suggestion:
    unit: object
    reason: str
    items: tuple = ()


def suggestions(*, plan, repeated: int, today: date) -> list[Suggestion]:
    """Units the record suggests a measure for: a red item not yet answered by a measure naming
    it, or `repeated` or more overdue reminders (逾期催办) of its reports over the last year."""
    measured = set(AccountabilityMeasure.objects.filter(plan=plan).values_list("items", flat=True))
    red = (SupervisionItem.objects.filter(plan=plan, light="red").exclude(state=ItemState.CLOSED)
           .exclude(pk__in=[m for m in measured if m]).select_related("lead_unit").order_by("year", "seq"))  # fmt: skip
    out = [Suggestion(i.lead_unit, f"{i.number}“{i.subject}”红灯：{i.light_reasons}", (i,)) for i in red]
    logs = ReminderLog.objects.filter(rule__plan=plan, kind=ReminderKind.OVERDUE, on__gt=today - timedelta(days=365))
    counts = Counter(unit for unit, _, _ in set(logs.values_list("unit_id", "rule_id", "period")))
    from planwatch.units.models import Unit

    for unit in Unit.objects.filter(pk__in=[u for u, n in counts.items() if n >= repeated]).order_by("name"):
        out.append(Suggestion(unit, f"近一年有 {counts[unit.pk]} 项报送逾期（达到 {repeated} 项）"))
    return out
