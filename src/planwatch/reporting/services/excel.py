"""The Excel round trip: a template per unit and period, filled offline, uploaded back.

The template lists exactly the figures the unit still has to report for the period, one row per
indicator — or, for 补报历史数据 (scope "history", services/history.py), one row per indicator and
earlier period — with the sheet's own data validation (numbers in the value column, a list of
convertible units), the header and the hidden id column protected, and a hidden metadata sheet
signed with the server's key (HMAC of plan, unit and scope): a workbook for another unit or
period, or one whose metadata was edited, is refused before any row is read.

An upload is refused before openpyxl sees it when it is too large, not a zip, or a zip bomb (the
declared uncompressed size and each member's compression ratio are checked first; Python's
zipfile never inflates a member beyond its declared size). Rows pass the same `check_figure` as
the form; every error is listed with its cell (G5：不是数字) and nothing is saved unless every
row is right — the caller's transaction rolls back when `import_workbook` raises.
"""

from __future__ import annotations

import hmac
import io
import re
import zipfile
from datetime import date
from decimal import Decimal, InvalidOperation

from django.utils.crypto import salted_hmac
from openpyxl import Workbook, load_workbook
from openpyxl.styles import Alignment, Font, PatternFill, Protection
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.datavalidation import DataValidation

from planwatch.filetypes import sniff
from planwatch.indicators.loading import RowProblem, parse_period_cell
from planwatch.progress.periods import parse_period
from planwatch.spreadsheets import UnsafeWorkbook, check_xml_parts, stored_text, text_cell

from .. import conf
from ..errors import Invalid, ReportingError, WorkbookRejected
from .calendar import jump_rule
from .due import DueItem, due_items
from .history import HISTORY, history_items
from .submissions import save_submission
from .validation import Figure, JumpRule, check_figure, unit_options

SHEET, META = "报送表", "_meta"
HEADER_ROW, FIRST_ROW = 4, 5
COLUMNS = (("id", "编号", 8), ("indicator", "指标", 36), ("article", "条目", 26), ("period", "期间", 10),
           ("unit", "单位", 10), ("previous", "上期值", 14), ("value", "本期数值", 14),
           ("source", "来源", 18), ("note", "备注", 24), ("explanation", "变动说明", 32))  # fmt: skip
LETTER = {key: get_column_letter(i) for i, (key, _, _) in enumerate(COLUMNS, 1)}
INDEX = {key: i for i, (key, _, _) in enumerate(COLUMNS)}
EDITABLE = ("unit", "value", "source", "note", "explanation")
_NUMBER = re.compile(r"^[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?$")
NOT_OURS = "这不是本系统下载的报送模板，或模板信息已被改动；请在“待报送”页面重新下载本期模板"


def signature(plan_id: int, unit_id: int, scope: str) -> str:
    """HMAC (keyed by SECRET_KEY) of what the workbook is for (a period code, or "history")."""
    return salted_hmac("planwatch.reporting.workbook", f"{plan_id}|{unit_id}|{scope}").hexdigest()


def scope_label(scope: str) -> str:
    return "历史数据" if scope == HISTORY else parse_period(scope).label


def scope_items(*, plan, unit, scope: str, on: date, editable_only: bool) -> list[DueItem]:
    """The rows of a workbook: a period's open figures, or the earlier periods' (补报)."""
    if scope == HISTORY:
        return history_items(unit=unit, plan=plan, on=on, editable_only=editable_only)
    items = due_items(unit=unit, on=on, plan=plan, everything=True)
    return [
        i for i in items
        if i.kind == "indicator" and i.period.code == scope and (i.editable or not editable_only)
    ]  # fmt: skip


def build_template(*, plan, unit, period: str, on: date) -> bytes:
    """The .xlsx a unit fills in for `period` (or "history"): exactly the figures still to report."""
    items = scope_items(plan=plan, unit=unit, scope=period, on=on, editable_only=True)
    if not items:
        raise ReportingError(f"本单位没有待报送的{scope_label(period)}指标")
    book = Workbook()
    sheet = book.active
    sheet.title = SHEET
    _head(sheet, plan, unit, period)
    for row, item in enumerate(items, FIRST_ROW):
        _row(sheet, row, item)
    _protect(sheet, FIRST_ROW + len(items) - 1)
    _meta(book, plan, unit, period)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def _head(sheet, plan, unit, period: str) -> None:
    title = "补报历史数据表" if period == HISTORY else "指标数据报送表"
    text_cell(sheet["A1"], f"{unit.name} {scope_label(period)} {title}")
    sheet["A1"].font = Font(bold=True, size=14)
    text_cell(sheet["A2"], f"计划：{plan}　　报送单位：{unit.name}　　期间：{scope_label(period)}")
    sheet["A3"] = (
        "填写“本期数值”（必填）、单位、来源、备注；较上期变动较大时须填写“变动说明”。请勿增删行或修改灰色列。"
    )
    sheet["A3"].alignment = Alignment(wrap_text=False)
    fill = PatternFill("solid", fgColor="DDE6F3")
    for i, (_, label, width) in enumerate(COLUMNS, 1):
        cell = sheet.cell(row=HEADER_ROW, column=i, value=label)
        cell.font, cell.fill = Font(bold=True), fill
        sheet.column_dimensions[get_column_letter(i)].width = width
    sheet.column_dimensions["A"].hidden = True
    sheet.freeze_panes = f"B{FIRST_ROW}"


def _prefill(item: DueItem) -> dict:
    record = item.record
    if record is None:
        return {"unit": item.rule.indicator.measure_unit}
    return {"unit": record.entered_unit, "value": record.entered_value, "source": record.source,
            "note": record.note, "explanation": record.explanation}  # fmt: skip


def _row(sheet, row: int, item: DueItem) -> None:
    indicator = item.rule.indicator
    values = {
        "id": indicator.pk, "indicator": indicator.name, "period": item.period.label,
        "article": f"{indicator.article.label}{indicator.article.title}",
        "previous": float(item.previous) if item.previous is not None else None, **_prefill(item),
    }  # fmt: skip
    if isinstance(values.get("value"), Decimal):
        values["value"] = float(values["value"])
    grey = PatternFill("solid", fgColor="F2F2F2")
    for key, column in INDEX.items():
        cell = sheet.cell(row=row, column=column + 1)
        text_cell(cell, values.get(key))  # names, source, note: the unit's own words, never a formula
        cell.protection = Protection(locked=key not in EDITABLE)
        if key not in EDITABLE:
            cell.fill = grey
    _validate(sheet, row, item)


def _validate(sheet, row: int, item: DueItem) -> None:
    rule = item.rule
    low = float(rule.min_value) if rule.min_value is not None else -1e15
    high = float(rule.max_value) if rule.max_value is not None else 1e15
    number = DataValidation(type="decimal", operator="between", formula1=str(low), formula2=str(high),
                            allow_blank=True, showErrorMessage=True, errorTitle="数值无效",
                            error=f"请填写 {low:g} 到 {high:g} 之间的数字")  # fmt: skip
    number.add(f"{LETTER['value']}{row}")
    sheet.add_data_validation(number)
    options = unit_options(rule.indicator.measure_unit)
    if len(options) > 1:
        units = DataValidation(type="list", formula1='"' + ",".join(options) + '"', allow_blank=True,
                               showErrorMessage=True, errorTitle="单位无效", error="请从列表中选择单位")  # fmt: skip
        units.add(f"{LETTER['unit']}{row}")
        sheet.add_data_validation(units)


def _protect(sheet, last_row: int) -> None:
    """Protect the sheet (header, ids, names); only the editable cells of data rows are open."""
    sheet.protection.sheet = True
    sheet.protection.formatColumns = False
    sheet.print_title_rows = f"{HEADER_ROW}:{HEADER_ROW}"
    sheet.auto_filter.ref = f"B{HEADER_ROW}:{LETTER['explanation']}{last_row}"


def _meta(book, plan, unit, period: str) -> None:
    meta = book.create_sheet(META)
    rows = (("plan", plan.pk), ("unit", unit.pk), ("unit_name", unit.name), ("period", period),
            ("signature", signature(plan.pk, unit.pk, period)), ("version", 1))  # fmt: skip
    for number, (key, value) in enumerate(rows, 1):
        meta.cell(row=number, column=1, value=key)
        text_cell(meta.cell(row=number, column=2), value)
    meta.sheet_state = "veryHidden"
    meta.protection.sheet = True


def _reject(message: str) -> WorkbookRejected:
    return WorkbookRejected([message])


def check_zip(data: bytes) -> None:
    """Refuse what is not an .xlsx, or would inflate far beyond its size, before parsing it."""
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
    except zipfile.BadZipFile as exc:
        raise _reject("文件不是 Excel（.xlsx）格式，请上传从本系统下载的模板") from exc
    infos = archive.infolist()
    total, limit = sum(i.file_size for i in infos), conf.workbook_max_unpacked_bytes()
    bomb = (
        len(infos) > conf.WORKBOOK_MAX_MEMBERS
        or total > limit
        or any(
            i.file_size > conf.MB and i.file_size > conf.WORKBOOK_MAX_RATIO * max(i.compress_size, 1)
            for i in infos
        )
    )
    if bomb:
        raise _reject(f"文件异常：解压后约 {total / conf.MB:.0f} MB，远超正常工作簿，疑似压缩炸弹，已拒绝")
    if "xl/workbook.xml" not in archive.namelist():
        raise _reject("文件不是 Excel（.xlsx）工作簿，请上传从本系统下载的模板")


def open_workbook(upload):
    """The uploaded workbook, opened read-only after the size, type and zip checks."""
    limit = conf.workbook_max_bytes()
    if upload.size > limit:
        raise _reject(f"文件过大（{upload.size / conf.MB:.1f} MB），上限为 {limit // conf.MB} MB")
    upload.seek(0)
    data = upload.read(limit + 1)
    kind = sniff(data)
    if kind == "ole":
        raise _reject("不支持旧版 Excel（.xls）文件，请使用本系统下载的 .xlsx 模板")
    if kind != "zip":
        raise _reject("文件不是 Excel（.xlsx）格式，请上传从本系统下载的模板")
    check_zip(data)
    try:
        check_xml_parts(zipfile.ZipFile(io.BytesIO(data)))
    except UnsafeWorkbook as exc:
        raise _reject(str(exc)) from exc
    try:
        return load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except Exception as exc:  # openpyxl raises many kinds for a damaged file
        raise _reject("无法读取 Excel 文件：文件已损坏或不是 .xlsx 格式") from exc


def check_meta(book, *, plan, unit, period: str) -> None:
    """The workbook must be ours (valid signature) and for this plan, unit and period."""
    if META not in book.sheetnames:
        raise _reject(NOT_OURS)
    meta = {row[0]: row[1] for row in book[META].iter_rows(values_only=True) if row and row[0]}
    try:
        said = (int(meta["plan"]), int(meta["unit"]), str(meta["period"]))
    except (KeyError, TypeError, ValueError) as exc:
        raise _reject(NOT_OURS) from exc
    if not hmac.compare_digest(str(meta.get("signature", "")), signature(*said)):
        raise _reject(NOT_OURS)
    if said != (plan.pk, unit.pk, period):
        other = f"{meta.get('unit_name', '')}{scope_label(said[2])}"
        raise _reject(
            f"这是{other}的报送模板，不能用于{unit.name}{scope_label(period)}的报送；请下载本单位本期的模板"
        )


def number(value) -> Decimal:
    """A cell as a number; ValueError for text that is not one (and for TRUE/FALSE)."""
    if isinstance(value, bool):
        raise ValueError
    if isinstance(value, int | float):
        return Decimal(str(value))
    text = str(value).strip().replace(",", "").replace("，", "")
    if not _NUMBER.match(text):
        raise ValueError
    try:
        return Decimal(text)
    except InvalidOperation as exc:
        raise ValueError from exc


def _text(value) -> str:
    return "" if value is None else str(value).strip()


def _figure(cells: tuple, row: int, errors: list[str]) -> Figure | None:
    raw = cells[INDEX["value"]] if len(cells) > INDEX["value"] else None
    if raw is None or _text(raw) == "":
        return None
    try:
        value = number(raw)
    except ValueError:
        errors.append(f"{LETTER['value']}{row}：不是数字（“{_text(raw)[:20]}”）")
        return None
    # The unit's words as text: a cell typed "=cmd|' /C calc'!A0" is kept as "'=cmd|…", inert.
    get = lambda key: _text(stored_text(cells[INDEX[key]])) if len(cells) > INDEX[key] else ""  # noqa: E731
    return Figure(value, get("unit"), get("source"), get("note"), get("explanation"))


def _check_row(item: DueItem, figure: Figure, row: int, jump: JumpRule) -> list[str]:
    if not item.editable:
        return [f"第{row}行：{item.rule.indicator.name}{item.state_label}，不能再次报送"
                + ("（该期数据已审核锁定，如需修改请联系领导小组办公室解锁）" if item.record and item.record.locked else "")]  # fmt: skip
    errors = check_figure(rule=item.rule, figure=figure, previous=item.previous, jump=jump)
    return [f"{LETTER[field]}{row}：{message}" for field, message in errors.items()]


def read_rows(sheet, items: dict[tuple, DueItem], jump: JumpRule) -> tuple[list, list[str]]:
    """[(row, item, figure)] of the filled rows, and every error with its cell; `items` by
    (indicator id, period code), the row's id and period cells."""
    rows, errors, seen = [], [], set()
    for row, cells in enumerate(sheet.iter_rows(min_row=FIRST_ROW, values_only=True), FIRST_ROW):
        if not cells or all(_text(c) == "" for c in cells):
            continue
        figure = _figure(cells, row, errors)
        if figure is None:
            continue
        try:
            item = items[(int(cells[INDEX["id"]]), parse_period_cell(cells[INDEX["period"]]).code)]
        except (KeyError, TypeError, ValueError, RowProblem):
            errors.append(f"A{row}：第{row}行不是本单位本期的报送项（请勿增删行或修改编号）")
            continue
        if item.key in seen:
            errors.append(f"第{row}行：指标“{item.rule.indicator.name}”{item.period.label}重复填写")
            continue
        seen.add(item.key)
        row_errors = _check_row(item, figure, row, jump)
        errors.extend(row_errors)
        if not row_errors:
            rows.append((row, item, figure))
    return rows, errors


def import_workbook(*, actor, plan, unit, period: str, upload, on: date) -> int:
    """Submit every filled row of an uploaded template, or none (WorkbookRejected lists why)."""
    book = open_workbook(upload)
    try:
        check_meta(book, plan=plan, unit=unit, period=period)
        sheet = book[SHEET] if SHEET in book.sheetnames else book.worksheets[0]
        items = scope_items(plan=plan, unit=unit, scope=period, on=on, editable_only=False)
        # The period cell as written (its code, or its Chinese name should the template show that).
        by_id = {(i.rule.indicator_id, name): i for i in items for name in (i.period.code, i.period.label)}
        rows, errors = read_rows(sheet, by_id, jump_rule(plan))
    finally:
        book.close()
    if errors:
        raise WorkbookRejected(errors)
    if not rows:
        raise _reject("模板中没有填写任何“本期数值”")
    for row, item, figure in rows:
        try:
            save_submission(actor=actor, rule=item.rule, period=item.period.code, figure=figure, on=on)
        except Invalid as exc:
            errors.extend(f"{LETTER.get(f, 'A')}{row}：{m}" for f, m in exc.errors.items())
        except ReportingError as exc:
            errors.append(f"第{row}行：{exc}")
    if errors:
        raise WorkbookRejected(errors)
    return len(rows)
