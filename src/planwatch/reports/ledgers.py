"""Excel ledgers (台账) in the layout offices exchange, behind a small registry of ledgers.

Each ledger is one workbook: a title row, 填报单位 and date, a frozen header row repeated on every
printed page, column widths, number formats with their units, fills for the lights, a print area
on landscape A4. Every text cell goes through `planwatch.spreadsheets.text_cell`, so a unit's
words can never become a formula in the office's Excel.

The targets ledger's first sheet (指标数据) has exactly the columns `planwatch load-data` reads
(docs/data-format.md): the office can correct figures in it and load it back. A later module
adds its ledger with `register(Ledger(...))` (tasks and policies: tasks_parts.py).
"""

from __future__ import annotations

import io
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date

from openpyxl import Workbook
from openpyxl.styles import Alignment, Border, Font, PatternFill, Side
from openpyxl.utils import get_column_letter

from planwatch.indicators.models import Observation, ObservationStatus
from planwatch.progress import STANDING_LABELS, period_label
from planwatch.reporting.models import Submission
from planwatch.spreadsheets import text_cell

from .facts import Scope, gather
from .sentences import reached, target_text

FILLS = {"green": "C6EFCE", "yellow": "FFEB9C", "red": "FFC7CE", "grey": "E7E6E6", "blue": "DDEBF7"}
STANDING_COLOURS = {"met": "green", "achieved": "green", "on_track": "green", "needs_acceleration": "yellow",
                    "off_track": "red", "deteriorating": "red", "missed": "red", "pending": "grey", "no_data": "grey"}  # fmt: skip
_THIN = Side(style="thin")
BORDER = Border(left=_THIN, right=_THIN, top=_THIN, bottom=_THIN)
HEADER_ROW = 3


@dataclass(frozen=True)
class Column:
    title: str
    width: int
    number_format: str = "General"


class Sheet:
    """One ledger sheet: title, 填报单位 and date, header; rows appended below."""

    def __init__(self, ws, title: str, columns: list[Column], *, filled_by: str, on: date) -> None:
        self.ws, self.columns = ws, columns
        last = get_column_letter(len(columns))
        ws.merge_cells(f"A1:{last}1")
        text_cell(ws["A1"], title)
        ws["A1"].font, ws["A1"].alignment = Font(name="黑体", size=16), Alignment(horizontal="center")
        ws.row_dimensions[1].height = 30
        ws.merge_cells(f"A2:{last}2")
        text_cell(ws["A2"], f"填报单位：{filled_by}    日期：{on.year}年{on.month}月{on.day}日")
        ws["A2"].font = Font(name="仿宋", size=11)
        for i, column in enumerate(columns, start=1):
            cell = ws.cell(row=HEADER_ROW, column=i)
            text_cell(cell, column.title)
            cell.font, cell.border = Font(name="黑体", size=11, bold=True), BORDER
            cell.alignment = Alignment(horizontal="center", vertical="center", wrap_text=True)
            ws.column_dimensions[get_column_letter(i)].width = column.width
        ws.freeze_panes = f"A{HEADER_ROW + 1}"
        ws.print_title_rows = f"{HEADER_ROW}:{HEADER_ROW}"
        ws.page_setup.orientation, ws.page_setup.paperSize = "landscape", ws.PAPERSIZE_A4
        ws.page_setup.fitToWidth, ws.page_setup.fitToHeight = 1, 0
        ws.sheet_properties.pageSetUpPr.fitToPage = True

    def add(self, values: list, *, formats: dict[int, str] | None = None, fill: str | None = None) -> None:
        row = self.ws.max_row + 1
        for i, value in enumerate(values, start=1):
            cell = self.ws.cell(row=row, column=i)
            text_cell(cell, value)
            cell.border, cell.font = BORDER, Font(name="仿宋", size=11)
            cell.alignment = Alignment(vertical="center", wrap_text=isinstance(value, str))
            cell.number_format = (formats or {}).get(i, self.columns[i - 1].number_format)
        if fill:
            colour = FILLS[fill]
            self.ws.cell(row=row, column=len(values)).fill = PatternFill("solid", start_color=colour, end_color=colour)

    def finish(self) -> None:
        self.ws.print_area = f"A1:{get_column_letter(len(self.columns))}{self.ws.max_row}"


def unit_format(unit: str, places: int = 2) -> str:
    """A number format that shows the unit after the figure and keeps the cell a number:
    #,##0.00"亿元" (the 目标台账 only; the data sheet stays plain for load-data)."""
    digits = "#,##0" + ("." + "0" * places if places else "")
    return f'{digits}"{unit.replace(chr(34), "")}"' if unit else digits


# ---------------------------------------------------------------- the ledgers
def targets_ledger(scope: Scope, *, filled_by: str, on: date) -> bytes:
    """指标数据 (load-data's columns, approved figures up to the period's end) and 目标台账."""
    wb = Workbook()
    facts = gather(scope)
    indicator_ids = {r["indicator_id"] for r in facts.results}
    data = Sheet(wb.active, "指标数据台账", DATA_COLUMNS, filled_by=filled_by, on=on)
    wb.active.title = "指标数据"
    rows = (
        Observation.objects.filter(indicator_id__in=indicator_ids, status=ObservationStatus.APPROVED)
        .select_related("indicator__article")
        .order_by("indicator__article__position", "indicator__position", "period_key")
    )
    for obs in rows:
        if obs.period_end <= scope.as_of:
            ind = obs.indicator
            data.add([ind.name, ind.article.label, obs.period, float(obs.value), ind.measure_unit, obs.source, obs.note])
    data.finish()
    sheet = Sheet(wb.create_sheet("目标台账"), "目标进展台账", TARGET_COLUMNS, filled_by=filled_by, on=on)
    for n, r in enumerate(facts.results, start=1):
        value, when = reached(r) or (None, "")
        sheet.add(
            [n, r["indicator"], r["article"], r["unit"], target_text(r), value, when,
             (r.get("age") or {}).get("text", ""), STANDING_LABELS[r["standing"]]],
            formats={6: unit_format(r["target_unit"])}, fill=STANDING_COLOURS[r["standing"]],
        )  # fmt: skip
    sheet.finish()
    return to_bytes(wb)


def submissions_ledger(scope: Scope, *, filled_by: str, on: date) -> bytes:
    """Every submission of the period's year up to its end: who reported what, when, in which state."""
    wb = Workbook()
    sheet = Sheet(wb.active, "指标报送台账", SUBMISSION_COLUMNS, filled_by=filled_by, on=on)
    wb.active.title = "指标报送"
    rows = Submission.objects.filter(indicator__plan=scope.plan, period__startswith=str(scope.period.year))
    if scope.unit is not None:
        rows = rows.filter(unit=scope.unit)
    rows = rows.select_related("indicator", "unit").order_by("unit__name", "indicator__position", "period_key")
    for n, s in enumerate(rows, start=1):
        sheet.add(
            [n, s.unit.name, s.indicator.name, period_label(s.period), float(s.value), s.indicator.measure_unit,
             s.get_status_display(), s.submitted_at.date() if s.submitted_at else None, s.source, s.note],
            formats={5: unit_format(s.indicator.measure_unit)},
            fill="green" if s.status == "approved" else "yellow" if s.status == "submitted" else "grey",
        )  # fmt: skip
    sheet.finish()
    return to_bytes(wb)


DATA_COLUMNS = [Column("指标", 36), Column("条目", 10), Column("期间", 10), Column("数值", 14, "#,##0.####"),
                Column("单位", 12), Column("来源", 20), Column("备注", 30)]  # fmt: skip
TARGET_COLUMNS = [Column("序号", 6, "0"), Column("指标", 32), Column("条目", 28), Column("牵头单位", 20),
                  Column("目标", 22), Column("已达到", 14), Column("数据期间", 24), Column("数据时效", 22),
                  Column("状态", 12)]  # fmt: skip
SUBMISSION_COLUMNS = [Column("序号", 6, "0"), Column("报送单位", 20), Column("指标", 32), Column("期间", 14),
                      Column("数值", 14), Column("单位", 12), Column("状态", 10), Column("报送日期", 14, "yyyy-mm-dd"),
                      Column("来源", 20), Column("备注", 30)]  # fmt: skip


def to_bytes(wb: Workbook) -> bytes:
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()


@dataclass(frozen=True)
class Ledger:
    key: str
    title: str
    write: Callable[..., bytes]  # (scope, *, filled_by, on) -> bytes


LEDGERS: dict[str, Ledger] = {}


def register(ledger: Ledger) -> None:
    LEDGERS[ledger.key] = ledger


register(Ledger("targets", "目标台账", targets_ledger))
register(Ledger("submissions", "指标报送台账", submissions_ledger))
