"""Units of measure: compatible units convert exactly, incompatible ones are refused in Chinese."""

from __future__ import annotations

from decimal import Decimal

import pytest

from planwatch.indicators.measures import UnitMismatch, canonical_unit, compatible, convert


@pytest.mark.parametrize(
    ("value", "from_unit", "to_unit", "expected"),
    [
        ("12000", "万元", "亿元", "1.2"),
        ("1.2", "亿元", "万元", "12000"),
        ("150000000", "元", "亿元", "1.5"),
        ("3", "亿元", "元", "300000000"),
        ("500", "千元", "万元", "50"),
        ("2.5", "万家", "家", "25000"),
        ("25000", "家", "万家", "2.5"),
        ("3.2", "万人", "人", "32000"),
        ("1000", "名", "人", "1000"),
        ("1.92", "万吨", "吨", "19200"),
        ("19200", "吨", "万吨", "1.92"),
        ("925", "‰", "%", "92.5"),
        ("92.5", "%", "‰", "925"),
        ("56.3", "％", "%", "56.3"),
        ("5.3", "亿美元", "万美元", "53000"),
        ("53000", "万美元", "亿美元", "5.3"),
        ("12", "万平方米", "平方米", "120000"),
        ("7", "公里", "千米", "7"),
        ("7", "千米", "米", "7000"),
        ("3", "万千瓦时", "千瓦时", "30000"),
        ("2", "万吨标准煤", "吨标准煤", "20000"),
        ("1400", "亿元", "亿元", "1400"),
        ("1400", "", "亿元", "1400"),
        ("1400", None, "亿元", "1400"),
    ],
)
def test_compatible_units_convert_exactly(value, from_unit, to_unit, expected):
    assert convert(Decimal(value), from_unit, to_unit) == Decimal(expected)


@pytest.mark.parametrize(
    ("from_unit", "to_unit"),
    [
        ("家", "亿元"),
        ("亿元", "亿美元"),
        ("%", "家"),
        ("万人", "万家"),
        ("吨", "米"),
        ("百分点", "%"),
        ("家", ""),
    ],
)
def test_incompatible_units_are_refused_with_the_users_words(from_unit, to_unit):
    with pytest.raises(UnitMismatch) as err:
        convert(Decimal(1), from_unit, to_unit)
    shown_to = to_unit or "无单位"
    assert str(err.value) == f"单位“{from_unit}”与指标单位“{shown_to}”不一致，无法换算"


def test_the_message_of_the_issue():
    with pytest.raises(UnitMismatch, match="单位“家”与指标单位“亿元”不一致，无法换算"):
        convert(Decimal(5), "家", "亿元")


@pytest.mark.parametrize(
    ("unit", "canonical"), [("％", "%"), (" 亿元 ", "亿元"), ("㎡", "平方米"), ("KM", "公里")]
)
def test_spellings_are_folded(unit, canonical):
    assert canonical_unit(unit) == canonical


def test_unknown_units_convert_only_to_themselves_and_their_magnitudes():
    assert compatible("微克/立方米", "微克/立方米")
    assert compatible("万吨标准煤", "吨标准煤")
    assert not compatible("微克/立方米", "%")
