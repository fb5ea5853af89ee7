"""One plain Chinese sentence per evaluation, numbers written the way plans write them.

A district leader reads "2024年为1340亿元，2022年以来年均增长5.7%，达到目标1400亿元需年均增长
5.3%，进展顺利", not a ratio. Each sentence states the figure the status was decided on, so the
sentence and the colour can never disagree; a forecast is a separate clause that says what it
rests on ("按2022—2024年3个数据点线性外推…"), and a sentence with a verdict never says the data
are insufficient.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from .goal import Goal
from .model import ACHIEVED, DETERIORATING, STATUS_LABELS, Forecast, TargetSpec
from .periods import parse_period

NO_FORECAST = "数据点少于3个，不作趋势外推"


def fmt_number(v: float) -> str:
    """1507, 67.6, 1.92, 0.77: whole numbers from 100 up, then 1 and 2 decimals, no trailing 0."""
    a = abs(v)
    digits = 0 if a >= 100 else 1 if a >= 10 else 2
    text = f"{v:.{digits}f}"
    if "." in text:
        text = text.rstrip("0").rstrip(".")
    return "0" if text in ("-0", "") else text


def fmt_value(v: float, unit: str) -> str:
    return f"{fmt_number(v)}{unit}"


def fmt_rate(r: float) -> str:
    """A growth rate or change as a percentage with 1 decimal: 0.0587 → 5.9%."""
    return f"{abs(r) * 100:.1f}%"


def fmt_share(r: float) -> str:
    """Share of the expected pace completed, as a whole percentage: 0.962 → 96%."""
    return f"{r * 100:.0f}%"


def fmt_date(d: date) -> str:
    return f"{d.year}年{d.month}月{d.day}日"


def target_text(spec: TargetSpec, value: float, value_max: float | None = None) -> str:
    """目标1400亿元, 目标200亿元左右, 目标区间3%～5%."""
    unit = spec.unit
    if spec.comparator == "range" and value_max is not None:
        return f"目标区间{fmt_number(value)}～{fmt_value(value_max, unit)}"
    suffix = "左右" if spec.comparator == "≈" else ""
    return f"目标{fmt_value(value, unit)}{suffix}"


def label(status: str) -> str:
    return STATUS_LABELS[status]


def no_base(year: int, base: float | None) -> str:
    if base is not None and base <= 0:
        return f"{year}年基期值为{fmt_number(base)}，无法计算变化率，数据不足"
    return f"缺少{year}年基期数据，无法计算进度，数据不足"


def nothing_after(year: int, today: date, any_points: bool) -> str:
    if any_points:
        return f"尚无{year}年之后的数据，数据不足"
    return f"截至{fmt_date(today)}尚无数据，数据不足"


def missing_note(missing: list[str]) -> str:
    """（缺2024年第二季度数据） or （缺2023年第一季度等3期数据）."""
    if not missing:
        return ""
    first = parse_period(missing[0]).label
    return f"（缺{first}数据）" if len(missing) == 1 else f"（缺{first}等{len(missing)}期数据）"


@dataclass(frozen=True)
class LevelFacts:
    spec: TargetSpec
    goal: Goal
    status: str
    base: float
    t0: int
    T: int
    latest_code: str
    x: float
    g_o: float
    g_r: float
    compound: bool
    projected: float
    need: bool
    final: bool
    beyond: bool
    level_target: float
    level_target_max: float | None
    forecast_missing: bool


def _growth_phrase(f: LevelFacts) -> str:
    if f.compound:
        if round(abs(f.g_o) * 100, 1) == 0:
            return "基本持平"
        rise = "年均增长" if f.goal.sign > 0 else "年均上升"
        return (rise if f.g_o > 0 else "年均下降") + fmt_rate(f.g_o)
    if fmt_number(abs(f.g_o)) == "0":
        return "基本持平"
    return ("年均增加" if f.g_o > 0 else "年均减少") + fmt_value(abs(f.g_o), f.spec.unit)


def level_sentence(f: LevelFacts, forecast: Forecast | None = None) -> str:
    """The sentence for a level target (change-vs-base targets get their own wording)."""
    if f.spec.basis == "change_vs_base":
        text = _change_sentence(f)
        as_change = (f.base, f.t0)
    else:
        text = _level_sentence(f)
        as_change = None
    return text + forecast_clause(forecast, f.spec.unit, missing=f.forecast_missing, as_change=as_change)


def span_text(first: str, last: str) -> str:
    """2022—2024年 for years, 2022年至2024年第二季度 otherwise."""
    a, b = parse_period(first), parse_period(last)
    if a.span == b.span == 12:
        return f"{a.year}—{b.year}年"
    return f"{a.label}至{b.label}"


def forecast_clause(fc: Forecast | None, unit: str, *, missing: bool = False, as_change=None) -> str:
    """；按2022—2024年3个数据点线性外推，2025年预计1415亿元（80%区间1399～1431亿元）….

    ``as_change`` = (base value, base year) states a change target's forecast as a change.
    """
    if fc is None:
        return f"；{NO_FORECAST}" if missing else ""
    how = "线性外推" if fc.model == "linear" else "的增长趋势外推"
    if as_change:
        base, year = as_change
        value = f"较{year}年{_change_phrase(fc.value / base - 1)}（80%区间{_change_phrase(fc.low / base - 1)}～{_change_phrase(fc.high / base - 1)}）"
    else:
        value = f"{fmt_value(fc.value, unit)}（80%区间{fmt_number(fc.low)}～{fmt_value(fc.high, unit)}）"
    text = f"；按{span_text(fc.first, fc.last)}{fc.points}个数据点{how}，{fc.year}年预计{value}"
    if fc.probability is not None:
        return text + f"，达标概率{fmt_share(fc.probability)}"
    if fc.points < 5:
        return text + "，数据点少于5个，不给出达标概率"
    return text + "，各点恰在一条趋势线上，误差无法估计，不给出达标概率"


def _level_sentence(f: LevelFacts) -> str:
    unit, when = f.spec.unit, parse_period(f.latest_code).label
    goal_text = target_text(f.spec, f.level_target, f.level_target_max)
    now = f"{when}为{fmt_value(f.x, unit)}"
    if f.status == ACHIEVED:
        return f"{now}，已达到{goal_text}"
    if f.beyond:
        return f"{now}，超出{goal_text}，{label(f.status)}"
    if not f.need:
        return f"{f.t0}年为{fmt_value(f.base, unit)}，已达到{goal_text}，但{now}，{label(f.status)}"
    if f.final:
        return f"{now}，未达到{goal_text}，{label(f.status)}"
    if f.status == DETERIORATING:
        return f"{now}，{f.t0}年以来{_growth_phrase(f)}，偏离{goal_text}，{label(f.status)}"
    return (
        f"{now}，{f.t0}年以来{_growth_phrase(f)}，达到{goal_text}需{_required_phrase(f)}，{label(f.status)}"
    )


def _required_phrase(f: LevelFacts) -> str:
    """年均增长5.3% / 年均下降2.6% / 年均增加12亿元: the pace the target requires."""
    if f.compound:
        return ("年均增长" if f.g_r > 0 else "年均下降") + fmt_rate(f.g_r)
    return ("年均增加" if f.g_r > 0 else "年均减少") + fmt_value(abs(f.g_r), f.spec.unit)


def _change_phrase(change: float) -> str:
    if round(abs(change) * 100, 1) == 0:
        return "持平"
    return ("上升" if change > 0 else "下降") + fmt_rate(change)


def _change_sentence(f: LevelFacts) -> str:
    """较2020年下降10.2%，按此速度2025年可下降12.9%（目标下降13.3%），需加快."""
    spec, when = f.spec, parse_period(f.latest_code).label
    word = "下降" if (spec.change_direction == "decrease" or spec.value < 0) else "上升"
    if spec.comparator == "range":
        wanted = f"{word}{abs(spec.value):g}%～{abs(spec.value_max):g}%"
    else:
        wanted = f"{word}{abs(spec.value):g}%" + ("左右" if spec.comparator == "≈" else "")
    now = f"{when}较{f.t0}年{_change_phrase(f.x / f.base - 1)}"
    if f.status == ACHIEVED:
        return f"{now}，已达到{wanted}的目标"
    if f.final or f.beyond or not f.need:
        return f"{now}，未达到{wanted}的目标，{label(f.status)}"
    if f.status == DETERIORATING:
        return f"{now}，与{wanted}的目标方向相反，{label(f.status)}"
    later = _change_phrase(f.projected / f.base - 1)
    return f"{now}，按此速度{f.T}年可{later}（目标{wanted}），{label(f.status)}"


def cumulative_sentence(
    spec: TargetSpec, goal: Goal, status: str, when: str, actual: float, expected: float, ratio, final: bool
) -> str:
    """截至2024年第二季度累计完成2600处，序时进度应达2500处，完成序时进度的104%，进展顺利."""
    unit = spec.unit
    verb = "累计完成" if goal.sign > 0 else "累计为"
    head = f"截至{when}{verb}{fmt_value(actual, unit)}"
    goal_text = target_text(spec, spec.value, spec.value_max)
    if status == ACHIEVED:
        return f"{head}，已完成{goal_text}"
    if goal.sign > 0 and goal.beyond(actual):
        return f"{head}，超出{goal_text}，{label(status)}"
    if goal.sign < 0:
        if not goal.met(actual):
            return f"{head}，已超过上限{fmt_value(spec.value, unit)}，{label(status)}"
        if final:
            return f"{head}，未超过上限{fmt_value(spec.value, unit)}，{label(status)}"
        return f"{head}，{ceiling_pace(actual, expected, unit)}，{label(status)}"
    if final:
        return f"{head}，未完成{goal_text}，{label(status)}"
    return (
        f"{head}，序时进度应达{fmt_value(expected, unit)}，完成序时进度的{fmt_share(ratio)}，{label(status)}"
    )


def annual_sentence(
    spec: TargetSpec, goal: Goal, status: str, year: int, through, actual, expected, ratio, counts
) -> str:
    """2024年截至第二季度完成20家，序时进度应达25家，完成序时进度的80%，需加快；…."""
    unit, (met, done, complete) = spec.unit, counts
    verb = "完成" if goal.sign > 0 else "为"
    head = f"{year}年{verb}" if complete else f"{year}年截至{through.label_in_year}{verb}"
    head += fmt_value(actual, unit)
    yearly = f"全年目标{fmt_value(goal.aim, unit)}"
    if goal.sign < 0:
        ceiling = f"全年上限{fmt_value(goal.aim, unit)}"
        body = f"{head}，{'未超过' if goal.met(actual) else '已超过'}{ceiling}"
        if goal.met(actual) and not complete:
            body += f"，{ceiling_pace(actual, expected, unit)}"
    elif goal.met(actual):
        body = f"{head}，达到{yearly}"
    elif complete:
        body = f"{head}，未达到{yearly}，完成{fmt_share(ratio)}"
    else:
        body = f"{head}，序时进度应达{fmt_value(expected, unit)}，完成序时进度的{fmt_share(ratio)}"
    earlier = done - (1 if complete else 0)
    if earlier > 0:
        body += f"，此前{earlier}个年度中{met - (1 if complete and goal.met(actual) else 0)}个达标"
    return f"{body}，{label(status)}"


def ceiling_pace(actual: float, expected: float, unit: str) -> str:
    """A ceiling against its pace: used faster than allowed, or within the allowance so far."""
    allowed = fmt_value(expected, unit)
    if actual > expected * (1 + 1e-9):
        return f"超过按序时进度应控制的{allowed}，消耗快于上限允许的进度"
    return f"未超过按序时进度应控制的{allowed}"


_RATE_VERB = {"growth": "增长", "decline": "下降", "level": "为"}


def rate_target_text(spec: TargetSpec) -> str:
    """年均增长7%以上, 年均下降3%, 每年保持在70%以上."""
    rate, v = spec.rate or "level", fmt_value(spec.value, spec.unit)
    tail = {">=": "以上", "<=": "以内", "≈": "左右"}.get(spec.comparator, "")
    if spec.comparator == "range" and spec.value_max is not None:
        v, tail = f"{fmt_number(spec.value)}～{fmt_value(spec.value_max, spec.unit)}", ""
    if rate == "level":
        return f"每年保持在{v}{tail}"
    return f"年均{_RATE_VERB[rate]}{v}{tail}"


def _rate_year(y: dict, rate: str, unit: str) -> str:
    when = f"{y['year']}年" + ("" if y["complete"] else f"截至{parse_period(y['period']).label_in_year}")
    v = y["value"]
    if rate == "growth" and v < 0:
        return f"{when}下降{fmt_value(-v, unit)}"
    return f"{when}{_RATE_VERB[rate]}{fmt_value(v, unit)}"


def rate_sentence(spec: TargetSpec, status: str, known: list[dict], average: float, every_year: bool) -> str:
    """2023年增长7.2%，2024年截至第二季度增长6.2%，年均6.7%，低于年均增长7%以上的目标，需加快."""
    rate, unit = spec.rate or "level", spec.unit
    years = "，".join(_rate_year(y, rate, unit) for y in known)
    if len(known) > 1:
        mean = {"year": "", "complete": True, "value": average}
        years += "，" + (
            "平均为" + fmt_value(average, unit)
            if rate == "level"
            else "年均" + _rate_year(mean, rate, unit)[1:]
        )
    goal_text = f"{rate_target_text(spec)}的目标"
    if status in (ACHIEVED, "on_track"):
        return f"{years}，达到{goal_text}，{label(status)}"
    missed = [str(y["year"]) for y in known if not y["met"]]
    if rate == "level" and missed and len(missed) < len(known):
        return f"{years}，其中{'、'.join(missed)}年未达到{goal_text}，{label(status)}"
    return f"{years}，未达到{goal_text}，{label(status)}"
