"""The 责任分解表 the office issues, as XLSX (openpyxl) and DOCX (python-docx).

One row per article and one per target under it: 序号, 章, 重点任务, 量化目标, 牵头单位, 配合单位,
完成时限 — the columns of a government responsibility table. Title in 黑体, body in 仿宋, the
header row repeated on every printed page (XLSX print titles; DOCX tblHeader), landscape A4.
An item without a lead says 待确定, so an unfinished table cannot pass for a finished one.
"""

from __future__ import annotations

import io
from dataclasses import dataclass
from urllib.parse import quote

from django.utils import timezone

from planwatch.web.formatting import cn_date

from .rows import Row, plan_rows

HEADER = ("序号", "章", "重点任务", "量化目标", "牵头单位", "配合单位", "完成时限")
WIDTHS = (6, 18, 30, 40, 20, 30, 12)  # characters (XLSX); DOCX shares them out of the page width
TITLE_FONT, BODY_FONT = "黑体", "仿宋"
UNDECIDED = "待确定"


def title_of(plan) -> str:
    """The plan's title (never its code name, which is for URLs) + 责任分解表."""
    return f"{plan.display_title}责任分解表"


def deadline(row: Row, plan) -> str:
    """2025年底前 for a dated target; 每年 for a yearly one; an article: its latest milestone
    year, else the plan's last year."""
    if row.target is not None:
        return f"{row.target.year}年底前" if row.target.year else "每年"
    years = [m.year for m in row.article.milestones.all() if m.year] + [plan.period_end or 0]
    return f"{max(years)}年底前" if max(years) else ""


def table_rows(plan) -> list[tuple[str, ...]]:
    """The table's body, one tuple of texts per row (what both formats write)."""
    out = []
    number = 0
    for row in plan_rows(plan):
        number += not row.is_target
        out.append((
            str(number) if not row.is_target else "",
            row.chapter,
            f"{row.article.label}{row.article.title}",
            (row.target.source or str(row.target)) if row.target else "",
            row.current.unit.name if row.current.unit else UNDECIDED,
            "、".join(u.name for u in row.co_units),
            deadline(row, plan),
        ))  # fmt: skip
    return out


def subtitle() -> str:
    return f"领导小组办公室 制表 · {cn_date(timezone.localdate())}"


@dataclass(frozen=True)
class Writer:
    content_type: str
    write: object  # (plan) -> bytes


def write_xlsx(plan) -> bytes:
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Border, Font, Side

    wb = Workbook()
    ws = wb.active
    ws.title = "责任分解表"
    thin = Side(style="thin")
    border = Border(left=thin, right=thin, top=thin, bottom=thin)
    wrap = Alignment(wrap_text=True, vertical="center")
    ws.append([title_of(plan)])
    ws.merge_cells(start_row=1, start_column=1, end_row=1, end_column=len(HEADER))
    ws["A1"].font = Font(name=TITLE_FONT, size=18)
    ws["A1"].alignment = Alignment(horizontal="center", vertical="center")
    ws.row_dimensions[1].height = 36
    ws.append([subtitle()])
    ws.merge_cells(start_row=2, start_column=1, end_row=2, end_column=len(HEADER))
    ws["A2"].font = Font(name=BODY_FONT, size=11)
    ws["A2"].alignment = Alignment(horizontal="right")
    ws.append(HEADER)
    for cell in ws[3]:
        cell.font, cell.border = Font(name=TITLE_FONT, size=12), border
        cell.alignment = Alignment(horizontal="center", vertical="center", wrap_text=True)
    for values in table_rows(plan):
        ws.append(values)
        for cell in ws[ws.max_row]:
            cell.font, cell.border, cell.alignment = Font(name=BODY_FONT, size=11), border, wrap
    for i, width in enumerate(WIDTHS):
        ws.column_dimensions[chr(ord("A") + i)].width = width
    ws.print_title_rows = "3:3"  # the header row on every printed page
    ws.freeze_panes = "A4"
    ws.page_setup.orientation = "landscape"
    ws.page_setup.paperSize = ws.PAPERSIZE_A4
    ws.page_setup.fitToWidth, ws.page_setup.fitToHeight = 1, 0
    ws.sheet_properties.pageSetUpPr.fitToPage = True
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()


def _font(run, name: str, size: float, bold: bool = False) -> None:
    """A run in a Chinese font: python-docx sets the Latin name; East Asian text needs w:eastAsia."""
    from docx.oxml.ns import qn
    from docx.shared import Pt

    run.font.name, run.font.size, run.font.bold = name, Pt(size), bold
    run._element.get_or_add_rPr().get_or_add_rFonts().set(qn("w:eastAsia"), name)


def _cell(cell, text: str, *, font: str, size: float, center: bool = False) -> None:
    from docx.enum.text import WD_ALIGN_PARAGRAPH

    paragraph = cell.paragraphs[0]
    if center:
        paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
    _font(paragraph.add_run(text), font, size)


def write_docx(plan) -> bytes:
    from docx import Document
    from docx.enum.section import WD_ORIENT
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn
    from docx.shared import Cm

    document = Document()
    section = document.sections[0]
    section.orientation = WD_ORIENT.LANDSCAPE
    section.page_width, section.page_height = Cm(29.7), Cm(21.0)
    for side in ("left_margin", "right_margin", "top_margin", "bottom_margin"):
        setattr(section, side, Cm(2))
    title = document.add_paragraph()
    title.alignment = WD_ALIGN_PARAGRAPH.CENTER
    _font(title.add_run(title_of(plan)), TITLE_FONT, 22)
    sub = document.add_paragraph()
    sub.alignment = WD_ALIGN_PARAGRAPH.RIGHT
    _font(sub.add_run(subtitle()), BODY_FONT, 12)
    body = table_rows(plan)
    table = document.add_table(rows=1, cols=len(HEADER))
    table.style = "Table Grid"
    header = table.rows[0]
    header_props = header._tr.get_or_add_trPr()
    repeat = OxmlElement("w:tblHeader")  # repeat the header row on every page
    repeat.set(qn("w:val"), "true")
    header_props.append(repeat)
    for cell, text in zip(header.cells, HEADER, strict=True):
        _cell(cell, text, font=TITLE_FONT, size=12, center=True)
    for values in body:
        cells = table.add_row().cells
        for i, (cell, text) in enumerate(zip(cells, values, strict=True)):
            _cell(cell, text, font=BODY_FONT, size=11, center=i in (0, 6))
    usable = 25.7  # cm between the margins
    for i, width in enumerate(WIDTHS):
        for cell in table.columns[i].cells:
            cell.width = Cm(usable * width / sum(WIDTHS))
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


WRITERS = {
    "xlsx": Writer("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", write_xlsx),
    "docx": Writer("application/vnd.openxmlformats-officedocument.wordprocessingml.document", write_docx),
}


def disposition(plan, fmt: str) -> str:
    """attachment; a plain ASCII name for old clients and the Chinese one (RFC 6266)."""
    name = f"{title_of(plan)}.{fmt}"
    return f"attachment; filename=\"responsibilities.{fmt}\"; filename*=UTF-8''{quote(name)}"
