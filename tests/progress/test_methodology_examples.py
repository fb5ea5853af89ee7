"""Every worked example in docs/methodology.md, so the page cannot drift from the code."""

from datetime import date
from pathlib import Path

import pytest

from planwatch.progress import Observation, TargetSpec, evaluate, evaluate_portfolio

from .util import series

DOC = (Path(__file__).resolve().parents[2] / "docs" / "methodology.md").read_text(encoding="utf-8")
PLAN = {"start_year": 2023, "end_year": 2025}
MID_2024, SPRING_2025 = date(2024, 8, 15), date(2025, 3, 1)

EXAMPLES = {
    "gdp": (
        TargetSpec(1400, ">=", "level", unit="亿元", **PLAN),
        series("2022", 1200, "2023", 1265, "2024", 1340),
        SPRING_2025,
        "on_track",
        1.076,
    ),
    "employment": (
        TargetSpec(95, ">=", "level", unit="%", **PLAN),
        series("2022", 94.1, "2023", 96.2),
        MID_2024,
        "achieved",
        None,
    ),
    "pm25": (
        TargetSpec(37.1, "<=", "level", unit="微克/立方米", **PLAN),
        series("2022", 40.2, "2023", 40.9, "2024", 41.5),
        SPRING_2025,
        "deteriorating",
        -0.61,
    ),
    "fdi": (
        TargetSpec(5.3, "≈", "level", unit="亿美元", **PLAN),
        series("2022", 4.6, "2023", 4.9, "2024", 5.1),
        SPRING_2025,
        "achieved",
        None,
    ),
    "energy": (
        TargetSpec(
            13.3, ">=", "change_vs_base", base_year=2020, change_direction="decrease", unit="%", **PLAN
        ),
        series("2020", 0.5, "2021", 0.497, "2022", 0.494, "2023", 0.49),
        MID_2024,
        "off_track",
        0.24,
    ),
    "5g": (
        TargetSpec(5000, ">=", "cumulative", kind="stock", unit="处", **PLAN),
        series("2022", 1800, "2023Q4", 3100, "2024Q2", 4400),
        MID_2024,
        "on_track",
        1.04,
    ),
    "high_tech": (
        TargetSpec(50, ">=", "annual", unit="家", **PLAN),
        series("2023Q1", 12, "2023Q2", 13, "2023Q3", 14, "2023Q4", 15, "2024Q1", 8, "2024Q2", 12),
        MID_2024,
        "needs_acceleration",
        0.8,
    ),
    "future_network": (TargetSpec(200, "≈", "level", unit="亿元", **PLAN), [], SPRING_2025, "no_data", None),
}


@pytest.mark.parametrize("name", list(EXAMPLES))
def test_worked_example_status_ratio_and_sentence_are_those_on_the_page(name):
    spec, obs, today, status, ratio = EXAMPLES[name]
    ev = evaluate(spec, obs, today)
    assert ev.status == status
    if ratio is not None:
        assert ev.ratio == pytest.approx(ratio, abs=0.005)
    assert f"> {ev.explanation}\n" in DOC


def test_worked_example_key_projects():
    items = {
        f"项目{i}": [Observation("2023Q4", int(i < 30)), Observation("2024Q4", int(i < 70))]
        for i in range(112)
    }
    ev = evaluate_portfolio(TargetSpec(112, "=", "portfolio", unit="个", **PLAN), items, SPRING_2025)
    assert (ev.status, ev.expected) == ("needs_acceleration", pytest.approx(74.67, abs=0.01))
    assert f"> {ev.explanation}\n" in DOC


def test_worked_example_gdp_forecast_figures():
    spec, obs, today, *_ = EXAMPLES["gdp"]
    fc = evaluate(spec, obs, today).forecast
    assert (round(fc.value, 1), round(fc.low, 1), round(fc.high, 1), round(fc.probability, 3)) == (
        1414.9,
        1399.2,
        1430.7,
        0.888,
    )
    assert "1399.2–1430.7" in DOC and "= 0.888" in DOC


def test_worked_example_level_intermediate_figures():
    ev = evaluate(*EXAMPLES["gdp"][:3])
    assert ev.expected == pytest.approx(1329.9, abs=0.05)
    assert "1200 × 1.0527² = 1329.9" in DOC
