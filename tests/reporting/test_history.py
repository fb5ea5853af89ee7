"""补报历史数据: the periods before the calendar's start are not listed as overdue items; they are
offered in one Excel workbook per plan (a row per indicator and period), uploaded all or nothing."""

from __future__ import annotations

import io

from django.urls import reverse
from openpyxl import load_workbook

from planwatch.reporting.models import Status, Submission
from planwatch.reporting.services.excel import FIRST_ROW, INDEX, SHEET

from .conftest import xlsx_upload

# The calendar starts on 2025-10-01; the plan on 2023-01-01; 指标1 is quarterly with an
# approved 2025Q3 figure: 2023Q1 … 2025Q2 are the history still missing (ten quarters).
# The workbook names them as people do (its 期间 column); the rows are matched back to codes.
HISTORY = ["2023年第一季度", "2023年第二季度", "2023年第三季度", "2023年第四季度", "2024年第一季度", "2024年第二季度",
           "2024年第三季度", "2024年第四季度", "2025年第一季度", "2025年第二季度"]  # fmt: skip


def history_url(cycle, unit) -> str:
    return reverse("reporting:history_workbook", args=[unit.pk, cycle.plan.pk])


def rows_of(content: bytes) -> list[list]:
    sheet = load_workbook(io.BytesIO(content))[SHEET]
    return [[c.value for c in row] for row in sheet.iter_rows(min_row=FIRST_ROW)]


def filled(content: bytes, values: dict[str, object]) -> bytes:
    """The downloaded workbook with 本期数值 written on the rows of the given periods."""
    book = load_workbook(io.BytesIO(content))
    sheet = book[SHEET]
    for row in range(FIRST_ROW, sheet.max_row + 1):
        period = sheet.cell(row=row, column=INDEX["period"] + 1).value
        if period in values:
            sheet.cell(row=row, column=INDEX["value"] + 1, value=values[period])
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def test_history_is_offered_not_listed_as_overdue(cycle, reporter, reporter_unit):
    page = reporter.client.get(reverse("reporting:unit", args=[reporter_unit.pk])).content.decode()
    assert "补报历史数据" in page and "缺 10 项" in page and history_url(cycle, reporter_unit) in page
    assert "2024年第一季度" not in page  # no backlog of old quarters on the page


def test_the_history_template_round_trip(cycle, reporter, reporter_unit):
    response = reporter.client.get(history_url(cycle, reporter_unit))
    from urllib.parse import unquote

    assert response.status_code == 200 and "区发展改革局-历史数据-补报表.xlsx" in unquote(response["Content-Disposition"])
    rows = rows_of(response.content)
    assert [r[INDEX["period"]] for r in rows] == HISTORY
    assert {r[INDEX["id"]] for r in rows} == {cycle.own.indicator.pk}
    content = filled(response.content, {"2024年第四季度": 96, "2025年第一季度": 98, "2025年第二季度": 99})
    response = reporter.client.post(history_url(cycle, reporter_unit), {"file": xlsx_upload(content)})
    assert response.status_code == 302, response.content.decode()[-2000:]
    saved = dict(Submission.objects.values_list("period", "value"))
    assert saved == {"2024Q4": 96, "2025Q1": 98, "2025Q2": 99}
    assert set(Submission.objects.values_list("status", flat=True)) == {Status.SUBMITTED}
    again = rows_of(reporter.client.get(history_url(cycle, reporter_unit)).content)
    assert [r[INDEX["period"]] for r in again] == HISTORY[:7]  # what was sent is no longer asked for


def test_one_bad_cell_and_nothing_is_saved(cycle, reporter, reporter_unit):
    content = reporter.client.get(history_url(cycle, reporter_unit)).content
    bad = filled(content, {"2023年第一季度": 80, "2023年第二季度": "八十二"})
    response = reporter.client.post(history_url(cycle, reporter_unit), {"file": xlsx_upload(bad)})
    text = response.content.decode()
    assert response.status_code == 400 and "G6：不是数字（“八十二”）" in text and "历史数据" in text
    assert not Submission.objects.exists()


def test_a_period_template_is_not_a_history_template(cycle, reporter, reporter_unit):
    period = reporter.client.get(reverse("reporting:workbook", args=[reporter_unit.pk, cycle.plan.pk, "2025Q4"]))
    response = reporter.client.post(history_url(cycle, reporter_unit), {"file": xlsx_upload(period.content)})
    assert response.status_code == 400
    assert "这是区发展改革局2025年第四季度的报送模板，不能用于区发展改革局历史数据的报送" in response.content.decode()


def test_another_unit_gets_no_history_template(cycle, other_reporter, reporter_unit):
    assert other_reporter.client.get(history_url(cycle, reporter_unit)).status_code == 403
