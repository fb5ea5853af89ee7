"""The ledger back to XLSX in the layout it is imported from (`planwatch export-projects P -o
FILE.xlsx`, the ledger page's download): a title row, a two-row header (年度计划投资（万元）
merged over its years), one row per project, a totals row, frozen headers, the light's colour.
The computed columns after the ledger's own (本年完成投资, 完成率, 序时进度, 预警) are ignored by
the import, so an exported file imports back unchanged. Text goes through
planwatch/spreadsheets.py: nothing a unit typed becomes a formula.
"""

from __future__ import annotations

import io

from openpyxl import Workbook
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter

from planwatch.reports.ledgers import BORDER, FILLS
from planwatch.spreadsheets import text_cell

from .ledger import LABELS
from .models import YearPlan
from .pace import LIGHT_LABELS, NONE
from .queries import LedgerRow, totals

BEFORE = ["序号", "code", "name", "owner", "unit", "leader", "category", "kind", "street", "address", "content",
          "total"]  # fmt: skip
AFTER = ["start", "finish", "stage", "articles", "targets"]
COMPUTED = ["本年完成投资（万元）", "完成率", "序时进度", "预警"]
_HEAD = {**LABELS, "total": "总投资（万元）", "序号": "序号"}
_WIDTH = {"name": 30, "content": 36, "owner": 20, "unit": 16, "address": 20}


def _values(r: LedgerRow, n: int, years: list[int], plans: dict) -> list:
    p = r.project
    articles = "、".join(a.label or str(a.number) for a in p.articles.all())
    targets = "、".join(sorted({t.indicator.name for t in p.targets.all()}))
    own = [n, p.code, p.name, p.owner, p.unit.name, p.leader, p.category.name if p.category else "",
           p.get_kind_display(), p.street, p.address, p.content, float(p.total_investment)]  # fmt: skip
    own += [float(plans[(p.pk, y)]) if (p.pk, y) in plans else None for y in years]
    own += [p.start_on, p.finish_on, p.get_stage_display(), articles, targets]
    rate = r.standing.rate
    return own + [float(r.completed), rate, r.standing.pace, LIGHT_LABELS[r.standing.light]]


def ledger_xlsx(rows: list[LedgerRow], *, title: str, year: int, years: list[int]) -> bytes:
    wb = Workbook()
    ws = wb.active
    ws.title = "重点项目台账"
    heads = [_HEAD[f] for f in BEFORE] + [f"{y}年" for y in years] + [_HEAD[f] for f in AFTER]
    heads += [c.replace("本年", f"{year}年") for c in COMPUTED]
    width = len(heads)
    ws.merge_cells(start_row=1, start_column=1, end_row=1, end_column=width)
    text_cell(ws.cell(1, 1), title)
    ws.cell(1, 1).font, ws.cell(1, 1).alignment = Font(name="黑体", size=16), Alignment(horizontal="center")
    first_year, last_year = len(BEFORE) + 1, len(BEFORE) + len(years)
    for c, head in enumerate(heads, start=1):
        in_years = first_year <= c <= last_year
        top, sub = (ws.cell(2, c), ws.cell(3, c))
        if in_years:
            text_cell(sub, head)
        else:
            text_cell(top, head)
            ws.merge_cells(start_row=2, start_column=c, end_row=3, end_column=c)
        for cell in (top, sub):
            cell.font, cell.border = Font(name="黑体", bold=True), BORDER
            cell.alignment = Alignment(horizontal="center", vertical="center", wrap_text=True)
        key = (BEFORE + [""] * len(years) + AFTER + [""] * 4)[c - 1]
        ws.column_dimensions[get_column_letter(c)].width = _WIDTH.get(key, 12)
    if years:
        text_cell(ws.cell(2, first_year), "年度计划投资（万元）")
        ws.merge_cells(start_row=2, start_column=first_year, end_row=2, end_column=last_year)
    plans = {(y.project_id, y.year): y.amount for y in YearPlan.objects.filter(project__in=[r.project for r in rows])}
    for n, r in enumerate(rows, start=1):
        _row(ws, n + 3, _values(r, n, years, plans), r.standing.light)
    _totals(ws, len(rows) + 4, rows, years, plans)
    ws.freeze_panes = "D4"
    buffer = io.BytesIO()
    wb.save(buffer)
    return buffer.getvalue()


def _row(ws, line: int, values: list, light: str) -> None:
    for c, value in enumerate(values, start=1):
        cell = ws.cell(line, c)
        text_cell(cell, value)
        cell.border = BORDER
        if hasattr(value, "year"):
            cell.number_format = "yyyy-mm-dd"
        elif isinstance(value, float):
            cell.number_format = "0.0%" if c > len(values) - 4 and c < len(values) else "#,##0.00"
    if light != NONE:
        fill = FILLS[light]
        ws.cell(line, len(values)).fill = PatternFill("solid", start_color=fill, end_color=fill)


def _totals(ws, line: int, rows: list[LedgerRow], years: list[int], plans: dict) -> None:
    summary = totals(rows)
    values = ["", "", "合计", "", "", "", "", "", "", "", "", float(summary["total_investment"])]
    values += [float(sum(a for (_, y), a in plans.items() if y == year)) for year in years]
    values += ["", "", "", "", "", float(summary["completed"]), summary["completion_rate"], "", ""]
    for c, value in enumerate(values, start=1):
        cell = ws.cell(line, c)
        text_cell(cell, value)
        cell.font, cell.border = Font(bold=True), BORDER
        if isinstance(value, float):
            cell.number_format = "0.0%" if c == len(values) - 2 else "#,##0.00"
