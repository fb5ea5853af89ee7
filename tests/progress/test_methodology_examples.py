"""Every worked example in docs/methodology.md, so the page cannot drift from the code.

Each example's status, ratio and key figures are written here as computed by hand (the page
shows the arithmetic); its sentence must appear on the page word for word.
"""

import math
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
    "fdi": (  # 5.3 × 0.98 = 5.194 ≤ 5.2
        TargetSpec(5.3, "≈", "level", unit="亿美元", **PLAN),
        series("2022", 4.6, "2023", 4.9, "2024", 5.2),
        SPRING_2025,
        "achieved",
        None,
    ),
    "land": (  # 35 × 0.98 = 34.3 > 33.6: not met; (1.12)^(1/2) − 1 = 5.83% / 5.27% = 1.106
        TargetSpec(35, "≈", "level", unit="%", **PLAN),
        series("2022", 30, "2023", 32.1, "2024", 33.6),
        SPRING_2025,
        "on_track",
        1.106,
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
    "water": (  # 140 used, 300 × 15/36 = 125 allowed so far: too fast; ratio 125/140
        TargetSpec(300, "<=", "cumulative", unit="万立方米", **PLAN),
        series("2023", 110, "2024Q1", 30),
        date(2024, 5, 15),
        "off_track",
        0.893,
    ),
    "high_tech_missed_last_year": (
        TargetSpec(50, ">=", "annual", unit="家", **PLAN),
        series("2023", 46, "2024", 53),
        SPRING_2025,
        "needs_acceleration",
        1.06,
    ),
    "growth_rate": (  # (1.072 × 1.062)^(1/2) − 1 = 6.70%; 6.70 / 7 = 0.957, capped
        TargetSpec(7, ">=", "rate", rate="growth", unit="%", **PLAN),
        series("2023Q1", 6.5, "2023Q2", 6.8, "2023Q3", 7.0, "2023Q4", 7.2, "2024Q1", 6.0, "2024Q2", 6.2),
        MID_2024,
        "needs_acceleration",
        0.957,
    ),
    "share_kept": (  # (72.5 + 71) / 2 = 71.75; 71.75 / 70 = 1.025
        TargetSpec(70, ">=", "rate", rate="level", unit="%", **PLAN),
        series("2023", 72.5, "2024", 71.0),
        SPRING_2025,
        "on_track",
        1.025,
    ),
    "share_missed_a_year": (  # (72.5 + 68.4) / 2 = 70.45; 70.45 / 70 = 1.006, but 2024 missed
        TargetSpec(70, ">=", "rate", rate="level", unit="%", **PLAN),
        series("2023", 72.5, "2024", 68.4),
        SPRING_2025,
        "needs_acceleration",
        1.006,
    ),
    "stale": (  # (1265/1200) − 1 = 5.4% against 5.3%: 1.027
        TargetSpec(1400, ">=", "level", unit="亿元", **PLAN),
        series("2022", 1200, "2023", 1265),
        date(2025, 6, 1),
        "on_track",
        1.027,
    ),
    "pending": (
        TargetSpec(1400, ">=", "level", unit="亿元", **PLAN),
        series("2022", 1200, "2023", 1265, "2024", 1340),
        date(2026, 12, 1),
        "no_data",
        None,
    ),
    "met": (
        TargetSpec(1400, ">=", "level", unit="亿元", **PLAN),
        series("2022", 1200, "2023", 1265, "2024", 1340, "2025", 1412),
        date(2026, 12, 1),
        "achieved",
        None,
    ),
    "missed": (
        TargetSpec(1400, ">=", "level", unit="亿元", **PLAN),
        series("2022", 1200, "2023", 1265, "2024", 1340, "2025", 1390),
        date(2026, 12, 1),
        "off_track",
        None,
    ),
    "future_network": (TargetSpec(200, "≈", "level", unit="亿元", **PLAN), [], SPRING_2025, "no_data", None),
    "annual_missed": (
        TargetSpec(10, ">=", "annual", unit="家", **PLAN),
        series("2023", 8, "2024Q1", 3, "2024Q2", 3, "2024Q3", 2),
        date(2026, 12, 1),
        "off_track",
        None,
    ),
    "annual_pending": (
        TargetSpec(10, ">=", "annual", unit="家", **PLAN),
        series("2023", 11, "2024Q3", 9),
        date(2026, 12, 1),
        "no_data",
        None,
    ),
    "annual_met": (
        TargetSpec(10, ">=", "annual", unit="家", **PLAN),
        series("2023", 11, "2024", 10, "2025", 12),
        date(2026, 12, 1),
        "achieved",
        None,
    ),
}
LABELS = {
    "pending": "待最终数据",
    "met": "已实现",
    "missed": "未实现",
    "annual_missed": "未实现",
    "annual_pending": "待最终数据",
    "annual_met": "已实现",
    "growth_rate": "需加快",
    "land": "进展顺利",
}


@pytest.mark.parametrize("name", list(EXAMPLES))
def test_worked_example_status_ratio_and_sentence_are_those_on_the_page(name):
    spec, obs, today, status, ratio = EXAMPLES[name]
    ev = evaluate(spec, obs, today)
    assert ev.status == status
    if ratio is not None:
        assert ev.ratio == pytest.approx(ratio, abs=0.005)
    if name in LABELS:
        assert ev.label == LABELS[name]
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
    # ŷ = e^7.2548, se = 0.00361, t₀.₉(1) = 3.078 (t-table)
    mu, se = 7.2548, 0.003613
    assert fc.value == pytest.approx(math.exp(mu), abs=0.1)
    assert (fc.low, fc.high) == (
        pytest.approx(math.exp(mu - 3.078 * se), abs=0.1),
        pytest.approx(math.exp(mu + 3.078 * se), abs=0.1),
    )
    assert fc.probability is None  # three points: below the minimum of five
    assert "1399.2–1430.7" in DOC and "= 0.895" in DOC and "0.998" in DOC


def test_worked_example_gdp_t_probability_against_the_t_table():
    # P(T₁ ≥ −2.92) for Student's t with one degree of freedom: ½ + atan(2.92)/π = 0.895
    # (the t-table closed form for df = 1); the normal would give Φ(2.92) = 0.998.
    import numpy as np

    from planwatch.progress.forecast import fit_rows, probability

    fit = fit_rows(np.array([0.0, 1.0, 2.0]), np.log([[1200.0, 1265.0, 1340.0]]), 3.0, allow_log=False)
    p = probability(fit, np.array([1.0]), np.array([math.log(1400)]), np.array([math.nan]))
    assert p[0] == pytest.approx(0.5 + math.atan(2.924) / math.pi, abs=1e-3)
    assert round(p[0], 3) == 0.895


def test_worked_example_stale_and_pending_ages():
    stale = evaluate(*EXAMPLES["stale"][:3])
    assert (stale.stale, stale.age.text) == (True, "最新数据：2023年（已滞后1期）")
    assert "最新数据：2023年（已滞后1期）" in DOC
    pending = evaluate(*EXAMPLES["pending"][:3])
    assert (pending.verdict, pending.ratio, pending.forecast) == ("pending", None, None)


def test_worked_example_level_intermediate_figures():
    ev = evaluate(*EXAMPLES["gdp"][:3])
    assert ev.expected == pytest.approx(1329.9, abs=0.05)
    assert "1200 × 1.0527² = 1329.9" in DOC
