"""Reading a data file (CSV or XLSX) into rows of cells keyed by column, with line numbers.

No validation of the figures happens here (see `loading.py`); this module only knows files:
the size limit, the encodings offices save CSV in (UTF-8 with or without BOM, GBK/GB18030,
UTF-16), the first sheet of a workbook, and column headers in English or Chinese. Every row
keeps the line number the office sees: the file line for CSV, the sheet row for XLSX.
"""

from __future__ import annotations

import csv
import io
import itertools
import operator
import re
import unicodedata
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from planwatch.filetypes import decode_text, sniff
from planwatch.spreadsheets import UnsafeWorkbook, check_xml_parts, neutral, stored_text

from .errors import LoadError

MAX_FILE_BYTES = 20 * 1024 * 1024  # 20 MB; a setting later (PLANWATCH_MAX_DATA_FILE_MB)
HEADER_SEARCH_ROWS = 10  # a title row or two above the header is allowed

FIELDS = ("indicator", "article", "period", "value", "unit", "source", "note")
REQUIRED = ("indicator", "period", "value")
LABELS = {"indicator": "指标", "article": "条目", "period": "期间", "value": "数值",
          "unit": "单位", "source": "来源", "note": "备注"}  # fmt: skip
_ALIASES = {
    "indicator": ("indicator", "指标", "指标名称", "指标编码"),
    "article": ("article", "条目", "条", "条目编号"),
    "period": ("period", "期间", "时期", "报告期", "统计期"),
    "value": ("value", "数值", "值", "指标值", "实际值"),
    "unit": ("unit", "单位", "计量单位"),
    "source": ("source", "来源", "数据来源"),
    "note": ("note", "备注", "说明"),
}
HEADERS = {alias: name for name, aliases in _ALIASES.items() for alias in aliases}
IGNORED_HEADERS = {"序号", "no", "no.", "#"}
_BRACKETED = re.compile(r"[（(][^）)]*[）)]$")


FIELD_INDEX = {name: i for i, name in enumerate(FIELDS)}


@dataclass(slots=True)  # one per data row: no __dict__ each; not frozen, which costs (ObservationInput)
class RawRow:
    """One data row: ``cells`` holds a cell (text, number, date or None) per field of `FIELDS`,
    in that order — a tuple, not a dict: a 100,000-row file keeps 100,000 of them (issue 20)."""

    line: int
    cells: tuple
    percent: bool = False  # the value cell is formatted as a percentage in the workbook

    def get(self, name: str):
        return self.cells[FIELD_INDEX[name]]


@dataclass
class Table:
    """A file whose header has been read: ``rows`` gives its data rows once, read from the
    file as they are taken, so a large file is never held whole as rows of cells (issue 20);
    reading past the last row raises `LoadError` when there was none. ``lines`` is the file's
    line count (the sheet's rows), for progress. ``value_unit`` is a unit written in the value
    column's header (数值（万元）): the unit of every row that leaves its own unit cell empty."""

    name: str
    rows: Iterator[RawRow]
    lines: int = 0
    value_unit: str = ""


def header_key(text) -> str:
    """'数值（亿元）', ' Value ', '*期间' → the lookup form of a header."""
    key = unicodedata.normalize("NFKC", str(text or "")).strip().lower().replace(" ", "").lstrip("*")
    return _BRACKETED.sub("", key) if key not in HEADERS else key


def read_table(path: str | Path) -> Table:
    """The rows of a .csv or .xlsx file; raises `LoadError` for a file that cannot be read."""
    p = Path(path)
    if not p.is_file():
        raise LoadError([f"找不到文件：{p}"], file_name=p.name)
    size = p.stat().st_size
    if size > MAX_FILE_BYTES:
        raise LoadError(
            [
                f"文件过大（{size / 1024 / 1024:.1f} MB），上限为 {MAX_FILE_BYTES // 1024 // 1024} MB，请拆分后分批导入"
            ],
            file_name=p.name,
        )
    data = p.read_bytes()
    kind = sniff(data)
    if kind == "zip":
        count, lines = _xlsx_rows(data, p.name)
    elif kind == "ole":
        raise LoadError(["不支持旧版 Excel（.xls）文件，请在 Excel 中另存为 .xlsx 或 CSV"], file_name=p.name)
    else:
        count, lines = _csv_rows(data, p.name)
    return _table(lines, p.name, count, texts=kind != "zip")


def _csv_rows(data: bytes, name: str) -> tuple[int, Iterator[tuple[int, list, tuple]]]:
    """(the number of lines, the file's records one by one with their line numbers)."""
    text = decode_text(data)  # the same decoding as plan documents
    if text is None:
        raise LoadError(
            ["无法识别文件编码或格式：请提供 UTF-8 或 GBK 编码的 CSV，或 .xlsx 文件"], file_name=name
        )
    text = text.lstrip("\ufeff")
    first = next((ln for ln in io.StringIO(text) if ln.strip()), "")  # not a list of every line
    delimiter = "\t" if "\t" in first and "," not in first else ","
    lines = text.count("\n") + (not text.endswith("\n"))
    return lines, _records(csv.reader(io.StringIO(text, newline=""), delimiter=delimiter), name)


def _records(reader, name: str) -> Iterator[tuple[int, list, tuple]]:
    line = 1
    try:
        for record in reader:
            yield line, record, ()  # no cell of a CSV is formatted as a percentage
            line = reader.line_num + 1
    except csv.Error as exc:  # a field over csv.field_size_limit() (131,072 characters), a stray NUL
        raise LoadError([f"第{line}行无法读取：单元格内容过长或格式错误（{exc}）"], file_name=name) from exc


def _xlsx_rows(data: bytes, name: str) -> tuple[int, Iterator[tuple[int, list, list[bool]]]]:
    """(the first sheet's number of rows, its rows one by one with their numbers)."""
    from openpyxl import load_workbook

    try:
        check_xml_parts(zipfile.ZipFile(io.BytesIO(data)))
        workbook = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except UnsafeWorkbook as exc:
        raise LoadError([str(exc)], file_name=name) from exc
    except (zipfile.BadZipFile, KeyError, OSError, ValueError) as exc:
        raise LoadError(["无法读取 Excel 文件：文件已损坏或不是 .xlsx 格式"], file_name=name) from exc
    return workbook.worksheets[0].max_row or 0, _sheet_rows(workbook)


def _sheet_rows(workbook) -> Iterator[tuple[int, list, list[bool]]]:
    try:
        for number, cells in enumerate(workbook.worksheets[0].iter_rows(min_row=1), start=1):
            values = [c.value for c in cells]
            percent = ["%" in str(getattr(c, "number_format", "") or "") for c in cells]
            yield number, values, percent
    finally:
        workbook.close()


def _blank(value) -> bool:
    return value is None or (isinstance(value, str) and not value.strip())


def _blank_line(values: list) -> bool:
    try:  # a CSV record: all text, checked in one step
        return not "".join(values).strip()
    except TypeError:  # a sheet's row: numbers, dates, empty cells
        return all(_blank(v) for v in values)


def _table(lines: Iterator[tuple[int, list, list[bool]]], name: str, count: int, *, texts: bool) -> Table:
    """The header found and checked now (its errors raised here); the data rows read later.
    ``texts``: every cell is text (a CSV; a sheet has numbers, dates and empty cells)."""
    filled = (line for line in lines if not _blank_line(line[1]))
    top = list(itertools.islice(filled, HEADER_SEARCH_ROWS))
    if not top:
        raise LoadError(["文件是空的：没有表头和数据"], file_name=name)
    header_at = _find_header(top)
    line, header, _ = top[header_at]
    columns, errors = _columns(header, line)
    if errors:
        raise LoadError(errors, file_name=name)
    # after the header, ``lines`` itself: `_data_rows` passes over a row empty where it reads
    rows = _data_rows(itertools.chain(top[header_at + 1 :], lines), columns, name, texts=texts)
    return Table(name, rows, count, value_unit=_header_unit(header[columns["value"]]))


def _data_rows(lines, columns: dict[str, int], name: str, *, texts: bool) -> Iterator[RawRow]:
    """The data rows, each cell of `FIELDS` picked from its column and stripped. ``texts``: every
    cell is text (a CSV), so a row is picked and stripped in C (`operator.itemgetter`, `str.strip`)
    rather than cell by cell — a quarter of checking a 100,000-row file otherwise (issue 20)."""
    width = max(columns.values()) + 2  # every column read, and one always empty
    pick = operator.itemgetter(*[columns.get(f, width - 1) for f in FIELDS])  # each field's column
    inert = [FIELD_INDEX["source"], FIELD_INDEX["note"]]
    value, empty, any_row = columns["value"], "" if texts else None, False
    for n, values, pct in lines:
        if len(values) != width:
            values = values[:width] + [empty] * (width - len(values))
        values[-1] = empty
        if texts:
            cells = list(map(str.strip, pick(values)))
            if not "".join(cells):  # text only in columns not read
                continue
        else:
            cells = [v.strip() if v.__class__ is str else v for v in pick(values)]
            if cells.count(None) + cells.count("") == len(cells):
                continue
        for i in inert:
            cells[i] = neutral(cells[i]) if texts else stored_text(cells[i])  # inert text
        any_row = True
        yield RawRow(n, tuple(cells), value < len(pct) and pct[value])
    if not any_row:
        raise LoadError(["文件中没有数据行：表头下面是空的"], file_name=name)


def _header_unit(cell) -> str:
    text = unicodedata.normalize("NFKC", str(cell or "")).strip()
    m = re.search(r"\(([^)]*)\)$", text)
    unit = m.group(1).strip() if m else ""
    return "" if re.search(r"必填|选填|可选|required|optional", unit, re.I) else unit


def _find_header(filled) -> int:
    """The first of the top rows naming every required column; else the first row (for errors)."""
    for index, (_, values, _) in enumerate(filled[:HEADER_SEARCH_ROWS]):
        found = {HEADERS.get(header_key(v)) for v in values}
        if all(f in found for f in REQUIRED):
            return index
    return 0


def _columns(header: list, line: int) -> tuple[dict[str, int], list[str]]:
    columns, errors = {}, []
    names = "、".join(LABELS.values()) + "（或 " + ", ".join(FIELDS) + "）"
    for i, cell in enumerate(header):
        key = header_key(cell)
        if not key or key in IGNORED_HEADERS:
            continue
        name = HEADERS.get(key)
        if name is None:
            errors.append(f"第 {line} 行（表头）：无法识别的列名“{str(cell).strip()}”；可用的列名：{names}")
        elif name in columns:
            errors.append(f"第 {line} 行（表头）：“{LABELS[name]}”列出现了两次")
        else:
            columns[name] = i
    for name in REQUIRED:
        if name not in columns:
            errors.append(f"第 {line} 行（表头）：缺少必需的列“{LABELS[name]}”（{name}）")
    return columns, errors
