"""The Excel round trip: download the template of what is due, fill it with openpyxl, upload;
and every kind of wrong upload refused with a Chinese message and nothing changed."""

from __future__ import annotations

import io
import zipfile

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from planwatch.indicators.evaluation import evaluate_plan
from planwatch.reporting.models import Status, Submission
from planwatch.reporting.services.excel import FIRST_ROW, HEADER_ROW, META, SHEET

from .conftest import TODAY, fill_workbook, xlsx_upload


def workbook_url(cycle, unit, period: str = "2025Q4") -> str:
    return reverse("reporting:workbook", args=[unit.pk, cycle.plan.pk, period])


def download(actor, cycle, unit, period: str = "2025Q4") -> bytes:
    response = actor.client.get(workbook_url(cycle, unit, period))
    assert response.status_code == 200, response
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    return response.content


def upload(actor, cycle, unit, content: bytes, period: str = "2025Q4"):
    return actor.client.post(workbook_url(cycle, unit, period), {"file": xlsx_upload(content)})


def test_the_template_lists_exactly_what_is_due_with_validation(cycle, reporter, reporter_unit):
    book = load_workbook(io.BytesIO(download(reporter, cycle, reporter_unit)))
    sheet = book[SHEET]
    header = [c.value for c in sheet[HEADER_ROW]]
    assert header == [
        "编号",
        "指标",
        "条目",
        "期间",
        "单位",
        "上期值",
        "本期数值",
        "来源",
        "备注",
        "变动说明",
    ]
    rows = [[c.value for c in row] for row in sheet.iter_rows(min_row=FIRST_ROW)]
    assert rows == [[cycle.own.indicator.pk, "指标1", "条目1", "2025年第四季度", "亿元", 100, None, None, None, None]]
    assert sheet.column_dimensions["A"].hidden and sheet.protection.sheet
    assert sheet["A5"].protection.locked and not sheet["G5"].protection.locked
    kinds = {(dv.type, str(dv.sqref)) for dv in sheet.data_validations.dataValidation}
    assert ("decimal", "G5") in kinds and ("list", "E5") in kinds
    assert book[META].sheet_state == "veryHidden"


def test_the_cycle_through_the_excel_template(cycle, reporter, office, reporter_unit):
    content = fill_workbook(download(reporter, cycle, reporter_unit),
                            {cycle.own.indicator.pk: {"value": 1150000, "unit": "万元", "source": "统计快报"}})  # fmt: skip
    response = upload(reporter, cycle, reporter_unit, content)
    assert response.status_code == 302, response.content.decode()[-2000:]
    sub = Submission.objects.get()
    assert (sub.status, sub.value, sub.entered_unit, sub.source) == (
        Status.SUBMITTED,
        115,
        "万元",
        "统计快报",
    )
    office.client.post(
        reverse("reporting:review_action", args=["submission", sub.pk, "return"]), {"reason": "单位有误"}
    )
    content = fill_workbook(
        download(reporter, cycle, reporter_unit), {cycle.own.indicator.pk: {"value": 118, "unit": "亿元"}}
    )
    assert upload(reporter, cycle, reporter_unit, content).status_code == 302
    office.client.post(reverse("reporting:review_action", args=["submission", sub.pk, "approve"]))
    latest = next(
        r["latest"]
        for r in evaluate_plan(plan=cycle.plan, as_of=TODAY)
        if r["indicator_id"] == sub.indicator_id
    )
    assert latest == {"period": "2025Q4", "value": 118.0}
    # Nothing left to report for the quarter: no template, and the old one is refused row by row.
    assert reporter.client.get(workbook_url(cycle, reporter_unit)).status_code == 302
    refused = upload(reporter, cycle, reporter_unit, content).content.decode()
    assert "该期数据已审核锁定，如需修改请联系领导小组办公室解锁" in refused


def zip_bomb() -> bytes:
    """A small .xlsx-looking zip whose one member inflates to 300 MB of zeros."""
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("xl/workbook.xml", "<workbook/>")
        with archive.open("xl/worksheets/sheet1.xml", "w", force_zip64=True) as member:
            block = b"\x00" * (1024 * 1024)
            for _ in range(300):
                member.write(block)
    return out.getvalue()


def text_in_number_cell(reporter, cycle, unit) -> bytes:
    return fill_workbook(download(reporter, cycle, unit), {cycle.own.indicator.pk: {"value": "一百一十"}})


@pytest.mark.parametrize(
    ("case", "message"),
    [
        ("not_xlsx", "文件不是 Excel（.xlsx）格式，请上传从本系统下载的模板"),
        ("old_xls", "不支持旧版 Excel（.xls）文件"),
        ("text", "G5：不是数字（“一百一十”）"),
        ("too_big", "文件过大（30.0 MB），上限为 10 MB"),
        ("bomb", "疑似压缩炸弹，已拒绝"),
        ("other_unit", "这是区科技局2025年第四季度的报送模板，不能用于区发展改革局2025年第四季度的报送"),
        (
            "other_period",
            "这是区发展改革局2025年第三季度的报送模板，不能用于区发展改革局2025年第四季度的报送",
        ),
        ("tampered", "这不是本系统下载的报送模板，或模板信息已被改动"),
        ("jump", "J5：较上期（100亿元）变动 80%，超过 50%，请填写变动说明"),
        ("bad_unit", "E5：单位“家”与指标单位“亿元”不一致，无法换算"),
    ],
)
def test_wrong_uploads_are_refused_and_change_nothing(case, message, cycle, reporter, other_reporter,
                                                      reporter_unit, other_unit):  # fmt: skip
    content = _wrong(case, cycle, reporter, other_reporter, reporter_unit, other_unit)
    response = upload(reporter, cycle, reporter_unit, content)
    page = response.content.decode()
    assert response.status_code == 400 and message in page, page[-1500:]
    assert "未保存任何数据" in page
    assert not Submission.objects.exists()


def _with_meta(content: bytes, **values) -> bytes:
    book = load_workbook(io.BytesIO(content))
    meta = book[META]
    for row in meta.iter_rows():
        if row[0].value in values:
            row[1].value = values[row[0].value]
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def _wrong(case, cycle, reporter, other_reporter, reporter_unit, other_unit) -> bytes:
    own = cycle.own.indicator.pk
    if case == "not_xlsx":
        return b"indicator,period,value\n1,2025Q4,110\n"
    if case == "old_xls":
        return b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 512
    if case == "text":
        return text_in_number_cell(reporter, cycle, reporter_unit)
    if case == "too_big":
        return b"PK\x03\x04" + b"\x00" * (30 * 1024 * 1024 - 4)
    if case == "bomb":
        return zip_bomb()
    if case == "other_unit":
        return fill_workbook(download(other_reporter, cycle, other_unit), {})
    if case == "other_period":  # a genuine, signed template of the third quarter
        from planwatch.reporting.services.excel import signature

        signed = signature(cycle.plan.pk, reporter_unit.pk, "2025Q3")
        return _with_meta(download(reporter, cycle, reporter_unit), period="2025Q3", signature=signed)
    if case == "tampered":
        return _with_meta(download(reporter, cycle, reporter_unit), period="2025Q3")
    if case == "jump":
        return fill_workbook(download(reporter, cycle, reporter_unit), {own: {"value": 180}})
    return fill_workbook(download(reporter, cycle, reporter_unit), {own: {"value": 110, "unit": "家"}})


def test_another_units_template_cannot_be_downloaded(cycle, other_reporter, reporter_unit):
    assert other_reporter.client.get(workbook_url(cycle, reporter_unit)).status_code == 403
