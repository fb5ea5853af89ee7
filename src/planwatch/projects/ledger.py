"""A 重点项目台账 as offices keep it — one row per project in an XLSX sheet — read into rows.

Pure (no Django): `parse_ledger(rows, lookups)` takes the sheet's text (tasks/table.py's
`read_table`: file checks, merged cells read once) and recognises the columns by their usual
names (项目编号/项目代码, 项目名称, 建设单位/项目业主, 责任单位, 包挂领导/包保领导, 总投资（亿元）…);
a two-row header (年度计划投资（万元） merged over 2023年 / 2024年 / 2025年) is read as one. Amounts
carry their unit in the header or in the cell (12.5亿元, 3000万元) and are returned in 万元. Every
problem is collected with its row and column, so the caller stores all rows or none.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal, InvalidOperation

from planwatch.tasks.deadlines import parse_deadline
from planwatch.tasks.table import MAX_ROWS, TableError

COLUMNS = {  # field → header names as offices write them (compared without spaces and brackets)
    "code": ("项目编号", "项目代码", "项目编码", "编号", "代码"),
    "name": ("项目名称", "名称"),
    "owner": ("建设单位", "项目业主", "业主单位", "项目单位", "实施主体"),
    "unit": ("责任单位", "牵头单位", "主管部门", "行业主管部门", "责任部门"),
    "leader": ("包挂领导", "包保领导", "联系领导", "分包领导", "责任领导", "包挂区领导"),
    "category": ("项目类别", "类别", "行业类别", "项目分类", "产业类别"),
    "kind": ("项目类型", "建设性质", "类型", "项目性质"),
    "street": ("所在街道", "街道", "属地街道", "所在镇街", "镇街"),
    "address": ("建设地点", "详细地址", "地址", "项目地址"),
    "content": ("建设内容", "建设规模及内容", "主要建设内容", "建设规模和内容", "建设内容及规模"),
    "total": ("总投资", "项目总投资", "计划总投资"),
    "start": ("计划开工时间", "计划开工", "开工时间", "计划开工日期"),
    "finish": ("计划竣工时间", "计划竣工", "竣工时间", "计划建成时间", "计划竣工日期"),
    "stage": ("项目阶段", "当前阶段", "阶段", "项目进展阶段"),
    "articles": ("对应条目", "计划条目", "所属条目", "条目"),
    "targets": ("对应目标", "对应指标", "服务目标"),
}
LABELS = {"code": "项目编号", "name": "项目名称", "owner": "建设单位", "unit": "责任单位", "leader": "包挂领导",
          "category": "项目类别", "kind": "项目类型", "street": "所在街道", "address": "建设地点",
          "content": "建设内容", "total": "总投资", "start": "计划开工时间", "finish": "计划竣工时间",
          "stage": "项目阶段", "articles": "对应条目", "targets": "对应目标"}  # fmt: skip
KINDS = {"新开工": "new", "新建": "new", "续建": "continuing", "竣工": "finishing", "拟竣工": "finishing",
         "谋划": "planned", "储备": "planned"}  # fmt: skip
STAGES = {"谋划": "planning", "前期": "preparing", "开工": "started", "在建": "building", "竣工": "completed",
          "投产": "operating", "建成": "completed", "运营": "operating"}  # fmt: skip
DEFAULT_STAGE = {"new": "preparing", "continuing": "building", "finishing": "building", "planned": "planning"}
_UNIT_FACTORS = (("亿元", Decimal(10000)), ("万元", Decimal(1)), ("元", Decimal("0.0001")))
_YEAR_PLAN = re.compile(r"(20\d\d)年?")
TOTAL_NAMES = ("合计", "总计", "小计", "合计:")
_SPLIT = re.compile(r"[、，,；;\s]+")


@dataclass
class LedgerRow:
    line: int
    code: str
    name: str
    unit: object
    total: Decimal  # 万元
    years: dict[int, Decimal] = field(default_factory=dict)  # 万元
    owner: str = ""
    leader: str = ""
    category: object | None = None
    kind: str = "continuing"
    street: str = ""
    address: str = ""
    content: str = ""
    start: date | None = None
    finish: date | None = None
    stage: str = "building"
    articles: list = field(default_factory=list)
    targets: list = field(default_factory=list)


@dataclass(frozen=True)
class Lookups:
    """The registry's answers, by name: a unit (aliases included), a category, articles, targets."""

    unit: Callable
    category: Callable
    article: Callable
    targets: Callable


@dataclass(frozen=True)
class Column:
    index: int
    field: str
    factor: Decimal | None = None  # the header's amount unit (万元 per unit), if it states one
    year: int | None = None


def _norm(text: str) -> str:
    return re.sub(r"\s+", "", unicodedata.normalize("NFKC", text or ""))


def _factor(text: str) -> Decimal | None:
    return next((f for unit, f in _UNIT_FACTORS if unit in text), None)


def _column(index: int, header: str) -> Column | None:
    text = _norm(header)
    bare = re.sub(r"[(\[【][^)\]】]*[)\]】]|[*:：]", "", text)
    if "计划" in bare and "投资" in bare and "总" not in bare and (m := _YEAR_PLAN.search(bare)):
        return Column(index, "year", _factor(text), int(m[1]))
    for name, spellings in COLUMNS.items():
        if bare in spellings:
            return Column(index, name, _factor(text) if name == "total" else None)
    return None


def _header_rows(rows: list[list[str]]) -> tuple[int, list[str]] | None:
    """(index of the first data row, the header's texts) among the first rows: the row naming the
    project-name column, joined with a sub-header row below it (merged groups such as 年度计划投资
    over 2023年 … 2025年: the group's text carried across its merged span)."""
    for i, row in enumerate(rows[:8]):
        columns = [c for c in (_column(k, text) for k, text in enumerate(row)) if c]
        fields = {c.field for c in columns}
        if "name" not in fields:
            continue
        name_col = next(c.index for c in columns if c.field == "name")
        below = rows[i + 1] if i + 1 < len(rows) else []
        if any(below) and (name_col >= len(below) or not below[name_col]):
            group, joined = "", []
            for k in range(max(len(row), len(below))):
                top = row[k] if k < len(row) else ""
                sub = below[k] if k < len(below) else ""
                group = top or group
                joined.append(f"{group}{sub}" if sub else top)
            return i + 2, joined
        return i + 1, list(row)
    return None


def parse_ledger(rows: list[list[str]], lookups: Lookups) -> list[LedgerRow]:
    """Every project row; TableError naming every bad row and column otherwise."""
    found = _header_rows(rows)
    if found is None:
        raise TableError(["未找到表头：须有“项目名称”列"])
    start, header = found
    columns = [c for c in (_column(k, text) for k, text in enumerate(header)) if c]
    missing = [LABELS[f] for f in ("code", "name", "unit", "total") if f not in {c.field for c in columns}]
    if missing:
        raise TableError([f"缺少“{'”“'.join(missing)}”列"])
    out, errors, codes = [], [], {}
    for index, row in enumerate(rows[start:][: MAX_ROWS + 1], start=start + 1):
        cells = {c: (row[c.index] if c.index < len(row) else "") for c in columns}
        if not any(cells.values()) or _is_total(cells):
            continue
        problems: list[tuple[str, str]] = []
        parsed = _row(index, cells, lookups, problems)
        if parsed is not None and parsed.code in codes:
            problems.append(("项目编号", f"编号“{parsed.code}”与第{codes[parsed.code]}行重复"))
        errors += [f"第{index}行“{column}”列：{text}" for column, text in problems]
        if parsed is not None and not problems:
            codes[parsed.code] = index
            out.append(parsed)
    if len(out) > MAX_ROWS:
        errors.append(f"一次最多导入 {MAX_ROWS} 行")
    if errors:
        raise TableError(errors)
    if not out:
        raise TableError(["表中没有项目行"])
    return out


def _is_total(cells: dict[Column, str]) -> bool:
    """A 合计 / 小计 row (offices keep one; the export writes one): no code, named as a total."""
    text = {c.field: value.strip() for c, value in cells.items()}
    return not text.get("code") and _norm(text.get("name", "")) in TOTAL_NAMES


def _row(line: int, cells: dict[Column, str], lookups: Lookups, problems: list) -> LedgerRow | None:
    by = {c.field: (c, text.strip()) for c, text in cells.items() if c.field != "year"}
    text = {name: value for name, (_, value) in by.items()}
    for name in ("code", "name", "unit"):
        if not text.get(name):
            problems.append((LABELS[name], f"{LABELS[name]}为空"))
    unit = lookups.unit(text["unit"]) if text.get("unit") else None
    if text.get("unit") and unit is None:
        problems.append(("责任单位", f"未登记的单位“{text['unit']}”（请先在单位名录中登记或添加别名）"))
    total = _amount(text.get("total", ""), by["total"][0].factor, "总投资", problems, required=True)
    years = {}
    for column, value in cells.items():
        if column.field == "year" and value.strip():
            amount = _amount(value, column.factor, f"{column.year}年计划投资", problems)
            if amount is not None:
                years[column.year] = amount
    kind = _choice(text.get("kind", ""), KINDS, "项目类型", "continuing", problems)
    stage = _choice(text.get("stage", ""), STAGES, "项目阶段", DEFAULT_STAGE.get(kind, "building"), problems)
    category = None
    if text.get("category"):
        category = lookups.category(text["category"])
        if category is None:
            problems.append(("项目类别", f"未设置的项目类别“{text['category']}”（办公室可在后台“项目类别”中增加）"))
    start, finish = _date(text.get("start"), "计划开工时间", problems), _date(text.get("finish"), "计划竣工时间", problems)
    if start and finish and finish < start:
        problems.append(("计划竣工时间", "计划竣工早于计划开工"))
    articles = _many(text.get("articles", ""), lookups.article, "对应条目", "计划中没有条目", problems)
    targets = _many(text.get("targets", ""), lookups.targets, "对应目标", "计划中没有指标", problems)
    if problems:
        return None
    return LedgerRow(line, text["code"][:40], text["name"][:300], unit, total, years, text.get("owner", "")[:200],
                     text.get("leader", "")[:50], category, kind, text.get("street", "")[:50],
                     text.get("address", "")[:300], text.get("content", ""), start, finish, stage,
                     articles, [t for found in targets for t in found])  # fmt: skip


def _amount(value: str, factor: Decimal | None, column: str, problems: list, required: bool = False):
    raw = _norm(value).replace(",", "")
    if not raw:
        if required:
            problems.append((column, f"{column}为空"))
        return None
    cell_factor = _factor(raw)
    number = re.sub(r"(亿元|万元|元)$", "", raw)
    try:
        amount = Decimal(number)
    except InvalidOperation:
        problems.append((column, f"“{value}”不是金额"))
        return None
    unit = cell_factor or factor
    if unit is None:
        problems.append((column, f"金额“{value}”未注明单位（请在表头或数字后写明万元或亿元）"))
        return None
    if amount < 0 or not amount.is_finite():
        problems.append((column, f"金额“{value}”不能为负数"))
        return None
    return (amount * unit).quantize(Decimal("0.01"))


def _choice(value: str, names: dict, column: str, default: str, problems: list) -> str:
    if not value:
        return default
    if value in names:
        return names[value]
    problems.append((column, f"无法识别的{column}“{value}”（可填：{'、'.join(dict.fromkeys(names))}）"))
    return default


def _date(value: str | None, column: str, problems: list) -> date | None:
    if not value:
        return None
    try:
        deadline = parse_deadline(value)
    except ValueError:
        problems.append((column, f"无法识别的日期“{value}”（请写成“2024年3月”或“2024年3月15日”）"))
        return None
    if deadline.due is None:
        problems.append((column, f"“{value}”不是日期"))
    return deadline.due


def _many(value: str, find: Callable, column: str, missing: str, problems: list) -> list:
    found = []
    for name in (n for n in _SPLIT.split(value) if n):
        item = find(name)
        if item is None:
            problems.append((column, f"{missing}“{name}”"))
        else:
            found.append(item)
    return found
