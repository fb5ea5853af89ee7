"""Indicator tables (主要指标表) and task tables (重点任务分解表), read by their columns.

Many plans put their richest content in tables: the indicator table (指标, 单位, 基期值, 目标值,
属性 预期性/约束性) and the task breakdown (序号, 任务, 牵头单位, 配合单位, 完成时限), in the body
or as an annex. The readers give a table row as one line with its cells joined by `CELL_SEP`;
`take_tables` lifts runs of such lines out of the text (leaving a placeholder where the table
stood, so the article around it can claim it), and the header row says what each column holds.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from .model import Target, Task
from .numerals import parse_number
from .units import parse_unit_clause, split_units

CELL_SEP = "｜"
PLACEHOLDER = "\x00表"
_CAPTION = re.compile(
    r"^(附件|附表|表)?\s*[\d一二三四五六七八九十]*[：:\s]*[^。；，]{0,30}(表|指标|清单|任务)$"
)


@dataclass
class Table:
    rows: list[list[str]]
    caption: str = ""


def row_line(parts: list[str], *, joiner: str) -> str:
    """The paragraphs of one cell as one string, `joiner` between those not ending a sentence."""
    out = ""
    for part in (p.strip() for p in parts):
        if part:
            out += (joiner if out and out[-1] not in "。；;，、：:" else "") + part
    return out


def is_placeholder(line: str) -> bool:
    return line.startswith(PLACEHOLDER)


def placeholder_index(line: str) -> int:
    return int(line[len(PLACEHOLDER) :])


def take_tables(lines: list[str]) -> tuple[list[str], list[Table]]:
    """Lines with each run of table rows replaced by one placeholder, and the tables in order.
    A short line right above a table naming a table (主要指标表, 附件1：重点任务分解表) is its caption."""
    out: list[str] = []
    tables: list[Table] = []
    for line in lines:
        if CELL_SEP not in line:
            out.append(line)
            continue
        cells = [c.strip() for c in line.split(CELL_SEP)]
        if out and is_placeholder(out[-1]):
            tables[-1].rows.append(cells)
            continue
        caption = out[-1] if out and _CAPTION.match(out[-1]) else ""
        tables.append(Table([cells], caption))
        out.append(f"{PLACEHOLDER}{len(tables) - 1}")
    return out, tables


# ---------------------------------------------------------------- columns

_COLUMNS = {
    "number": re.compile(r"^(序号|编号)$"),
    "name": re.compile(r"^(指标|指标名称|主要指标|具体指标)$|^指标(名称|内容)"),
    "unit": re.compile(r"^(计量)?单位$"),
    "base": re.compile(r"基期|基数|现状|基准"),
    "target": re.compile(r"目标|预期值|规划值"),
    "attribute": re.compile(r"属性|性质"),
    "task": re.compile(r"任务|工作内容|具体内容|措施|事项|内容|^(重点|主要)?工作$"),
    "lead": re.compile(r"牵头|主责|责任单位|责任部门|负责单位|实施单位"),
    "co": re.compile(r"配合|参与|协办|协助"),
    "due": re.compile(r"时限|时间|进度|节点"),
}
_YEAR = re.compile(r"(20\d\d)\s*年?")


def columns(header: list[str]) -> dict[str, int]:
    """Column index by role, judged from the header row's words; each role takes its first column."""
    found: dict[str, int] = {}
    for i, cell in enumerate(header):
        cell = re.sub(r"\s+", "", cell)
        for role, pattern in _COLUMNS.items():
            if role not in found and pattern.search(cell) and not _other_role(role, cell):
                found[role] = i
                break
    return found


def _other_role(role: str, cell: str) -> bool:
    """任务 in 牵头单位's header? No: a unit or time column is never the task column."""
    return role == "task" and bool(re.search(r"单位|部门|时限|时间", cell))


def kind_of(table: Table) -> tuple[str, int, dict[str, int]]:
    """('indicator' | 'task' | 'other', header row index, columns) from the first two rows."""
    for h, header in enumerate(table.rows[:2]):
        cols = columns(header)
        years = [i for i, c in enumerate(header) if _YEAR.search(c)]
        if "name" in cols and ("target" in cols or years):
            return "indicator", h, cols
        if "task" in cols and ("lead" in cols or "co" in cols):
            return "task", h, cols
    return "other", 0, {}


# ---------------------------------------------------------------- indicator tables

_VALUE = re.compile(
    r"^(?P<cmp>[≥≤><＞＜]=?)?\s*(?P<open>[\[［【])?\s*(?P<value>\d+(?:\.\d+)?)(?:\s*[-~～—–－]\s*(?P<max>\d+(?:\.\d+)?))?"
    r"\s*[\]］】]?\s*(?P<unit>[^\d\s以左]*)\s*(?P<after>以上|以下|以内|左右)?$"
)
_NAME_UNIT = re.compile(r"\s*[（(]([^（）()]{1,8})[）)]$")
_BASE_IN_NAME = re.compile(r"(?:比|较)(20\d\d)年")


def indicator_targets(
    table: Table, header: int, cols: dict[str, int], *, end_year: int | None
) -> list[Target]:
    """One target per row whose target cell holds a figure (完成省下达任务 holds none)."""
    head = table.rows[header]
    target_col = cols.get("target", _year_columns(head)[-1] if _year_columns(head) else None)
    base_col = cols.get("base")
    if base_col is None:
        base_col = next((i for i in _year_columns(head) if i != target_col), None)
    year = _header_year(head[target_col]) or end_year
    base_year = _header_year(head[base_col]) if base_col is not None else None
    out = []
    for row in table.rows[header + 1 :]:
        target = _indicator_row(row, cols, target_col, base_col)
        if target:
            _date(target, year, base_year)
            out.append(target)
    return out


def _year_columns(header: list[str]) -> list[int]:
    return [i for i, c in enumerate(header) if _YEAR.search(c)]


def _header_year(cell: str) -> int | None:
    m = _YEAR.search(cell)
    return int(m.group(1)) if m else None


def _cell(row: list[str], col: int | None) -> str:
    return row[col].strip() if col is not None and col < len(row) else ""


def _indicator_row(row, cols, target_col, base_col) -> Target | None:
    name, value = _cell(row, cols.get("name")), _VALUE.match(_cell(row, target_col))
    if not name or not value:
        return None
    unit = _cell(row, cols.get("unit"))
    in_name = _NAME_UNIT.search(name)
    if in_name:
        name, unit = name[: in_name.start()], unit or in_name.group(1)
    unit = unit or value.group("unit") or ""
    base = _VALUE.match(_cell(row, base_col))
    attribute = next((a for a in ("预期性", "约束性") if a in _cell(row, cols.get("attribute"))), None)
    cmp_sign, after = value.group("cmp") or "", value.group("after") or ""
    comparator = _comparator(cmp_sign, after, name)
    basis = _basis(name, bool(value.group("open")))
    return Target(
        indicator=name,
        value=parse_number(value.group("value")),
        unit="" if unit in ("—", "-", "/") else unit,
        comparator="range" if value.group("max") else comparator,
        value_max=parse_number(value.group("max")) if value.group("max") else None,
        basis=basis,
        qualifiers=[
            q for q in (after, "累计" if basis == "cumulative" else "", "年均" if "年均" in name else "") if q
        ],
        source=CELL_SEP.join(row),
        rate=("decline" if re.search("下降|降低", name) else "growth") if basis == "annual" else None,
        base_value=parse_number(base.group("value")) if base else None,
        attribute=attribute,
    )


def _comparator(sign: str, after: str, name: str) -> str:
    if after == "左右":
        return "≈"
    if sign in ("≤", "<", "＜", "<=") or after in ("以下", "以内") or re.search(r"控制|以内|不超过", name):
        return "<="
    return ">="


def _basis(name: str, bracketed: bool) -> str:
    """[13.3] and 累计/新增 are totals over the plan; 年均 is every year; 比20XX年 a change."""
    if _BASE_IN_NAME.search(name):
        return "change_vs_base"
    if "年均" in name:
        return "annual"
    if bracketed or re.search(r"累计|新增", name):
        return "cumulative"
    return "level"


def _date(target: Target, year: int | None, base_year: int | None) -> None:
    m = _BASE_IN_NAME.search(target.indicator)
    target.base_year = int(m.group(1)) if m else None
    target.year = None if target.basis == "annual" else year
    if target.base_value is not None and base_year and target.basis != "change_vs_base":
        target.base_year = base_year


# ---------------------------------------------------------------- task tables

_DUE_YEAR = re.compile(r"(20\d\d)\s*年")
_DUE_MONTH = re.compile(r"^(\d{1,2})\s*月")


def task_rows(table: Table, header: int, cols: dict[str, int], *, end_year: int | None) -> list[Task]:
    """One Task per row with task text; the number is the 序号 cell, else the row's position."""
    out = []
    leads = "co" in cols or bool(re.search("牵头|主责", _cell(table.rows[header], cols.get("lead"))))
    for position, row in enumerate(table.rows[header + 1 :], start=1):
        text = _cell(row, cols.get("task"))
        if not text:
            continue
        lead, units = _row_units(_cell(row, cols.get("lead")), _cell(row, cols.get("co")), leads)
        number = parse_number(_cell(row, cols.get("number")))
        due = _cell(row, cols.get("due"))
        out.append(
            Task(
                number=number if isinstance(number, int) else position,
                text=text,
                units=units,
                lead_units=lead,
                due=due,
                year=due_year(due, end_year),
            )
        )
    return out


def _row_units(lead_cell: str, co_cell: str, leads: bool) -> tuple[list[str], list[str]]:
    """(lead units, all units): a 牵头单位 column (or one beside a 配合单位 column) leads; a lone
    责任单位 column leads only when the cell says so itself (X牵头，Y配合)."""
    parsed = parse_unit_clause(lead_cell) if lead_cell else None
    units, lead = parsed or ([], [])
    if leads:
        lead = lead or units
    co = split_units(co_cell) or [] if co_cell else []
    return list(dict.fromkeys(lead)), list(dict.fromkeys(units + co))


def due_year(due: str, end_year: int | None) -> int | None:
    """2024年6月底前 → 2024; 9月底前 → the plan's year; 长期坚持 → None."""
    m = _DUE_YEAR.search(due)
    if m:
        return int(m.group(1))
    return end_year if _DUE_MONTH.match(due) else None
