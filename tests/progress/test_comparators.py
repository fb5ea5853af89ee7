"""'≈' (±2% of the target, relative), '=' and 'range': met when inside, paced from the side the
base is on."""

import pytest

from .util import level, run, series


@pytest.mark.parametrize(
    ("obs", "status"),
    [
        (("2023", 196), "achieved"),  # 200 − 2%
        (("2023", 215), "achieved"),  # past the band on the far side: more than asked, still met
        (("2023", 190), "on_track"),  # 190 < 196, not met; ratio 0.90 / 0.4142 = 2.17
        (("2024", 195.9), "off_track"),  # at the deadline, just outside the band: unmet
        (("2024", 196), "achieved"),
    ],
)
def test_about_from_below(obs, status):
    assert run(level(200, "≈"), series("2022", 100, *obs)).status == status


@pytest.mark.parametrize(
    ("latest", "status", "ratio"),
    [
        (204, "achieved", None),  # 200 + 2%
        (210, "on_track", 1.635),  # −30% in one year against the −18.35% a year required
        (250, "needs_acceleration", 0.908),
        (300, "off_track", 0.0),
        (310, "deteriorating", None),
    ],
)
def test_about_from_above_is_lower_is_better(latest, status, ratio):
    ev = run(level(200, "≈"), series("2022", 300, "2023", latest))
    assert ev.status == status
    if ratio is not None:
        assert ev.ratio == pytest.approx(ratio, abs=1e-3)


def test_about_tolerance_can_be_set():
    assert run(level(200, "≈", tolerance=0.1), series("2022", 100, "2023", 181)).status == "achieved"
    assert run(level(200, "≈"), series("2022", 100, "2023", 181)).status != "achieved"


@pytest.mark.parametrize(("latest", "status"), [(112, "achieved"), (111.9, "on_track"), (100, "off_track")])
def test_equal_is_about_with_no_tolerance(latest, status):
    assert run(level(112, "="), series("2022", 100, "2023", latest)).status == status


@pytest.mark.parametrize(
    ("latest", "status", "ratio"),
    [
        (5, "achieved", None),
        (4, "achieved", None),  # lower bound
        (6, "achieved", None),  # upper bound
        (6.5, "off_track", None),  # overshot the range
        (2.8, "on_track", 0.4 / (2**0.5 - 1)),  # paced toward the lower bound 4
        (2, "off_track", 0.0),
        (1.5, "deteriorating", -0.25 / (2**0.5 - 1)),
    ],
)
def test_range_from_below(latest, status, ratio):
    ev = run(level(4, "range", value_max=6), series("2022", 2, "2023", latest))
    assert ev.status == status
    if ratio is not None:
        assert ev.ratio == pytest.approx(ratio)


@pytest.mark.parametrize(
    ("latest", "status"), [(7, "on_track"), (5, "achieved"), (3, "off_track"), (10, "deteriorating")]
)
def test_range_from_above_paces_toward_the_upper_bound(latest, status):
    assert run(level(4, "range", value_max=6), series("2022", 9, "2023", latest)).status == status


def test_range_overshoot_is_explained():
    ev = run(level(4, "range", value_max=6, unit="%"), series("2022", 2, "2023", 6.5))
    assert ev.explanation == "2023年为6.5%，超出目标区间4～6%，进展滞后；数据点少于3个，不作趋势外推"
