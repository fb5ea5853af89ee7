"""Checks a figure must pass before it is submitted: one function for the form, Excel and API.

Errors are keyed by field (value, unit, explanation …) so each edge shows them where the user
looks: beside the form field, with the cell of the workbook (G5：…), under `loc` in the API.
Ranges are checked in the indicator's unit, after conversion, so 950‰ is refused for a
percentage like 95 would be accepted.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from planwatch.indicators.errors import DataError
from planwatch.indicators.measures import UnitMismatch, canonical_unit, compatible, convert
from planwatch.indicators.observations import plain, stored_decimal

from .. import conf
from ..models import ReportingRule

# Units offered in the form and the workbook's list, when they convert to the indicator's unit.
UNIT_VOCABULARY = (
    "元", "千元", "万元", "百万元", "亿元", "美元", "万美元", "亿美元", "家", "万家", "户", "万户",
    "人", "名", "万人", "人次", "万人次", "个", "件", "项", "吨", "万吨", "千克", "%", "‰",
    "米", "公里", "平方米", "万平方米", "平方公里", "公顷", "亩", "万亩", "千瓦时", "万千瓦时", "亿千瓦时",
)  # fmt: skip

TEXT_LIMITS = {"source": 200, "entered_unit": 50}


@dataclass
class Figure:
    """What a unit types for one indicator and period (value in `unit`; empty: the indicator's)."""

    value: Decimal | None
    unit: str = ""
    source: str = ""
    note: str = ""
    explanation: str = ""


def unit_options(measure_unit: str) -> list[str]:
    """The indicator's unit first, then every listed unit that converts to it."""
    own = measure_unit.strip()
    if not own:
        return []
    others = [u for u in UNIT_VOCABULARY if u != own and compatible(u, own)]
    return [own, *others]


def percent_text(share: Decimal) -> str:
    return f"{plain((share * 100).quantize(Decimal('0.1')))}%"


def bounds_message(rule: ReportingRule, unit: str) -> str | None:
    low, high = rule.min_value, rule.max_value
    if low is not None and high is not None:
        return f"数值应在 {plain(low)} 到 {plain(high)}{unit} 之间"
    if low is not None:
        return "不能为负数" if low == 0 else f"数值不能小于 {plain(low)}{unit}"
    if high is not None:
        return f"数值不能大于 {plain(high)}{unit}"
    return None


def _in_bounds(rule: ReportingRule, value: Decimal) -> bool:
    if rule.min_value is not None and value < rule.min_value:
        return False
    return not (rule.max_value is not None and value > rule.max_value)


def converted_value(figure: Figure, measure_unit: str) -> Decimal:
    """The figure in the indicator's unit; UnitMismatch / DataError for a bad unit or value."""
    value = convert(figure.value, figure.unit, measure_unit)
    stored_decimal(value)
    return value


def jump_share(value: Decimal, previous: Decimal | None) -> Decimal | None:
    """|value − previous| / |previous|; None when there is nothing (or zero) to compare with."""
    if previous is None or previous == 0:
        return None
    return abs(value - previous) / abs(previous)


@dataclass(frozen=True)
class JumpRule:
    """When a change against the previous figure needs an explanation: it is more than `share` of
    the previous figure AND more than `floor` in the indicator's unit. The floor keeps small
    counts quiet (1 → 2 家 is +100% but no news); the share keeps large figures honest."""

    share: Decimal = conf.JUMP_SHARE
    floor: Decimal = conf.JUMP_FLOOR

    def over(self, value: Decimal, previous: Decimal | None) -> Decimal | None:
        """The relative change when it needs an explanation; None when it does not."""
        share = jump_share(value, previous)
        if share is None or share <= self.share or abs(value - previous) <= self.floor:
            return None
        return share


def check_figure(
    *, rule: ReportingRule, figure: Figure, previous: Decimal | None, jump: JumpRule
) -> dict[str, str]:
    """{field: Chinese message} for everything wrong with `figure`; empty when it may be sent."""
    indicator = rule.indicator
    if figure.value is None:
        return {"value": "请填写本期数值"}
    if len(canonical_unit(figure.unit)) > TEXT_LIMITS["entered_unit"]:
        return {"unit": "单位过长"}
    try:
        value = converted_value(figure, indicator.measure_unit)
    except UnitMismatch as exc:
        return {"unit": str(exc)}
    except DataError as exc:
        return {"value": str(exc)}
    errors = {}
    if not _in_bounds(rule, value):
        errors["value"] = bounds_message(rule, indicator.measure_unit)
    if len(figure.source) > TEXT_LIMITS["source"]:
        errors["source"] = f"来源最多 {TEXT_LIMITS['source']} 个字"
    share = jump.over(value, previous)
    if share is not None and not figure.explanation.strip():
        errors["explanation"] = (
            f"较上期（{plain(previous)}{indicator.measure_unit}）变动 {percent_text(share)}，"
            f"超过 {percent_text(jump.share)}，请填写变动说明"
        )
    return errors
