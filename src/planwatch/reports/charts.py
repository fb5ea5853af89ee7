"""The progress report's charts, as data: status by chapter and each headline target's series.

Each function returns a `wordcharts.ChartSpec` (drawn by Word itself as a native chart) or None
when there is nothing to draw — a chart is never drawn from fewer figures than it needs.
"""

from __future__ import annotations

from planwatch.progress import period_label

from .facts import Facts
from .wordcharts import ChartSpec, Series

# the report's four groups of standings, in the table's order, with the lights' colours
STATUS_GROUPS = (
    ("完成或顺利", ("met", "achieved", "on_track"), "70AD47"),
    ("需加快", ("needs_acceleration",), "FFC000"),
    ("滞后或倒退", ("off_track", "deteriorating", "missed"), "C00000"),
    ("数据不足", ("no_data", "pending"), "A6A6A6"),
)
MIN_POINTS = 2  # a line needs two figures


def status_by_chapter(facts: Facts) -> ChartSpec | None:
    """A stacked bar per chapter with targets: how many are in each group of standings."""
    chapters = [(c, facts.results_of(c.number)) for c in facts.chapters]
    chapters = [(c, rows) for c, rows in chapters if rows]
    if not chapters:
        return None
    series = tuple(
        Series(name, tuple(sum(r["standing"] in standings for r in rows) for _, rows in chapters), colour)
        for name, standings, colour in STATUS_GROUPS
    )
    categories = tuple(c.title or c.label for c, _ in chapters)
    return ChartSpec("bar_stacked", "各章目标状态（个）", categories, series, number_format="0")


def headline_series(facts: Facts, row: dict) -> ChartSpec | None:
    """The approved figures of one headline target's indicator up to the period's end."""
    figures = facts.series.get(row["indicator_id"])
    if figures is None or len(figures.points) < MIN_POINTS:
        return None
    title = f"{row['indicator']}（{figures.unit}）" if figures.unit else row["indicator"]
    values = Series("实际值", tuple(v for _, v in figures.points), "2F5597")
    return ChartSpec("line", title, tuple(period_label(p) for p, _ in figures.points), (values,))
