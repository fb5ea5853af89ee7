"""Tasks and policies for the dashboard and a unit's page: counts by status, by chapter and by
unit, the overdue list and what is due next — from one read of the plan's tasks (a fixed
number of queries however many tasks and plans there are)."""

from __future__ import annotations

from collections import Counter
from datetime import date

from django.db.models import Q

from planwatch.accounts.permissions import visible_articles

from .models import PolicyMeasure, PolicyState, Task
from .services import NOT_REGISTERED, task_rows
from .status import STATUS_LABELS, STATUSES

SHOWN = 8


def _by(rows, key) -> list[dict]:
    """[{name, cells: [n per status], total}] in first-seen order."""
    groups: dict[str, Counter] = {}
    for task in rows:
        groups.setdefault(key(task), Counter())[task.status] += 1
    return [{"name": name, "cells": [c[s] for s in STATUSES], "total": sum(c.values())} for name, c in groups.items()]


def plan_overview(*, plan, user, today: date) -> dict:
    rows = task_rows(tasks=Task.objects.filter(plan=plan, article__in=visible_articles(user, plan)), today=today)
    counts = Counter(t.status for t in rows)
    overdue = sorted((t for t in rows if t.status == "overdue"), key=lambda t: (t.due, t.pk))
    policies = list(PolicyMeasure.objects.filter(plan=plan, article__in=visible_articles(user, plan))
                    .exclude(state__in=NOT_REGISTERED).select_related("article__chapter", "issuing_unit")
                    .only("state", "article__chapter__number", "article__chapter__title", "issuing_unit__name"))  # fmt: skip
    by_state = Counter(p.state for p in policies)
    states = [s for s in PolicyState if s.value in by_state]
    return {
        "total": len(rows), "statuses": [(s, STATUS_LABELS[s], counts[s]) for s in STATUSES],
        "status_labels": [STATUS_LABELS[s] for s in STATUSES],
        "by_chapter": _by(rows, lambda t: str(t.article.chapter) if t.article.chapter else "（未分章）"),
        "by_unit": sorted(_by(rows, lambda t: t.lead_unit.name if t.lead_unit else "（未确定）"),
                          key=lambda r: -r["cells"][0]),
        "overdue": overdue[:SHOWN], "overdue_count": len(overdue),
        "policies": [(s.value, s.label, by_state.get(s.value, 0)) for s in states],
        "policy_labels": [s.label for s in states],
        "policies_by_chapter": _policies_by(policies, states, lambda p: str(p.article.chapter) if p.article.chapter else "（未分章）"),
        "policies_by_unit": _policies_by(policies, states, lambda p: p.issuing_unit.name if p.issuing_unit else "（未确定）"),
    }  # fmt: skip


def _policies_by(policies, states, key) -> list[dict]:
    """[{name, cells: [n per registered state shown], total}] in first-seen order."""
    groups: dict[str, Counter] = {}
    for policy in policies:
        groups.setdefault(key(policy), Counter())[policy.state] += 1
    return [{"name": name, "cells": [c[s.value] for s in states], "total": sum(c.values())} for name, c in groups.items()]


def unit_overview(*, unit, plan, today: date) -> dict:
    """The unit's tasks (lead or co-operating) that are overdue, and the next ones due."""
    tasks = Task.objects.filter(plan=plan).filter(Q(lead_unit=unit) | Q(co_units=unit)).distinct()
    rows = [t for t in task_rows(tasks=tasks, today=today) if t.status != "done"]
    rows.sort(key=lambda t: (t.due or date.max, t.pk))
    return {"overdue": [t for t in rows if t.status == "overdue"],
            "next": [t for t in rows if t.status != "overdue"][:SHOWN], "open": len(rows)}  # fmt: skip
