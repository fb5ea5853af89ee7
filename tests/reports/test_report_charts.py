"""The progress report's charts are native Word charts: a chart part with its workbook, the
series values the data's, the category labels the Chinese names, every text in a font named for
East Asian script — so Word draws the Chinese itself, with no font shipped by planwatch."""

from __future__ import annotations

import io

import pytest
from docx.opc.constants import RELATIONSHIP_TYPE as RT
from lxml import etree
from openpyxl import load_workbook

from planwatch.reports.services import make_bytes

from .conftest import open_docx

pytestmark = pytest.mark.django_db
NS = {
    "c": "http://schemas.openxmlformats.org/drawingml/2006/chart",
    "a": "http://schemas.openxmlformats.org/drawingml/2006/main",
    "r": "http://schemas.openxmlformats.org/officeDocument/2006/relationships",
}


def charts_of(document) -> list[dict]:
    """Each chart the body shows, in reading order: title, categories, {series: values}, the
    chart part and the XML (read with lxml here, not with the code under test). A horizontal
    bar chart lists its categories bottom-up: they are turned back to reading order here."""
    parts = {rid: rel.target_part for rid, rel in document.part.rels.items() if rel.reltype == RT.CHART}
    out = []
    for ref in document.element.body.iter(f"{{{NS['c']}}}chart"):
        part = parts[ref.get(f"{{{NS['r']}}}id")]
        xml = etree.fromstring(part.blob)
        series = {}
        for ser in xml.iterfind(".//c:ser", NS):
            name = ser.findtext("c:tx//c:v", namespaces=NS)
            series[name] = [float(v) for v in ser.xpath("c:val//c:pt/c:v/text()", namespaces=NS)]
            categories = ser.xpath("c:cat//c:pt/c:v/text()", namespaces=NS)
        title = "".join(xml.xpath("c:chart/c:title//a:t/text()", namespaces=NS))
        bottom_up = xml.find(".//c:barDir", NS) is not None and xml.find(".//c:barDir", NS).get("val") == "bar"
        if bottom_up:
            categories, series = categories[::-1], {k: v[::-1] for k, v in series.items()}
        out.append({"title": title, "categories": categories, "series": series, "part": part, "xml": xml,
                    "bottom_up": bottom_up})  # fmt: skip
    return out


@pytest.fixture
def charts(gdp_plan):
    data, _, _ = make_bytes(plan=gdp_plan.plan, kind="progress", period="2024Q2")
    return charts_of(open_docx(data))


def test_a_line_for_the_headline_target_with_figures_and_bars_by_chapter(charts):
    # 地区生产总值 has two approved figures (2022, 2023 = 1000); 指标1-3 none, so no line of theirs
    assert [c["title"] for c in charts] == ["地区生产总值（亿元）", "各章目标状态（个）"]
    line, bars = charts
    assert line["categories"] == ["2022年", "2023年"]
    assert line["series"] == {"实际值": [1000.0, 1000.0]}
    assert bars["categories"] == ["重点任务"]  # the chapter's name as the plan writes it
    # four targets: 地区生产总值 off track, 指标1-3 without data
    assert bars["series"] == {"完成或顺利": [0.0], "需加快": [0.0], "滞后或倒退": [1.0], "数据不足": [3.0]}


def test_chart_parts_carry_their_workbook_and_chinese_fonts(charts):
    for chart in charts:
        part, xml = chart["part"], chart["xml"]
        assert part.partname.startswith("/word/charts/chart")
        assert part.content_type == "application/vnd.openxmlformats-officedocument.drawingml.chart+xml"
        assert xml.find("c:lang", NS).get("val") == "zh-CN"
        faces = xml.xpath(".//a:ea/@typeface", namespaces=NS)
        assert faces and set(faces) == {"宋体"}  # East Asian font named on every text of the chart
        rid = xml.find("c:externalData", NS).get(f"{{{NS['r']}}}id")
        workbook = load_workbook(io.BytesIO(part.rels[rid].target_part.blob)).active
        header = [c.value for c in workbook[1]][1:]
        assert header == list(chart["series"])  # Word's 编辑数据 opens the same figures
        first_column = [row[0].value for row in workbook.iter_rows(min_row=2)]
        assert first_column == (chart["categories"][::-1] if chart["bottom_up"] else chart["categories"])


def test_a_plan_without_figures_has_no_line_only_the_status_bars(small_plan):
    data, _, _ = make_bytes(plan=small_plan.plan, kind="progress", period="2024Q2")
    charts = charts_of(open_docx(data))
    assert [c["title"] for c in charts] == ["各章目标状态（个）"]
    assert charts[0]["series"]["数据不足"] == [3.0]


def test_seed_charts_equal_the_apis_figures(seed_demo, office):
    data, _, _ = make_bytes(plan=seed_demo, kind="progress", period="2024Q3")
    charts = {c["title"]: c for c in charts_of(open_docx(data))}
    rollup = office.client.get("/api/v1/plans/shizhong-2023/rollup?as_of=2024-09-30").json()["by_chapter"]
    bars = charts["各章目标状态（个）"]
    assert len(bars["categories"]) == len(rollup) == 8  # the seed's chapters that have targets
    late = [c["counts"]["off_track"] + c["counts"]["deteriorating"] + c["counts"]["missed"] for c in rollup]
    assert bars["series"]["滞后或倒退"] == late
    gdp = next(r for r in office.client.get("/api/v1/plans/shizhong-2023/evaluation?as_of=2024-09-30").json()
               if r["indicator"] == "地区生产总值")  # fmt: skip
    api = office.client.get(f"/api/v1/indicators/{gdp['indicator_id']}/chart?as_of=2024-09-30").json()
    line = charts["地区生产总值（亿元）"]
    assert line["series"]["实际值"] == [p["value"] for p in api["series"]]
    assert len(line["categories"]) == len(api["series"]) >= 2
