"""The composite index (综合评价指数) in the progress report: the latest year with an index as of
the period's last day, its change and what moved it, worked by hand on two indicators."""

from __future__ import annotations

from decimal import Decimal

import pytest

from planwatch.reports.services import make_bytes

from .conftest import body_text, open_docx

pytestmark = pytest.mark.django_db


@pytest.fixture
def indexed(small_plan):
    """目标值法 (100·x/target), two dimensions of one indicator each, weights 1 and 1:
    经济 — the own article's indicator, target 200: 2023 = 100, 2024 = 150 → scores 50, 75;
    民生 — the other article's indicator, target 50: 2023 = 40, 2024 = 45 → scores 80, 90.
    Index 2023 = (50 + 80) / 2 = 65.00; 2024 = (75 + 90) / 2 = 82.50, up 17.50, of which the
    economy 0.5 × 25 = 12.50 and 民生 0.5 × 10 = 5.00."""
    from planwatch.index.services import Dimension, Member, save_definition
    from planwatch.indicators.observations import enter_observation

    economy, people = small_plan.own.indicator, small_plan.other.indicator
    for indicator, figures in ((economy, {"2023": "100", "2024": "150"}), (people, {"2023": "40", "2024": "45"})):
        for period, value in figures.items():
            enter_observation(actor=None, indicator=indicator, period=period, value=Decimal(value), source="区统计局")
    save_definition(actor=None, plan=small_plan.plan, name="高质量发展综合指数", method="target", weighting="given",
                    dimensions=[Dimension("经济", 1, (Member(economy.pk, target=200),)),
                                Dimension("民生", 1, (Member(people.pk, target=50),))])  # fmt: skip
    return small_plan


def _report(plan, period):
    return open_docx(make_bytes(plan=plan, kind="progress", period=period)[0])


def test_the_year_report_gives_the_index_its_change_and_what_moved_it(indexed):
    doc = _report(indexed.plan, "2024")
    assert [p.text for p in doc.paragraphs if p.style.name == "Heading 1"][:2] == ["一、总体情况", "二、综合评价指数"]
    text = body_text(doc)
    e, p = indexed.own.indicator.name, indexed.other.indicator.name
    assert "按高质量发展综合指数（第1版，目标值法，办公室设定赋权），2024年综合评价指数为82.50，比上年提高17.50。" in text
    assert "各维度分项指数：经济75.00、民生90.00。" in text
    assert f"拉动较多的指标：{e}（+12.50）、{p}（+5.00）。" in text
    assert not any(t.startswith("拖累") for t in text)


def test_a_quarter_before_the_years_end_reads_the_year_before(indexed):
    text = body_text(_report(indexed.plan, "2024Q3"))
    # 2024 has not ended on 30 September: 2023 is the latest year, with nothing before it to compare
    assert "按高质量发展综合指数（第1版，目标值法，办公室设定赋权），2023年综合评价指数为65.00。" in text
    assert not any("拉动" in t for t in text)


def test_a_partly_covered_year_says_so_and_a_fall_is_a_fall(indexed):
    from planwatch.indicators.observations import enter_observation

    enter_observation(actor=None, indicator=indexed.own.indicator, period="2025", value=Decimal("120"), source="区统计局")
    text = body_text(_report(indexed.plan, "2025"))
    # 2025: only the economy (score 60) — half the weight; index 60.00, down 22.50 from 82.50
    assert "2025年综合评价指数为60.00，比上年下降22.50（有数据的指标占权重的50%）。" in " ".join(text)
    assert "各维度分项指数：经济60.00。" in text
    # the decomposition would credit the economy with +22.50 (it took over 民生's weight) although
    # its score fell from 75 to 60: with part of the weight missing no indicator is named
    assert not any("拉动" in t or "拖累" in t for t in text)


def test_a_plan_without_an_index_has_no_such_section(small_plan):
    doc = _report(small_plan.plan, "2024")
    assert not any("综合评价指数" in p.text for p in doc.paragraphs if p.style.name == "Heading 1")


def test_a_fall_names_what_pulled_it_down(indexed):
    from planwatch.indicators.observations import enter_observation

    for indicator, value in ((indexed.own.indicator, "120"), (indexed.other.indicator, "50")):
        enter_observation(actor=None, indicator=indicator, period="2025", value=Decimal(value), source="区统计局")
    text = body_text(_report(indexed.plan, "2025"))
    # 2025: economy 60, 民生 100 → 80.00, down 2.50: economy 0.5 × (60 − 75) = −7.50, 民生 0.5 × 10 = +5.00
    e, p = indexed.own.indicator.name, indexed.other.indicator.name
    assert any(t.endswith("2025年综合评价指数为80.00，比上年下降2.50。") for t in text)
    assert f"拉动较多的指标：{p}（+5.00）。" in text and f"拖累较多的指标：{e}（-7.50）。" in text
