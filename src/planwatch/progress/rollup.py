"""Roll-ups: counts of targets by status per chapter, article or responsible unit.

Parent totals come from their children, never from a separate count that could drift
(akvo-rsr #3730); a lead unit answering for several articles simply appears in several pairs.
"""

from __future__ import annotations

from collections.abc import Hashable, Iterable

from .model import STANDINGS


def rollup(items: Iterable[tuple[Hashable, str]]) -> dict[Hashable, dict[str, int]]:
    """{key: {standing: count}} with every standing present (zeros included) in `STANDINGS`
    order, best first, so tables and stacked bars line up without special cases. A standing is
    a status, or a verdict (已实现 / 未实现 / 待最终数据) once a target's years are over."""
    out: dict[Hashable, dict[str, int]] = {}
    for key, standing in items:
        if standing not in STANDINGS:
            raise ValueError(f"未知的状态：{standing}")
        counts = out.setdefault(key, dict.fromkeys(STANDINGS, 0))
        counts[standing] += 1
    return out
