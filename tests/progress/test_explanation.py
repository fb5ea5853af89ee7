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
        (  # observed (1340/1200)^(1/2) − 1 = 5.7%; required (1400/1200)^(1/3) − 1 = 5.3%
            series("2022", 1200, "2023", 1265, "2024", 1340),
            "2024年为1340亿元，2022年以来年均增长5.7%，达到目标1400亿元需年均增长5.3%，进展顺利",
        ),
        (  # (1297/1200)^(1/2) − 1 = 4.0%: ratio 0.75
            series("2022", 1200, "2023", 1250, "2024", 1297),
            "2024年为1297亿元，2022年以来年均增长4.0%，达到目标1400亿元需年均增长5.3%，需加快",
        ),
        (
            series("2022", 1200, "2023", 1180, "2024", 1150),
            "2024年为1150亿元，2022年以来年均下降2.1%，偏离目标1400亿元，倒退",
        ),
        (series("2022", 1200, "2024", 1420), "2024年为1420亿元，已达到目标1400亿元"),
    ],
)
def test_level_sentences_state_the_pace_observed_and_required(obs, sentence):
    assert run(GDP, obs, date(2025, 3, 1)).explanation.split("；")[0] == sentence


def test_a_forecast_clause_says_what_it_rests_on():
    # ŷ = 1414.9, se = 0.00361 (docs/methodology.md); t₀.₉(1) = 3.078:
    # e^(7.2548 ± 3.078 × 0.00361) = 1399.3 … 1430.7; 3 points < 5: no probability.
    ev = run(GDP, series("2022", 1200, "2023", 1265, "2024", 1340), date(2025, 3, 1))
    assert ev.explanation == (
        "2024年为1340亿元，2022年以来年均增长5.7%，达到目标1400亿元需年均增长5.3%，进展顺利；"
        "按2022—2024年3个数据点的增长趋势外推，2025年预计1415亿元（80%区间1399～1431亿元），"
        "数据点少于5个，不给出达标概率"
    )


def test_lower_is_better_sentence_says_down():
    # (37.6/40)^(1/2) − 1 = −3.0%; (37.1/40)^(1/3) − 1 = −2.5%
    spec = TargetSpec(37.1, "<=", "level", year=2025, start_year=2023, unit="微克/立方米")
    ev = run(spec, series("2022", 40, "2023", 38.5, "2024", 37.6), date(2025, 3, 1))
    assert ev.explanation.split("；")[0] == (
        "2024年为37.6微克/立方米，2022年以来年均下降3.0%，达到目标37.1微克/立方米需年均下降2.5%，进展顺利"
    )


def test_linear_fallback_sentence_speaks_of_absolute_change():
    spec = TargetSpec(30, ">=", "level", year=2025, start_year=2023, unit="万吨")
    ev = run(spec, series("2022", 0, "2023", 4, "2024", 8), date(2025, 3, 1))
    assert (
        ev.explanation.split("；")[0]
        == "2024年为8万吨，2022年以来年均增加4万吨，达到目标30万吨需年均增加10万吨，进展滞后"
    )


def test_cumulative_sentence():
    spec = TargetSpec(5000, basis="cumulative", kind="stock", start_year=2023, end_year=2025, unit="处")
    ev = run(spec, series("2022", 1800, "2023Q4", 3100, "2024Q2", 4400), date(2024, 8, 1))
    assert ev.explanation == (
        "截至2024年第二季度累计完成2600处，序时进度应达2500处，完成序时进度的104%，进展顺利；"
        "数据点少于3个，不作趋势外推"  # one complete year's amount (2023: 1300) is no trend
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
    assert set(d["forecast"]) >= {"year", "value", "low", "high", "probability", "points", "first", "last"}
    assert d["forecast"]["probability"] is None  # 3 points
    assert (d["status"], d["label"], d["verdict"]) == ("on_track", "进展顺利", None)
    assert d["stale"] is False
    assert d["age"] == {
        "period": "2024",
        "lag": 0,
        "frequency": "year",
        "stale": False,
        "text": "最新数据：2024年",
    }
    assert d["expected_path"][0] == {"period": "2022", "value": 1200}
