"""Native Word charts in a python-docx document: a chart part with its embedded workbook.

python-docx has no chart API; python-pptx writes the same DrawingML chart (`c:chartSpace`) that
Word uses, with the data workbook behind it (`ChartXmlWriter`, `ChartData.xlsx_blob`). Here that
XML becomes a part of the .docx (word/charts/chartN.xml → word/embeddings/…xlsx) and an inline
drawing in a paragraph points at it. Word draws the chart itself, with the office PC's own fonts,
so Chinese labels show as any other text of the document does — nothing is rendered on the
server and no font has to ship with planwatch (docs/reports.md, 图表). The office can edit the
figures in Word (右键 → 编辑数据).

Every text of the chart is set in `CHART_FONT` for Latin and East Asian script alike (a:latin
and a:ea), and the chart's language is zh-CN.
"""

from __future__ import annotations

from dataclasses import dataclass

from docx.opc.constants import RELATIONSHIP_TYPE as RT
from docx.opc.part import Part, XmlPart
from docx.oxml import parse_xml as docx_parse_xml
from docx.shared import Mm
from lxml import etree

CHART_FONT = "宋体"  # on every Chinese Windows and in WPS; 仿宋_GB2312 is not always installed
CHART_PT, TITLE_PT = 10.5, 12  # 五号, 小四
CT_CHART = "application/vnd.openxmlformats-officedocument.drawingml.chart+xml"
CT_XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
C_NS = "http://schemas.openxmlformats.org/drawingml/2006/chart"
A_NS = "http://schemas.openxmlformats.org/drawingml/2006/main"
R_NS = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
KINDS = {"bar_stacked": "BAR_STACKED", "line": "LINE_MARKERS"}  # python-pptx's XL_CHART_TYPE names


@dataclass(frozen=True)
class Series:
    name: str
    values: tuple[float | None, ...]
    colour: str | None = None  # RRGGBB


@dataclass(frozen=True)
class ChartSpec:
    """What a chart shows: kind ("bar_stacked" or "line"), title, category labels, series."""

    kind: str
    title: str
    categories: tuple[str, ...]
    series: tuple[Series, ...]
    number_format: str = "General"


def chart_space(spec: ChartSpec) -> tuple[etree._Element, bytes]:
    """The chartSpace element (title, legend, colours, fonts set) and its workbook.

    Horizontal bars are drawn bottom-up, so their categories are written last first: the first
    one then stands on top, as in the table beside it (reversing the axis instead moves the
    value axis to the top in LibreOffice).

    python-pptx is imported here, when a chart is made: importing it cost ~12 MB in every
    process, most of which never writes a report (load-data, a web worker until asked; issue 20)."""
    from pptx.chart.chart import Chart
    from pptx.chart.data import CategoryChartData
    from pptx.chart.xmlwriter import ChartXmlWriter
    from pptx.dml.color import RGBColor
    from pptx.enum.chart import XL_CHART_TYPE, XL_LEGEND_POSITION
    from pptx.oxml import parse_xml as pptx_parse_xml
    from pptx.util import Pt

    kind = getattr(XL_CHART_TYPE, KINDS[spec.kind])
    order = slice(None, None, -1) if kind == XL_CHART_TYPE.BAR_STACKED else slice(None)
    data = CategoryChartData(number_format=spec.number_format)
    data.categories = spec.categories[order]
    for s in spec.series:
        data.add_series(s.name, s.values[order])
    element = pptx_parse_xml(ChartXmlWriter(kind, data).xml.encode("utf-8"))
    chart = Chart(element, None)
    chart.has_title = True
    chart.chart_title.text_frame.text = spec.title
    title_run = chart.chart_title.text_frame.paragraphs[0].runs[0]
    title_run.font.size, title_run.font.bold = Pt(TITLE_PT), True
    chart.has_legend = len(spec.series) > 1
    if chart.has_legend:
        chart.legend.position, chart.legend.include_in_layout = XL_LEGEND_POSITION.BOTTOM, False
    chart.font.size = Pt(CHART_PT)
    for plotted, s in zip(chart.plots[0].series, spec.series, strict=True):
        if s.colour and kind == XL_CHART_TYPE.LINE_MARKERS:
            plotted.format.line.color.rgb = RGBColor.from_string(s.colour)
        elif s.colour:
            plotted.format.fill.solid()
            plotted.format.fill.fore_color.rgb = RGBColor.from_string(s.colour)
    _fonts(element)
    _language(element)
    return element, data.xlsx_blob


def _fonts(element) -> None:
    """Latin and East Asian typeface on every run property of the chart (a:ea is what Word
    reads for Chinese)."""
    for tag in ("defRPr", "rPr"):
        for r_pr in element.iter(f"{{{A_NS}}}{tag}"):
            for old in r_pr.findall(f"{{{A_NS}}}latin") + r_pr.findall(f"{{{A_NS}}}ea"):
                r_pr.remove(old)
            for script in ("latin", "ea"):
                face = etree.SubElement(r_pr, f"{{{A_NS}}}{script}")
                face.set("typeface", CHART_FONT)
            r_pr.set("lang", "zh-CN")


def _language(element) -> None:
    lang = etree.Element(f"{{{C_NS}}}lang")
    lang.set("val", "zh-CN")
    element.insert(1, lang)  # after c:date1904, as the schema orders them


def add_chart(doc, spec: ChartSpec, *, width_mm: float, height_mm: float):
    """Append a paragraph holding `spec` as a native chart to python-docx `doc`; returns the
    paragraph (for its layout)."""
    element, workbook = chart_space(spec)
    package, document_part = doc.part.package, doc.part
    chart_part = XmlPart(package.next_partname("/word/charts/chart%d.xml"), CT_CHART,
                         docx_parse_xml(etree.tostring(element)), package)  # fmt: skip
    xlsx_part = Part(package.next_partname("/word/embeddings/Microsoft_Excel_Sheet%d.xlsx"), CT_XLSX,
                     workbook, package)  # fmt: skip
    external = etree.SubElement(chart_part.element, f"{{{C_NS}}}externalData")
    external.set(f"{{{R_NS}}}id", chart_part.relate_to(xlsx_part, RT.PACKAGE))
    etree.SubElement(external, f"{{{C_NS}}}autoUpdate").set("val", "0")
    rel_id = document_part.relate_to(chart_part, RT.CHART)
    paragraph = doc.add_paragraph()
    run = paragraph.add_run()
    run._r.append(_inline(rel_id, Mm(width_mm), Mm(height_mm), _next_shape_id(doc), spec.title))
    return paragraph


def _next_shape_id(doc) -> int:
    ids = [int(x) for x in doc.element.body.xpath(".//wp:docPr/@id")]
    return max(ids, default=0) + 1


def _inline(rel_id: str, cx: int, cy: int, shape_id: int, name: str):
    return docx_parse_xml(
        f'<w:drawing xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main" '
        f'xmlns:wp="http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing">'
        f'<wp:inline distT="0" distB="0" distL="0" distR="0"><wp:extent cx="{cx}" cy="{cy}"/>'
        f'<wp:effectExtent l="0" t="0" r="0" b="0"/><wp:docPr id="{shape_id}" name="图表 {shape_id}" '
        f'descr="{_attr(name)}"/><wp:cNvGraphicFramePr/>'
        f'<a:graphic xmlns:a="{A_NS}"><a:graphicData uri="{C_NS}">'
        f'<c:chart xmlns:c="{C_NS}" xmlns:r="{R_NS}" r:id="{rel_id}"/>'
        "</a:graphicData></a:graphic></wp:inline></w:drawing>"
    )


def _attr(text: str) -> str:
    return text.replace("&", "&amp;").replace('"', "&quot;").replace("<", "&lt;")
