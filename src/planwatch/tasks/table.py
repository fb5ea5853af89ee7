"""任务分解表 as offices write them — an XLSX sheet or a DOCX table — read into rows.

Pure (no Django): `read_table(name, data)` gives the header and the rows as text; `parse_rows`
recognises the columns by their usual names (序号, 重点任务, 具体措施, 牵头单位, 配合单位,
完成时限 …), carries a merged 重点任务 cell down to the rows below it, reads each cell and
collects every error with its row and column — the caller stores all rows or none. Units are
matched by the caller's `find_unit` (the registry with its aliases) and articles by
`find_article` (a 条目 column, else the 重点任务 text against the articles' titles).
"""

from __future__ import annotations

import io
import re
import zipfile
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date

from planwatch.extract.units import split_units
from planwatch.filetypes import office_kind, sniff
from planwatch.spreadsheets import UnsafeWorkbook, check_xml_parts

from .deadlines import parse_deadline

COLUMNS = {  # field → the header names offices use (compared without spaces and brackets)
    "number": ("序号", "编号"),
    "article": ("条目", "对应条目", "计划条目", "所属条目", "条款"),
    "key_task": ("重点任务", "主要任务", "任务名称", "工作任务", "重点工作"),
    "measure": ("具体措施", "具体任务", "工作措施", "主要措施", "任务内容", "工作内容", "具体工作"),
    "lead": ("牵头单位", "牵头部门", "主责单位", "责任单位牵头", "牵头责任单位"),
    "co": ("配合单位", "配合部门", "协办单位", "参与单位", "协同单位", "责任单位"),
    "due": ("完成时限", "完成时间", "时间节点", "时限", "完成期限", "时限要求"),
    "deliverable": ("成果形式", "预期成果", "成果", "完成标志"),
    "kind": ("类型", "任务类型"),
}
LABELS = {"key_task": "重点任务", "measure": "具体措施", "lead": "牵头单位", "co": "配合单位", "due": "完成时限",
          "article": "条目", "kind": "类型"}  # fmt: skip
MAX_ROWS = 5000


class TableError(ValueError):
    """The file cannot be imported: every problem, one line each (row and column named)."""

    def __init__(self, errors: list[str]) -> None:
        super().__init__("；".join(errors[:20]))
        self.errors = errors


@dataclass
class TaskRow:
    line: int
    article: object
    text: str
    lead: object | None
    co: list = field(default_factory=list)
    due: date | None = None
    due_kind: str = ""
    deliverable: str = ""
    kind: str = "routine"


def _cell(value) -> str:
    if value is None:
        return ""
    if isinstance(value, date):
        return f"{value.year}年{value.month}月{value.day}日"
    return re.sub(r"\s+", " ", str(value)).strip()


def read_table(name: str, data: bytes) -> list[list[str]]:
    """All rows of the first sheet (XLSX) or of the first table with a header (DOCX), as text."""
    if sniff(data) != "zip":
        raise TableError(["文件不是 Excel（.xlsx）或 Word（.docx）文件"])
    kind = office_kind(data)
    try:
        check_xml_parts(zipfile.ZipFile(io.BytesIO(data)))
    except UnsafeWorkbook as exc:
        raise TableError([str(exc)]) from exc
    try:
        rows = _xlsx(data) if kind == "xlsx" else _docx(data) if kind == "docx" else None
    except Exception as exc:  # a damaged file: openpyxl and python-docx raise many kinds
        raise TableError([f"无法读取“{name}”：文件已损坏"]) from exc
    if rows is None:
        raise TableError(["文件不是 Excel（.xlsx）或 Word（.docx）文件"])
    return rows


def _xlsx(data: bytes) -> list[list[str]]:
    from openpyxl import load_workbook

    book = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    try:
        return [[_cell(v) for v in row] for row in book.worksheets[0].iter_rows(values_only=True)]
    finally:
        book.close()


def _docx(data: bytes) -> list[list[str]]:
    from docx import Document

    tables = [_docx_rows(t) for t in Document(io.BytesIO(data)).tables]
    return next((rows for rows in tables if _header(rows) is not None), tables[0] if tables else [])


def _docx_rows(table) -> list[list[str]]:
    """A Word table's cells as text, read from its XML (python-docx's `row.cells` recomputes the
    grid for every row: seconds for a few hundred rows). A cell merged down (vMerge) reads empty,
    as a merged cell of a sheet does; one spanning columns (gridSpan) fills them all."""
    rows = []
    for tr in table._tbl.tr_lst:
        cells = []
        for tc in tr.tc_lst:
            text = "" if tc.vMerge == "continue" else _cell(_text(tc))
            cells += [text] * tc.grid_span
        rows.append(cells)
    return rows


def _text(tc) -> str:
    """A cell's paragraphs, one a line (lxml's iter: python-docx's per-paragraph XPath is slow)."""
    from docx.oxml.ns import qn

    return "\n".join("".join(t.text or "" for t in p.iter(qn("w:t"))) for p in tc.iter(qn("w:p")))


def _key(text: str) -> str:
    return re.sub(r"[\s（）()【】\[\]:：*]", "", text)


def _header(rows: list[list[str]]) -> tuple[int, dict[str, int]] | None:
    """(index of the header row, {field: column}) among the first rows, or None."""
    for i, row in enumerate(rows[:8]):
        found: dict[str, int] = {}
        for col, text in enumerate(row):
            key = _key(text)
            for name, spellings in COLUMNS.items():
                if name not in found and key in spellings:
                    found[name] = col
                    break
        if ("key_task" in found or "measure" in found) and ("lead" in found or "co" in found):
            return i, found
    return None


def parse_rows(rows: list[list[str]], *, find_unit: Callable, find_article: Callable) -> list[TaskRow]:
    """Every data row as a TaskRow; TableError with all the problems (row and column) otherwise."""
    header = _header(rows)
    if header is None:
        raise TableError(["未找到表头：须有“重点任务”或“具体措施”列，以及“牵头单位”或“配合单位”列"])
    start, cols = header
    out, errors, carried = [], [], {"key_task": "", "article": ""}
    for index, row in enumerate(rows[start + 1 :][:MAX_ROWS + 1], start=start + 2):
        cells = {name: row[col] if col < len(row) else "" for name, col in cols.items()}
        if not any(cells.values()):
            continue
        for name in carried:  # a merged cell is read once, on its first row
            carried[name] = cells.get(name) or carried[name]
        problems: list[str] = []
        parsed = _row(index, cells, carried, find_unit, find_article, problems)
        errors += [f"第{index}行“{column}”列：{text}" for column, text in problems]
        if parsed is not None:
            out.append(parsed)
    if len(out) > MAX_ROWS:
        errors.append(f"一次最多导入 {MAX_ROWS} 行")
    if errors:
        raise TableError(errors)
    if not out:
        raise TableError(["表中没有任务行"])
    return out


def _row(line, cells, carried, find_unit, find_article, problems) -> TaskRow | None:
    text = cells.get("measure") or cells.get("key_task") or ""
    if not text:
        problems.append((LABELS["measure" if "measure" in cells else "key_task"], "任务内容为空"))
    article = find_article(carried["article"], carried["key_task"])
    if article is None:
        column = "条目" if carried["article"] else "重点任务"
        problems.append((column, f"找不到对应的计划条目“{carried['article'] or carried['key_task']}”"))
    lead_units = _units(cells.get("lead", ""), "lead", find_unit, problems)
    co_units = _units(cells.get("co", ""), "co", find_unit, problems)
    if "lead" in cells and not cells["lead"]:
        problems.append(("牵头单位", "牵头单位为空"))
    lead = lead_units[0] if lead_units else (co_units[0] if co_units else None)
    due, due_kind = None, ""
    if cells.get("due"):
        try:
            deadline = parse_deadline(cells["due"])
            due, due_kind = deadline.due, deadline.kind
        except ValueError as exc:
            problems.append(("完成时限", str(exc)))
    if problems:
        return None
    co = [u for u in (lead_units[1:] + co_units) if u != lead]
    kind = "key" if "重点" in cells.get("kind", "") else "routine"
    return TaskRow(line, article, text, lead, list(dict.fromkeys(co)), due, due_kind, cells.get("deliverable", ""), kind)


def _units(text: str, column: str, find_unit: Callable, problems: list) -> list:
    if not text:
        return []
    names = split_units(text)
    if names is None:
        names = [n for n in re.split(r"[、，,；;\s]+", text) if n]
    units = []
    for name in names:
        unit = find_unit(name)
        if unit is None:
            problems.append((LABELS[column], f"未登记的单位“{name}”（请先在单位名录中登记或添加别名）"))
        else:
            units.append(unit)
    return units
