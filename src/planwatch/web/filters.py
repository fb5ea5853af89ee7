"""Filtering evaluation results by the list page's query string: status (or "behind" for the
three behind statuses), chapter, unit and a name search — all in memory over the cached
evaluation, so a filter costs no query."""

from __future__ import annotations

from .formatting import BEHIND_ORDER, STATUS_ORDER


def _int(text) -> int | None:
    try:
        return int(text)
    except (TypeError, ValueError):
        return None


def filter_results(rows: list[dict], params) -> tuple[list[dict], dict]:
    """(the rows that match, the filters as understood) — unknown values are ignored."""
    status = params.get("status", "")
    status = status if status in STATUS_ORDER or status == "behind" else ""
    chapter, unit = _int(params.get("chapter")), _int(params.get("unit"))
    q = (params.get("q") or "").strip()[:100]
    shown = rows
    if status == "behind":
        shown = [r for r in shown if r["status"] in BEHIND_ORDER]
    elif status:
        shown = [r for r in shown if r["standing"] == status]
    if chapter is not None:
        shown = [r for r in shown if r["chapter"] == chapter]
    if unit is not None:
        shown = [r for r in shown if any(u["id"] == unit for u in r.get("units") or [])]
    if q:
        shown = [r for r in shown if q in r["indicator"] or q in (r.get("article") or "")]
    return shown, {"status": status, "chapter": chapter, "unit": unit, "q": q}


def unit_choices(rows: list[dict]) -> list[tuple[int, str]]:
    """The units named on the given results, by name, for the unit filter."""
    seen = {u["id"]: u["name"] for r in rows for u in r.get("units") or []}
    return sorted(seen.items(), key=lambda item: item[1])
