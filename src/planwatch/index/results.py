"""A version's results: the stored figures fed to `core.compute`, kept until the data changes.

Each indicator's figure for a year is its year-end value (a stock's 31 December figure, a flow's
complete year total: `progress.series.value_at_year_end`), approved figures only, periods ended
by the evaluation date. Results are kept in the evaluation cache under the version (immutable)
and the plan's data version (`plans.versions.data_version`), so a page costs a
few queries however many indicators and years, and a corrected figure gives new results at once.
The dict returned is the JSON of `GET /api/v1/plans/{id}/index` and `planwatch index`.
"""

from __future__ import annotations

import math
from datetime import date

import numpy as np
from django.core.cache import caches

from planwatch.indicators.evaluation import today
from planwatch.indicators.evaluation_cache import CACHE
from planwatch.indicators.models import Observation, ObservationStatus
from planwatch.plans.versions import data_version
from planwatch.progress.series import prepare, value_at_year_end

from .core import METHOD_LABELS, WEIGHTING_LABELS, IndexSpec, compute
from .models import IndexDefinition, IndexIndicator


def index_result(*, definition: IndexDefinition, as_of: date | None = None) -> dict:
    """The API object of `definition` as of `as_of` (default: the evaluation date)."""
    as_of = as_of or today()
    version = data_version(definition.plan_id)
    key = f"index:{definition.pk}:{as_of.isoformat()}:{version}"
    kept = caches[CACHE].get(key)
    if kept is not None:
        return kept
    result = _compute(definition, as_of)
    if version is not None and data_version(definition.plan_id) == version:  # no write meanwhile
        caches[CACHE].set(key, result, timeout=None)
    return result


def _members(definition) -> list[IndexIndicator]:
    return list(
        IndexIndicator.objects.filter(dimension__definition=definition)
        .select_related("dimension__definition", "indicator")
        .order_by("dimension__position", "position")
    )


def yearly_values(members: list[IndexIndicator], as_of: date) -> tuple[list[int], np.ndarray]:
    """(years from the first to the last with any figure, indicators × years, NaN where none)."""
    ids = [m.indicator_id for m in members]
    rows = Observation.objects.filter(indicator_id__in=ids, status=ObservationStatus.APPROVED)
    series: dict[int, list] = {}
    for indicator_id, period, value in rows.values_list("indicator_id", "period", "value"):
        series.setdefault(indicator_id, []).append((period, float(value)))
    by_year: list[dict[int, float]] = []
    for m in members:
        points = prepare(series.get(m.indicator_id, []), as_of)
        years = {p.period.year for p in points}
        figures = {y: value_at_year_end(points, y, m.indicator.kind) for y in years}
        by_year.append({y: v for y, v in figures.items() if v is not None})
    found = [y for row in by_year for y in row]
    years = list(range(min(found), max(found) + 1)) if found else []
    values = np.array([[row.get(y, np.nan) for y in years] for row in by_year], dtype=float)
    return years, values.reshape(len(members), len(years))


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
    years, values = yearly_values(members, as_of)
    head = _head(definition, as_of)
    if not members or not years:
        return {**head, "dimensions": _dimensions(members, None), "years": []}
    result = compute(values[None], spec_for(definition, members))
    head["dimensions"] = _dimensions(members, result)
    names = [d["name"] for d in head["dimensions"]]
    head["years"] = [_year(t, year, members, names, values, result) for t, year in enumerate(years)]
    return head


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


def _year(t: int, year: int, members, names, values, result) -> dict:
    ids = [str(m.indicator_id) for m in members]
    index = _num(result.index[0, t])
    previous = _num(result.index[0, t - 1]) if t else None
    contributions = {
        k: v for k, c in zip(ids, result.contributions[0, :, t], strict=True) if (v := _num(c)) is not None
    }
    return {
        "year": year,
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
