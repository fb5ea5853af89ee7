"""Level targets: observed growth over required growth, thresholds 0.95 / 0.6 / 0, direction.

Hand-computed: base 100 in 2022 and target 121 in 2024 require 10% a year; after one year a
value of 109.5 is 9.5% growth, ratio 0.95 exactly. The lower-is-better twin: base 50 and target
40.5 require −10% a year.
"""

from datetime import date

import pytest

from .util import level, quarters, run, series


@pytest.mark.parametrize(
    ("latest", "status", "ratio"),
    [
        (121, "achieved", 2.1),
        (110, "on_track", 1.0),
        (109.5, "on_track", 0.95),
        (109.4, "needs_acceleration", 0.94),
        (106, "needs_acceleration", 0.6),
        (105.9, "off_track", 0.59),
        (100, "off_track", 0.0),
        (99, "deteriorating", -0.1),
    ],
)
def test_higher_is_better_compound_growth_and_boundaries(latest, status, ratio):
    ev = run(level(121), series("2022", 100, "2023", latest))
    assert ev.status == status
    assert ev.ratio == pytest.approx(ratio)
    assert ev.method == "compound"
    assert ev.expected == pytest.approx(110)


@pytest.mark.parametrize(
    ("latest", "status", "ratio"),
    [
        (40.5, "achieved", None),
        (30, "achieved", None),
        (45, "on_track", 1.0),
        (45.25, "on_track", 0.95),
        (45.3, "needs_acceleration", 0.94),
        (47, "needs_acceleration", 0.6),
        (47.05, "off_track", 0.59),
        (50, "off_track", 0.0),
        (51, "deteriorating", -0.2),
    ],
)
def test_lower_is_better_uses_negative_growth(latest, status, ratio):
    ev = run(level(40.5, "<="), series("2022", 50, "2023", latest))
    assert ev.status == status
    if ratio is not None:
        assert ev.ratio == pytest.approx(ratio)


@pytest.mark.parametrize(
    ("base", "latest", "status", "ratio"),
    [
        (0, 10, "on_track", 1.0),
        (0, 9.5, "on_track", 0.95),
        (0, 6, "needs_acceleration", 0.6),
        (0, 5.9, "off_track", 0.59),
        (0, 0, "off_track", 0.0),
        (0, -1, "deteriorating", -0.1),
        (0, 30, "achieved", 3.0),
        (-10, 0, "on_track", 1.0),
        (-10, -12, "deteriorating", -0.2),
    ],
)
def test_zero_or_negative_base_falls_back_to_absolute_change_per_year(base, latest, status, ratio):
    ev = run(level(20 if base < 0 else 30, year=2025), series("2022", base, "2023", latest))
    assert (ev.status, ev.method) == (status, "linear")
    assert ev.ratio == pytest.approx(ratio)


@pytest.mark.parametrize(("latest", "status"), [(4, "on_track"), (0, "achieved"), (7, "deteriorating")])
def test_a_zero_ceiling_is_judged_linearly(latest, status):
    # 重大事故控制在0起: from 6 in 2022 to 0 in 2025 is −2 a year.
    ev = run(level(0, "<=", year=2025), series("2022", 6, "2023", latest))
    assert (ev.status, ev.method) == (status, "linear")


def test_a_latest_value_at_or_below_zero_under_compound_growth_is_deteriorating():
    ev = run(level(121), series("2022", 100, "2023", -5))
    assert ev.status == "deteriorating"
    assert ev.ratio == pytest.approx(-1 / 0.1)


def test_quarterly_stock_measures_growth_over_part_years():
    ev = run(level(121), series("2022", 100, "2023Q2", 100 * 1.1**0.5))
    assert ev.status == "on_track"
    assert ev.ratio == pytest.approx(1.0)
    assert ev.latest == ("2023Q2", pytest.approx(104.88088))
    assert ev.expected == pytest.approx(104.88088)


def test_missing_periods_do_not_stop_a_level_evaluation_the_latest_counts():
    obs = series("2022", 100) + quarters(2023, 102, None, 106.5) + [series("2023Q4", None)[0]]
    ev = run(level(121), obs)
    assert ev.latest == ("2023Q3", 106.5)
    assert ev.ratio == pytest.approx((1.065 ** (1 / 0.75) - 1) / 0.1)


@pytest.mark.parametrize(
    ("final", "status"),
    [(121, "achieved"), (120, "off_track"), (90, "deteriorating")],
)
def test_in_the_target_year_an_unmet_target_is_at_best_off_track(final, status):
    # 120 in 2024 is 9.54% a year, ratio 0.954: on track before the deadline, behind at it.
    ev = run(level(121), series("2022", 100, "2023", 110, "2024", final))
    assert ev.status == status
    assert ev.forecast is None


def test_figures_after_the_target_year_are_not_used():
    ev = run(level(121), series("2022", 100, "2023", 110, "2024", 115, "2025", 130))
    assert ev.latest == ("2024", 115)
    assert ev.status == "off_track"


@pytest.mark.parametrize(
    ("today", "latest", "status"),
    [
        (date(2024, 6, 30), ("2023", 110), "on_track"),
        (date(2024, 12, 30), ("2023", 110), "on_track"),
        (date(2024, 12, 31), ("2024", 121), "achieved"),
    ],
)
def test_as_of_date_ignores_figures_for_periods_ending_later(today, latest, status):
    ev = run(level(121), series("2022", 100, "2023", 110, "2024", 121), today)
    assert ev.latest == latest
    assert ev.status == status


def test_a_quarter_counts_from_its_last_day():
    obs = series("2022", 100, "2023Q1", 101, "2023Q2", 103)
    assert run(level(121), obs, date(2023, 6, 29)).latest[0] == "2023Q1"
    assert run(level(121), obs, date(2023, 6, 30)).latest[0] == "2023Q2"


@pytest.mark.parametrize(
    ("obs", "today", "reason"),
    [
        ([], date(2025, 1, 31), "截至2025年1月31日尚无数据"),
        (series("2023", 110), date(2025, 1, 31), "缺少2022年基期数据"),
        (series("2022", 100), date(2025, 1, 31), "尚无2022年之后的数据"),
        (series("2022", 100, "2023", None), date(2025, 1, 31), "尚无2022年之后的数据"),
        (series("2022", 100, "2023", 110), date(2023, 6, 30), "尚无2022年之后的数据"),
        (series("2022Q3", 100, "2023", 110), date(2025, 1, 31), "缺少2022年基期数据"),
    ],
)
def test_no_data_is_never_guessed(obs, today, reason):
    ev = run(level(121), obs, today)
    assert ev.status == "no_data"
    assert ev.ratio is None and ev.forecast is None
    assert reason in ev.explanation


def test_base_year_defaults_to_the_year_before_the_plan_and_a_given_base_value_wins():
    spec = level(121, base_year=None, start_year=2023)
    assert run(spec, series("2022", 100, "2023", 110)).base == (2022, 100)
    given = level(121, base_value=110)
    ev = run(given, series("2022", 100, "2023", 110))
    assert ev.base == (2022, 110) and ev.status == "off_track"


@pytest.mark.parametrize(("latest", "status"), [(95, "achieved"), (93, "achieved"), (92, "deteriorating")])
def test_a_target_met_at_the_base_that_is_lost_is_deteriorating(latest, status):
    ev = run(level(93, year=2025), series("2022", 94, "2023", latest))
    assert ev.status == status


def test_flows_use_complete_years_totals_only():
    # 实际使用外资 reported per quarter: 4.0 in 2022, 4.4 in 2023 is 10% growth; 2024Q1 alone is no level.
    obs = quarters(2022, 1, 1, 1, 1) + quarters(2023, 1.1, 1.1, 1.1, 1.1) + quarters(2024, 3)
    ev = run(level(4.84, kind="flow"), obs)
    assert ev.latest == ("2023", pytest.approx(4.4))
    assert ev.base == (2022, 4)
    assert ev.ratio == pytest.approx(1.0)


def test_a_flow_base_year_with_a_missing_quarter_is_no_base():
    obs = quarters(2022, 1, 1, None, 1) + quarters(2023, 1.1, 1.1, 1.1, 1.1)
    assert run(level(4.84, kind="flow"), obs).status == "no_data"


def test_expected_path_runs_from_the_base_to_the_target_year():
    ev = run(level(121), series("2022", 100, "2023", 105))
    assert [p for p, _ in ev.expected_path] == ["2022", "2023", "2024"]
    assert [v for _, v in ev.expected_path] == pytest.approx([100, 110, 121])


def test_an_explicit_direction_overrides_the_comparator():
    # '≈ 100' from a base of 120 is approached from above; forcing 'higher' makes falling a loss.
    ev = run(level(100, "≈", direction="higher"), series("2022", 120, "2023", 110))
    assert ev.status == "achieved"
    ev = run(level(100, "≈", direction="higher"), series("2022", 80, "2023", 70))
    assert ev.status == "deteriorating"


def test_a_period_given_twice_is_an_error():
    with pytest.raises(ValueError, match="期间重复：2023Q1"):
        run(level(121), series("2022", 100, "2023Q1", 101, "2023q1", 102))
