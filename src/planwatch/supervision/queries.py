"""Reading items for pages and the API: who sees which (the one permission question's rule in
SQL), the board's filters, and a fixed number of queries whatever the number of items."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

from django.db.models import Prefetch, Q

from planwatch.accounts.permissions import Action, Role, allowed, role_of, unit_of

from .models import AccountabilityMeasure, ItemEvent, ItemState, SupervisionItem

OPEN_STATES = (ItemState.ASSIGNED, ItemState.HANDLING, ItemState.REQUESTED)


def visible_items(user, plan):
    """The plan's items the user may view: a reporter's unit's (lead or co-operating), or all."""
    role = role_of(user)
    if role is None or not allowed(user, Action.VIEW):
        return SupervisionItem.objects.none()
    items = SupervisionItem.objects.filter(plan=plan)
    if role is Role.REPORTER:
        mine = unit_of(user)
        items = items.filter(Q(lead_unit_id=mine) | Q(pk__in=SupervisionItem.co_units.through.objects
                                                       .filter(unit_id=mine).values("supervisionitem_id")))  # fmt: skip
    return items


def with_rows(items, *, history: bool = False):
    items = items.select_related("plan", "lead_unit").prefetch_related("co_units", "links")
    if history:
        items = items.prefetch_related(Prefetch("events", queryset=ItemEvent.objects.prefetch_related("files")))
    return items


@dataclass
class Filters:
    state: str = ""
    light: str = ""
    unit: int | None = None
    source: str = ""
    q: str = ""

    def apply(self, items):
        if self.state:
            items = items.filter(state=self.state)
        if self.light:
            items = items.filter(light="" if self.light == "none" else self.light)
        if self.unit:
            items = items.filter(Q(lead_unit_id=self.unit) | Q(co_units__id=self.unit)).distinct()
        if self.source:
            items = items.filter(source=self.source)
        if self.q:
            items = items.filter(Q(subject__icontains=self.q) | Q(requirements__icontains=self.q)
                                 | Q(lead_unit__name__icontains=self.q))  # fmt: skip
        return items


def escalated(items):
    """Red or escalated items still open: the leaders' page and the office's weekly list."""
    return items.exclude(state=ItemState.CLOSED).filter(Q(light="red") | Q(escalated_on__isnull=False))


def todo(items, unit_id: int, today: date, soon_days: int):
    """A unit's 待办: to acknowledge, to answer (办理中, 退回), due soon — its lead items only."""
    mine = items.filter(lead_unit_id=unit_id)
    return {
        "acknowledge": list(with_rows(mine.filter(state=ItemState.ASSIGNED)).order_by("deadline")),
        "answer": list(with_rows(mine.filter(state=ItemState.HANDLING)).order_by("deadline")),
        "soon": list(with_rows(mine.filter(state__in=OPEN_STATES, deadline__lte=today + timedelta(days=soon_days)))
                     .order_by("deadline")),  # fmt: skip
    }


def visible_measures(user, plan):
    role = role_of(user)
    if role is None or not allowed(user, Action.VIEW):
        return AccountabilityMeasure.objects.none()
    rows = AccountabilityMeasure.objects.filter(plan=plan)
    if role is Role.REPORTER:
        rows = rows.filter(unit_id=unit_of(user))
    return rows.select_related("unit", "kind").prefetch_related("items", "files")
