"""Portfolio targets (112 key projects, 1154亿元 of investment): the sum of the items' current
values, judged like a cumulative target from a base of zero."""

from datetime import date

import pytest

from planwatch.progress import Observation, TargetSpec, evaluate, evaluate_portfolio, portfolio_series

from .util import series


def portfolio(value, comparator="=", **kw):
    return TargetSpec(value, comparator, "portfolio", start_year=2023, end_year=2025, **kw)


def projects(done_2023: int, done_2024: int, total: int = 112) -> dict:
    """Completion flags: 1 once a project is complete."""
    return {
        f"项目{i}": [Observation("2023Q4", int(i < done_2023)), Observation("2024Q4", int(i < done_2024))]
        for i in range(total)
    }


@pytest.mark.parametrize(
    ("done", "status", "ratio"),
    [
        (70, "needs_acceleration", 70 / (112 * 2 / 3)),
        (75, "on_track", 75 / (112 * 2 / 3)),
        (112, "achieved", None),
    ],
)
def test_completed_projects_against_expected_pace(done, status, ratio):
    ev = evaluate_portfolio(portfolio(112, unit="个"), projects(30, done), date(2025, 2, 1))
    assert ev.status == status
    assert ev.actual == done
    assert ev.expected == pytest.approx(112 * 24 / 36)
    if ratio is not None:
        assert ev.ratio == pytest.approx(ratio)


def test_items_carry_their_latest_value_forward():
    items = {"a": series("2023Q2", 10, "2023Q4", 30), "b": series("2023Q3", 5)}
    assert portfolio_series(items) == series("2023Q2", 10.0, "2023Q3", 15.0, "2023Q4", 35.0)


def test_flow_items_are_summed_per_period():
    items = [series("2023Q1", 1, "2023Q2", 2), series("2023Q2", 3)]
    assert portfolio_series(items, "flow") == series("2023Q1", 1, "2023Q2", 5)


def test_investment_to_date_against_pace():
    items = {"甲": series("2024Q4", 500.0), "乙": series("2024Q4", 320.0)}
    ev = evaluate_portfolio(portfolio(1154, unit="亿元"), items, date(2025, 2, 1))
    assert ev.actual == 820
    assert ev.ratio == pytest.approx(820 / (1154 * 2 / 3))
    assert ev.status == "on_track"


def test_the_portfolio_total_series_can_be_evaluated_directly():
    ev = evaluate(portfolio(112), series("2024Q4", 70), date(2025, 2, 1))
    assert (ev.status, ev.base) == ("needs_acceleration", (2022, 0.0))


def test_as_of_date_applies_to_items():
    ev = evaluate_portfolio(portfolio(112), projects(30, 112), date(2024, 6, 30))
    assert (ev.actual, ev.latest[0]) == (30, "2023Q4")


def test_empty_portfolio_is_no_data():
    assert evaluate_portfolio(portfolio(112), {}, date(2025, 2, 1)).status == "no_data"
