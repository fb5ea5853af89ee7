"""Forecast: least-squares trend, 80% prediction interval, probability of meeting the target.

Hand-computed linear case: points (0, 0), (1, 12), (2, 18), (3, 30) give slope 9.6, intercept
0.6, residuals ±0.6/±1.8, s² = 7.2 / 2 = 3.6; at t = 4 the prediction is 39.0 with standard
error √(3.6 × (1 + 1/4 + 2.5²/5)) = 3.0, so the 80% interval is 39 ± 1.2816 × 3.
"""

from datetime import date

import pytest

from planwatch.progress import TargetSpec

from .util import level, quarters, run, series

LINEAR = series("2021", 0, "2022", 12, "2023", 18, "2024", 30)
TODAY = date(2025, 1, 31)


def linear_target(value, comparator=">=", **kw):
    return TargetSpec(value, comparator, "level", year=2025, base_year=2021, **kw)


def test_hand_computed_linear_trend_and_interval():
    fc = run(linear_target(39), LINEAR, TODAY).forecast
    assert (fc.year, fc.model, fc.points) == (2025, "linear", 4)
    assert fc.value == pytest.approx(39.0)
    assert (fc.low, fc.high) == (pytest.approx(39 - 1.886 * 3), pytest.approx(39 + 1.886 * 3))


@pytest.mark.parametrize(
    ("comparator", "value", "value_max", "probability"),
    [
        (">=", 39.0, None, 0.5),
        (">=", 39 + 1.886 * 3, None, 0.1),
        (">=", 39 - 1.886 * 3, None, 0.9),
        ("<=", 39.0, None, 0.5),
        ("<=", 39 - 1.886 * 3, None, 0.1),
        ("range", 39 - 1.886 * 3, 39 + 1.886 * 3, 0.8),
    ],
)
def test_probability_of_meeting_the_target_under_the_widened_normal(comparator, value, value_max, probability):
    fc = run(linear_target(value, comparator, value_max=value_max), LINEAR, TODAY).forecast
    assert fc.probability == pytest.approx(probability, abs=1e-6)


def test_constant_growth_is_fitted_log_linearly_and_exactly():
    ev = run(level(150, year=2025), series("2022", 100, "2023", 110, "2024", 121), TODAY)
    fc = ev.forecast
    assert fc.model == "log-linear"
    assert (fc.value, fc.low, fc.high) == (pytest.approx(133.1), pytest.approx(133.1), pytest.approx(133.1))
    assert fc.probability == 0.0
    assert (
        run(level(130, year=2025), series("2022", 100, "2023", 110, "2024", 121), TODAY).forecast.probability
        == 1.0
    )


def test_fewer_than_three_points_gives_no_forecast_and_says_so():
    ev = run(level(150, year=2025), series("2022", 100, "2023", 110), TODAY)
    assert ev.forecast is None
    assert ev.explanation.endswith("；数据不足，无法预测")


def test_no_forecast_once_the_target_year_is_reported():
    ev = run(level(121), series("2022", 100, "2023", 105, "2024", 115), TODAY)
    assert ev.forecast is None
    assert "无法预测" not in ev.explanation


def test_interval_contains_the_forecast_and_probability_is_a_probability():
    obs = series("2022", 100, "2023", 108, "2024Q2", 109, "2024", 118)
    fc = run(level(125, year=2025), obs, TODAY).forecast
    assert fc.low < fc.value < fc.high
    assert 0 < fc.probability < 1


def test_cumulative_forecast_projects_the_running_total():
    # 10 a quarter since 2023: 80 by the end of 2024, so 100 is out of reach.
    spec = TargetSpec(100, basis="cumulative", start_year=2023, end_year=2024)
    fc = run(spec, quarters(2023, 10, 10, 10, 10), TODAY).forecast
    assert (fc.model, fc.value, fc.probability) == ("linear", pytest.approx(80), 0.0)


def test_annual_forecast_projects_the_current_year_from_complete_years():
    spec = TargetSpec(50, basis="annual", start_year=2023, end_year=2025)
    obs = series("2020", 40, "2021", 44, "2022", 48.4, "2023", 53.24) + quarters(2024, 10)
    fc = run(spec, obs, TODAY).forecast
    assert (fc.year, fc.model) == (2024, "log-linear")
    assert fc.value == pytest.approx(58.564)
    assert fc.probability == 1.0
