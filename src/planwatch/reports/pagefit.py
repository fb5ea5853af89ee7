"""How much of the page a document fills, in lines of the 22-line GB/T 9704 page — an estimate
made without a layout engine, so the leaders' one-page brief can be trimmed to fit.

The measure is the standard's: a page of 22 lines of 28.95 pt in the 156 mm text block. A body
line holds as many 三号 (16 pt) characters as fit in 156 mm — 27 full-width characters (28 only
with Word's character grid, which planwatch does not use; gbt9704.py), a digit or Latin letter
counting half. A paragraph's first-line indent and right indent take their characters from its
lines; the title is 二号 at 1.6 line spacing; a table row is as high as its tallest cell in
小四 (12 pt) at single spacing; a chart is as high as its frame. Every rounding goes upwards,
so the estimate errs long — what it says fits on a page does fit (checked against LibreOffice's
layout in tests/reports/test_brief_fits.py when `soffice` is installed).
"""

from __future__ import annotations

import math
import unicodedata

from docx.oxml.ns import qn

from .gbt9704 import BODY_PT, LINE_PITCH, LINES, TEXT_WIDTH_MM, TITLE_PT

TEXT_PT = TEXT_WIDTH_MM * 72 / 25.4  # 442.2 pt
TABLE_PT, CELL_PADDING_PT, CELL_LINE = 12, 2 * 5.4, 1.35  # Word's default cell margins 0.19 cm
TITLE_LINE = 1.6
AUTOSPACE = 0.25
EMU_PER_PT = 12700


def char_width(ch: str) -> float:
    """1 for a Chinese character or full-width punctuation (“” and — too, in a Chinese font), ½
    for a digit or Latin letter."""
    return 1.0 if unicodedata.east_asian_width(ch) in ("W", "F", "A") else 0.5


def text_width(text: str) -> float:
    """Full-width characters `text` takes, with the quarter space Word and LibreOffice put
    between Chinese and Latin text (2024年 is 年 + 2 + ½)."""
    width, previous = 0.0, None
    for ch in text:
        w = char_width(ch)
        width += w + (AUTOSPACE if previous is not None and previous != w else 0)
        previous = w
    return width


def text_lines(text: str, chars_per_line: float, first_indent: float = 0) -> int:
    """Lines `text` takes at `chars_per_line` full-width characters a line (at least one)."""
    width = first_indent + text_width(text)
    return max(1, math.ceil(width / math.floor(chars_per_line) - 1e-9))


def paragraph_pt(paragraph) -> float:
    extents = paragraph._p.findall(".//" + qn("wp:extent"))
    if extents:  # a chart or picture: its frame's height
        return sum(int(e.get("cy")) for e in extents) / EMU_PER_PT
    is_title = paragraph.style.name == "Title"
    size = TITLE_PT if is_title else BODY_PT
    first = _indent(paragraph, "first_line_indent") / size
    right = _indent(paragraph, "right_indent") / size
    lines = text_lines(paragraph.text, (TEXT_PT - right * size) / size, first)
    return lines * (TITLE_PT * TITLE_LINE if is_title else LINE_PITCH.pt)


def _indent(paragraph, name: str) -> float:
    own = getattr(paragraph.paragraph_format, name)
    value = own if own is not None else getattr(paragraph.style.paragraph_format, name)
    return max(value.pt, 0) if value is not None else 0


def lines_of(text: str) -> int:
    """Grid lines of a body paragraph (first line indented two characters)."""
    return text_lines(text, TEXT_PT / BODY_PT, 2)


def table_pt(table) -> float:
    total = 0.0
    for row in table.rows:
        tallest = max(text_lines(c.text, (c.width.pt - CELL_PADDING_PT) / TABLE_PT) for c in row.cells)
        total += tallest * TABLE_PT * CELL_LINE + 1  # + the rule between rows
    return total


def estimated_lines(document) -> float:
    """The lines of the 22-line page the body of a python-docx `document` fills."""
    from docx.table import Table
    from docx.text.paragraph import Paragraph

    total = 0.0
    for child in document.element.body.iterchildren():
        if child.tag == qn("w:p"):
            total += paragraph_pt(Paragraph(child, document))
        elif child.tag == qn("w:tbl"):
            # a table ends between grid lines: the next paragraph starts on the next line
            total += math.ceil(table_pt(Table(child, document)) / LINE_PITCH.pt) * LINE_PITCH.pt
    return total / LINE_PITCH.pt


def fits_one_page(document) -> bool:
    return estimated_lines(document) <= LINES

