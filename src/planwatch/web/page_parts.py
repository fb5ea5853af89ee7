"""The parts of a page that depend only on a plan's data, rendered once per data version.

A page's statuses, tables and lists of targets change only when the plan's data version moves
(`plans.versions`: triggers move it in the same transaction as every change). They are rendered
once and kept in this process's memory under

    (page, plan, data version, evaluation date, today, who is looking)

where "who is looking" is what the permission filter depends on (`accounts.permissions`): the
role, and for a unit's reporter the unit — a reporter sees only the articles its unit is named
on, the office may see more links than a leader. So a part rendered for one viewer is never
shown to another, and a change gives a new key on the very next request, in every process.

Parts that also read what the data version does not watch — the office's leads, the units and
the department table, plan milestones, tasks, problems, key projects — are kept under the plan's
activity version as well (`web/activity.py`: triggers move it with every change to those tables),
and only when neither version moved while they were built. What stays per request: reporting
(submissions), the audit trail, the plan switcher, notifications, csrf tokens and filled forms.
A cache hit therefore costs one or two primary-key reads (the versions) and one memory read,
however much data the plan holds.

Why each process's memory and not the shared evaluation cache: the key holds the data version
read from the database, so every worker process is right on its own; a part takes milliseconds to
rebuild where an evaluation of a big plan takes seconds, so the many page parts (every indicator,
page of its table and viewer) must never push an evaluation out of a shared cache; and a memory
read costs no query.
"""

from __future__ import annotations

from collections.abc import Callable

from django.core.cache.backends.locmem import LocMemCache
from django.template.loader import render_to_string

from planwatch.accounts.permissions import role_of, unit_of
from planwatch.indicators.evaluation import today as evaluation_date
from planwatch.plans.versions import data_version
from planwatch.reporting import clock
from planwatch.web.activity import versions

TIMEOUT = 24 * 3600  # a day: the key holds the date anyway; old versions fall out by themselves
# at most MAX_ENTRIES parts of some 20–40 KB each per process; the least recently used go first
_store = LocMemCache("planwatch-page-parts", {"TIMEOUT": TIMEOUT, "OPTIONS": {"MAX_ENTRIES": 500}})


def clear() -> None:
    """Forget every kept part (tests that count the queries of building a page)."""
    _store.clear()


def viewer(user) -> str:
    """What the permission filter depends on: the role and, for a reporter, the unit."""
    role = role_of(user)
    return f"{role.value if role else '-'}.{unit_of(user) or ''}"


def parts(
    request, *, page: str, plan, build: Callable[[], dict], also: str = "",
    still: Callable[[], bool] | None = None,
) -> dict:  # fmt: skip
    """`build()`'s dict (rendered fragments and small figures) for this page, plan and viewer,
    or the copy kept for the current data. Kept only when the version did not move while it was
    built, so a part is never a mix of two states. `also`: a stamp of whatever else the part is
    built from (the plan's activity version, web/activity.py); `still()`: whether that stamp
    still holds after building (read afresh), so a write meanwhile keeps nothing."""
    version = version_of(request, plan.pk)
    if version is None:  # a plan without its version row: never kept
        return build()
    key = (
        f"page:{page}:{plan.pk}:{version}:{evaluation_date():%Y%m%d}:{clock.today():%Y%m%d}"
        f":{viewer(request.user)}:{also}"
    )
    kept = _store.get(key)
    if kept is not None:
        return kept
    built = build()
    if data_version(plan.pk) == version and (still is None or still()):
        _store.set(key, built)
    return built


def version_of(request, plan_id: int) -> str | None:
    """The plan's data version, read once per reading request (GET, HEAD) and remembered on it:
    a page keys several parts on it, each read was a query (a round trip on PostgreSQL). Whether
    a part may be kept is still decided by a fresh read after building it (`parts`), so a write
    during the request can never put a part under a version it does not belong to; a request
    that may write (POST …) always reads afresh."""
    return _versions(request, plan_id)[0]


def activity_of(request, plan_id: int) -> str | None:
    """The plan's activity version (web/activity.py), read with the data version in the same
    query and remembered the same way."""
    return _versions(request, plan_id)[1]


def _versions(request, plan_id: int) -> tuple[str | None, str | None]:
    if request.method not in ("GET", "HEAD"):
        return versions(plan_id)
    memo = request.__dict__.setdefault("_planwatch_versions", {})
    if plan_id not in memo:
        memo[plan_id] = versions(plan_id)
    return memo[plan_id]


def render(request, template: str, context: dict) -> str:
    """One fragment, rendered as the page would render it (same request, same tags)."""
    return render_to_string(template, context, request=request)
