"""The filters of the tasks and policies pages and of the API, read once from a query string."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from planwatch.accounts.permissions import visible_articles
from planwatch.params import parse_id

from .models import PolicyMeasure, Task
from .status import STATUSES


def _date(text: str | None) -> date | None:
    try:
        return date.fromisoformat(text) if text else None
    except ValueError:
        return None


@dataclass
class Filters:
    unit: int | None = None
    chapter: int | None = None
    status: str = ""
    due_before: date | None = None
    state: str = ""

    @classmethod
    def from_query(cls, query) -> Filters:
        status = query.get("status", "")
        return cls(
            unit=parse_id(query.get("unit") or ""), chapter=parse_id(query.get("chapter") or ""),
            status=status if status in STATUSES else "", due_before=_date(query.get("due_before")),
            state=query.get("state", ""),
        )  # fmt: skip

    def tasks(self, user, plan):
        """The plan's tasks the user may view, narrowed by unit and chapter (status is computed
        per row afterwards, see `keep`)."""
        tasks = Task.objects.filter(plan=plan, article__in=visible_articles(user, plan))
        if self.unit:
            tasks = tasks.filter(lead_unit_id=self.unit) | tasks.filter(co_units__id=self.unit)
        if self.chapter:
            tasks = tasks.filter(article__chapter__number=self.chapter)
        return tasks.distinct()

    def keep(self, task) -> bool:
        if self.status and task.status != self.status:
            return False
        return not (self.due_before and task.due and task.due > self.due_before)

    def policies(self, user, plan):
        policies = PolicyMeasure.objects.filter(plan=plan, article__in=visible_articles(user, plan))
        if self.unit:
            policies = policies.filter(issuing_unit_id=self.unit)
        if self.chapter:
            policies = policies.filter(article__chapter__number=self.chapter)
        if self.state:
            policies = policies.filter(state=self.state)
        return policies.select_related("article", "issuing_unit")
