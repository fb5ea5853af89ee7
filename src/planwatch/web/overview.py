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

from . import page_parts
from .formatting import STATUS_ORDER

RECENT_DAYS = 7
COUNT_LIMIT = 1000  # revisions counted for 近7天变化 at most (shown as 超过 1000 条)
PLAN_ACTIONS = (AuditAction.IMPORT, AuditAction.UPDATE, AuditAction.CREATE, AuditAction.DELETE)


def _revisions(plan, user):
    rows = ObservationRevision.objects.filter(observation__indicator__plan=plan)
    if role_of(user) is Role.REPORTER:
        rows = rows.filter(observation__indicator__in=visible_indicators(user, plan))
    return rows


def recent_changes(*, plan, user, limit: int = 8, version: str | None = None) -> dict:
    """Figures entered or revised in the last seven days (counts and the latest few), and changes
    to the plan itself (imports, revisions) from the audit trail.

    The figures part changes only with the plan's data version, so it is kept under that version,
    the hour (the week's start moves with the clock) and whose figures are shown (a reporter's
    unit, or all); counted over at most `COUNT_LIMIT` revisions, newest first. Kept, a plan
    loaded with 100,000 figures this week costs the same as one figure; computing it does not:
    right after such a load both SQLite and PostgreSQL start from the plan's indicators and sort
    the week's revisions (0.3 s on SQLite, 0.6 s on PostgreSQL, bench_cache's big plan), so
    after a change the requests arriving together compute it once (`computed_once`, in the
    shared cache). Kept figures are also remembered in this process's memory (page_parts):
    reading the shared cache reopened its SQLite files on every request (Django closes caches
    when a request ends), about 1 ms.
    `version`: the plan's data version if the caller has read it already (page_parts.version_of);
    whether the figures may be kept is decided by a fresh read after computing them."""
    now = timezone.now()
    since = now.replace(minute=0, second=0, microsecond=0) - timedelta(days=RECENT_DAYS)
    viewer = unit_of(user) if role_of(user) is Role.REPORTER else "all"
    version = version if version is not None else data_version(plan.pk)
    if version is None:  # a plan without its version row: never kept
        figures = _recent_figures(plan, user, since, limit)
    else:
        key = f"recent:{plan.pk}:{version}:{since:%Y%m%d%H}:{viewer}"
        figures = page_parts.kept(key)
        if figures is None:
            figures = computed_once(
                key,
                compute=lambda: _recent_figures(plan, user, since, limit),
                unchanged=lambda: data_version(plan.pk) == version,
                timeout=3600,
            )
            if data_version(plan.pk) == version:  # never a mix of two states
                page_parts.keep(key, figures, timeout=3600)
    plan_events = list(
        AuditEvent.objects.filter(
            at__gte=since, object_type="plans.plan", object_id=str(plan.pk), action__in=PLAN_ACTIONS
        ).select_related("actor__profile__unit").order_by("-at")[:3]
    )
    return {"since": since, **figures, "plan_events": plan_events}


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
