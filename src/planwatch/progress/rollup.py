"""Roll-ups: counts of targets by status per chapter, article or responsible unit.

Parent totals come from their children, never from a separate count that could drift
(akvo-rsr #3730); a lead unit answering for several articles simply appears in several pairs.
"""

from __future__ import annotations

from collections.abc import Hashable, Iterable

from .model import STATUSES


def rollup(items: Iterable[tuple[Hashable, str]]) -> dict[Hashable, dict[str, int]]:
    """{key: {status: count}} with every status present (zeros included) in `STATUSES` order,
    best first, so tables and stacked bars line up without special cases."""
    out: dict[Hashable, dict[str, int]] = {}
    order = tuple(reversed(STATUSES))
    for key, status in items:
        if status not in STATUSES:
            raise ValueError(f"未知的状态：{status}")
        counts = out.setdefault(key, dict.fromkeys(order, 0))
        counts[status] += 1
    return out
