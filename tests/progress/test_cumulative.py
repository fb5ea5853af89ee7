"""Cumulative targets: the total since the plan began against expected pace (序时进度).

Plan 2023–2024, target 100: at the end of 2023Q4, 12 of 24 months have passed, so 50 is due.
"""

from datetime import date

import pytest

from planwatch.progress import TargetSpec

from .util import quarters, run, series


def cumulative(value=100, comparator=">=", **kw):
    kw = {"start_year": 2023, "end_year": 2024, **kw}
    return TargetSpec(value, comparator, "cumulative", **kw)


@pytest.mark.parametrize(
    ("q4", "status", "ratio"),
    [
        (20, "on_track", 1.0),
        (17.5, "on_track", 0.95),
        (17.4, "needs_acceleration", 0.948),
        (0, "needs_acceleration", 0.6),
        (-0.1, "off_track", 0.598),
        (-30, "off_track", 0.0),
        (-35, "deteriorating", -0.1),
    ],
)
def test_flows_summed_since_plan_start_against_pace(q4, status, ratio):
    ev = run(cumulative(), quarters(2023, 10, 10, 10, q4))
    assert ev.status == status
    assert ev.ratio == pytest.approx(ratio, abs=1e-3)
    assert ev.expected == pytest.approx(50)
    assert ev.actual == pytest.approx(30 + q4)


def test_total_reaching_the_target_is_achieved_before_the_end():
    ev = run(cumulative(), quarters(2023, 30, 30, 30, 10))
    assert (ev.status, ev.actual) == ("achieved", 100)


@pytest.mark.parametrize(("last", "status"), [(30, "achieved"), (26, "off_track"), (-100, "deteriorating")])
def test_at_the_end_of_the_plan_an_unmet_total_is_at_best_off_track(last, status):
    # 96 of 100 is ratio 0.96 but the period is over.
    obs = quarters(2023, 10, 10, 10, 10) + quarters(2024, 10, 10, 10, last)
    assert run(cumulative(), obs).status == status


def test_a_missing_quarter_is_not_guessed_and_is_named():
    ev = run(cumulative(), quarters(2023, 10, None, 10, 10))
    assert ev.actual == 30
    assert ev.missing == ["2023Q2"]
    assert "（缺2023年第二季度数据）" in ev.explanation


def test_year_figure_and_its_quarters_are_not_counted_twice():
    ev = run(cumulative(), series("2023", 50) + quarters(2023, 10, 10, 10, 10))
    assert ev.actual == 50
    assert ev.latest == ("2023", 50)


def test_half_and_quarter_combine_without_overlap():
    ev = run(cumulative(), series("2023H1", 20, "2023Q3", 10, "2023Q2", 99))
    assert ev.actual == 30
    assert ev.expected == pytest.approx(100 * 9 / 24)


def test_figures_before_the_plan_or_after_the_target_year_are_left_out():
    obs = series("2022Q4", 500, "2025Q1", 500) + quarters(2023, 10, 10, 10, 20)
    assert run(cumulative(), obs).actual == 50


def test_running_total_stock_counts_the_increase_over_the_base():
    # 累计建成5G基站: 1800 at the end of 2022, 4400 at mid-2024; 5000 more by 2025.
    spec = cumulative(5000, kind="stock", end_year=2025, unit="处")
    ev = run(spec, series("2022", 1800, "2023Q4", 3100, "2024Q2", 4400), date(2024, 8, 1))
    assert (ev.actual, ev.expected) == (2600, 2500)
    assert ev.ratio == pytest.approx(1.04)
    assert ev.status == "on_track"
    assert ev.base == (2022, 1800)


def test_running_total_stock_needs_a_base():
    spec = cumulative(5000, kind="stock", end_year=2025)
    assert run(spec, series("2024Q2", 4400)).status == "no_data"
    assert (
        run(cumulative(5000, kind="stock", end_year=2025, base_value=0), series("2024Q2", 5100)).status
        == "achieved"
    )


def test_a_stock_falling_below_its_base_is_deteriorating():
    ev = run(cumulative(kind="stock"), series("2022", 50, "2023", 40))
    assert ev.status == "deteriorating"


@pytest.mark.parametrize(
    ("total", "status"), [(90, "achieved"), (100, "achieved"), (120, "off_track"), (40, "on_track")]
)
def test_a_range_total_overshooting_its_upper_bound_is_off_track(total, status):
    ev = run(cumulative(80, "range", value_max=100), series("2023", total))
    assert ev.status == status
    if total == 120:
        assert "超出目标区间80～100" in ev.explanation


def test_about_counts_within_tolerance():
    # 40左右 is met from 40 − 2% = 39.2
    assert run(cumulative(40, "≈"), series("2023", 20, "2024", 19.2)).status == "achieved"
    assert run(cumulative(40, "≈"), series("2023", 20, "2024", 19)).status == "off_track"


@pytest.mark.parametrize(
    ("obs", "status"),
    [
        (series("2023", 40), "on_track"),  # 40 used of 50 allowed so far
        (series("2023", 60), "off_track"),  # 60 used where 50 was allowed so far: too fast
        (series("2023", 120), "off_track"),  # ceiling already exceeded
        (series("2023", 40, "2024", 50), "achieved"),  # 90 ≤ 100 at the end
    ],
)
def test_a_ceiling_on_a_total_is_judged_as_allowance_used(obs, status):
    assert run(cumulative(100, "<="), obs).status == status


def test_a_ceiling_on_a_total_is_explained_as_a_ceiling():
    ev = run(cumulative(100, "<=", unit="万吨"), series("2023", 120))
    assert ev.explanation.startswith("截至2023年累计为120万吨，已超过上限100万吨，进展滞后")


def test_no_figure_in_the_plan_period_is_no_data():
    ev = run(cumulative(), series("2022", 10), date(2023, 3, 30))
    assert ev.status == "no_data"
    assert "尚无2023年以来的数据" in ev.explanation


def test_expected_path_is_the_pace_line_from_zero():
    ev = run(cumulative(), quarters(2023, 10))
    assert ev.expected_path == [("2022", 0.0), ("2023", 50.0), ("2024", 100.0)]


def test_a_total_is_not_forecast_below_what_it_has_already_reached_this_year():
    # yearly amounts 3, 2, 1 (2021–2023) fall on a line to 0 in 2024 and −1 in 2025; but 2024's
    # first three quarters already added 6, so the total reached is 1 + 6 = 7 and the forecast
    # of the 2023–2025 total cannot be less than that (it was 6 with 7 reached on the demo)
    spec = cumulative(40, end_year=2025, year=2025, unit="家")
    obs = series("2021", 3, "2022", 2, "2023", 1, "2024Q1", 2, "2024Q2", 2, "2024Q3", 2)
    ev = run(spec, obs, date(2024, 10, 31))
    assert ev.actual == pytest.approx(7)
    assert (ev.forecast.value, ev.forecast.low) == (pytest.approx(7), pytest.approx(7))
