"""The entry points: one target and its series → an `Evaluation`, as of a date.

Status is a function of (target, series, today) and nothing else — no database, no clock — so
the apps can evaluate once per data change and store the result, and the tests can pin every
rule with hand-computed cases.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from datetime import date

from .level import evaluate_level
from .model import Evaluation, Observation, TargetSpec
from .pace import evaluate_annual, evaluate_cumulative
from .periods import parse_period
from .rate import evaluate_rate
from .series import as_date, prepare
from .timing import figure_age, settle


def evaluate(target: TargetSpec, series: Iterable[Observation], today: date) -> Evaluation:
    """Evaluate ``target`` on ``series`` as if on ``today``: figures for periods ending after
    ``today`` are ignored, so a past dashboard can be reproduced exactly.

    For a ``portfolio`` target, ``series`` is the portfolio's running total (see
    `evaluate_portfolio` to build it from the items). Every result carries the age of its
    latest figure, and a verdict once the target year is over (see `timing.settle`).
    """
    today = as_date(today)
    points = prepare(series, today)
    method = {
        "level": evaluate_level,
        "change_vs_base": evaluate_level,
        "annual": evaluate_annual,
        "rate": evaluate_rate,
    }.get(target.basis, evaluate_cumulative)
    return settle(target, method(target, points, today), today, figure_age(target, points, today))


def evaluate_portfolio(
    target: TargetSpec,
    items: Mapping[str, Sequence[Observation]] | Iterable[Sequence[Observation]],
    today: date,
) -> Evaluation:
    """A portfolio (112 key projects, 1154亿元 of investment) judged on the sum of its items.

    Each item reports its own current value (1 when a project is complete, the amount invested
    to date); at every reported period the portfolio value is the sum of each item's latest
    value up to then. With ``kind='flow'`` items report amounts per period, summed instead.
    The sum is then judged like a cumulative target, from a base of 0 unless one is given.
    """
    return evaluate(target, portfolio_series(items, target.resolved_kind), today)


def portfolio_series(items, kind: str = "stock") -> list[Observation]:
    """The portfolio's series from its items' series (see `evaluate_portfolio`)."""
    series_list = list(items.values()) if isinstance(items, Mapping) else list(items)
    parsed = [
        sorted((parse_period(o.period), o.value) for o in s if o.value is not None) for s in series_list
    ]
    periods = sorted({p for s in parsed for p, _ in s})
    out = []
    for period in periods:
        if kind == "flow":
            total = sum(v for s in parsed for p, v in s if p == period)
        else:
            total = sum(_latest_by(s, period) for s in parsed)
        out.append(Observation(period.code, total))
    return out


def _latest_by(item: list, period) -> float:
    """An item's latest value at ``period``'s end; 0 before it first reports."""
    value = 0.0
    for p, v in item:
        if p.end > period.end:
            break
        value = v
    return value


def evaluate_all(pairs: Iterable[tuple[TargetSpec, Iterable[Observation]]], today: date) -> list[Evaluation]:
    """Evaluate many (target, series) pairs one by one (use `evaluate_many` for arrays)."""
    return [evaluate(t, s, today) for t, s in pairs]
