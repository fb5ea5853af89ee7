"""The page and type of a Chinese official document (GB/T 9704-2012) in python-docx.

What an office PC expects when it opens the draft: A4, margins 37 mm (top) / 35 mm (bottom) /
28 mm (left, the binding side) / 26 mm (right), a 156 × 225 mm text block of 22 lines × 28
characters; the title in 方正小标宋简体 二号 (22 pt), body in 仿宋_GB2312 三号 (16 pt),
level-one headings 黑体 "一、", level two 楷体_GB2312 "（一）", page numbers "— 1 —" in 宋体
四号 (14 pt) one character in from the outer edge (odd pages right, even pages left).

Word picks the font of Chinese text from w:rFonts/@w:eastAsia; python-docx only sets the Latin
name, and the built-in heading styles name theme fonts that override both — so every run and
style here sets ascii, hAnsi and eastAsia by name and drops the theme attributes.
"""

from __future__ import annotations

import io

from docx import Document
from docx.enum.section import WD_SECTION
from docx.enum.style import WD_STYLE_TYPE
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_LINE_SPACING, WD_TAB_ALIGNMENT
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Mm, Pt, RGBColor

from .wordcharts import ChartSpec, add_chart

TITLE_FONT, BODY_FONT = "方正小标宋简体", "仿宋_GB2312"
H1_FONT, H2_FONT, PAGE_FONT = "黑体", "楷体_GB2312", "宋体"
TITLE_PT, BODY_PT, PAGE_PT, TABLE_PT = 22, 16, 14, 12
TABLE_TEXT, TABLE_HEADER = "Table Text", "Table Header"  # paragraph styles of table cells
MARGINS_MM = {"top": 37, "bottom": 35, "left": 28, "right": 26}
LINES, CHARS = 22, 28
TEXT_WIDTH_MM = 210 - 28 - 26  # the 156 mm text block
LINE_PITCH = Pt(28.95)  # 225 mm / 22 lines
# docGrid: 22 lines to the page (pitch in twentieths of a point). The grid is of lines only:
# a character grid (linesAndChars) is drawn differently by Word and LibreOffice (which spread
# the characters to twice their width), while 三号 in 156 mm gives the 27–28 characters a line
# anyway.
GRID_LINE_PITCH, GRID_TYPE = 579, "lines"
_THEME_ATTRS = ("w:asciiTheme", "w:hAnsiTheme", "w:eastAsiaTheme", "w:cstheme")


def set_font(target, name: str, size: float, *, bold: bool = False) -> None:
    """A run or a style in `name` for Latin and East Asian text alike, `size` points, black."""
    font = target.font
    font.name, font.size, font.bold = name, Pt(size), bold
    font.color.rgb = RGBColor(0, 0, 0)
    r_pr = target._element.get_or_add_rPr()
    fonts = r_pr.get_or_add_rFonts()
    for attr in _THEME_ATTRS:
        fonts.attrib.pop(qn(attr), None)
    for attr in ("w:ascii", "w:hAnsi", "w:eastAsia"):
        fonts.set(qn(attr), name)


class OfficialDocument:
    """A new document with the page, grid, styles and page numbers set; paragraphs are added
    through `title`, `heading`, `para`, `table`, `signature` in reading order."""

    def __init__(self) -> None:
        self.doc = Document()
        self._page()
        self._styles()
        self._page_numbers()

    # ---------------------------------------------------------------- setup
    def _page(self) -> None:
        section = self.doc.sections[0]
        section.start_type = WD_SECTION.NEW_PAGE
        section.page_width, section.page_height = Mm(210), Mm(297)
        section.top_margin, section.bottom_margin = Mm(MARGINS_MM["top"]), Mm(MARGINS_MM["bottom"])
        section.left_margin, section.right_margin = Mm(MARGINS_MM["left"]), Mm(MARGINS_MM["right"])
        section.footer_distance = Mm(28 - 7)  # the page number sits 7 mm below the text block
        grid = section._sectPr.find(qn("w:docGrid"))
        if grid is None:
            grid = OxmlElement("w:docGrid")
            section._sectPr.append(grid)
        grid.set(qn("w:type"), GRID_TYPE)
        grid.set(qn("w:linePitch"), str(GRID_LINE_PITCH))

    def _styles(self) -> None:
        styles = self.doc.styles
        # The character grid is measured against the document's default size: make it 三号.
        defaults = styles.element.find(qn("w:docDefaults"))
        r_pr = defaults.find(qn("w:rPrDefault")).find(qn("w:rPr"))
        for tag in ("w:sz", "w:szCs"):
            size = r_pr.find(qn(tag))
            if size is None:
                size = OxmlElement(tag)
                r_pr.append(size)
            size.set(qn("w:val"), str(BODY_PT * 2))
        fonts = r_pr.find(qn("w:rFonts"))
        for attr in _THEME_ATTRS:
            fonts.attrib.pop(qn(attr), None)
        for attr in ("w:ascii", "w:hAnsi", "w:eastAsia"):
            fonts.set(qn(attr), BODY_FONT)
        r_pr.find(qn("w:lang")).set(qn("w:eastAsia"), "zh-CN")
        self._style(styles["Normal"], BODY_FONT, indent=True)
        self._style(styles["Heading 1"], H1_FONT, indent=True)
        self._style(styles["Heading 2"], H2_FONT, indent=True)
        self._style(styles["Title"], TITLE_FONT, size=TITLE_PT, indent=False)
        styles["Title"].paragraph_format.alignment = WD_ALIGN_PARAGRAPH.CENTER
        styles["Title"].paragraph_format.line_spacing = Pt(TITLE_PT * 1.6)
        off_grid(styles["Title"].element.get_or_add_pPr())
        title_border = styles["Title"].element.pPr.find(qn("w:pBdr"))
        if title_border is not None:  # the template's Title has a rule under it; a 公文 has none
            styles["Title"].element.pPr.remove(title_border)
        for name, font in ((TABLE_TEXT, BODY_FONT), (TABLE_HEADER, H1_FONT)):
            style = styles.add_style(name, WD_STYLE_TYPE.PARAGRAPH)
            set_font(style, font, TABLE_PT)
            fmt = style.paragraph_format
            fmt.first_line_indent, fmt.line_spacing_rule = Pt(0), WD_LINE_SPACING.SINGLE
            fmt.space_before = fmt.space_after = Pt(0)
            fmt.alignment = WD_ALIGN_PARAGRAPH.LEFT
            off_grid(style.element.get_or_add_pPr())
        # paragraphs name their style by id: python-docx's lookup by name scans every style each time
        self._ids = {name: styles[name].style_id for name in ("Title", "Heading 1", "Heading 2", TABLE_TEXT, TABLE_HEADER)}

    def _style(self, style, font: str, *, size: float = BODY_PT, indent: bool) -> None:
        set_font(style, font, size)
        fmt = style.paragraph_format
        fmt.line_spacing_rule, fmt.line_spacing = WD_LINE_SPACING.EXACTLY, LINE_PITCH
        fmt.space_before = fmt.space_after = Pt(0)
        fmt.first_line_indent = Pt(BODY_PT * 2) if indent else Pt(0)
        fmt.alignment = WD_ALIGN_PARAGRAPH.JUSTIFY if indent else fmt.alignment
        fmt.keep_with_next = style.name.startswith("Heading")

    def _page_numbers(self) -> None:
        """— n — in 宋体 四号: odd pages right, even pages left, one character in from the edge."""
        self.doc.settings.odd_and_even_pages_header_footer = True
        section = self.doc.sections[0]
        _page_number(section.footer.paragraphs[0], WD_ALIGN_PARAGRAPH.RIGHT)
        _page_number(section.even_page_footer.paragraphs[0], WD_ALIGN_PARAGRAPH.LEFT)

    # ---------------------------------------------------------------- content
    def _add(self, text: str, style: str | None = None):
        """A paragraph in `style` (None: Normal, the default)."""
        paragraph = self.doc.add_paragraph(text)
        if style is not None:
            paragraph._p.style = self._ids[style]
        return paragraph

    def title(self, text: str, *, blank_line: bool = True) -> None:
        self._add(text, "Title")
        if blank_line:
            self._add("")  # one blank line under the title

    def masthead(self, issuer: str, date_text: str) -> None:
        """The 简报's 报头 line under its title: the issuer on the left, the date on the right."""
        paragraph = self._add("")
        fmt = paragraph.paragraph_format
        fmt.first_line_indent, fmt.alignment = Pt(0), WD_ALIGN_PARAGRAPH.LEFT
        fmt.tab_stops.add_tab_stop(Mm(TEXT_WIDTH_MM), WD_TAB_ALIGNMENT.RIGHT)
        paragraph.add_run(f"{issuer}\t{date_text}")

    def heading(self, text: str, level: int) -> None:
        self._add(text, f"Heading {level}")

    def para(self, text: str, *, align_right: bool = False) -> None:
        paragraph = self._add(text)
        if align_right:
            paragraph.paragraph_format.alignment = WD_ALIGN_PARAGRAPH.RIGHT
            paragraph.paragraph_format.first_line_indent = Pt(0)
            paragraph.paragraph_format.right_indent = Pt(BODY_PT * 4)  # 右空四字

    def table(self, header: tuple[str, ...], rows: list[tuple[str, ...]], widths_mm: tuple[int, ...]) -> None:
        """A bordered table, header repeated on every page, text in 仿宋 四号 (tables are set a
        size smaller than the body so a row fits the 156 mm block)."""
        table = self.doc.add_table(rows=1, cols=len(header))
        table.style, table.autofit = "Table Grid", False
        for column, width in zip(table.columns, widths_mm, strict=True):
            column.width = Mm(width)
        for i, text in enumerate(header):
            _cell(table.rows[0].cells[i], text, self._ids[TABLE_HEADER], widths_mm[i])
        _repeat_header(table.rows[0])
        for values in rows:
            cells = table.add_row().cells
            for i, text in enumerate(values):
                _cell(cells[i], text, self._ids[TABLE_TEXT], widths_mm[i])

    def chart(self, spec: ChartSpec, *, height_mm: float) -> None:
        """A native Word chart (wordcharts.py) across the text block, centred, in a paragraph
        of its own height (off the 28.95 pt grid, which would crop it to one line)."""
        paragraph = add_chart(self.doc, spec, width_mm=TEXT_WIDTH_MM, height_mm=height_mm)
        fmt = paragraph.paragraph_format
        fmt.first_line_indent, fmt.alignment = Pt(0), WD_ALIGN_PARAGRAPH.CENTER
        fmt.line_spacing_rule = WD_LINE_SPACING.SINGLE
        off_grid(paragraph._p.get_or_add_pPr())

    def signature(self, issuer: str, date_text: str) -> None:
        """发文机关署名 and 成文日期 at the end, right-aligned, four characters in from the right."""
        self._add("")
        self._add("")
        self.para(issuer, align_right=True)
        self.para(date_text, align_right=True)

    def to_bytes(self) -> bytes:
        out = io.BytesIO()
        self.doc.save(out)
        return out.getvalue()


def _page_number(paragraph, alignment) -> None:
    paragraph.paragraph_format.alignment = alignment
    paragraph.paragraph_format.first_line_indent = Pt(0)
    if alignment == WD_ALIGN_PARAGRAPH.RIGHT:
        paragraph.paragraph_format.right_indent = Pt(PAGE_PT)
    else:
        paragraph.paragraph_format.left_indent = Pt(PAGE_PT)
    set_font(paragraph.add_run("— "), PAGE_FONT, PAGE_PT)
    field = OxmlElement("w:fldSimple")
    field.set(qn("w:instr"), " PAGE ")
    run = OxmlElement("w:r")
    text = OxmlElement("w:t")
    text.text = "1"
    run.append(text)
    field.append(run)
    paragraph._p.append(field)
    set_font(paragraph.add_run(" —"), PAGE_FONT, PAGE_PT)
    # the number inside the field in 宋体 too
    r_pr = paragraph.runs[0]._r.rPr
    run.insert(0, _copy(r_pr))


def _copy(element):
    from copy import deepcopy

    return deepcopy(element)


def off_grid(p_pr) -> None:
    """Let a paragraph keep its own line height (a table cell, the title) instead of snapping
    to the 22-line grid, which would give a 12 pt cell line or a 22 pt title line two grid lines."""
    snap = OxmlElement("w:snapToGrid")
    snap.set(qn("w:val"), "0")
    p_pr.insert_element_before(snap, "w:spacing", "w:ind", "w:jc", "w:rPr")


def _cell(cell, text: str, style_id: str, width_mm: int) -> None:
    """A cell's text in a table style (TABLE_TEXT or TABLE_HEADER: 小四, single spacing, off grid)."""
    cell.width = Mm(width_mm)
    paragraph = cell.paragraphs[0]
    paragraph._p.style = style_id
    paragraph.add_run(text)


def _repeat_header(row) -> None:
    tr_pr = row._tr.get_or_add_trPr()
    header = OxmlElement("w:tblHeader")
    header.set(qn("w:val"), "true")
    tr_pr.append(header)
