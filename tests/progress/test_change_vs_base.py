"""Change-vs-base targets become level targets from the base value (降低19% from 100 → ≤ 81)."""

from datetime import date

import pytest

from planwatch.progress import TargetSpec

from .util import run, series


def change(value, comparator=">=", direction="decrease", year=2022, **kw):
    return TargetSpec(
        value,
        comparator,
        "change_vs_base",
        year=year,
        base_year=2020,
        change_direction=direction,
        unit="%",
        **kw,
    )


@pytest.mark.parametrize(
    ("latest", "status", "ratio"),
    [
        (81, "achieved", None),
        (80, "achieved", None),
        (90, "on_track", 1.0),  # −10% a year, as required (100 → 81 in two years)
        (94, "needs_acceleration", 0.6),
        (100, "off_track", 0.0),
        (101, "deteriorating", -0.1),
    ],
)
def test_a_decrease_of_at_least_19_percent_is_a_ceiling_of_81(latest, status, ratio):
    ev = run(change(19), series("2020", 100, "2021", latest))
    assert ev.status == status
    assert ev.target == pytest.approx(81)
    if ratio is not None:
        assert ev.ratio == pytest.approx(ratio)


def test_an_increase_is_a_floor():
    ev = run(change(21, direction="increase"), series("2020", 100, "2021", 110))
    assert (ev.status, ev.target) == ("on_track", pytest.approx(121))
    assert ev.ratio == pytest.approx(1.0)


def test_a_negative_change_means_a_decrease_without_saying_so():
    ev = run(change(-19, direction=None), series("2020", 100, "2021", 90))
    assert (ev.status, ev.target) == ("on_track", pytest.approx(81))


def test_a_change_ceiling_on_growth_is_read_from_the_comparator():
    # 能耗增长控制在10%以内: no more than 110.
    spec = change(10, "<=", direction=None)
    assert run(spec, series("2020", 100, "2021", 105)).status == "achieved"
    # The base already met the ceiling; going over it is losing a met target.
    assert run(spec, series("2020", 100, "2022", 115)).status == "deteriorating"


def test_a_range_of_change_maps_both_bounds():
    spec = change(10, "range", value_max=20)
    ev = run(spec, series("2020", 100, "2021", 85))
    assert ev.status == "achieved"
    assert run(spec, series("2020", 100, "2021", 75)).status == "off_track"


@pytest.mark.parametrize(
    ("obs", "reason"),
    [
        (series("2021", 90), "缺少2020年基期数据"),
        (series("2020", 0, "2021", 1), "基期值为0"),
    ],
)
def test_without_a_positive_base_there_is_no_target_level(obs, reason):
    ev = run(change(19), obs)
    assert ev.status == "no_data"
    assert reason in ev.explanation


def test_explanation_speaks_in_changes_against_the_base_year():
    ev = run(change(19, year=2023), series("2020", 100, "2021", 95), date(2022, 6, 30))
    assert ev.explanation == (
        "2021年较2020年下降5.0%，按此速度2023年可下降14.3%（目标下降19%），需加快；数据点少于3个，不作趋势外推"
    )
    done = run(change(19), series("2020", 100, "2021", 80))
    assert done.explanation == "2021年较2020年下降20.0%，已达到下降19%的目标"
