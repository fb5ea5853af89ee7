"""Time around a status: how old its latest figure is, and the verdict once the target year ends.

A status computed on a 2023 figure in December 2026 is a statement about 2023. `figure_age`
counts the reporting periods the latest figure lags behind the latest one that should be in by
now; `settle` turns a status into a verdict (已实现 / 未实现 / 待最终数据) once the target year is
over, because after the deadline "on track" means nothing: the target was met or it was not.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import date, timedelta

from .explain import fmt_value
from .model import (
    ACHIEVED,
    DETERIORATING,
    FREQUENCIES,
    NO_DATA,
    OFF_TRACK,
    STATUS_LABELS,
    Age,
    Evaluation,
    TargetSpec,
)
from .periods import parse_period, year_end
from .series import Point

# A period's figure is due this many days after the period ends: annual statistics are
# published in the spring (by 31 March), quarterly and monthly figures within a month.
DUE_AFTER_DAYS = {12: 90, 6: 30, 3: 30, 1: 30}
_NAMES = {v: k for k, v in FREQUENCIES.items()}


def last_year(spec: TargetSpec) -> int | None:
    """The last year whose figures the target needs: the plan's end for annual and rate
    targets, else the target year."""
    return spec.end_year if spec.basis in ("annual", "rate") else spec.target_year


def figure_age(spec: TargetSpec, points: list[Point], today: date) -> Age:
    """Whole periods (at the indicator's frequency, else the series' finest) between the latest
    figure and the latest period due by ``today`` (never later than the target needs)."""
    span = FREQUENCIES.get(spec.frequency or "", 0) or (min(p.period.span for p in points) if points else 12)
    due = _latest_due(today, span, last_year(spec))
    if not points:
        return Age(None, 0, _NAMES[span])
    latest = points[-1].period
    behind = due - (latest.year * 12 + latest.end_month)
    return Age(latest.code, max(0, behind // span), _NAMES[span])


def _latest_due(today: date, span: int, cap_year: int | None) -> int:
    """Month index (year·12 + month) of the end of the latest period due by ``today``."""
    index = today.year * 12 + today.month
    while True:
        year, month = divmod(index - 1, 12)
        month += 1
        if month % span == 0 and _end(year, month) + timedelta(days=DUE_AFTER_DAYS[span]) <= today:
            break
        index -= 1
    if cap_year is not None:
        index = min(index, cap_year * 12 + 12)
    return index


def _end(year: int, month: int) -> date:
    return parse_period(f"{year}-{month:02d}").end


def settle(spec: TargetSpec, ev: Evaluation, today: date, age: Age) -> Evaluation:
    """Attach the age, mark a stale status in its sentence, and give the verdict once the
    target year is over: met or missed on the final figure, or pending until it arrives."""
    ev = replace(ev, age=age)
    year = last_year(spec)
    if year is None or today <= year_end(year) or ev.status == NO_DATA and not ev.final:
        return _stale_note(ev) if ev.status != NO_DATA else ev
    if ev.final:
        met = ev.status == ACHIEVED
        status = ev.status if met or ev.status == DETERIORATING else OFF_TRACK
        verdict = "met" if met else "missed"
        ev = replace(ev, status=status, verdict=verdict, explanation=_verdict_sentence(spec, ev, verdict))
        # an annual target's 进度比 is the last year's pace: it has no meaning beside the verdict
        return replace(ev, ratio=None, expected=None) if spec.basis == "annual" else ev
    return _pending(spec, ev, year)


def _verdict_sentence(spec: TargetSpec, ev: Evaluation, verdict: str) -> str:
    """The verdict in one sentence: an annual target by the years that decided it (not by the
    pace of the last, part-reported year), anything else by the first clause of its status."""
    if spec.basis == "annual":
        return _annual_verdict(spec, ev, verdict)
    text = ev.explanation.split("；")[0]
    suffix = f"，{STATUS_LABELS[ev.status]}"
    if text.endswith(suffix):
        text = text[: -len(suffix)]
    return f"{text}，目标{'已实现' if verdict == 'met' else '未实现'}"


def _annual_verdict(spec: TargetSpec, ev: Evaluation, verdict: str) -> str:
    """2023年为8家，未达到每年10家的目标，目标未实现 / 2023—2025年每年均达到10家的目标，目标已实现."""
    aim = fmt_value(spec.value, spec.unit)
    ceiling = spec.comparator == "<="
    if verdict == "met":
        first, last = ev.years[0]["year"], ev.years[-1]["year"]
        span = f"{first}—{last}年" if last > first else f"{first}年"
        return f"{span}每年均{'未超过上限' if ceiling else '达到'}{aim}{'' if ceiling else '的目标'}，目标已实现"
    missed = [y for y in ev.years if y["complete"] and y["met"] is False]
    figures = "、".join(f"{y['year']}年为{fmt_value(y['value'], spec.unit)}" for y in missed)
    return f"{figures}，{'超过每年上限' + aim if ceiling else '未达到每年' + aim + '的目标'}，目标未实现"


def _pending(spec: TargetSpec, ev: Evaluation, year: int) -> Evaluation:
    latest = f"（最新数据为{parse_period(ev.age.period).label}）" if ev.age and ev.age.period else ""
    if spec.basis in ("annual", "rate"):
        known = {y["year"] for y in ev.years if y["complete"]}
        open_years = "、".join(f"{y}年" for y in range(spec.plan_start, year + 1) if y not in known)
        text = f"{open_years}的全年数据尚未报送，待最终数据{latest}"
    else:
        text = f"{year}年为目标年份，其数据尚未报送，待最终数据{latest}"
    return replace(ev, status=NO_DATA, verdict="pending", ratio=None, expected=None, forecast=None,
                   explanation=text)  # fmt: skip


def _stale_note(ev: Evaluation) -> Evaluation:
    if not ev.stale:
        return ev
    label = parse_period(ev.age.period).label
    return replace(ev, explanation=f"{ev.explanation}（依据的最新数据为{label}，已滞后{ev.age.lag}期）")
