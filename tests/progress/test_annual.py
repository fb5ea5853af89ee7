"""Annual targets (50 new high-tech firms a year): every year must meet the target.

The latest year is judged against its year-to-date pace (50 × 0.5 = 25 due by mid-year); the
completed years are counted; a completed year missed caps the status at 需加快 while the plan
runs, and at 进展滞后 once it is over.
"""

from datetime import date

import pytest

from planwatch.progress import TargetSpec

from .util import quarters, run, series


def annual(value=50, comparator=">=", **kw):
    kw = {"start_year": 2023, "end_year": 2025, "unit": "家", **kw}
    return TargetSpec(value, comparator, "annual", **kw)


MET_2023 = quarters(2023, 12, 13, 14, 15)  # 54
MISSED_2023 = quarters(2023, 10, 10, 10, 15)  # 45


@pytest.mark.parametrize(
    ("ytd", "status", "ratio"),
    [
        ((10, 15), "on_track", 1.0),
        ((10, 13.75), "on_track", 0.95),
        ((10, 13.7), "needs_acceleration", 0.948),
        ((8, 12), "needs_acceleration", 0.8),
        ((5, 10), "needs_acceleration", 0.6),
        ((5, 9.9), "off_track", 0.596),
        ((0, 0), "off_track", 0.0),
        ((5, -10), "deteriorating", -0.2),
    ],
)
def test_current_year_against_year_to_date_pace(ytd, status, ratio):
    ev = run(annual(), MET_2023 + quarters(2024, *ytd))
    assert ev.status == status
    assert ev.ratio == pytest.approx(ratio, abs=1e-3)
    assert ev.expected == pytest.approx(25)
    assert (ev.years_met, ev.years_completed) == (1, 1)


def test_a_year_already_reaching_the_target_is_achieved():
    ev = run(annual(), MET_2023 + quarters(2024, 20, 20, 10))
    assert (ev.status, ev.actual) == ("achieved", 50)


@pytest.mark.parametrize(
    ("ytd", "status"),
    [((10, 15), "needs_acceleration"), ((20, 30), "needs_acceleration"), ((5, 5), "off_track")],
)
def test_a_missed_completed_year_caps_the_status_at_needs_acceleration(ytd, status):
    ev = run(annual(), MISSED_2023 + quarters(2024, *ytd))
    assert ev.status == status
    assert (ev.years_met, ev.years_completed) == (0, 1)


def test_a_complete_latest_year_just_missed_needs_acceleration():
    ev = run(annual(), quarters(2023, 12, 12, 12, 12))
    assert ev.status == "needs_acceleration"
    assert ev.ratio == pytest.approx(0.96)
    assert (ev.years_met, ev.years_completed) == (0, 1)


@pytest.mark.parametrize(
    ("years", "status"),
    [((54, 55, 60), "achieved"), ((45, 55, 60), "off_track"), ((54, 55, 49), "off_track")],
)
def test_once_the_plan_is_over_any_missed_year_is_off_track(years, status):
    obs = series("2023", years[0], "2024", years[1], "2025", years[2])
    ev = run(annual(), obs)
    assert ev.status == status
    assert ev.years_completed == 3


def test_running_year_to_date_stock_uses_the_latest_value_not_the_sum():
    ev = run(annual(kind="stock"), series("2024-03", 5, "2024-06", 20))
    assert ev.actual == 20
    assert ev.ratio == pytest.approx(0.8)


def test_missing_months_are_named_and_not_filled():
    ev = run(annual(start_year=2024), series("2024-01", 5, "2024-03", 5))
    assert ev.actual == 10
    assert ev.missing == ["2024-02"]
    assert ev.expected == pytest.approx(12.5)


def test_a_year_with_no_figure_is_named_as_a_year_and_not_counted():
    ev = run(annual(), series("2024-01", 5, "2024-03", 5))
    assert ev.missing == ["2023", "2024-02"]
    assert ev.years_completed == 0
    assert "（缺2023年等2期数据）" in ev.explanation


def test_years_outside_the_plan_period_are_not_judged():
    ev = run(annual(), series("2022", 10, "2023", 54, "2026", 0))
    # judged on 2023 alone; the target itself runs to the plan's last year
    assert (ev.status, ev.years_completed, ev.target_year) == ("achieved", 1, 2025)
    assert [y["year"] for y in ev.years] == [2023]


@pytest.mark.parametrize(
    ("obs", "status"),
    [
        (series("2024H1", 0.5), "on_track"),
        (series("2024H1", 3), "off_track"),
        (series("2023", 1, "2024", 2), "achieved"),
        (series("2023", 3, "2024", 2), "off_track"),
    ],
)
def test_a_yearly_ceiling(obs, status):
    # 重污染天数每年控制在2天以内.
    assert run(annual(2, "<=", end_year=2024, unit="天"), obs).status == status


def test_a_yearly_ceiling_is_explained_as_a_ceiling():
    ev = run(annual(2, "<=", end_year=2024, unit="天"), series("2024H1", 3))
    assert ev.explanation.startswith("2024年截至上半年为3天，已超过全年上限2天，进展滞后")


@pytest.mark.parametrize(
    ("obs", "status"), [(series("2023", 4), "achieved"), (series("2023", 6), "off_track")]
)
def test_a_yearly_range_is_missed_by_overshooting(obs, status):
    # 每年新增专精特新企业3-5家.
    assert run(annual(3, "range", value_max=5), obs).status == status


def test_explanation_gives_year_to_date_pace_and_earlier_years():
    ev = run(annual(), MET_2023 + quarters(2024, 8, 12), date(2024, 8, 15))
    assert ev.explanation == (
        "2024年截至第二季度完成20家，序时进度应达25家，完成序时进度的80%，此前1个年度中1个达标，需加快；"
        "数据点少于3个，不作趋势外推"
    )


def test_no_figure_in_the_plan_period_is_no_data():
    assert run(annual(), series("2022", 60)).status == "no_data"
