"""Indicators and targets of a plan's articles, written from extracted targets.

An article's targets are grouped into one indicator per indicator name; `Target.position` keeps
the document's order so a stored plan exports back exactly. A revision updates target rows in
place (keeping their ids and their indicator's) and only touches the rows that changed.
"""

from __future__ import annotations

from collections.abc import Sequence

from planwatch.extract.model import Target as TargetDoc

from .models import Indicator, Target, direction_for

TARGET_FIELDS = (
    "value",
    "value_max",
    "unit",
    "comparator",
    "basis",
    "year",
    "base_year",
    "qualifiers",
    "source",
)


def _fields(t: TargetDoc) -> dict:
    values = {f: getattr(t, f) for f in TARGET_FIELDS}
    values["qualifiers"] = list(t.qualifiers)
    return values


class _Indicators:
    """The indicators of one article by name, created on first use."""

    def __init__(self, article, *, new: bool = False) -> None:
        self.article = article
        self.by_name = {} if new else {i.name: i for i in article.indicators.all()}

    def get(self, t: TargetDoc, position: int) -> Indicator:
        indicator = self.by_name.get(t.indicator)
        if indicator is None:
            indicator = Indicator.objects.create(
                plan_id=self.article.plan_id,
                article=self.article,
                name=t.indicator,
                measure_unit=t.unit,
                direction=direction_for(t.comparator),
                position=position,
            )
            self.by_name[t.indicator] = indicator
        return indicator


def create_targets(*, article, targets: Sequence[TargetDoc]) -> None:
    """Store the targets of a new article."""
    indicators = _Indicators(article, new=True)
    rows = [Target(indicator=indicators.get(t, n), position=n, **_fields(t)) for n, t in enumerate(targets)]
    Target.objects.bulk_create(rows)


def sync_targets(
    *, article, rows: Sequence[Target], targets: Sequence[TargetDoc], pairs: Sequence[tuple[int, int]]
) -> None:
    """Apply a revision to one article: `pairs` match stored `rows` to the new `targets`.

    Matched rows are updated in place, unmatched rows deleted, unmatched targets created; an
    indicator left without targets goes with its last one.
    """
    indicators = _Indicators(article)
    before = {row.indicator_id for row in rows}
    matched = {i for i, _ in pairs}
    for i, j in pairs:
        _update(rows[i], targets[j], j, indicators)
    Target.objects.filter(pk__in=[row.pk for i, row in enumerate(rows) if i not in matched]).delete()
    new = {j for _, j in pairs}
    Target.objects.bulk_create(
        [
            Target(indicator=indicators.get(t, j), position=j, **_fields(t))
            for j, t in enumerate(targets)
            if j not in new
        ]
    )
    Indicator.objects.filter(pk__in=before, targets__isnull=True).delete()


def _update(row: Target, t: TargetDoc, position: int, indicators: _Indicators) -> None:
    wanted = {**_fields(t), "position": position}
    dirty = row.indicator.name != t.indicator
    if dirty:
        _rename(row, t, position, indicators)
    if row.comparator != t.comparator:
        row.indicator.direction = direction_for(t.comparator)
        row.indicator.save()
    if dirty or any(getattr(row, f) != v for f, v in wanted.items()):
        for f, v in wanted.items():
            setattr(row, f, v)
        row.save()


def _rename(row: Target, t: TargetDoc, position: int, indicators: _Indicators) -> None:
    """An indicator renamed by the editors keeps its row when this target is its only one."""
    indicator = row.indicator
    alone = not indicator.targets.exclude(pk=row.pk).exists()
    if alone and t.indicator not in indicators.by_name:
        del indicators.by_name[indicator.name]
        indicator.name = t.indicator
        indicator.save()
        indicators.by_name[indicator.name] = indicator
    else:
        row.indicator = indicators.get(t, position)
