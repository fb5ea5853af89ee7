"""The dashboard's own lists: what changed this week, milestones and deadlines, chapter and unit
tables. Each is a fixed number of queries with a LIMIT, so the page does not slow down as data
accumulates (DESIGN, lessons: Akvo RSR #5017, Gobierto #1487).
"""

from __future__ import annotations

from datetime import date, timedelta

from django.utils import timezone

from planwatch.accounts.permissions import Role, role_of, unit_of, visible_articles, visible_indicators
from planwatch.audit.models import AuditAction, AuditEvent
from planwatch.indicators.evaluation_cache import computed_once
from planwatch.indicators.models import ObservationRevision
from planwatch.plans.models import Chapter, Milestone
from planwatch.plans.versions import data_version

from .formatting import STATUS_ORDER

RECENT_DAYS = 7
COUNT_LIMIT = 1000  # revisions counted for 近7天变化 at most (shown as 超过 1000 条)
PLAN_ACTIONS = (AuditAction.IMPORT, AuditAction.UPDATE, AuditAction.CREATE, AuditAction.DELETE)


def _revisions(plan, user):
    rows = ObservationRevision.objects.filter(observation__indicator__plan=plan)
    if role_of(user) is Role.REPORTER:
        rows = rows.filter(observation__indicator__in=visible_indicators(user, plan))
    return rows


def recent_since():
    """Where 近7天变化 starts: seven days before the current hour (it moves with the clock, so the
    hour is part of whatever is kept for it)."""
    now = timezone.now()
    return now.replace(minute=0, second=0, microsecond=0) - timedelta(days=RECENT_DAYS)


def recent_figures(*, plan, user, since, version: str | None, limit: int = 8) -> dict:
    """Figures entered or revised since `since` (counts and the latest few), counted over at
    most `COUNT_LIMIT` revisions, newest first.

    Computing them right after a large load is slow on both databases (they start from the
    plan's indicators and sort the week's revisions: 0.3 s on SQLite, 0.6 s on PostgreSQL,
    bench_cache's big plan), so the requests arriving together after a change compute them once
    (`computed_once`, in the shared cache) under the plan's data version, the hour and whose
    figures are shown (a reporter's unit, or all). The dashboard keeps them rendered in this
    process (page_parts), so this runs only when that part is built.
    `version`: the plan's data version as the caller read it (page_parts.version_of); whether
    the figures may be kept is decided by a fresh read after computing them."""
    if version is None:  # a plan without its version row: never kept
        return _recent_figures(plan, user, since, limit)
    viewer = unit_of(user) if role_of(user) is Role.REPORTER else "all"
    return computed_once(
        f"recent:{plan.pk}:{version}:{since:%Y%m%d%H}:{viewer}",
        compute=lambda: _recent_figures(plan, user, since, limit),
        unchanged=lambda: data_version(plan.pk) == version,
        timeout=3600,
    )


def plan_events(*, plan, since) -> list[AuditEvent]:
    """Changes to the plan itself since `since` (imports, revisions), from the audit trail: read
    on every request (no stamp watches the audit trail)."""
    return list(
        AuditEvent.objects.filter(
            at__gte=since, object_type="plans.plan", object_id=str(plan.pk), action__in=PLAN_ACTIONS
        ).select_related("actor__profile__unit").order_by("-at")[:3]
    )


def _recent_figures(plan, user, since, limit: int) -> dict:
    revisions = _revisions(plan, user).filter(at__gte=since).order_by("-at", "-pk")
    olds = list(revisions.values_list("old_value", flat=True)[: COUNT_LIMIT + 1])
    window = olds[:COUNT_LIMIT]
    counts = {
        "entered": sum(1 for v in window if v is None),
        "revised": sum(1 for v in window if v is not None),
        "more": len(olds) > COUNT_LIMIT,
        "limit": COUNT_LIMIT,
    }
    latest = list(revisions.select_related("observation__indicator", "actor__profile__unit")[:limit])
    return {"counts": counts, "latest": latest}


def milestones(*, plan, user, today: date, limit: int = 12) -> list[dict]:
    """The plan's dated milestones, soonest first; those whose year has ended are flagged
    overdue by themselves (territoires-en-transitions #138: "late" must not wait for a person)."""
    rows = (
        Milestone.objects.filter(article__in=visible_articles(user, plan))
        .select_related("article")
        .order_by("year", "article__position", "position")[:limit]
    )
    out = []
    for m in rows:
        due = date(m.year, 12, 31) if m.year else None
        out.append({"milestone": m, "due": due, "overdue": bool(due and due < today),
                    "days_left": (due - today).days if due and due >= today else None})  # fmt: skip
    return out


def chapter_rows(plan, rollup: dict, standings=STATUS_ORDER) -> list[dict]:
    """The roll-up per chapter with the chapter's heading as printed, 一、总体要求 (the service
    counts by number); ``cells`` line up with ``standings`` (the table's columns)."""
    headings = {c.number: str(c) for c in Chapter.objects.filter(plan=plan)}
    rows = []
    for row in rollup.get("by_chapter", []):
        number = row["chapter"]
        heading = headings.get(number, "") if number is not None else "未分章"
        rows.append({**row, "heading": heading, "cells": [row["counts"].get(s, 0) for s in standings]})
    return rows


def unit_rows(rollup: dict, unit_ids: dict[str, int], standings=STATUS_ORDER) -> list[dict]:
    """The roll-up per responsible unit, worst first (most targets behind or missed), linked to
    unit pages; ``cells`` line up with ``standings`` (the table's columns)."""
    behind = ("deteriorating", "off_track", "needs_acceleration", "missed")
    rows = []
    for row in rollup.get("by_unit", []):
        counts = row["counts"]
        rows.append({
            **row, "unit_id": unit_ids.get(row["unit"]),
            "cells": [counts.get(s, 0) for s in standings],
            "behind": sum(counts.get(s, 0) for s in behind),
        })  # fmt: skip
    rows.sort(key=lambda r: (-r["behind"], -r["total"], r["unit"]))
    return rows
