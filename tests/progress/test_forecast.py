"""Forecast: least-squares trend, 80% prediction interval and probability, both Student's t.

Hand-computed cases (t quantiles from a printed t-table):

* three points (0, 0), (1, 12), (2, 18): slope 9, fitted 1, 10, 19, residuals −1, 2, −1,
  s² = 6 / 1 = 6; at t = 3: ŷ = 28, se = √(6 × (1 + 1/3 + 2²/2)) = √20 = 4.4721.
  t₀.₉(1) = 3.078 → 80% interval 28 ± 13.765; t₀.₉₅(1) = 6.314 → P(Y ≥ 28 − 6.314·√20) = 0.95.
* five points (0, 0), (1, 12), (2, 18), (3, 30), (4, 36): slope 9, intercept 1.2, residuals
  −1.2, 1.8, −1.2, 1.8, −1.2, s² = 10.8 / 3 = 3.6; at t = 5: ŷ = 46.2,
  se = √(3.6 × (1 + 1/5 + 3²/10)) = √7.56 = 2.7495; t₀.₉(3) = 1.638.
"""

import math
from datetime import date

import numpy as np
import pytest

from planwatch.progress import TargetSpec
from planwatch.progress.forecast import fit_rows, probability

from .util import level, run, series

THREE = series("2021", 0, "2022", 12, "2023", 18)
FIVE = series("2020", 0, "2021", 12, "2022", 18, "2023", 30, "2024", 36)
TODAY = date(2025, 1, 31)
SE3, SE5 = math.sqrt(20), math.sqrt(7.56)


def target(value, comparator=">=", base_year=2020, year=2025, **kw):
    return TargetSpec(value, comparator, "level", year=year, base_year=base_year, **kw)


def test_three_points_give_a_wide_t_band_and_no_probability():
    fc = run(target(30, base_year=2021, year=2024), THREE, date(2024, 1, 31)).forecast
    assert (fc.year, fc.model, fc.points, fc.first, fc.last) == (2024, "linear", 3, "2021", "2023")
    assert fc.value == pytest.approx(28.0)
    assert (fc.low, fc.high) == (
        pytest.approx(28 - 3.078 * SE3, abs=2e-3),
        pytest.approx(28 + 3.078 * SE3, abs=2e-3),
    )
    assert fc.probability is None  # 3 points < 5: one degree of freedom is no basis for a probability


def test_the_t_probability_of_three_points_is_the_t_table_value():
    fit = fit_rows(np.array([0.0, 1.0, 2.0]), np.array([[0.0, 12.0, 18.0]]), 3.0)
    threshold = 28 - 6.314 * SE3  # t₀.₉₅(1) = 6.314
    p = probability(fit, np.array([1.0]), np.array([threshold]), np.array([math.nan]))
    assert p[0] == pytest.approx(0.95, abs=1e-4)
    # a normal distribution would have said Φ(6.314) = 0.99999999986: the error the t corrects
    assert p[0] < 0.951


@pytest.mark.parametrize(
    ("comparator", "value", "value_max", "probability"),
    [
        (">=", 46.2, None, 0.5),
        (">=", 46.2 + 1.638 * SE5, None, 0.1),
        (">=", 46.2 - 1.638 * SE5, None, 0.9),
        ("<=", 46.2, None, 0.5),
        ("<=", 46.2 - 1.638 * SE5, None, 0.1),
        ("range", 46.2 - 1.638 * SE5, 46.2 + 1.638 * SE5, 0.8),
    ],
)
def test_five_points_give_the_t_probability(comparator, value, value_max, probability):
    fc = run(target(value, comparator, value_max=value_max), FIVE, TODAY).forecast
    assert fc.points == 5 and fc.value == pytest.approx(46.2)
    assert (fc.low, fc.high) == (
        pytest.approx(46.2 - 1.638 * SE5, abs=1e-3),
        pytest.approx(46.2 + 1.638 * SE5, abs=1e-3),
    )
    assert fc.probability == pytest.approx(probability, abs=1e-3)


@pytest.mark.parametrize("obs", [
    series("2022", 100, "2023", 110, "2024", 121),
    series("2020", 100 / 1.21, "2021", 100 / 1.1, "2022", 100, "2023", 110, "2024", 121),
])  # fmt: skip
def test_a_perfect_fit_has_a_band_and_never_a_certain_probability(obs):
    base = 2022 if len(obs) == 3 else 2020
    fc = run(level(150, year=2025, base_year=base), obs, TODAY).forecast
    assert fc.model == "log-linear"
    assert fc.value == pytest.approx(133.1)
    assert fc.probability is None
    if len(obs) == 3:
        # residual error floored at 0.01 (log scale): se = 0.01·√(1 + 1/3 + 2) = 0.018257,
        # half-width 3.078 × 0.018257 = 0.05620 → 133.1·e^∓0.0562
        assert (fc.low, fc.high) == (pytest.approx(125.83, abs=0.01), pytest.approx(140.79, abs=0.01))
    assert fc.low < fc.value < fc.high


def test_fewer_than_three_points_gives_no_forecast_and_says_so_without_claiming_no_data():
    ev = run(level(150, year=2025), series("2022", 100, "2023", 110), TODAY)
    assert ev.forecast is None
    assert ev.explanation.endswith("；数据点少于3个，不作趋势外推")
    assert "数据不足" not in ev.explanation and "无法预测" not in ev.explanation


def test_no_forecast_once_the_target_year_is_reported():
    ev = run(level(121), series("2022", 100, "2023", 105, "2024", 115), TODAY)
    assert ev.forecast is None
    assert "外推" not in ev.explanation


def test_cumulative_forecast_adds_projected_yearly_amounts_not_running_totals():
    # Yearly amounts 2020–2023: 30, 35, 38, 43 (slope 4.2, residuals −0.2, 0.6, −0.6, 0.2,
    # s² = 0.8 / 2 = 0.4). 2024 → 47, 2025 → 51.2; total = 43 (done in 2023) + 98.2 = 141.2.
    # se of the sum of m = 2 predictions: √0.4 · √(2 + 4/4 + (2.5 + 3.5)²/5) = 2.0199; t₀.₉(2) = 1.886.
    spec = TargetSpec(150, basis="cumulative", start_year=2023, end_year=2025)
    obs = series("2020", 30, "2021", 35, "2022", 38, "2023", 43, "2024Q1", 11)
    fc = run(spec, obs, date(2024, 5, 1)).forecast
    assert (fc.model, fc.points, fc.first, fc.last) == ("linear", 4, "2020", "2023")
    assert fc.value == pytest.approx(141.2)
    assert (fc.low, fc.high) == (
        pytest.approx(141.2 - 1.886 * 2.0199, abs=2e-3),
        pytest.approx(141.2 + 1.886 * 2.0199, abs=2e-3),
    )
    assert fc.probability is None  # 4 points


def test_cumulative_forecast_needs_three_yearly_amounts():
    # Four quarters of one year are one yearly amount: no trend, and no invented zero point.
    spec = TargetSpec(100, basis="cumulative", start_year=2023, end_year=2024)
    ev = run(spec, series("2023Q1", 10, "2023Q2", 10, "2023Q3", 10, "2023Q4", 10), date(2024, 2, 1))
    assert ev.forecast is None


def test_annual_forecast_projects_the_current_year_from_complete_years():
    spec = TargetSpec(50, basis="annual", start_year=2023, end_year=2025)
    obs = series("2020", 40, "2021", 44, "2022", 48.4, "2023", 53.24, "2024Q1", 10)
    fc = run(spec, obs, TODAY).forecast
    assert (fc.year, fc.model) == (2024, "log-linear")
    assert fc.value == pytest.approx(58.564)
    assert fc.probability is None  # a perfect fit


def test_a_total_of_never_negative_amounts_is_not_forecast_below_what_it_has_reached():
    from planwatch.progress.forecast import forecast_total
    from planwatch.progress.goal import make_goal

    # amounts 5, 1, 2 (mean 8/3, slope −1.5): the line gives −0.33 for 2023 and −1.83 for 2024,
    # which cannot happen to a count — each is cut at 0, so the total stays at the 8 reached
    fc = forecast_total([(2020, 5), (2021, 1), (2022, 2)], [2023, 2024], 8.0, make_goal(">=", 30), 2024)
    assert fc.value == pytest.approx(8.0)
    assert fc.low == pytest.approx(8.0)
    assert fc.high > 8.0


def test_a_count_is_not_forecast_below_zero():
    # 6, 3, 0 at 2021–2023: a perfect line to −6 in 2025; a count cannot be negative
    fc = run(target(10, base_year=2021, year=2025), series("2021", 6, "2022", 3, "2023", 0), TODAY).forecast
    assert (fc.value, fc.low) == (0.0, 0.0)
    assert fc.probability is None


def test_a_level_trend_uses_the_figures_before_the_base_year_too():
    # 100, 110, 121 (2020–2022, base 2022), 133.1 (2023): 10% a year throughout, so the trend
    # from all four points gives 121 × 1.1³ = 161.051 for 2025; from the base on there would be
    # only two points and no forecast at all
    obs = series("2020", 100, "2021", 110, "2022", 121, "2023", 133.1)
    fc = run(target(150, base_year=2022, year=2025), obs, date(2024, 9, 30)).forecast
    assert (fc.points, fc.first, fc.last, fc.model) == (4, "2020", "2023", "log-linear")
    assert fc.value == pytest.approx(161.051, abs=0.01)
    assert fc.probability is None  # a perfect fit: no certain 0 or 1


def test_the_batch_path_forecasts_from_the_same_points_as_one_target():
    from planwatch.progress import evaluate_many

    batch = evaluate_many(
        [[100, 110, 121, 133.1]], ["2020", "2021", "2022", "2023"],
        target=150, base_year=2022, target_year=2025, today=date(2024, 9, 30),
    )  # fmt: skip
    assert batch.forecast_value[0] == pytest.approx(161.051, abs=0.01)
