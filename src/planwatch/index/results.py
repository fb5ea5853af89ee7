"""A version's results: the stored figures fed to `core.compute`, kept until the data changes.

Each indicator's figure for a year is its year-end value (a stock's 31 December figure, a flow's
complete year total: `progress.series.value_at_year_end`), approved figures only, periods ended
by the evaluation date. Where the figures allow (some indicator reported by quarter, half-year
or month), the same index is given per quarter: a stock's value at the quarter's end, a flow's
total of the four quarters ending then (a rolling year, so it compares with the yearly figures
and a fourth quarter is its year), scored against the yearly figures' bounds.

Other units' figures (对比单位, `indicators.ComparisonFigure`) enter as further entities: the
same definition gives each of them an index, ranked; their figures share the observed bounds
and entropy weights, so the plan's own index is read on the common scale.

Results are kept in the evaluation cache under the version (immutable), the plan's data version
(`plans.versions.data_version`) and the comparison figures' (`comparison_version`: the plan's
data version does not count them), so a page costs a few queries however many indicators and
years, and a corrected figure gives new results at once. A version replaced by a newer one
shows the results stored when it was replaced (`keep_results`).
The dict returned is the JSON of `GET /api/v1/plans/{id}/index` and `planwatch index`;
`index_as_of(plan, as_of)` is the one call for "the index of plan P as of date X".
"""

from __future__ import annotations

import hashlib
import math
from datetime import date

import numpy as np
from django.core.cache import caches
from django.db.models import Count, Max, Sum
from django.utils import timezone

from planwatch.indicators.evaluation import today
from planwatch.indicators.evaluation_cache import CACHE
from planwatch.indicators.models import ComparisonFigure, Observation, ObservationStatus
from planwatch.plans.versions import data_version
from planwatch.progress.periods import Period, parse_period
from planwatch.progress.series import Point, non_overlapping, prepare, value_at_year_end

from .core import METHOD_LABELS, WEIGHTING_LABELS, IndexSpec, compute
from .models import IndexDefinition, IndexIndicator, IndexSnapshot

OWN = "本计划"  # the plan's own figures: the first entity, before any comparison unit
MIN_QUARTER_COVERAGE = 0.5  # a quarter's figures must carry half the index's weight to give an index


def index_as_of(plan, as_of: date | None = None) -> dict | None:
    """The index of ``plan`` (its latest version) as of ``as_of`` (default: the evaluation
    date), or None when the plan has no index: what a report's index section reads."""
    from .services import latest_definition

    definition = latest_definition(plan)
    return None if definition is None else index_result(definition=definition, as_of=as_of)


def index_result(*, definition: IndexDefinition, as_of: date | None = None) -> dict:
    """The API object of `definition` as of `as_of` (default: the evaluation date). A replaced
    version without an explicit `as_of` gives the results stored when it was replaced."""
    if as_of is None and (kept := stored_result(definition)) is not None:
        return kept
    as_of = as_of or today()
    version = _version(definition)
    key = f"index:{definition.pk}:{as_of.isoformat()}:{version}"
    kept = caches[CACHE].get(key)
    if kept is not None:
        return kept
    result = _compute(definition, as_of)
    if version is not None and _version(definition) == version:  # no write meanwhile
        caches[CACHE].set(key, result, timeout=None)
    return result


def _version(definition: IndexDefinition) -> str | None:
    """The plan's data version and its comparison figures' (None: not to be kept)."""
    plan_version = data_version(definition.plan_id)
    if plan_version is None:
        return None
    digest = hashlib.blake2b(repr(comparison_version(definition.plan_id)).encode(), digest_size=8).hexdigest()
    return f"{plan_version}:{digest}"


def comparison_version(plan) -> tuple:
    """What the comparison units' figures add to the plan's data version (the evaluation's
    fingerprint does not read them): their count, last id, last load and sum, in one query."""
    others = ComparisonFigure.objects.filter(indicator__plan_id=getattr(plan, "pk", plan)).aggregate(
        n=Count("pk"), last=Max("pk"), at=Max("entered_at"), total=Sum("value")
    )
    return tuple(others.values())


def stored_result(definition: IndexDefinition) -> dict | None:
    snapshot = IndexSnapshot.objects.filter(definition=definition).first()
    if snapshot is None:
        return None
    return {**snapshot.result, "stored_at": snapshot.computed_at.isoformat()}


def keep_results(definition: IndexDefinition) -> None:
    """Store `definition`'s results as they stand now (once): called when a newer version
    replaces it, inside that save's transaction."""
    if IndexSnapshot.objects.filter(definition=definition).exists():
        return
    as_of = today()
    IndexSnapshot.objects.create(
        definition=definition,
        result=index_result(definition=definition, as_of=as_of),
        as_of=as_of,
        computed_at=timezone.now(),
    )


def _members(definition) -> list[IndexIndicator]:
    return list(
        IndexIndicator.objects.filter(dimension__definition=definition)
        .select_related("dimension__definition", "indicator")
        .order_by("dimension__position", "position")
    )


Series = dict[int, list[Point]]  # indicator id → its figures, prepared


def figures(members: list[IndexIndicator], as_of: date) -> tuple[list[str], list[Series]]:
    """(entity names, each entity's series): the plan's own approved figures first, then every
    comparison unit with a figure for a member, by name. Two queries."""
    ids = [m.indicator_id for m in members]
    raw: dict[str, dict[int, list]] = {OWN: {}}
    rows = Observation.objects.filter(indicator_id__in=ids, status=ObservationStatus.APPROVED)
    for indicator_id, period, value in rows.values_list("indicator_id", "period", "value"):
        raw[OWN].setdefault(indicator_id, []).append((period, float(value)))
    others = ComparisonFigure.objects.filter(indicator_id__in=ids).order_by("entity")
    for entity, indicator_id, period, value in others.values_list("entity", "indicator_id", "period", "value"):
        raw.setdefault(entity, {}).setdefault(indicator_id, []).append((period, float(value)))
    return list(raw), [{k: prepare(v, as_of) for k, v in series.items()} for series in raw.values()]


def yearly_values(members: list[IndexIndicator], series: list[Series]) -> tuple[list[int], np.ndarray]:
    """(the plan's years, from its first to its last with any figure; entities × indicators ×
    years, NaN where none)."""
    by_year = [
        [_year_figures(s.get(m.indicator_id, []), m.indicator.kind) for m in members] for s in series
    ]
    found = [y for row in by_year[0] for y in row]
    years = list(range(min(found), max(found) + 1)) if found else []
    values = np.array([[[row.get(y, np.nan) for y in years] for row in e] for e in by_year], dtype=float)
    return years, values.reshape(len(series), len(members), len(years))


def _year_figures(points: list[Point], kind: str) -> dict[int, float]:
    figures = {y: value_at_year_end(points, y, kind) for y in {p.period.year for p in points}}
    return {y: v for y, v in figures.items() if v is not None}


def quarters(members: list[IndexIndicator], own: Series, as_of: date) -> list[Period]:
    """The quarters to give an index for: from the first quarter of the first year in which a
    member has a figure for less than a year, to the last quarter ended by ``as_of`` — none
    when every member reports only whole years (the quarters would repeat the years)."""
    points = [p for m in members for p in own.get(m.indicator_id, [])]
    finer = [p.period.year for p in points if p.period.span < 12]
    if not finer:
        return []
    last = max(p.period for p in points)
    out = []
    for year in range(min(finer), last.year + 1):
        out += [q for n in range(1, 5) if (q := parse_period(f"{year}Q{n}")).end <= as_of and q <= last]
    return out


def quarter_figure(points: list[Point], quarter: Period, kind: str) -> float | None:
    """A stock's value at the end of ``quarter`` (the longest period ending then); a flow's
    total over the twelve months ending then, from periods inside them that cover every month
    once (a year's figure for the fourth quarter; Q2–Q4 of last year and Q1 for a first)."""
    if kind == "stock":
        hits = [p for p in points if p.period.end == quarter.end]
        return max(hits, key=lambda p: p.period).value if hits else None
    inside = [p for p in points if _in_rolling_year(p.period, quarter)]
    kept = non_overlapping(inside)
    if sum(p.period.span for p in kept) != 12:
        return None
    return sum(p.value for p in kept)


def _in_rolling_year(period: Period, quarter: Period) -> bool:
    if period.year == quarter.year:
        return period.end_month <= quarter.end_month
    return period.year == quarter.year - 1 and period.start_month > quarter.end_month


def spec_for(definition: IndexDefinition, members: list[IndexIndicator]) -> IndexSpec:
    dims = sorted({m.dimension.position: m.dimension for m in members}.items())
    position = {d.pk: i for i, (_, d) in enumerate(dims)}
    nan = float("nan")
    return IndexSpec(
        dimension=[position[m.dimension_id] for m in members],
        direction=[1 if m.direction == "higher" else -1 for m in members],
        method=[m.method or definition.method for m in members],
        dimension_weights=[d.weight for _, d in dims],
        weights=[m.weight for m in members],
        weighting=definition.weighting,
        targets=[nan if m.target is None else m.target for m in members],
        worst=[nan if m.worst is None else m.worst for m in members],
        best=[nan if m.best is None else m.best for m in members],
    )


def _compute(definition: IndexDefinition, as_of: date) -> dict:
    members = _members(definition)
    entities, series = figures(members, as_of)
    years, values = yearly_values(members, series)
    head = {**_head(definition, as_of), "quarters": [], "entities": [], "ranking": None}
    if not members or not years:
        return {**head, "dimensions": _dimensions(members, None), "years": []}
    spec = spec_for(definition, members)
    result = compute(values, spec)
    head["dimensions"] = _dimensions(members, result)
    names = [d["name"] for d in head["dimensions"]]
    head["years"] = [
        {"year": year, **_period(t, members, names, values[0], result)} for t, year in enumerate(years)
    ]
    head["quarters"] = _quarters(members, names, series[0], as_of, spec, values)
    if len(entities) > 1:
        head["entities"] = _entities(entities, years, result)
        head["ranking"] = ranking(head["entities"])
    return head


def _quarters(members, names, own: Series, as_of: date, spec: IndexSpec, yearly: np.ndarray) -> list[dict]:
    """The quarterly results where the figures allow: a quarter whose figures cover less than
    `MIN_QUARTER_COVERAGE` of the index's weight gets no index (its figures are left out, so the
    changes and contributions around it are not read off a sliver of the index); quarters
    without an index at either end are dropped, and so is the whole list when only fourth
    quarters remain (they would repeat the years)."""
    wanted = quarters(members, own, as_of)
    if not wanted:
        return []
    kinds = [m.indicator.kind for m in members]
    cube = np.array(
        [[quarter_figure(own.get(m.indicator_id, []), q, k) for q in wanted] for m, k in zip(members, kinds, strict=True)],
        dtype=float,
    ).reshape(len(members), len(wanted))  # None → NaN
    result = compute(cube[None], spec, reference=yearly)
    thin = ~(result.coverage[0] >= MIN_QUARTER_COVERAGE)
    if thin.any():
        cube[:, thin] = np.nan
        result = compute(cube[None], spec, reference=yearly)
    kept = [t for t in range(len(wanted)) if not np.isnan(result.index[0, t])]
    if not kept or all(wanted[t].end_month == 12 for t in kept):
        return []
    return [
        {"quarter": q.code, "label": q.label, **_period(t, members, names, cube, result)}
        for t, q in enumerate(wanted)
        if kept[0] <= t <= kept[-1]
    ]


def _entities(entities: list[str], years: list[int], result) -> list[dict]:
    return [
        {
            "name": name,
            "own": e == 0,
            "years": [
                {"year": y, "index": _num(result.index[e, t]), "coverage": _num(result.coverage[e, t])}
                for t, y in enumerate(years)
            ],
        }
        for e, name in enumerate(entities)
    ]


def ranking(entities: list[dict]) -> dict | None:
    """The latest year in which the plan and at least one comparison unit have an index, every
    unit ranked by it (highest first; a unit without one that year last, unranked)."""
    own = next(e for e in entities if e["own"])
    for t in reversed(range(len(own["years"]))):
        scored = [e for e in entities if e["years"][t]["index"] is not None]
        if own["years"][t]["index"] is None or len(scored) < 2:
            continue
        scored.sort(key=lambda e: -e["years"][t]["index"])
        rows = [{"rank": r, "name": e["name"], "own": e["own"], **_pick(e["years"][t])} for r, e in enumerate(scored, 1)]
        rows += [{"rank": None, "name": e["name"], "own": e["own"], "index": None, "coverage": None}
                 for e in entities if e not in scored]  # fmt: skip
        return {"year": own["years"][t]["year"], "rows": rows}
    return None


def _pick(year: dict) -> dict:
    return {"index": year["index"], "coverage": year["coverage"]}


def _dimensions(members, result) -> list[dict]:
    """The dimensions with their shares of the index (None before any figure: entropy weights
    need data) and the office's weights as set."""
    names = list(dict.fromkeys(m.dimension.name for m in members))
    return [
        {
            "name": name,
            "weight": None if result is None else float(result.dimension_weights[d]),
            "set_weight": next(m.dimension.weight for m in members if m.dimension.name == name),
            "indicators": [
                _indicator(m, i, result) for i, m in enumerate(members) if m.dimension.name == name
            ],
        }
        for d, name in enumerate(names)
    ]


def _head(definition: IndexDefinition, as_of: date) -> dict:
    return {
        "plan": definition.plan_id,
        "version": definition.version,
        "name": definition.name,
        "method": definition.method,
        "method_label": METHOD_LABELS[definition.method],
        "weighting": definition.weighting,
        "weighting_label": WEIGHTING_LABELS[definition.weighting],
        "created_at": definition.created_at.isoformat(),
        "as_of": as_of.isoformat(),
        "stored_at": None,  # a replaced version's stored results say when they were computed
    }


def _indicator(m: IndexIndicator, i: int, result) -> dict:
    method = m.method or m.dimension.definition.method  # the definition is joined: no query
    return {
        "id": m.indicator_id,
        "name": m.indicator.name,
        "unit": m.indicator.measure_unit,
        "weight": None if result is None else float(result.weights[i]),
        "set_weight": m.weight,
        "direction": m.direction,
        "method": method,
        "method_label": METHOD_LABELS[method],
        "target": m.target,
        "worst": m.worst,
        "best": m.best,
    }


def _num(value) -> float | None:
    value = float(value)
    return None if math.isnan(value) else value


def _period(t: int, members, names, values, result) -> dict:
    """The plan's own (entity 0) figures of period ``t``: index, change, coverage, sub-indices,
    each indicator's contribution, score and figure."""
    ids = [str(m.indicator_id) for m in members]
    index = _num(result.index[0, t])
    previous = _num(result.index[0, t - 1]) if t else None
    contributions = {
        k: v for k, c in zip(ids, result.contributions[0, :, t], strict=True) if (v := _num(c)) is not None
    }
    return {
        "index": index,
        "change": index - previous if index is not None and previous is not None else None,
        "coverage": _num(result.coverage[0, t]),
        "dimensions": {n: _num(result.dimensions[0, d, t]) for d, n in enumerate(names)},
        "dimension_coverage": {n: _num(result.dimension_coverage[0, d, t]) for d, n in enumerate(names)},
        "contributions": contributions,
        "scores": {k: _num(s) for k, s in zip(ids, result.scores[0, :, t], strict=True)},
        "values": {k: _num(v) for k, v in zip(ids, values[:, t], strict=True)},
    }


def dashboard_line(*, plan) -> dict | None:
    """What the dashboard says of the index in one line: the latest year's index, its change and
    coverage (None when the plan has no index yet)."""
    from .services import latest_definition
    from .table import last_change

    definition = latest_definition(plan)
    if definition is None:
        return None
    last = last_change(index_result(definition=definition))
    return {"name": definition.name, "version": definition.version, **(last or {"year": None})}
