"""Statistics of a plan's items: on-time 办结 rate by unit, average days to 办结, items by source.

On time: closed on or before the deadline in force (an extension granted moves it). Days to
办结: from 交办 (or 立项 when never assigned) to 办结, in calendar days.
"""

from __future__ import annotations

from collections import Counter, defaultdict

from .models import ItemState, Source


def statistics(items) -> dict:
    rows = list(items.select_related("lead_unit").only(
        "state", "source", "deadline", "closed_on", "assigned_on", "created_at", "light", "lead_unit__name"))  # fmt: skip
    by_unit: dict = defaultdict(lambda: {"items": 0, "closed": 0, "on_time": 0, "days": 0})
    for item in rows:
        unit = by_unit[item.lead_unit.name]
        unit["items"] += 1
        if item.state == ItemState.CLOSED and item.closed_on:
            start = item.assigned_on or item.created_at.date()
            unit["closed"] += 1
            unit["on_time"] += item.closed_on <= item.deadline
            unit["days"] += (item.closed_on - start).days
    units = [
        {"unit": name, "items": u["items"], "closed": u["closed"], "on_time": u["on_time"],
         "on_time_rate": round(u["on_time"] / u["closed"], 3) if u["closed"] else None,
         "average_days": round(u["days"] / u["closed"], 1) if u["closed"] else None}
        for name, u in sorted(by_unit.items())
    ]  # fmt: skip
    closed = [u for u in units if u["closed"]]
    total_closed = sum(u["closed"] for u in closed)
    sources = Counter(item.source for item in rows)
    return {
        "items": len(rows),
        "closed": total_closed,
        "on_time_rate": round(sum(u["on_time"] for u in closed) / total_closed, 3) if total_closed else None,
        "average_days": round(sum(by_unit[u["unit"]]["days"] for u in closed) / total_closed, 1) if total_closed else None,
        "by_unit": units,
        "by_source": [{"source": s, "label": Source(s).label, "items": sources[s]} for s in Source.values],
        "by_light": dict(Counter(item.light or "none" for item in rows if item.state != ItemState.CLOSED)),
    }
