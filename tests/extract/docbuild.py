"""Build .docx and .pdf test documents from text, laid out the way an office would lay them out.

Test scaffolding only: Word files get one paragraph per plan paragraph and the page number in
the footer; PDFs get wrapped lines, about 35 to a page, "- N -" centred in the footer and an
optional running header. Also the broken inputs users send: scanned and encrypted PDFs and
damaged Word files.
"""

from __future__ import annotations

import re
import zipfile
from collections.abc import Iterable, Sequence
from pathlib import Path

import docx
import pypdf
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from pypdf.generic import NameObject, TextStringObject
from reportlab.lib.pagesizes import A4
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.cidfonts import UnicodeCIDFont
from reportlab.pdfgen import canvas

FONT = "STSong-Light"
FONT_SIZE = 12
LINES_PER_PAGE = 35
MARGIN = 72

_HEADING = re.compile(
    r"(第[一二三四五六七八九十百]+[章节]|[一二三四五六七八九十]+、|（[一二三四五六七八九十]+）|\d+[.、])"
)
_CHAPTER = re.compile(r"[一二三四五六七八九十]+、")
_PAGE_NUMBER = re.compile(r"[-—]\s*\d+\s*[-—]")

# A table in `build_docx` input: rows of cell texts.
Table = Sequence[Sequence[str]]


def seed_paragraphs(text: str) -> list[str]:
    """Undo the hard wrapping of a plan text: one string per paragraph, page numbers dropped.

    A paragraph starts at a heading marker (一、 （一） 1.) and after a line clearly shorter than
    the text's full lines (titles, headings, the last line of a paragraph).
    """
    lines = [line.strip() for line in text.splitlines()]
    lines = [line for line in lines if line and not _PAGE_NUMBER.fullmatch(line)]
    full = sorted(_width(line) for line in lines)[int(len(lines) * 0.9)]
    paragraphs: list[str] = []
    open_paragraph = False
    for line in lines:
        if open_paragraph and not _HEADING.match(line):
            paragraphs[-1] += line
        else:
            paragraphs.append(line)
        open_paragraph = _width(line) >= 0.8 * full
    return paragraphs


def _width(line: str) -> int:
    """Display width: a Chinese character is as wide as two Latin ones."""
    return sum(1 if ord(c) < 0x2E80 else 2 for c in line)


# ---------------------------------------------------------------- Word


def build_docx(blocks: Iterable[str | Table], path: Path, *, header: str | None = None) -> Path:
    """A Word file: a string is a paragraph, a list of rows is a table; "- PAGE -" in the footer."""
    document = docx.Document()
    for block in blocks:
        if isinstance(block, str):
            document.add_paragraph(block)
        else:
            _add_table(document, block)
    section = document.sections[0]
    footer = section.footer.paragraphs[0]
    footer.alignment = WD_ALIGN_PARAGRAPH.CENTER
    footer.add_run("- ")
    _add_page_field(footer)
    footer.add_run(" -")
    if header:
        section.header.paragraphs[0].text = header
    document.save(str(path))
    return path


def _add_table(document, rows: Table) -> None:
    table = document.add_table(rows=len(rows), cols=max(len(r) for r in rows))
    for row, texts in zip(table.rows, rows, strict=True):
        for cell, text in zip(row.cells, texts, strict=False):
            cell.text = text


def _add_page_field(paragraph) -> None:
    """A PAGE field, as Word writes it: begin, instruction, separator, cached value, end."""
    for kind, text in (("begin", None), (None, " PAGE "), ("separate", None), (None, "1"), ("end", None)):
        run = paragraph.add_run()
        if kind:
            char = OxmlElement("w:fldChar")
            char.set(qn("w:fldCharType"), kind)
            run._r.append(char)
        elif text == " PAGE ":
            instr = OxmlElement("w:instrText")
            instr.set(qn("xml:space"), "preserve")
            instr.text = text
            run._r.append(instr)
        else:
            run.text = text


def corpus_blocks(text: str) -> list[str | Table]:
    """A corpus source as blocks: lines starting with | are table rows (cells between |s),
    consecutive rows one table; every other non-empty line a paragraph."""
    blocks: list[str | Table] = []
    for line in (ln.strip() for ln in text.splitlines()):
        if line.startswith("|"):
            row = [c.strip() for c in line.strip("|").split("|")]
            if blocks and isinstance(blocks[-1], list):
                blocks[-1].append(row)
            else:
                blocks.append([row])
        elif line:
            blocks.append(line)
    return blocks


def build_corrupt_docx(path: Path, *, damage: str = "xml") -> Path:
    """A damaged Word file: 'xml' keeps the zip but breaks document.xml, 'truncated' cuts the zip."""
    build_docx(["一、总体要求", "（一）指导思想。坚持稳中求进。"], path)
    if damage == "truncated":
        data = path.read_bytes()
        path.write_bytes(data[: len(data) // 2])
        return path
    with zipfile.ZipFile(path) as source:
        parts = {name: source.read(name) for name in source.namelist()}
    parts["word/document.xml"] = parts["word/document.xml"][:-200] + "<w:p><w:r><w:t>断".encode()
    with zipfile.ZipFile(path, "w") as target:
        for name, data in parts.items():
            target.writestr(name, data)
    return path


# ---------------------------------------------------------------- PDF


def _register_font() -> None:
    if FONT not in pdfmetrics.getRegisteredFontNames():
        pdfmetrics.registerFont(UnicodeCIDFont(FONT))


def wrap(paragraph: str, width: float) -> list[str]:
    """Break a paragraph into lines no wider than `width` points, anywhere (as Chinese is set)."""
    lines, current = [], ""
    for char in paragraph:
        if current and pdfmetrics.stringWidth(current + char, FONT, FONT_SIZE) > width:
            lines.append(current)
            current = ""
        current += char
    return [*lines, current] if current else lines


def build_pdf(
    paragraphs: Iterable[str | Table],
    path: Path,
    *,
    header: str | None = None,
    lines_per_page: int = LINES_PER_PAGE,
    fake_bold: bool = False,
) -> Path:
    """A text PDF: wrapped lines, "- N -" centred in the footer, optionally a running header.

    With `fake_bold`, chapter headings are printed twice 0.3 pt apart, as WPS and Word do for
    fonts without a bold face. A list of rows is a ruled table, one line per row, its columns
    as wide as their longest cell (cells are not wrapped: keep them short).
    """
    _register_font()
    page_width, page_height = A4
    lines: list[tuple] = []
    for p in paragraphs:
        if isinstance(p, str):
            lines += [
                (line, fake_bold and bool(_CHAPTER.match(p))) for line in wrap(p, page_width - 2 * MARGIN)
            ]
        else:
            widths = [
                max(pdfmetrics.stringWidth(r[c], FONT, FONT_SIZE) for r in p) + 8 for c in range(len(p[0]))
            ]
            lines += [(list(row), widths) for row in p]
    pdf = canvas.Canvas(str(path), pagesize=A4)
    step = (page_height - 2 * MARGIN - 30) / lines_per_page
    for number, start in enumerate(range(0, len(lines), lines_per_page), start=1):
        pdf.setFont(FONT, FONT_SIZE)
        if header:
            pdf.drawCentredString(page_width / 2, page_height - 40, header)
        for i, (line, extra) in enumerate(lines[start : start + lines_per_page]):
            y = page_height - MARGIN - i * step
            if isinstance(line, list):
                _draw_row(pdf, line, extra, y, step)
                continue
            for offset in (0, 0.3) if extra else (0,):
                pdf.drawString(MARGIN + offset, y, line)
        pdf.drawCentredString(page_width / 2, 36, f"- {number} -")
        pdf.showPage()
    pdf.save()
    return path


def _draw_row(pdf, cells: list[str], widths: list[float], y: float, step: float) -> None:
    """One table row: its text, and a box around every cell."""
    x = MARGIN
    for cell, width in zip(cells, widths, strict=True):
        pdf.rect(x, y - 4, width, step, stroke=1, fill=0)
        pdf.drawString(x + 4, y, cell)
        x += width


def build_encrypted_pdf(path: Path, *, user_password: str = "secret", algorithm: str = "AES-128") -> Path:
    """An encrypted PDF; with an empty user password it opens without one, as many do.

    Encrypted with pypdf: reportlab's own encryption garbles the strings nested in CID font
    dictionaries, which no reader can then decode.
    """
    build_pdf(["一、总体要求", "（一）指导思想。坚持稳中求进。"], path)
    writer = pypdf.PdfWriter(clone_from=pypdf.PdfReader(path))
    writer.encrypt(user_password=user_password, owner_password="owner-secret", algorithm=algorithm)
    with path.open("wb") as out:
        writer.write(out)
    return path


def build_scanned_pdf(path: Path, pages: int = 2) -> Path:
    """A PDF like a scanner makes: pictures of pages, no text layer at all."""
    pdf = canvas.Canvas(str(path), pagesize=A4)
    for _ in range(pages):
        pdf.setFillGray(0.9)
        pdf.rect(MARGIN, MARGIN, A4[0] - 2 * MARGIN, A4[1] - 2 * MARGIN, fill=1)
        pdf.setFillGray(0.2)
        for y in range(120, 760, 20):  # grey bars where the lines of text were
            pdf.rect(MARGIN + 10, y, 400, 8, fill=1, stroke=0)
        pdf.showPage()
    pdf.save()
    return path


def build_unmapped_font_pdf(path: Path) -> Path:
    """A PDF whose Chinese font has no Unicode mapping: the text layer reads as (cid:N) codes.

    Done by relabelling the reportlab font as Identity-H with an Identity ordering, as some
    office PDF converters write fonts without a ToUnicode table.
    """
    build_pdf(["一、总体要求", "（一）指导思想。坚持稳中求进。"], path)
    writer = pypdf.PdfWriter(clone_from=pypdf.PdfReader(path))
    for page in writer.pages:
        for font in page["/Resources"]["/Font"].values():
            font = font.get_object()
            if "/DescendantFonts" in font:
                font[NameObject("/Encoding")] = NameObject("/Identity-H")
                info = font["/DescendantFonts"][0].get_object()["/CIDSystemInfo"]
                info[NameObject("/Ordering")] = TextStringObject("Identity")
    with path.open("wb") as out:
        writer.write(out)
    return path
