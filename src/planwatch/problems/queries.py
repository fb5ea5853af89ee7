"""Reading problems for pages and the API: who sees which (the one permission question's rule in
SQL), the board's filters, a unit's lists, and a fixed number of queries whatever their number."""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import Prefetch, Q

from planwatch.accounts.permissions import Action, Role, allowed, role_of, unit_of
from planwatch.units.models import ArticleUnit

from .models import ENDED, Assignment, Problem, ProblemEvent, State


def visible_problems(user, plan):
    """The plan's problems the user may view: for a unit, those it raised, those it coordinates
    and those of the articles it is responsible for; everything for the other roles."""
    role = role_of(user)
    if role is None or not allowed(user, Action.VIEW):
        return Problem.objects.none()
    rows = Problem.objects.filter(plan=plan)
    if role is Role.REPORTER:
        mine = unit_of(user)
        rows = rows.filter(Q(raised_by_id=mine)
                           | Q(pk__in=Assignment.objects.filter(unit_id=mine).values("problem_id"))
                           | Q(article_id__in=ArticleUnit.objects.filter(unit_id=mine).values("article_id")))  # fmt: skip
    return rows


def with_rows(rows, *, history: bool = False):
    rows = rows.select_related("plan", "raised_by", "handling_unit", "article", "merged_into").prefetch_related(
        Prefetch("assignments", queryset=Assignment.objects.select_related("unit")), "links")  # fmt: skip
    if history:
        rows = rows.prefetch_related(Prefetch("events", queryset=ProblemEvent.objects.prefetch_related("files")),
                                     "light_changes")  # fmt: skip
    return rows


@dataclass
class Filters:
    state: str = ""
    light: str = ""
    category: str = ""
    unit: int | None = None
    q: str = ""

    def apply(self, rows):
        if self.state == "open":
            rows = rows.exclude(state__in=ENDED)
        elif self.state:
            rows = rows.filter(state=self.state)
        if self.light:
            rows = rows.filter(light="" if self.light == "none" else self.light)
        if self.category:
            rows = rows.filter(category=self.category)
        if self.unit:
            rows = rows.filter(Q(raised_by_id=self.unit)
                               | Q(pk__in=Assignment.objects.filter(unit_id=self.unit).values("problem_id")))  # fmt: skip
        if self.q:
            rows = rows.filter(Q(title__icontains=self.q) | Q(description__icontains=self.q))
        return rows


def unit_lists(rows, unit_id: int) -> dict:
    """A unit's three lists: raised by it, assigned to it (open), waiting for its 反馈."""
    rows = with_rows(rows).order_by("-pk")
    return {
        "raised": list(rows.filter(raised_by_id=unit_id)),
        "assigned": list(rows.filter(assignments__unit_id=unit_id).exclude(state__in=ENDED).distinct()),
        "confirm": list(rows.filter(raised_by_id=unit_id, state=State.RESOLVED)),
    }
