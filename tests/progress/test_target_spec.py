"""TargetSpec refuses what the method cannot judge, before any data is read."""

import pytest

from planwatch.progress import TargetSpec, change_direction_from_text


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"value": 1, "comparator": ">"}, "未知的比较方式"),
        ({"value": 1, "basis": "average", "year": 2025, "base_year": 2022}, "未知的口径"),
        ({"value": 1, "comparator": "range", "year": 2025, "base_year": 2022}, "上限"),
        ({"value": 5, "comparator": "range", "value_max": 3, "year": 2025, "base_year": 2022}, "上限"),
        ({"value": 1, "base_year": 2022}, "目标年份"),
        ({"value": 1, "year": 2025}, "基期年份"),
        ({"value": 1, "year": 2022, "base_year": 2022}, "晚于基期"),
        ({"value": 1, "basis": "cumulative", "year": 2025}, "计划起始年"),
        ({"value": 0, "basis": "annual", "start_year": 2023}, "正数"),
        ({"value": 13.3, "basis": "change_vs_base", "year": 2025, "base_year": 2020}, "变化方向"),
        ({"value": 1, "kind": "rate", "year": 2025, "base_year": 2022}, "数据类型"),
        ({"value": float("nan"), "year": 2025, "base_year": 2022}, "数字"),
    ],
)
def test_incomplete_or_contradictory_specs_are_rejected_in_chinese(kwargs, message):
    with pytest.raises(ValueError, match=message):
        TargetSpec(**kwargs)


def test_defaults_fill_in_from_the_plan_period():
    spec = TargetSpec(1400, start_year=2023, end_year=2025)
    assert (spec.target_year, spec.resolved_base_year, spec.resolved_kind) == (2025, 2022, "stock")
    assert TargetSpec(50, basis="annual", start_year=2023).resolved_kind == "flow"
    assert TargetSpec(5000, basis="cumulative", start_year=2023, end_year=2025).resolved_kind == "flow"
    assert (
        TargetSpec(5000, basis="cumulative", kind="stock", start_year=2023, end_year=2025).resolved_kind
        == "stock"
    )


def test_a_ceiling_of_zero_is_allowed_for_pace_targets():
    assert TargetSpec(0, "<=", basis="annual", start_year=2023).value == 0


@pytest.mark.parametrize(
    ("text", "direction"),
    [
        ("单位地区生产总值能源消耗比2020年降低13.3%以上", "decrease"),
        ("单位GDP二氧化碳排放较2020年下降18%", "decrease"),
        ("研发经费投入比2020年增长20%", "increase"),
        ("较2020年提高5个百分点", "increase"),
        ("能耗强度", None),
    ],
)
def test_change_direction_is_read_from_the_verb(text, direction):
    assert change_direction_from_text(text) == direction
