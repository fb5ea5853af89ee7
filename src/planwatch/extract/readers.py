"""Read a plan document (txt, docx, pdf) into clean text lines in reading order.

The parser (`structure.parse_lines`) joins hard-wrapped lines itself, so nothing here joins
lines; this module does all that depends on the file format, so the parser sees one spelling:

- the format is recognised from the bytes, not the name: a renamed picture is refused;
- text is decoded in whatever encoding an office saved it (UTF-8, UTF-16, GB18030/GBK);
- Word files give body paragraphs and table cells in document order, never headers or footers,
  with the numbers of Word's automatic numbering ("一、" "（一）") put in front of the text;
- PDF files give their text lines; scanned and password-protected PDFs are refused;
- page furniture (page numbers, running headers and footers) is dropped;
- characters that vary between tools are normalised (full-width digits, stray spaces).

Every failure is an `ExtractError` with one line of plain Chinese: the reader is an office clerk
who needs to know what to do with the file, not a stack trace.
"""

from __future__ import annotations

import io
import logging
import re
import warnings
from collections import Counter
from os import PathLike
from pathlib import Path

from planwatch.filetypes import CJK, decode_text, office_kind, sniff

from .docx_numbering import ListNumbering
from .errors import ExtractError
from .tables import CELL_SEP, row_line

UNSUPPORTED = "无法识别的文件格式：只支持 .txt、.docx 和带文字层的 .pdf"
NO_TEXT_LAYER = "PDF 没有文字层（可能是扫描件），请先做文字识别（OCR）或提供 Word/文本版本"
ENCRYPTED = "PDF 文件已加密，请先解除密码保护"

# pdfminer logs warnings about odd but readable PDFs; without a handler Python would print them
# on stderr, where the command line promises a single line of Chinese on failure only.
logging.getLogger("pdfminer").addHandler(logging.NullHandler())


def read_lines(path: str | PathLike) -> list[str]:
    """The document's text as clean, non-empty lines in reading order.

    Raises `ExtractError` for a missing, empty, unreadable or unsupported file.
    """
    p = Path(path)
    data = _read_bytes(p)
    kind = _sniff(data, p)
    if kind == "pdf":
        pages, bare = _pdf_pages(data, p), True
    elif kind == "docx":
        # Word keeps page numbers in footers (skipped); a lone number in a body table cell is data.
        pages, bare = [_docx_lines(p)], False
    else:
        pages, bare = _text_pages(_decode(data, p)), True
    lines = clean_pages(pages, bare_numbers=bare)
    if not lines:
        raise ExtractError(f"文件里没有文字：{p}")
    return lines


# ---------------------------------------------------------------- file and format


def _read_bytes(path: Path) -> bytes:
    """The file's bytes, or an error that says what is wrong with the path itself."""
    try:
        if not path.exists():
            raise ExtractError(f"文件不存在：{path}")
        if path.is_dir():
            raise ExtractError(f"这是一个文件夹，不是文件：{path}")
        data = path.read_bytes()
    except PermissionError:
        raise ExtractError(f"没有权限读取文件：{path}") from None
    except OSError:
        raise ExtractError(f"无法读取文件：{path}") from None
    if not data.strip(b" \t\r\n\x0b\x0c"):
        raise ExtractError(f"文件是空的：{path}")
    return data


def _sniff(data: bytes, path: Path) -> str:
    """'pdf', 'docx' or 'text', judged by content so that a renamed file is still recognised."""
    kind = sniff(data)
    if kind == "pdf":
        return "pdf"
    if kind == "zip":
        return _sniff_zip(data, path)
    if kind == "ole":
        raise ExtractError(f"{UNSUPPORTED}（旧版 .doc 文件请先在 Word 中另存为 .docx）")
    if kind == "rtf":
        raise ExtractError(f"{UNSUPPORTED}（RTF 文件请先在 Word 中另存为 .docx）")
    return "text"


def _sniff_zip(data: bytes, path: Path) -> str:
    """A zip is a Word file when it holds a word/ folder; a broken one is named as such."""
    kind = office_kind(data)
    if kind == "docx":
        return "docx"
    if kind == "xlsx":
        raise ExtractError(f"{UNSUPPORTED}（这是 Excel 表格）")
    if b"word/" in data or path.suffix.lower() == ".docx":
        raise ExtractError(f"无法读取 Word 文件（文件已损坏）：{path}")
    raise ExtractError(UNSUPPORTED)


# ---------------------------------------------------------------- text encodings


def _decode(data: bytes, path: Path) -> str:
    """Decoded text; binary content is refused as an unknown format, not parsed as gibberish."""
    text = decode_text(data)
    if text is None:
        raise ExtractError(UNSUPPORTED)
    if not text.strip():
        raise ExtractError(f"文件是空的：{path}")
    return text


def _text_pages(text: str) -> list[list[str]]:
    """Form feeds (pdftotext output) separate pages, so running headers can be found in text too."""
    return [page.splitlines() for page in text.split("\f")]


# ---------------------------------------------------------------- Word

_W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
# Elements whose children are more blocks (paragraphs, tables): cells, content controls, edits.
_BLOCK_CONTAINERS = {"tc", "sdt", "sdtContent", "customXml", "ins", "moveTo"}
# Elements inside a paragraph whose children are more runs.
_RUN_CONTAINERS = {"hyperlink", "ins", "moveTo", "smartTag", "fldSimple", "customXml", "sdt", "sdtContent"}


def _docx_lines(path: Path) -> list[str]:
    """Body paragraphs and table cells in document order; headers and footers are other parts.
    A paragraph numbered by Word's automatic numbering gets its number ("一、") in front."""
    import docx

    try:
        document = docx.Document(str(path))
        return list(_block_lines(document.element.body, ListNumbering.of(document)))
    except Exception:  # python-docx, lxml and zipfile each raise their own types on damage
        raise ExtractError(f"无法读取 Word 文件（文件已损坏）：{path}") from None


def _local(element) -> str:
    tag = element.tag
    return tag[len(_W) :] if isinstance(tag, str) and tag.startswith(_W) else ""


def _block_lines(parent, numbering: ListNumbering):
    """Lines of the paragraphs under `parent`; a table cell's paragraphs follow each other.
    Every paragraph is counted in order; a label goes before text only, never alone on a line."""
    for child in parent:
        tag = _local(child)
        if tag == "p":
            label, text = numbering.label(child), _paragraph_text(child)
            yield from (f"{label} {text}" if label and text.strip() else text).splitlines()
        elif tag == "tbl":
            yield from _table_lines(child, numbering)
        elif tag in _BLOCK_CONTAINERS:
            yield from _block_lines(child, numbering)


def _table_lines(tbl, numbering: ListNumbering):
    """A table of two columns or more gives one line per row, its cells joined by `CELL_SEP`
    (the parser reads indicator and task tables by column); a one-column table is a text box
    and gives its paragraphs as lines. A cell spanning columns is followed by empty cells, so
    every row has the header's columns."""
    for tr in (c for c in tbl if _local(c) == "tr"):
        cells: list[str] = []
        lines: list[str] = []
        for tc in (c for c in tr if _local(c) in ("tc", "sdt")):
            cell_lines = list(_block_lines(tc, numbering))  # counted once: Word numbers cells too
            lines += cell_lines
            cells.append(row_line(cell_lines, joiner="；"))
            cells += [""] * (_grid_span(tc) - 1)
        if len(cells) >= 2:
            yield CELL_SEP.join(cell.replace(CELL_SEP, " ") for cell in cells)
        else:
            yield from lines


def _grid_span(tc) -> int:
    span = tc.find(f"{_W}tcPr/{_W}gridSpan")
    value = span.get(f"{_W}val") if span is not None else None
    return int(value) if value and value.isdigit() else 1


def _paragraph_text(p) -> str:
    """Run text including hyperlinks, fields and tracked insertions; tracked deletions left out.
    python-docx's own `Paragraph.text` sees only direct runs and hyperlinks."""
    parts = []
    for child in p:
        tag = _local(child)
        if tag == "r":
            parts.append(child.text)  # python-docx's CT_R.text renders tabs and line breaks
        elif tag in _RUN_CONTAINERS:
            parts.append(_paragraph_text(child))
    return "".join(parts)


# ---------------------------------------------------------------- PDF


def _pdf_pages(data: bytes, path: Path) -> list[list[str]]:
    """Text lines per page. Encryption that opens with the empty password is no obstacle."""
    import pdfplumber

    try:
        with warnings.catch_warnings(), pdfplumber.open(io.BytesIO(data)) as pdf:
            warnings.simplefilter("ignore")
            pages = [_pdf_page_lines(page) for page in pdf.pages]
    except Exception as exc:  # pdfminer raises many types for damaged or locked files
        raise ExtractError(_pdf_failure(exc, data, path)) from None
    text = "".join(line for page in pages for line in page)
    if not text.strip():
        raise ExtractError(NO_TEXT_LAYER)
    if text.count("(cid:") * 6 > len(text) / 2:
        raise ExtractError("PDF 的文字无法识别（字体缺少编码），请先做文字识别（OCR）或提供 Word/文本版本")
    return pages


def _pdf_page_lines(page) -> list[str]:
    """Office tools fake bold headings by printing them twice, a hair apart: keep one copy.
    Ruled tables give one line per row (cells joined by `CELL_SEP`) where they stand."""
    if not page.chars:
        lines = []
    elif page.rects or page.lines:
        lines = _pdf_lines_with_tables(page.dedupe_chars())
    else:
        lines = (page.dedupe_chars().extract_text() or "").splitlines()
    page.close()  # drop the page's parsed objects; long plans otherwise hold every page in memory
    return lines


def _pdf_lines_with_tables(page) -> list[str]:
    """Text above, between and below the page's ruled tables, each table row as one line."""
    tables = sorted(page.find_tables(), key=lambda t: t.bbox[1])
    if not tables:
        return (page.extract_text() or "").splitlines()
    lines, top = [], page.bbox[1]
    for table in tables:
        x0, t_top, x1, bottom = table.bbox
        lines += _pdf_band(page, top, t_top)
        for row in table.extract():
            cells = [re.sub(r"\s*\n\s*", "", cell or "") for cell in row]
            lines.append(CELL_SEP.join(cells) if len(cells) >= 2 else cells[0] if cells else "")
        top = bottom
    return lines + _pdf_band(page, top, page.bbox[3])


def _pdf_band(page, top: float, bottom: float) -> list[str]:
    if bottom - top < 1:
        return []
    band = page.crop((page.bbox[0], top, page.bbox[2], bottom), strict=False)
    return (band.extract_text() or "").splitlines()


def _pdf_failure(exc: Exception, data: bytes, path: Path) -> str:
    """Say 'encrypted' when the file is, whichever exception pdfminer chose to raise."""
    inner = exc.args[0] if exc.args and isinstance(exc.args[0], Exception) else exc
    names = type(exc).__name__ + type(inner).__name__
    if b"/Encrypt" in data or "Password" in names or "Encrypt" in names:
        return ENCRYPTED
    return f"无法读取 PDF 文件（文件已损坏）：{path}"


# ---------------------------------------------------------------- page furniture

_DASHES = "-—–－―‒~～"
_PAGE_NUMBER = [
    re.compile(f"[{_DASHES}]+ *\\d{{1,4}} *[{_DASHES}]+"),  # - 19 -  —19—
    re.compile(r"第 *\d{1,4} *页(?:[ ,，、/]*共 *\d{1,4} *页)?"),  # 第3页  第3页 共20页
    re.compile(r"共 *\d{1,4} *页[ ,，、]*第 *\d{1,4} *页"),
    re.compile(r"\d{1,4} */ *\d{1,4}"),  # 3/20
    re.compile(r"(?:page|p\.) *\d{1,4}(?: *(?:of|/) *\d{1,4})?", re.IGNORECASE),
]
_BARE_NUMBER = re.compile(r"\d{1,4}")
_NUMERAL = "一二三四五六七八九十百零〇两"
_HEADING = re.compile(
    f"第[{_NUMERAL}\\d]+[章节条部篇]|[{_NUMERAL}]+、|（[{_NUMERAL}\\d]+）|\\d{{1,3}}[.、](?!\\d)"
)


def is_page_number(line: str, *, bare: bool = True) -> bool:
    """A line that is only a page number; with `bare`, a lone number counts as one too."""
    if bare and _BARE_NUMBER.fullmatch(line):
        return True
    return any(p.fullmatch(line) for p in _PAGE_NUMBER)


def is_heading(line: str) -> bool:
    """Looks like a chapter or article heading; such a line is never dropped as furniture."""
    return bool(_HEADING.match(line))


def clean_pages(pages: list[list[str]], *, bare_numbers: bool = True) -> list[str]:
    """Normalise every line, drop running headers/footers and page numbers, flatten the pages."""
    pages = [[s for s in map(normalise_line, page) if s] for page in pages]
    pages = _drop_running(pages)
    return [s for page in pages for s in page if not is_page_number(s, bare=bare_numbers)]


_ZONE = 2  # lines at the top and at the bottom of a page where headers and footers sit


def _shape(line: str) -> str:
    """A line with its numbers blanked, so 'page 3' and 'page 4' footers compare equal."""
    return re.sub(r"\d+", "#", line.replace(" ", ""))


def _in_zone(index: int, length: int) -> bool:
    return index < _ZONE or index >= length - _ZONE


def _drop_running(pages: list[list[str]]) -> list[list[str]]:
    """Drop lines repeating at the top or bottom of at least half the pages (and three or more)."""
    if len(pages) < 3:
        return pages
    counts: Counter[str] = Counter()
    for page in pages:
        counts.update({_shape(s) for i, s in enumerate(page) if _in_zone(i, len(page))})
    need = max(3, (len(pages) + 1) // 2)
    running = {shape for shape, n in counts.items() if n >= need}

    def keep(i: int, s: str, page: list[str]) -> bool:
        return not (_in_zone(i, len(page)) and _shape(s) in running) or is_heading(s)

    return [[s for i, s in enumerate(page) if keep(i, s, page)] for page in pages]


# ---------------------------------------------------------------- characters

_TRANSLATE = {0xFF10 + i: 0x30 + i for i in range(10)}  # ０-９
_TRANSLATE |= {0xFF21 + i: 0x41 + i for i in range(26)}  # Ａ-Ｚ
_TRANSLATE |= {0xFF41 + i: 0x61 + i for i in range(26)}  # ａ-ｚ
_TRANSLATE |= {0x3000: " ", 0x00A0: " ", 0x202F: " ", 0x205F: " ", 0x0009: " ", 0xFF05: "%"}
_TRANSLATE |= {c: " " for c in range(0x2000, 0x200B)}  # en/em and other typographic spaces
_TRANSLATE |= {0x200B: None, 0x200C: None, 0x200D: None, 0x2060: None, 0xFEFF: None, 0x00AD: None}

_FULLWIDTH_POINT = re.compile(r"(?<=\d)．(?=\d)")
_LEADING_BRACKET = re.compile(f"^[(（] *([{_NUMERAL}]+|\\d{{1,3}}) *[)）]")
_SPACE_BYCJK = re.compile(f"(?<=[{CJK}]) +| +(?=[{CJK}])")
_SPACE_IN_NUMBER = re.compile(r"(?<=\d) +(?=\.\d|%)")
_SPACE_IN_RANGE = re.compile(f"(?<=\\d) *([{_DASHES}]) *(?=\\d)")


def normalise_line(line: str) -> str:
    """One spelling for what tools spell differently; Chinese punctuation stays full-width.

    Full-width digits and letters become ASCII and stray spaces around Chinese characters and
    inside numbers go ("2025 年" -> "2025年", "5.3 亿美元" -> "5.3亿美元"), but spaces between
    Latin words or digit groups stay, and "(一)" at the start becomes the "（一）" the parser
    expects.
    """
    s = line.translate(_TRANSLATE)
    if "．" in s:
        s = _FULLWIDTH_POINT.sub(".", s)
    if " " in s:  # most lines of a Chinese plan have none: skip the space rules (a third of the time)
        s = _SPACE_BYCJK.sub("", s)
        s = _SPACE_IN_NUMBER.sub("", s)
        s = _SPACE_IN_RANGE.sub(r"\1", s)
        s = re.sub(" {2,}", " ", s).strip()
    return _LEADING_BRACKET.sub(r"（\1）", s) if s[:1] in "(（" else s
