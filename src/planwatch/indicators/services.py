"""The indicators app's entry points: targets from a plan import, data loads, demo data, series.

An article's targets are grouped into one indicator per indicator name; `Target.position` keeps
the document's order so a stored plan exports back exactly. A revision updates target rows in
place (keeping their ids and their indicator's) and only touches the rows that changed.

Data (observations) comes in through `load.py` (a CSV/XLSX file: every row checked first,
outside the write transaction, then all written or none), `replace_demo_data`, and the admin; all three write through
`observations.write_observations` and recompute the plan's derived indicators afterwards.
Callers own the transaction (`transaction.atomic` in the command), as everywhere.
"""

from __future__ import annotations

import random
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date

from planwatch.extract.model import TARGET_FIELDS
from planwatch.extract.model import Target as TargetDoc
from planwatch.plans.models import Plan
from planwatch.progress import Observation as SeriesPoint
from planwatch.progress.textual import change_direction_from_text

from . import demo
from .bases import BaseInfo, base_year_for, clear_base_value, get_base_value, plan_base_values, set_base_value
from .errors import DataError, LoadError
from .kinds import infer_frequency, infer_kind
from .load import (
    DEMO_DATA,
    LoadResult,
    check_file,
    commit_load,
    load_observations,
    prepare_load,
    record_bulk_write,
)
from .models import DEMO_SOURCE, Indicator, Observation, Target, direction_for
from .observations import ObservationInput, WriteSummary, edit_observation, write_observations
from .recompute import recompute_derived, resolve_formula

__all__ = [
    "BaseInfo",
    "DataError",
    "DemoResult",
    "LoadError",
    "LoadResult",
    "check_file",
    "commit_load",
    "base_year_for",
    "clear_base_value",
    "create_targets",
    "new_target_rows",
    "edit_observation",
    "get_base_value",
    "load_observations",
    "plan_base_values",
    "plan_for_data",
    "plan_series",
    "prepare_load",
    "recompute_derived",
    "replace_demo_data",
    "resolve_formula",
    "set_base_value",
    "sync_targets",
]


def _fields(t: TargetDoc) -> dict:
    values = {f: getattr(t, f) for f in TARGET_FIELDS}
    values["qualifiers"] = list(t.qualifiers)
    values["rate"] = t.rate or ""
    values["attribute"] = t.attribute or ""
    return values


class _Indicators:
    """The indicators of one article by name, created on first use."""

    def __init__(self, article, *, new: bool = False) -> None:
        self.article = article
        self.by_name = {} if new else {i.name: i for i in article.indicators.all()}

    def get(self, t: TargetDoc, position: int) -> Indicator:
        indicator = self.by_name.get(t.indicator)
        if indicator is None:
            indicator = new_indicator(article=self.article, target=t, position=position)
            indicator.save()
            self.by_name[t.indicator] = indicator
        return indicator


def new_indicator(*, article, target: TargetDoc, position: int) -> Indicator:
    """The (unsaved) indicator a plan's target names, its kind and frequency read from the text."""
    indicator = Indicator(
        plan_id=article.plan_id,
        article=article,
        name=target.indicator,
        measure_unit=target.unit,
        direction=direction_for(target.comparator),
        kind=infer_kind(basis=target.basis, name=target.indicator, rate=target.rate),
        frequency=infer_frequency(basis=target.basis),
        position=position,
    )
    if article.plan_id is None:  # a new plan, saved with the rest in the write transaction
        indicator.plan = article.plan
    return indicator


def new_target_rows(*, article, targets: Sequence[TargetDoc]) -> tuple[list[Indicator], list[Target]]:
    """A new article's indicators (one per distinct name, in order) and targets, unsaved: the
    plan import builds them before its write transaction and inserts them in bulk."""
    by_name: dict[str, Indicator] = {}
    rows = []
    for n, t in enumerate(targets):
        if t.indicator not in by_name:
            by_name[t.indicator] = new_indicator(article=article, target=t, position=n)
        rows.append(Target(indicator=by_name[t.indicator], position=n, **_fields(t)))
    return list(by_name.values()), rows


def create_targets(*, article, targets: Sequence[TargetDoc]) -> None:
    """Store the targets of a new article (an article a revision adds)."""
    indicators, rows = new_target_rows(article=article, targets=targets)
    Indicator.objects.bulk_create(indicators)
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


def plan_for_data(ref: str | int | None) -> Plan:
    """The plan named by ``ref``; without one, the only plan there is (else a Chinese error)."""
    if ref not in (None, ""):
        from planwatch.plans.services import get_plan  # plans.services imports this module

        return get_plan(ref)
    names = list(Plan.objects.order_by("name").values_list("name", flat=True)[:11])
    if len(names) == 1:
        return Plan.objects.get(name=names[0])
    if not names:
        raise DataError("数据库中还没有行动计划，请先用 planwatch import-plan 导入计划")
    shown = "、".join(names[:10]) + ("等" if len(names) > 10 else "")
    raise DataError(f"数据库中有多个计划（{shown}），请用 --plan 指定计划代号或编号")


def plan_series(*, plan: Plan) -> dict[int, list[SeriesPoint]]:
    """Every indicator's observations as the evaluation core takes them, in time order, in one
    query: {indicator id: [Observation(period, value as float)]}."""
    out: dict[int, list[SeriesPoint]] = {i: [] for i in plan.indicators.values_list("pk", flat=True)}
    rows = Observation.objects.filter(indicator__plan=plan).order_by("indicator_id", "period_key")
    for indicator_id, period, value in rows.values_list("indicator_id", "period", "value"):
        out[indicator_id].append(SeriesPoint(period, float(value)))
    return out


@dataclass
class DemoResult:
    written: WriteSummary
    derived: WriteSummary
    scenarios: dict[int, str]  # indicator id → the scenario its series was drawn for
    kept: int  # periods left alone because a real (non-demo) figure is stored there


def _timeline(plan: Plan, targets: dict[int, Target], as_of: date) -> demo.Timeline:
    years = [t.year for t in targets.values() if t.year]
    start = plan.period_start or (min(years) - 2 if years else as_of.year - 2)
    end = max([plan.period_end or start + 2, *years])
    bases = [t.base_year for t in targets.values() if t.base_year]
    return demo.Timeline(start=start, end=end, first_year=min([start - 3, *bases]), as_of=as_of)


def _demo_spec(indicator: Indicator, target: Target | None, timeline: demo.Timeline) -> demo.DemoSpec:
    common = {"key": indicator.pk, "unit": indicator.measure_unit, "kind": indicator.kind,
              "frequency": indicator.frequency}  # fmt: skip
    if target is None:
        return demo.DemoSpec(**common)
    text = f"{indicator.name}{target.source}"
    return demo.DemoSpec(
        **common, basis=target.basis, comparator=target.comparator, value=target.value,
        value_max=target.value_max, target_year=target.year or timeline.end,
        base_year=target.base_year or timeline.start - 1,
        decrease=change_direction_from_text(text) != "increase",
    )  # fmt: skip


def replace_demo_data(*, actor, plan: Plan, seed: int = 2023, as_of: date) -> DemoResult:
    """Fill every indicator of ``plan`` (derived ones excepted: they are computed) with demo
    series up to ``as_of``, marked ``is_demo`` with source 演示数据. Earlier demo data is
    replaced; a non-demo figure is never touched. The same seed and date give the same data, so
    a re-run writes nothing."""
    indicators = [i for i in plan.indicators.order_by("pk") if not i.is_derived]
    targets: dict[int, Target] = {}
    for t in Target.objects.filter(indicator__plan=plan).order_by("position", "pk"):
        targets.setdefault(t.indicator_id, t)
    timeline = _timeline(plan, targets, as_of)
    specs = [_demo_spec(i, targets.get(i.pk), timeline) for i in indicators]
    rng = random.Random(seed)
    scenarios = demo.assign_scenarios(specs, rng)
    real = set(
        Observation.objects.filter(indicator__plan=plan, is_demo=False).values_list("indicator_id", "period")
    )
    rows, kept = [], 0
    for spec in specs:
        for period, value in demo.generate(spec, scenarios.get(spec.key), timeline, rng):
            if (spec.key, period.code) in real:
                kept += 1
                continue
            rows.append(ObservationInput(
                indicator_id=spec.key, period=period, value=value, entered_value=value,
                entered_unit=spec.unit, source=DEMO_SOURCE, note=f"演示数据（随机种子 {seed}）", is_demo=True,
            ))  # fmt: skip
    written = write_observations(actor=actor, rows=rows, reason=DEMO_SOURCE)
    wanted = {(r.indicator_id, r.period.code) for r in rows}
    stale = [o.pk for o in Observation.objects.filter(indicator__plan=plan, is_demo=True, derived=False)
             if (o.indicator_id, o.period) not in wanted]  # fmt: skip
    written.deleted = Observation.objects.filter(pk__in=stale).delete()[1].get(Observation._meta.label, 0)
    derived = recompute_derived(actor=actor, plan=plan, reason=DEMO_SOURCE)
    record_bulk_write(
        actor, DEMO_DATA, plan, {"seed": seed, "as_of": as_of.isoformat()}, written, derived, DEMO_SOURCE
    )
    return DemoResult(written, derived, scenarios, kept)
