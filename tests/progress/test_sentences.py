"""One sentence per status, written out in full by hand, and the rule that no sentence with a
positive verdict says the data are insufficient or that nothing can be predicted."""

from datetime import date

import pytest

from planwatch.progress import Observation, TargetSpec, evaluate

PLAN = {"start_year": 2023, "end_year": 2025}
GDP = TargetSpec(1400, ">=", "level", unit="亿元", **PLAN)
FIRMS = TargetSpec(10, ">=", "annual", unit="家", **PLAN)  # 每年新增10家以上


def obs(*pairs):
    return [Observation(str(pairs[i]), pairs[i + 1]) for i in range(0, len(pairs), 2)]


CASES = [
    (  # every figure of the target year already in the band
        "achieved", "已完成", GDP, obs("2022", 1200, "2024", 1420), date(2025, 3, 1),
        "2024年为1420亿元，已达到目标1400亿元",
    ),
    (  # (1340/1200)^(1/2) − 1 = 5.7% against (1400/1200)^(1/3) − 1 = 5.3%
        "on_track", "进展顺利", GDP, obs("2022", 1200, "2024", 1340), date(2025, 3, 1),
        "2024年为1340亿元，2022年以来年均增长5.7%，达到目标1400亿元需年均增长5.3%，进展顺利；数据点少于3个，不作趋势外推",
    ),
    (  # (1297/1200)^(1/2) − 1 = 4.0%: ratio 0.75
        "needs_acceleration", "需加快", GDP, obs("2022", 1200, "2024", 1297), date(2025, 3, 1),
        "2024年为1297亿元，2022年以来年均增长4.0%，达到目标1400亿元需年均增长5.3%，需加快；数据点少于3个，不作趋势外推",
    ),
    (  # (1220/1200)^(1/2) − 1 = 0.8%: ratio 0.16
        "off_track", "进展滞后", GDP, obs("2022", 1200, "2024", 1220), date(2025, 3, 1),
        "2024年为1220亿元，2022年以来年均增长0.8%，达到目标1400亿元需年均增长5.3%，进展滞后；数据点少于3个，不作趋势外推",
    ),
    (
        "deteriorating", "倒退", GDP, obs("2022", 1200, "2024", 1150), date(2025, 3, 1),
        "2024年为1150亿元，2022年以来年均下降2.1%，偏离目标1400亿元，倒退；数据点少于3个，不作趋势外推",
    ),
    ("no_data", "数据不足", GDP, [], date(2025, 3, 1), "截至2025年3月1日尚无数据，数据不足"),
    (
        "achieved", "已实现", GDP, obs("2022", 1200, "2025", 1412), date(2026, 12, 1),
        "2025年为1412亿元，已达到目标1400亿元，目标已实现",
    ),
    (
        "off_track", "未实现", GDP, obs("2022", 1200, "2025", 1390), date(2026, 12, 1),
        "2025年为1390亿元，未达到目标1400亿元，目标未实现",
    ),
    (
        "no_data", "待最终数据", GDP, obs("2022", 1200, "2024", 1340), date(2026, 12, 1),
        "2025年为目标年份，其数据尚未报送，待最终数据（最新数据为2024年）",
    ),
    (  # an annual target after the plan: decided by the year that missed, not by 2024's pace
        "off_track", "未实现", FIRMS, obs("2023", 8, "2024Q1", 3, "2024Q2", 3, "2024Q3", 2), date(2026, 12, 1),
        "2023年为8家，未达到每年10家的目标，目标未实现",
    ),
    (  # every plan year met
        "achieved", "已实现", FIRMS, obs("2023", 11, "2024", 10, "2025", 12), date(2026, 12, 1),
        "2023—2025年每年均达到10家的目标，目标已实现",
    ),
    (  # two years met, 2024 reported to Q3 only, 2025 not at all
        "no_data", "待最终数据", FIRMS, obs("2023", 11, "2024Q3", 9), date(2026, 12, 1),
        "2024年、2025年的全年数据尚未报送，待最终数据（最新数据为2024年第三季度）",
    ),
    (  # 300 × 15/36 = 125 allowed by 2024Q1; 140 used
        "off_track", "进展滞后", TargetSpec(300, "<=", "cumulative", unit="万立方米", **PLAN),
        obs("2023", 110, "2024Q1", 30), date(2024, 5, 15),
        "截至2024年第一季度累计为140万立方米，超过按序时进度应控制的125万立方米，消耗快于上限允许的进度，进展滞后；数据点少于3个，不作趋势外推",
    ),
    (  # 100 used of 125 allowed
        "on_track", "进展顺利", TargetSpec(300, "<=", "cumulative", unit="万立方米", **PLAN),
        obs("2023", 80, "2024Q1", 20), date(2024, 5, 15),
        "截至2024年第一季度累计为100万立方米，未超过按序时进度应控制的125万立方米，进展顺利；数据点少于3个，不作趋势外推",
    ),
]  # fmt: skip


@pytest.mark.parametrize(("status", "label", "spec", "series", "today", "sentence"), CASES)
def test_every_status_has_its_one_sentence(status, label, spec, series, today, sentence):
    ev = evaluate(spec, series, today)
    assert (ev.status, ev.label) == (status, label)
    assert ev.explanation == sentence
    assert "。" not in ev.explanation  # one sentence


POSITIVE = {"已完成", "进展顺利", "已实现"}


def _many():
    """Every sentence the cases above and a sweep of level, pace and rate targets produce."""
    for _, _, spec, series, today, _ in CASES:
        yield evaluate(spec, series, today)
    for latest in (1150, 1220, 1297, 1340, 1420):
        for n in range(1, 6):
            points = [("2022", 1200)] + [(f"2024Q{q}", latest - (4 - q) * 5) for q in range(1, n)]
            for today in (date(2025, 3, 1), date(2025, 12, 31), date(2026, 12, 1)):
                yield evaluate(GDP, obs(*[x for p in points for x in p]), today)
    rate = TargetSpec(7, ">=", "rate", rate="growth", unit="%", **PLAN)
    for v in (5, 7, 9):
        yield evaluate(rate, obs("2023", v, "2024Q2", v), date(2024, 8, 15))
    annual = TargetSpec(50, ">=", "annual", unit="家", **PLAN)
    for v in (20, 60):
        yield evaluate(annual, obs("2022", 45, "2023", 55, "2024Q2", v), date(2024, 8, 15))


def test_no_sentence_with_a_positive_verdict_says_data_are_lacking():
    seen = set()
    for ev in _many():
        seen.add(ev.label)
        if ev.label in POSITIVE:
            assert "数据不足" not in ev.explanation and "无法预测" not in ev.explanation, ev.explanation
        if "数据不足" in ev.explanation:
            assert ev.status == "no_data", ev.explanation
    assert seen >= POSITIVE  # the check ran on every positive label


def test_an_annual_verdict_carries_no_pace_of_its_last_year():
    # 2024 to Q3: 8 of the 7.5 due by then (107%) — meaningless once 2023's miss decided it
    ev = evaluate(FIRMS, obs("2023", 8, "2024Q1", 3, "2024Q2", 3, "2024Q3", 2), date(2026, 12, 1))
    assert (ev.verdict, ev.ratio, ev.expected) == ("missed", None, None)
