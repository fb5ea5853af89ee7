"""The tasks and policies pages as XLSX downloads (through planwatch/spreadsheets.py: text
cells never become formulas)."""

from __future__ import annotations

import io
from urllib.parse import quote

from planwatch.spreadsheets import text_cell
from planwatch.web.formatting import cn_date

from .status import STATUS_LABELS

TASK_HEADER = ["序号", "条目", "具体任务", "牵头单位", "配合单位", "完成时限", "成果形式", "状态"]
POLICY_HEADER = ["序号", "条目", "政策措施", "类型", "制定单位", "状态", "文号", "出台日期"]


def _workbook(title: str, header: list[str], rows: list[list]) -> bytes:
    from openpyxl import Workbook

    wb = Workbook()
    ws = wb.active
    ws.title = title
    for r, values in enumerate([header, *rows], start=1):
        for c, value in enumerate(values, start=1):
            text_cell(ws.cell(row=r, column=c), value)
    buffer = io.BytesIO()
    wb.save(buffer)
    return buffer.getvalue()


def tasks_xlsx(tasks) -> bytes:
    rows = [
        [i, f"{t.article.label}{t.article.title}", t.text, t.lead_unit.name if t.lead_unit else "",
         "、".join(u.name for u in t.co_units.all()), cn_date(t.due) if t.due else "", t.deliverable,
         STATUS_LABELS[t.status]]
        for i, t in enumerate(tasks, start=1)
    ]  # fmt: skip
    return _workbook("具体任务", TASK_HEADER, rows)


def policies_xlsx(policies) -> bytes:
    rows = [
        [i, f"{p.article.label}{p.article.title}", p.name, p.get_kind_display(),
         p.issuing_unit.name if p.issuing_unit else "", p.get_state_display(), p.doc_number,
         cn_date(p.issued_on) if p.issued_on else ""]
        for i, p in enumerate(policies, start=1)
    ]  # fmt: skip
    return _workbook("政策措施", POLICY_HEADER, rows)


def disposition(name: str) -> str:
    return f"attachment; filename=\"export.xlsx\"; filename*=UTF-8''{quote(name)}.xlsx"


XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
