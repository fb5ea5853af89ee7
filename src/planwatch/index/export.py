"""The index table as an XLSX workbook, written through planwatch.spreadsheets (text never
becomes a formula): the yearly index and sub-indices, and every indicator's figure, score and
contribution per year — the rows of `table.py`, so the workbook shows the API's numbers."""

from __future__ import annotations

import io
from urllib.parse import quote

from planwatch.spreadsheets import text_cell

from .table import entity_rows, indicator_rows, quarter_rows, ranking_rows, year_rows

CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
DIRECTIONS = {"higher": "越高越好", "lower": "越低越好"}


def _write(ws, rows) -> None:
    for r, values in enumerate(rows, start=1):
        for c, value in enumerate(values, start=1):
            text_cell(ws.cell(row=r, column=c), value)


def write_xlsx(result: dict) -> bytes:
    from openpyxl import Workbook

    wb = Workbook()
    ws = wb.active
    ws.title = "综合指数"
    names = [d["name"] for d in result["dimensions"]]
    title = f"{result['name']}（第{result['version']}版，{result['method_label']}，{result['weighting_label']}赋权）"
    if result.get("stored_at"):
        title += f"：替代时（{result['stored_at'][:10]}）保存的结果"
    _write(ws, [[title], ["年份", "综合指数", "较上年变化", "覆盖率", *names], *year_rows(result)])
    sheet = wb.create_sheet("指标明细")
    head = ["维度", "指标", "指标编号", "方向", "标准化方法", "权重"]
    for y in result["years"]:
        head += [f"{y['year']}年数值", f"{y['year']}年得分", f"{y['year']}年贡献"]
    rows = [head]
    for r in indicator_rows(result):
        cells = [
            r["dimension"],
            r["name"],
            r["id"],
            DIRECTIONS[r["direction"]],
            r["method_label"],
            r["weight"],
        ]
        for y in r["years"]:
            cells += [y["value"], y["score"], y["contribution"]]
        rows.append(cells)
    _write(sheet, rows)
    ws.freeze_panes, sheet.freeze_panes = "B3", "C2"
    if quarters := quarter_rows(result):
        _write(wb.create_sheet("季度指数"), [["季度", "综合指数", "较上季变化", "覆盖率", *names], *quarters])
    if entities := entity_rows(result):
        years = [f"{y['year']}年" for y in result["years"]]
        ranking = []
        if result["ranking"]:  # none without a year in which the plan and another unit both have one
            head = [[], [f"{result['ranking']['year']}年排名"], ["名次", "单位", "综合指数", "覆盖率"]]
            ranking = [*head, *ranking_rows(result)]
        _write(wb.create_sheet("对比单位"), [["单位", *years], *entities, *ranking])
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()


def disposition(result: dict) -> str:
    name = f"{result['name']}（第{result['version']}版）.xlsx"
    return f"attachment; filename=\"index-v{result['version']}.xlsx\"; filename*=UTF-8''{quote(name)}"
