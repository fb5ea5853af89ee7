"""Derived indicators of a plan: formulas resolved to indicators, values computed and stored.

Derived values are *stored* as observations (``derived=True``, with their inputs recorded)
rather than computed on every read: the evaluation, the charts and the exports then read one
table the same way for every indicator, a page never recomputes formulas (DESIGN: compute once
per data change, not once per view), and each computed value shows exactly which input figures
it came from. They are recomputed whenever data of the plan is written (`recompute_derived`),
so a changed input updates them, with a revision like any other change.

A value is computed for every period in which all inputs have a figure; a period where an input
is missing or a divisor is zero gets none. A period for which someone entered a figure by hand
(before the formula was set) keeps that figure.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from decimal import Context, Decimal

from planwatch.progress.periods import parse_period

from .derived import Formula, FormulaError, evaluate_formula, id_name, parse_formula
from .errors import DataError
from .models import Indicator, Observation
from .observations import ObservationInput, WriteSummary, plain, write_observations

_SIGNIFICANT = Context(prec=12)


@dataclass(frozen=True)
class Resolved:
    indicator: Indicator
    formula: Formula
    inputs: dict[str, Indicator]  # formula name → indicator


def _references(indicators: list[Indicator]) -> dict[str, Indicator]:
    """Every name a formula may use: codes, #ids, and names that are unique plain words."""
    refs: dict[str, Indicator] = {id_name(i.pk): i for i in indicators}
    counts: dict[str, int] = defaultdict(int)
    for i in indicators:
        counts[i.name] += 1
    refs.update({i.name: i for i in indicators if i.name.isidentifier() and counts[i.name] == 1})
    refs.update({i.code: i for i in indicators if i.code})
    return refs


def resolve_formula(*, indicator: Indicator, text: str | None = None, indicators=None) -> Resolved:
    """The formula of ``indicator`` (or ``text``) with each name bound to an indicator of its
    plan; raises `DataError` for a bad formula, an unknown name or a formula naming itself."""
    pool = (
        list(indicators)
        if indicators is not None
        else list(Indicator.objects.filter(plan_id=indicator.plan_id))
    )
    try:
        formula = parse_formula(indicator.formula if text is None else text)
    except FormulaError as exc:
        raise DataError(f"指标“{indicator.name}”的公式无效：{exc}") from exc
    refs, inputs = _references(pool), {}
    for name in formula.names:
        target = refs.get(name)
        if target is None:
            shown = name.replace("_id", "#") if name.startswith("_id") else name
            raise DataError(f"指标“{indicator.name}”的公式中，“{shown}”不是本计划指标的编码、#编号或名称")
        if target.pk == indicator.pk:
            raise DataError(f"指标“{indicator.name}”的公式不能引用它自己")
        inputs[name] = target
    return Resolved(indicator, formula, inputs)


def derived_in_order(*, plan, extra: Indicator | None = None) -> list[Resolved]:
    """The plan's derived indicators, each after the derived indicators it uses; a cycle is refused.

    ``extra`` is an unsaved edit of one indicator (its new formula), checked as if saved."""
    pool = [
        extra if extra is not None and i.pk == extra.pk else i for i in Indicator.objects.filter(plan=plan)
    ]
    resolved = {i.pk: resolve_formula(indicator=i, indicators=pool) for i in pool if i.is_derived}
    order, state = [], {}

    def visit(pk: int, path: list[str]) -> None:
        if state.get(pk) == "done":
            return
        if state.get(pk) == "open":
            raise DataError("计算指标的公式循环引用：" + " → ".join(path))
        state[pk] = "open"
        for dep in resolved[pk].inputs.values():
            if dep.pk in resolved:
                visit(dep.pk, [*path, dep.name])
        state[pk] = "done"
        order.append(resolved[pk])

    for pk, r in resolved.items():
        visit(pk, [r.indicator.name])
    return order


def _values(indicator_ids) -> dict[int, dict[str, Observation]]:
    out: dict[int, dict[str, Observation]] = defaultdict(dict)
    for obs in Observation.objects.filter(indicator_id__in=indicator_ids):
        out[obs.indicator_id][obs.period] = obs
    return out


def _compute(r: Resolved, values: dict[int, dict[str, Observation]]) -> list[ObservationInput]:
    own = values.get(r.indicator.pk, {})
    inputs = list(r.inputs.items())
    periods = set.intersection(*(set(values.get(i.pk, {})) for _, i in inputs)) if inputs else set()
    rows = []
    for code in sorted(periods, key=parse_period):
        if code in own and not own[code].derived:
            continue  # a figure entered by hand stays
        used = {name: values[i.pk][code] for name, i in inputs}
        try:
            result = evaluate_formula(r.formula, {name: obs.value for name, obs in used.items()})
        except FormulaError:
            continue
        rows.append(_row(r, code, _SIGNIFICANT.plus(result), used))
    return rows


def _row(r: Resolved, code: str, value: Decimal, used: dict[str, Observation]) -> ObservationInput:
    recorded = tuple(
        {"name": name, "indicator": obs.indicator_id, "period": code, "value": plain(obs.value)}
        for name, obs in used.items()
    )
    return ObservationInput(
        indicator_id=r.indicator.pk, period=parse_period(code), value=value, entered_value=value,
        entered_unit=r.indicator.measure_unit, source=f"公式：{r.formula.text}",
        is_demo=any(obs.is_demo for obs in used.values()), derived=True, inputs=recorded,
    )  # fmt: skip


def recompute_derived(*, actor, plan, reason: str = "重新计算：输入数据变化") -> WriteSummary:
    """Compute every derived indicator of ``plan`` for every period its inputs cover; store what
    changed and delete computed values whose inputs are gone."""
    order = derived_in_order(plan=plan)
    if not order:
        return WriteSummary()
    ids = {r.indicator.pk for r in order} | {i.pk for r in order for i in r.inputs.values()}
    values, summary = _values(ids), WriteSummary()
    for r in order:
        rows = _compute(r, values)
        summary += write_observations(actor=actor, rows=rows, reason=reason)
        keep = {row.period.code for row in rows}
        stale = Observation.objects.filter(indicator=r.indicator, derived=True).exclude(period__in=keep)
        summary.deleted += stale.delete()[1].get(Observation._meta.label, 0)
        values[r.indicator.pk] = {o.period: o for o in Observation.objects.filter(indicator=r.indicator)}
    return summary
