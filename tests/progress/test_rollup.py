"""Counts by standing (status, or verdict once a target is over) per chapter, article or unit,
every standing present."""

import pytest

from planwatch.progress import rollup


def test_counts_per_key_with_zeros_best_status_first():
    out = rollup(
        [("第二章", "on_track"), ("第二章", "on_track"), ("第三章", "no_data"), ("第二章", "off_track")]
    )
    assert out["第二章"] == {
        "met": 0,
        "achieved": 0,
        "on_track": 2,
        "needs_acceleration": 0,
        "off_track": 1,
        "deteriorating": 0,
        "missed": 0,
        "pending": 0,
        "no_data": 0,
    }
    assert list(out["第二章"]) == [
        "met",
        "achieved",
        "on_track",
        "needs_acceleration",
        "off_track",
        "deteriorating",
        "missed",
        "pending",
        "no_data",
    ]
    assert sum(out["第三章"].values()) == 1 and out["第三章"]["no_data"] == 1


def test_a_lead_unit_answering_for_several_articles_is_counted_for_each():
    pairs = [(unit, "achieved") for unit in ("区发展改革局", "区统计局")] + [("区发展改革局", "on_track")]
    assert rollup(pairs)["区发展改革局"]["achieved"] == 1
    assert sum(rollup(pairs)["区发展改革局"].values()) == 2


def test_empty_is_empty_and_unknown_status_is_refused():
    assert rollup([]) == {}
    with pytest.raises(ValueError, match="未知的状态"):
        rollup([("x", "late")])


def test_verdicts_are_counted_apart_from_running_statuses():
    out = rollup([("all", "missed"), ("all", "pending"), ("all", "pending"), ("all", "on_track")])
    assert (out["all"]["missed"], out["all"]["pending"], out["all"]["on_track"], out["all"]["off_track"]) == (
        1, 2, 1, 0,
    )
