"""Target statuses for the pages, read from the evaluation service and cut to what the user may see.

The service (`planwatch.indicators.evaluation`) computes and caches every target of a plan; the
JSON API returns the very same objects, so a figure on a page and in `/api/v1/` never differ
(DESIGN §6).
"""

from __future__ import annotations

from collections import defaultdict
from datetime import date

from planwatch.accounts.permissions import Role, role_of, visible_articles
from planwatch.indicators import evaluation
from planwatch.indicators.models import Indicator

from .formatting import BEHIND_ORDER, RUNNING, STATUS_ORDER


def plan_results(*, plan, user, as_of: date | None = None) -> list[dict]:
    """Every target of `plan` the user may see, as the evaluation service returns them."""
    if plan is None:
        return []
    results = evaluation.evaluate_plan(plan=plan, as_of=as_of)
    if role_of(user) is Role.REPORTER:
        mine = set(visible_articles(user, plan).values_list("pk", flat=True))
        results = [r for r in results if r["article_id"] in mine]
    # The indicator's kind says how to read "latest" (a level, or the amount added in a period).
    # Copies: the service's cached dicts are shared between requests and must stay untouched.
    kinds = dict(Indicator.objects.filter(plan=plan).values_list("pk", "kind"))
    return [{**r, "kind": kinds.get(r["indicator_id"], "stock")} for r in results]


def rollup(results: list[dict]) -> dict:
    """The service's roll-up (by status, chapter, unit, article) of the given results."""
    return evaluation.rollup(results)


def status_counts(results: list[dict]) -> list[tuple[str, int]]:
    """(standing, count), best first, for the standings `shown_standings` keeps: legends line up."""
    counts = dict.fromkeys(STATUS_ORDER, 0)
    for r in results:
        counts[r["standing"]] += 1
    return [(s, counts[s]) for s in shown_standings(results)]


def shown_standings(results: list[dict]) -> list[str]:
    """The standings worth a tile or a column: the running statuses (zeros included: "倒退 0"
    tells a leader something) while any target still runs, and each verdict that occurs."""
    present = {r["standing"] for r in results}
    running = bool(present & RUNNING - {"no_data"}) or not present - RUNNING
    return [s for s in STATUS_ORDER if s in present or (running and s in RUNNING)]


def most_behind(results: list[dict], limit: int = 8) -> list[dict]:
    """The targets furthest behind: worst status first, then the lowest ratio (no data is not
    "behind": it is listed apart, as a reporting gap)."""
    rank = {s: i for i, s in enumerate(BEHIND_ORDER)}
    behind = [r for r in results if r["status"] in rank]
    behind.sort(key=lambda r: (rank[r["status"]], r["ratio"] if r["ratio"] is not None else float("inf")))
    return behind[:limit]


def by_article(results: list[dict]) -> dict[int, list[dict]]:
    grouped: dict[int, list[dict]] = defaultdict(list)
    for r in results:
        grouped[r["article_id"]].append(r)
    return grouped


def by_target_year(results: list[dict]) -> list[dict]:
    """Targets grouped by the year they are due, with their status counts, earliest first."""
    years: dict[int, list[dict]] = defaultdict(list)
    for r in results:
        if r.get("target_year"):
            years[r["target_year"]].append(r)
    return [
        {"year": year, "total": len(rows), "counts": [c for c in status_counts(rows) if c[1]]}
        for year, rows in sorted(years.items())
    ]


def any_demo(results: list[dict]) -> bool:
    return any(r.get("is_demo") for r in results)
