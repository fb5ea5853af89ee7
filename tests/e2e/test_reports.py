"""Issue 18 in the browser: the office generates the quarterly report on the 报告 page and
downloads it; a unit generates its own unit report and cannot generate another unit's (the form
offers only its unit; the API answers 403). The page fits 1366 px and 390 px.

The data is the seed plan with demo data up to 2024-09-30 (`site`); the reporter is 区发展改革局.
Screenshots go to $PLANWATCH_SHOTS when set (to look at them), else to a temporary folder.
"""

from __future__ import annotations

import io
import os
from pathlib import Path

import docx
import pytest

from .conftest import DESKTOP, OTHER_UNIT, PHONE, REPORTER_UNIT, api_post, no_horizontal_overflow, visit


@pytest.fixture(autouse=True)
def without_libreoffice(monkeypatch):
    """The page as on a server without LibreOffice (CI's): no PDF conversion thread in the live
    server; the PDF flow has its own tests (tests/reports/test_report_pdf.py)."""
    from planwatch.reports import pdf

    monkeypatch.setattr(pdf, "soffice", lambda: None)


@pytest.fixture
def shots(tmp_path) -> Path:
    folder = Path(os.environ.get("PLANWATCH_SHOTS", tmp_path))
    folder.mkdir(parents=True, exist_ok=True)
    return folder


def generate(page, kind: str, period: str = "2024Q3") -> None:
    page.select_option("#id_kind", kind)
    page.select_option("#id_period", period)  # chosen by its Chinese name; the value is the code
    page.click("form.report-form button[type=submit]")
    page.wait_for_load_state("load")


def test_office_generates_and_downloads_the_quarterly_report(sessions, server, shots):
    page = sessions.page("office")
    visit(page, server.url, "/reports/")
    generate(page, "progress")
    assert "已生成《shizhong-2023-2024Q3-进展情况报告.docx》" in page.inner_text(".messages, main")
    with page.expect_download() as info:
        page.locator("table a", has_text="shizhong-2023-2024Q3-进展情况报告.docx").click()
    download = info.value
    assert download.suggested_filename == "shizhong-2023-2024Q3-进展情况报告.docx"
    document = docx.Document(io.BytesIO(Path(download.path()).read_bytes()))
    assert document.paragraphs[0].text.endswith("2024年第三季度进展情况报告")
    assert [p.text for p in document.paragraphs if p.style.name == "Heading 1"][0] == "一、总体情况"
    charts = [p for p in document.part.package.parts if p.partname.startswith("/word/charts/")]
    assert len(charts) >= 2  # the headline series and the status by chapter
    page.screenshot(path=str(shots / "reports-office-generated-desktop.png"), full_page=True)


def test_a_unit_generates_its_own_report_and_not_another_units(sessions, server, console, site, shots):
    page = sessions.page("reporter")
    visit(page, server.url, "/reports/")
    options = page.locator("#id_unit option").all_inner_texts()
    assert options == [REPORTER_UNIT]  # its own unit only
    generate(page, "unit")
    link = page.locator("table a", has_text=f"单位进展情况报告-{REPORTER_UNIT}.docx")
    assert link.count() == 1
    page.screenshot(path=str(shots / "reports-unit-desktop.png"), full_page=True)
    phone = sessions.page("reporter", PHONE)
    visit(phone, server.url, "/reports/")
    no_horizontal_overflow(phone)
    phone.screenshot(path=str(shots / "reports-unit-phone.png"), full_page=True)
    console.expect_status(403)
    status, body = api_post(page, f"/plans/{site.plan_name}/reports",
                            {"kind": "unit", "period": "2024Q3", "unit": OTHER_UNIT})  # fmt: skip
    assert status == 403
    status, _ = api_post(page, f"/plans/{site.plan_name}/reports", {"kind": "progress", "period": "2024Q3"})
    assert status == 403


def test_the_page_fits_a_desktop_and_a_phone(sessions, server, shots):
    for name, viewport in (("desktop", DESKTOP), ("phone", PHONE)):
        page = sessions.page("office", viewport)
        visit(page, server.url, "/reports/")
        no_horizontal_overflow(page)
        page.screenshot(path=str(shots / f"reports-office-{name}.png"), full_page=True)
