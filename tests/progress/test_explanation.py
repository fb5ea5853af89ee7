"""The one sentence a district leader reads, and the labels and colours beside it."""

from datetime import date

import pytest

from planwatch.progress import STATUS_COLOURS, STATUS_LABELS, STATUSES, TargetSpec, fmt_number, fmt_value

from .util import level, run, series


@pytest.mark.parametrize(
    ("value", "text"),
    [(1507.4, "1507"), (1400, "1400"), (67.63, "67.6"), (46.0, "46"), (1.923, "1.92"), (0.77, "0.77"),
     (5.0, "5"), (-3.256, "-3.26"), (0.001, "0"), (-0.001, "0")],
)  # fmt: skip
def test_numbers_are_written_as_plans_write_them(value, text):
    assert fmt_number(value) == text


def test_units_follow_the_number():
    assert fmt_value(1507.2, "亿元") == "1507亿元"
    assert fmt_value(3.2, "万家") == "3.2万家"
    assert fmt_value(67.6, "%") == "67.6%"


def test_labels_and_colours_cover_every_status():
    assert STATUS_LABELS == {
        "achieved": "已完成",
        "on_track": "进展顺利",
        "needs_acceleration": "需加快",
        "off_track": "进展滞后",
        "deteriorating": "倒退",
        "no_data": "数据不足",
    }
    assert set(STATUS_COLOURS) == set(STATUSES)
    assert {STATUS_COLOURS[s] for s in STATUSES} == {"green", "yellow", "red", "grey"}
    assert (STATUS_COLOURS["needs_acceleration"], STATUS_COLOURS["no_data"]) == ("yellow", "grey")


GDP = TargetSpec(1400, ">=", "level", year=2025, start_year=2023, end_year=2025, unit="亿元")


@pytest.mark.parametrize(
    ("obs", "sentence"),
    [
        (
            series("2022", 1200, "2023", 1265, "2024", 1340),
            "按2022年以来年均增长5.7%测算，2025年可达1416亿元，高于目标1400亿元，进展顺利",
        ),
        (
            series("2022", 1200, "2023", 1250, "2024", 1297),
            "按2022年以来年均增长4.0%测算，2025年可达1348亿元，低于目标1400亿元，需加快",
        ),
        (series("2022", 1200, "2023", 1180, "2024", 1150), "2022年以来年均下降2.1%，偏离目标1400亿元，倒退"),
        (series("2022", 1200, "2024", 1420), "2024年为1420亿元，已达到目标1400亿元"),
    ],
)
def test_level_sentences(obs, sentence):
    assert run(GDP, obs, date(2025, 3, 1)).explanation == sentence


def test_lower_is_better_sentence_says_down_to():
    spec = TargetSpec(37.1, "<=", "level", year=2025, start_year=2023, unit="微克/立方米")
    ev = run(spec, series("2022", 40, "2023", 38.5, "2024", 37.6), date(2025, 3, 1))
    assert (
        ev.explanation
        == "按2022年以来年均下降3.0%测算，2025年可降至36.5微克/立方米，低于目标37.1微克/立方米，进展顺利"
    )


def test_linear_fallback_sentence_speaks_of_absolute_change():
    spec = TargetSpec(30, ">=", "level", year=2025, start_year=2023, unit="万吨")
    ev = run(spec, series("2022", 0, "2023", 4, "2024", 8), date(2025, 3, 1))
    assert ev.explanation == "按2022年以来年均增加4万吨测算，2025年可达12万吨，低于目标30万吨，进展滞后"


def test_cumulative_sentence():
    spec = TargetSpec(5000, basis="cumulative", kind="stock", start_year=2023, end_year=2025, unit="处")
    ev = run(spec, series("2022", 1800, "2023Q4", 3100, "2024Q2", 4400), date(2024, 8, 1))
    assert (
        ev.explanation == "截至2024年第二季度累计完成2600处，序时进度应达2500处，完成序时进度的104%，进展顺利"
    )


def test_a_target_met_at_base_and_lost_says_so():
    spec = TargetSpec(93, ">=", "level", year=2025, start_year=2023, unit="%")
    ev = run(spec, series("2022", 94, "2023", 92.1), date(2024, 3, 1))
    assert ev.explanation.startswith("2022年为94%，已达到目标93%，但2023年为92.1%，倒退")


def test_deadline_missed_sentence():
    ev = run(level(121, unit="亿元"), series("2022", 100, "2023", 110, "2024", 120))
    assert ev.explanation == "2024年为120亿元，未达到目标121亿元，进展滞后"


def test_to_dict_has_the_fields_of_the_evaluate_command():
    ev = run(GDP, series("2022", 1200, "2023", 1265, "2024", 1340), date(2025, 3, 1))
    d = ev.to_dict()
    assert d["latest"] == {"period": "2024", "value": 1340}
    assert d["base"] == {"year": 2022, "value": 1200}
    assert set(d["forecast"]) == {"year", "value", "low", "high", "probability"}
    assert (d["status"], d["label"]) == ("on_track", "进展顺利")
    assert d["expected_path"][0] == {"period": "2022", "value": 1200}
