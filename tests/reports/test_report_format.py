"""The progress report as an office PC opens it: GB/T 9704-2012 page, fonts (East Asian names
set), sizes, heading numbering and page numbers — read back with python-docx."""

from __future__ import annotations

from datetime import date

import pytest
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml.ns import qn
from docx.shared import Pt

from planwatch.reports.facts import scope_for
from planwatch.reports.services import make_bytes

from .conftest import open_docx

pytestmark = pytest.mark.django_db


@pytest.fixture
def report(gdp_plan):
    data, name, _ = make_bytes(plan=gdp_plan.plan, kind="progress", period="2024Q2")
    assert name == "small-plan-2024Q2-进展情况报告.docx"
    return open_docx(data)


def east_asian(style) -> str | None:
    return style.element.rPr.rFonts.get(qn("w:eastAsia"))


def test_page_is_a4_with_the_official_margins(report):
    section = report.sections[0]
    def mm(length) -> float:  # Word stores twentieths of a point: 210 mm reads back 210.004
        return round(length.mm, 1)

    assert (mm(section.page_width), mm(section.page_height)) == (210, 297)
    assert (mm(section.top_margin), mm(section.bottom_margin)) == (37, 35)
    assert (mm(section.left_margin), mm(section.right_margin)) == (28, 26)
    grid = section._sectPr.find(qn("w:docGrid"))
    assert grid.get(qn("w:linePitch")) == "579"  # 28.95 pt: 22 lines in 225 mm


@pytest.mark.parametrize(
    "style, font, size",
    [("Title", "方正小标宋简体", 22), ("Normal", "仿宋_GB2312", 16), ("Heading 1", "黑体", 16), ("Heading 2", "楷体_GB2312", 16),
     ("Table Text", "仿宋_GB2312", 12), ("Table Header", "黑体", 12)],
)
def test_fonts_are_named_for_latin_and_east_asian_text(report, style, font, size):
    s = report.styles[style]
    assert s.font.name == font
    assert east_asian(s) == font
    assert s.font.size == Pt(size)
    assert s.element.rPr.rFonts.get(qn("w:asciiTheme")) is None  # no theme font overrides the name
    assert s.font.color.rgb == (0, 0, 0)


def test_table_cells_are_in_the_table_styles(report):
    header, *rows = report.tables[1].rows
    assert {c.paragraphs[0].style.name for c in header.cells} == {"Table Header"}
    assert {c.paragraphs[0].style.name for row in rows for c in row.cells} == {"Table Text"}


def test_title_then_numbered_headings(report):
    paragraphs = report.paragraphs
    assert paragraphs[0].style.name == "Title"
    assert paragraphs[0].text == "测试行动计划2024年第二季度进展情况报告"
    level_one = [p.text for p in paragraphs if p.style.name == "Heading 1"]
    assert level_one == ["一、总体情况", "二、各章进展情况", "三、进展滞后的目标及原因", "四、存在的问题", "五、下一步工作"]
    level_two = [p.text for p in paragraphs if p.style.name == "Heading 2"]
    assert level_two == ["（一）主要目标", "（二）各章目标状态", "（一）重点任务"]


def test_page_numbers_are_dashed_songti_at_the_outer_edge(report):
    assert report.settings.odd_and_even_pages_header_footer is True
    section = report.sections[0]
    odd, even = section.footer.paragraphs[0], section.even_page_footer.paragraphs[0]
    for footer, alignment in ((odd, WD_ALIGN_PARAGRAPH.RIGHT), (even, WD_ALIGN_PARAGRAPH.LEFT)):
        assert footer.alignment == alignment
        xml = footer._p.xml
        assert 'w:instr=" PAGE "' in xml
        assert [r.text for r in footer.runs] == ["— ", " —"]
        assert all(r.font.name == "宋体" and r.font.size == Pt(14) for r in footer.runs)
        assert xml.count('w:eastAsia="宋体"') == 3  # both dashes and the number


def test_issuer_and_date_close_the_document(gdp_plan, settings):
    settings.REPORT_ISSUER = "某区行动计划领导小组办公室"
    data, _, _ = make_bytes(plan=gdp_plan.plan, kind="progress", period="2024Q2")
    last = [p for p in open_docx(data).paragraphs if p.text][-2:]
    assert last[0].text == "某区行动计划领导小组办公室"
    assert last[1].text.endswith("日") and last[1].alignment == WD_ALIGN_PARAGRAPH.RIGHT


def test_a_month_or_a_bad_period_is_refused_in_chinese(gdp_plan):
    from planwatch.reports.errors import ReportError

    with pytest.raises(ReportError, match="季度、半年或年度"):
        scope_for(plan=gdp_plan.plan, period="2024-06")
    with pytest.raises(ReportError, match="无法识别的期间"):
        scope_for(plan=gdp_plan.plan, period="二〇二四")
    assert scope_for(plan=gdp_plan.plan, period="2024H1").as_of == date(2024, 6, 30)
