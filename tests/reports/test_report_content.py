"""What the report says comes from the record: figures with their period, the units' reviewed
texts with their names, and "no data" where there is none."""

from __future__ import annotations

import pytest

from planwatch.reports.services import make_bytes

from .conftest import body_text, open_docx

pytestmark = pytest.mark.django_db
UNIT = "区发展改革局"  # the reporter's unit (tests/conftest.py)


def report_of(plan, kind="progress", unit=None, period="2024Q2"):
    data, _, _ = make_bytes(plan=plan, kind=kind, period=period, unit=unit)
    return open_docx(data)


def test_figures_and_their_period_as_typed(gdp_plan):
    doc = report_of(gdp_plan.plan)
    text = body_text(doc)
    # 1000 in 2022 and 2023: no growth where 1400 needs it → off track (docs/methodology.md)
    assert "地区生产总值：2023年为1000亿元" in "".join(text)
    assert any(t.startswith("地区生产总值：") and t.endswith("（最新数据：2023年）。") for t in text)
    rows = [[c.text for c in row.cells] for table in doc.tables for row in table.rows]
    assert ["地区生产总值", "≥1400亿元（2025年）", "1000亿元（2023年）", "进展滞后"] in rows
    assert ["指标1", "≥100（2025年）", "无", "数据不足"] in rows


def test_units_reviewed_texts_are_quoted_with_their_name(gdp_plan):
    text = body_text(report_of(gdp_plan.plan))
    assert f"条目1（{UNIT}）：完成招商引资项目12个。签约总额35亿元。" in text
    assert f"原因（{UNIT}报送）：重大项目开工推迟，投资增长放缓。" in text
    assert f"{UNIT}（条目1）：加快推进3个重大项目开工。" in text
    assert not any("尚未审核" in t for t in text)  # a submitted, unreviewed text is not quoted


def test_a_plan_without_data_says_so(small_plan):
    """Three targets, no figures, no texts: nothing is described, everything is 数据不足."""
    doc = report_of(small_plan.plan)
    text = body_text(doc)
    assert "截至2024年6月30日，共有量化目标3个，其中数据不足3个。" in text
    assert "各目标均无已审核数据，尚不能评估进展。" in text
    headline = [t for t in text if t.startswith("指标")]
    assert len(headline) == 3 and all("暂无已审核数据" in t for t in headline)
    assert "没有进展滞后、需加快或倒退的目标。" in text
    assert "本期没有已审核的单位进展情况。" in text
    assert "本期各单位未报送存在的问题。" in text and "本期各单位未报送下步打算。" in text
    statuses = {row.cells[3].text for table in doc.tables[1:] for row in table.rows[1:]}
    assert statuses == {"数据不足"}
    for word in ("进展顺利", "需加快：", "已完成", "倒退"):
        assert not any(word in t for t in headline)


def test_the_opening_names_the_plan_or_the_units_articles_and_the_date(gdp_plan, other_unit):
    opening = next(t for t in body_text(report_of(gdp_plan.plan)) if t.startswith("现将"))
    assert opening.startswith("现将测试行动计划截至2024年6月30日的实施进展情况报告如下。")
    unit = body_text(report_of(gdp_plan.plan, kind="unit", unit=other_unit))
    opening = next(t for t in unit if t.startswith("现将"))
    assert opening.startswith("现将测试行动计划中区科技局牵头或配合的条目截至2024年6月30日的实施进展情况报告如下。")


def test_a_units_report_holds_only_its_articles_and_words(gdp_plan, reporter_unit, other_unit):
    doc = report_of(gdp_plan.plan, kind="unit", unit=other_unit)
    text = "".join(body_text(doc))
    assert doc.paragraphs[0].text == "测试行动计划2024年第二季度进展情况报告（区科技局）"
    assert "地区生产总值" not in text  # the reporter's unit's article only
    assert "完成招商引资项目" not in text
    rows = [row.cells[0].text for table in doc.tables[1:] for row in table.rows[1:]]
    assert sorted(rows) == ["指标2", "指标3"]  # lead of 条目3, co-operating on 条目2


def test_brief_has_the_numbers_the_worst_and_the_changes(gdp_plan):
    doc = report_of(gdp_plan.plan, kind="brief", period="2024Q2")
    text = body_text(doc)
    assert text[0] == "测试行动计划要情简报（2024年第二季度）"
    assert [p.text for p in doc.paragraphs if p.style.name == "Heading 1"] == [
        "一、总体情况", "二、进展最滞后的目标", "三、与上期相比的变化"]  # fmt: skip
    worst = [[c.text for c in row.cells] for row in doc.tables[0].rows]
    assert worst == [["指标", "目标", "最新数据", "状态"], ["地区生产总值", "≥1400亿元（2025年）", "1000亿元（2023年）", "进展滞后"]]
    # 2024Q1 → 2024Q2: no new figure, so no status changed
    assert "与2024年第一季度相比，各目标状态没有变化。" in text
