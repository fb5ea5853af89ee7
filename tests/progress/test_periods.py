"""Period codes: the four forms, their end dates and year fractions, order, and bad codes."""

from datetime import date

import pytest

from planwatch.progress import parse_period, period_end, sort_periods, year_fraction


@pytest.mark.parametrize(
    ("code", "end", "fraction", "label"),
    [
        ("2023", date(2023, 12, 31), 1.0, "2023年"),
        ("2023H1", date(2023, 6, 30), 0.5, "2023年上半年"),
        ("2023H2", date(2023, 12, 31), 1.0, "2023年下半年"),
        ("2023Q1", date(2023, 3, 31), 0.25, "2023年第一季度"),
        ("2023Q2", date(2023, 6, 30), 0.5, "2023年第二季度"),
        ("2023Q3", date(2023, 9, 30), 0.75, "2023年第三季度"),
        ("2023-06", date(2023, 6, 30), 0.5, "2023年6月"),
        ("2024-02", date(2024, 2, 29), 2 / 12, "2024年2月"),
        ("2023-2", date(2023, 2, 28), 2 / 12, "2023年2月"),
    ],
)
def test_each_form_has_its_end_fraction_and_chinese_label(code, end, fraction, label):
    assert period_end(code) == end
    assert year_fraction(code) == pytest.approx(fraction)
    assert parse_period(code).label == label


def test_lower_case_and_spaces_are_read_as_the_canonical_code():
    assert parse_period(" 2023q2 ").code == "2023Q2"
    assert parse_period("2023-6").code == "2023-06"


def test_time_puts_year_end_on_the_year_number():
    assert parse_period("2022").time == 2022.0
    assert parse_period("2023Q2").time == pytest.approx(2022.5)


def test_order_is_by_end_then_the_longer_period_last():
    codes = ["2023", "2023Q4", "2024Q1", "2023-12", "2023H2", "2023Q1", "2022"]
    assert sort_periods(codes) == ["2022", "2023Q1", "2023-12", "2023Q4", "2023H2", "2023", "2024Q1"]


@pytest.mark.parametrize(
    "code", ["2023Q5", "2023Q0", "2023-13", "2023-00", "2023H3", "23Q1", "2023 Q1", "", "二〇二三"]
)
def test_bad_codes_raise_a_chinese_message(code):
    with pytest.raises(ValueError, match=r"无法识别的期间：.*应为 2023、2023H1、2023Q2 或 2023-06"):
        parse_period(code)
