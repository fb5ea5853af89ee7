"""Cells as offices type them: period spellings, numbers with separators, percentages."""

from __future__ import annotations

from datetime import datetime
from decimal import Decimal

import pytest

from planwatch.indicators.loading import RowProblem, parse_period_cell, parse_value_cell


@pytest.mark.parametrize(
    ("cell", "code"),
    [
        ("2023", "2023"),
        (2023, "2023"),
        (2023.0, "2023"),
        ("2023年", "2023"),
        ("2023H1", "2023H1"),
        ("2023h2", "2023H2"),
        ("2023年上半年", "2023H1"),
        ("2023下半年", "2023H2"),
        ("2023Q2", "2023Q2"),
        ("2023-Q3", "2023Q3"),
        ("2023年第二季度", "2023Q2"),
        ("2023年第4季度", "2023Q4"),
        ("2023-06", "2023-06"),
        ("2023-6", "2023-06"),
        ("2023年6月", "2023-06"),
        ("2023/06", "2023-06"),
        ("２０２３Ｑ１", "2023Q1"),
        (datetime(2024, 6, 1), "2024-06"),
    ],
)
def test_period_spellings(cell, code):
    assert parse_period_cell(cell).code == code


@pytest.mark.parametrize(
    "cell", ["2023Q5", "2023-13", "23Q1", "2023年第五季度", "上半年", "1800", "2023.5.1"]
)
def test_bad_periods(cell):
    with pytest.raises(RowProblem):
        parse_period_cell(cell)


@pytest.mark.parametrize(
    ("cell", "value", "unit"),
    [
        ("1400", "1400", ""),
        ("1,400.5", "1400.5", ""),
        ("１４００", "1400", ""),
        (" -3.2 ", "-3.2", ""),
        ("−3.2", "-3.2", ""),
        ("56.3%", "56.3", "%"),
        ("925‰", "925", "‰"),
        ("1.2E3", "1200", ""),
        (1400, "1400", ""),
        (0.1 + 0.2, "0.3", ""),
        (1250.5, "1250.5", ""),
    ],
)
def test_numbers(cell, value, unit):
    assert parse_value_cell(cell) == (Decimal(value), unit)


def test_a_percent_formatted_cell_is_a_percentage():
    assert parse_value_cell(0.563, percent=True) == (Decimal("56.300"), "%")


@pytest.mark.parametrize(
    "cell", ["约50", "50左右", "1,40", "NaN", "Infinity", "—", "1.2.3", True, datetime(2024, 1, 1)]
)
def test_not_numbers(cell):
    with pytest.raises(RowProblem, match="不是数字"):
        parse_value_cell(cell)
