"""Inputs and outputs of the evaluation core: plain dataclasses, no Django.

The apps turn their rows into a `TargetSpec` and a list of `Observation`, call `evaluate`, and
store or show the `Evaluation`. Keeping these types free of the ORM is what lets the method be
tested with hand-computed cases and run on 100,000 series at once.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field

from .periods import parse_period

BASES = ("level", "annual", "cumulative", "change_vs_base", "portfolio", "rate")
COMPARATORS = (">=", "<=", "≈", "=", "range")
KINDS = ("stock", "flow")
# A rate kept over the period: 年均增长 (growth, compound average), 年均下降 (decline, compound
# average of falls), 每年保持 (level: a rate or share each year must meet, arithmetic average).
RATES = ("growth", "decline", "level")
FREQUENCIES = {"year": 12, "half": 6, "quarter": 3, "month": 1}
# The one tolerance of 左右/约 (≈): within 2% of the target, relative (35%左右 is met from 34.3%).
ABOUT_TOLERANCE = 0.02

# Worst first: a status's index is its rank, so "never worse" is a comparison of indexes.
STATUSES = ("no_data", "deteriorating", "off_track", "needs_acceleration", "on_track", "achieved")
NO_DATA, DETERIORATING, OFF_TRACK, NEEDS_ACCELERATION, ON_TRACK, ACHIEVED = STATUSES
STATUS_RANK = {s: i for i, s in enumerate(STATUSES)}
STATUS_LABELS = {
    ACHIEVED: "已完成",
    ON_TRACK: "进展顺利",
    NEEDS_ACCELERATION: "需加快",
    OFF_TRACK: "进展滞后",
    DETERIORATING: "倒退",
    NO_DATA: "数据不足",
}
STATUS_COLOURS = {
    ACHIEVED: "green",
    ON_TRACK: "green",
    NEEDS_ACCELERATION: "yellow",
    OFF_TRACK: "red",
    DETERIORATING: "red",
    NO_DATA: "grey",
}
VERDICTS = ("met", "missed", "pending")
VERDICT_LABELS = {"met": "已实现", "missed": "未实现", "pending": "待最终数据"}
# What one light shows: a running target's status, or the verdict once its years are over
# (a missed target is not "进展滞后", it is 未实现). Best first: the order of every legend,
# count and table column. `Evaluation.standing` is the key pages count and filter by.
STANDINGS = ("met", ACHIEVED, ON_TRACK, NEEDS_ACCELERATION, OFF_TRACK, DETERIORATING, "missed", "pending", NO_DATA)
STANDING_LABELS = {**STATUS_LABELS, **VERDICT_LABELS}
STANDING_COLOURS = {**STATUS_COLOURS, "met": "green", "missed": "red", "pending": "grey"}
# Ratio thresholds (Statistics Canada / Open SDG): ≥ 0.95 on track, ≥ 0.6 needs acceleration,
# ≥ 0 off track, below 0 deteriorating.
ON_TRACK_AT = 0.95
ACCELERATE_AT = 0.6


@dataclass(frozen=True)
class Observation:
    """An indicator's value for one period code (``2023``, ``2023H1``, ``2023Q2``, ``2023-06``)."""

    period: str
    value: float | None


@dataclass(frozen=True)
class TargetSpec:
    """What the plan asks of one indicator, with everything the method needs made explicit.

    ``value`` is the target (the lower bound for ``range``; for ``change_vs_base`` the change in
    percent, 13.3 for 降低13.3%). ``year`` is the target year (None for ``annual`` targets, which
    apply to every plan year; otherwise it defaults to ``end_year``). ``kind`` says what one
    observation means: ``stock`` a level at the period's end (the latest value counts), ``flow``
    the amount during the period (summed within a year); it defaults to ``flow`` for annual and
    cumulative targets and ``stock`` otherwise. ``direction`` ('higher'/'lower') overrides the
    one read from the comparator.
    """

    value: float
    comparator: str = ">="
    basis: str = "level"
    year: int | None = None
    value_max: float | None = None
    base_year: int | None = None
    base_value: float | None = None
    start_year: int | None = None
    end_year: int | None = None
    kind: str | None = None
    direction: str | None = None
    change_direction: str | None = None
    tolerance: float = ABOUT_TOLERANCE
    unit: str = ""
    rate: str | None = None
    frequency: str | None = None

    def __post_init__(self):
        _validate(self)

    @property
    def target_year(self) -> int | None:
        """The year the target is due: its own year, else the plan's end year."""
        return self.year if self.year is not None else self.end_year

    @property
    def resolved_base_year(self) -> int | None:
        return default_base_year(self.base_year, self.start_year)

    @property
    def plan_start(self) -> int | None:
        """First year of the plan period, for expected pace (序时进度)."""
        if self.start_year is not None:
            return self.start_year
        return self.base_year + 1 if self.base_year is not None else None

    @property
    def resolved_kind(self) -> str:
        if self.kind:
            return self.kind
        return "flow" if self.basis in ("annual", "cumulative") else "stock"



def default_base_year(base_year: int | None, start_year: int | None) -> int | None:
    """The base year: the target's own, else the year before the plan starts (the one rule;
    indicators/bases.py asks here too)."""
    if base_year:
        return base_year
    return start_year - 1 if start_year else None

def _validate(spec: TargetSpec) -> None:
    """Reject a specification the method cannot judge, in Chinese, before any data is read."""
    checks = [
        (spec.comparator in COMPARATORS, f"未知的比较方式：{spec.comparator}"),
        (spec.basis in BASES, f"未知的口径：{spec.basis}"),
        (spec.kind in (None, *KINDS), f"未知的数据类型：{spec.kind}，应为 stock 或 flow"),
        (spec.direction in (None, "higher", "lower"), f"未知的方向：{spec.direction}"),
        (spec.change_direction in (None, "decrease", "increase"), f"未知的变化方向：{spec.change_direction}"),
        (_finite(spec.value), "目标值必须是数字"),
        (spec.tolerance >= 0, "容差不能为负数"),
        (spec.rate in (None, *RATES), f"未知的比率类型：{spec.rate}"),
        (spec.frequency in (None, *FREQUENCIES), f"未知的报送频率：{spec.frequency}"),
    ]
    if spec.comparator == "range":
        ok = spec.value_max is not None and _finite(spec.value_max) and spec.value_max >= spec.value
        checks.append((ok, "区间目标须给出不小于下限的上限 value_max"))
    if spec.basis != "annual":
        checks.append((spec.target_year is not None, "须给出目标年份 year 或计划终止年 end_year"))
    if spec.basis in ("level", "change_vs_base"):
        by = spec.resolved_base_year
        checks.append((by is not None, "须给出基期年份 base_year 或计划起始年 start_year"))
        if by is not None and spec.target_year is not None:
            checks.append((spec.target_year > by, "目标年份须晚于基期年份"))
    if spec.basis in ("annual", "cumulative", "portfolio", "rate"):
        checks.append((spec.plan_start is not None, "累计、每年和项目类目标须给出计划起始年 start_year"))
        if spec.basis != "rate" and spec.comparator != "<=" and spec.direction != "lower":
            checks.append((spec.value > 0, "累计、每年和项目类目标的目标值须为正数"))
    if spec.basis == "rate":
        checks.append((spec.end_year is not None, "比率目标须给出计划终止年 end_year"))
    if spec.basis == "change_vs_base" and spec.change_direction is None and spec.value >= 0:
        checks.append(
            (spec.comparator == "<=", "较基期变化目标须注明变化方向 change_direction（decrease 或 increase）")
        )
    for ok, message in checks:
        if not ok:
            raise ValueError(message)


def _finite(x) -> bool:
    return isinstance(x, int | float) and math.isfinite(x)



@dataclass(frozen=True)
class Forecast:
    """The target-year value projected from the series, its 80% interval (Student's t), and
    P(target met) — None below `MIN_PROBABILITY_POINTS` points or for a perfect fit.

    ``first``/``last`` are the periods of the first and last point fitted, ``points`` their count.
    """

    year: int
    value: float
    low: float
    high: float
    probability: float | None
    model: str  # "log-linear" or "linear"
    points: int
    first: str = ""
    last: str = ""


@dataclass(frozen=True)
class Age:
    """How old the latest figure is: ``lag`` whole reporting periods behind the latest one due
    (at ``frequency``) — 0 when up to date; ``stale`` when at least one period behind."""

    period: str | None
    lag: int
    frequency: str

    @property
    def stale(self) -> bool:
        return self.lag > 0

    @property
    def text(self) -> str:
        """最新数据：2023年（已滞后2期）, 最新数据：2024年第二季度, 暂无数据."""
        if self.period is None:
            return "暂无数据"
        label = parse_period(self.period).label
        return f"最新数据：{label}（已滞后{self.lag}期）" if self.stale else f"最新数据：{label}"


@dataclass(frozen=True)
class Evaluation:
    """Where one target stands. ``ratio`` (进度比) is progress made over progress required by
    now (None when undefined).

    ``expected`` is the value due by the latest period on the required path (序时进度), ``actual``
    the figure compared with it (the level, the total since the plan began, the year-to-date
    amount, a rate's period average). ``expected_path`` is the expected-pace line for charts,
    one point per year end. ``years`` lists each year's figure for annual and rate targets.
    ``final`` means the outcome is settled by the data in (the target-year figure, a total
    already reached, a year already missed); ``verdict`` (met/missed/pending) is set once the
    target year is over; ``age`` says how old the latest figure is.
    """

    status: str
    ratio: float | None
    expected: float | None
    latest: tuple[str, float] | None
    base: tuple[int, float] | None
    forecast: Forecast | None
    explanation: str
    actual: float | None = None
    target: float | None = None
    target_year: int | None = None
    method: str = ""
    expected_path: list[tuple[str, float]] = field(default_factory=list)
    years_met: int | None = None
    years_completed: int | None = None
    missing: list[str] = field(default_factory=list)
    years: list[dict] = field(default_factory=list)
    final: bool = False
    verdict: str | None = None
    age: Age | None = None
    increment: tuple[str, float] | None = None

    @property
    def label(self) -> str:
        if self.verdict:
            return VERDICT_LABELS[self.verdict]
        return STATUS_LABELS[self.status]

    @property
    def standing(self) -> str:
        """The verdict once the target's years are over, else the status (see STANDINGS)."""
        return self.verdict or self.status

    @property
    def colour(self) -> str:
        return STATUS_COLOURS[self.status]

    @property
    def stale(self) -> bool:
        return bool(self.age and self.age.stale)

    def to_dict(self) -> dict:
        """The JSON shape of `planwatch evaluate` (latest/base/forecast as small objects)."""
        return {
            "status": self.status,
            "label": self.label,
            "verdict": self.verdict,
            "standing": self.standing,
            "ratio": self.ratio,
            "expected": self.expected,
            "actual": self.actual,
            "latest": {"period": self.latest[0], "value": self.latest[1]} if self.latest else None,
            "increment": {"period": self.increment[0], "value": self.increment[1]}
            if self.increment
            else None,
            "base": {"year": self.base[0], "value": self.base[1]} if self.base else None,
            "forecast": _forecast_dict(self.forecast),
            "explanation": self.explanation,
            "target": self.target,
            "target_year": self.target_year,
            "method": self.method,
            "expected_path": [{"period": p, "value": v} for p, v in self.expected_path],
            "years_met": self.years_met,
            "years_completed": self.years_completed,
            "years": [dict(y) for y in self.years],
            "missing": list(self.missing),
            "stale": self.stale,
            "age": _age_dict(self.age),
        }


def _forecast_dict(fc: Forecast | None) -> dict | None:
    if fc is None:
        return None
    return {
        "year": fc.year,
        "value": fc.value,
        "low": fc.low,
        "high": fc.high,
        "probability": fc.probability,
        "model": fc.model,
        "points": fc.points,
        "first": fc.first,
        "last": fc.last,
    }


def _age_dict(age: Age | None) -> dict | None:
    if age is None:
        return None
    return {
        "period": age.period,
        "lag": age.lag,
        "frequency": age.frequency,
        "stale": age.stale,
        "text": age.text,
    }
