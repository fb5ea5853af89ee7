"""The PDF beside a Word report (optional, when LibreOffice is installed): the page starts the
conversion after the DOCX is saved, lists 转换中 and then offers the PDF to whoever may see the
report. The project's code runs in every test; only the real conversion needs `soffice` and is
skipped without it."""

from __future__ import annotations

import pytest

from planwatch.reports import pdf
from planwatch.reports.models import GeneratedReport, PdfStatus
from planwatch.reports.services import make_bytes

pytestmark = pytest.mark.django_db
FAKE_PDF = b"%PDF-1.4 converted"


def form(plan, kind, unit=None):
    return {"plan": plan.pk, "kind": kind, "period": "2024Q2", "unit": unit.pk if unit else "", "issuer": ""}


@pytest.fixture
def libreoffice(monkeypatch):
    """soffice 'installed', converting every DOCX to FAKE_PDF, the thread run in place."""
    converted = []
    monkeypatch.setattr(pdf, "soffice", lambda: "/usr/bin/soffice")
    monkeypatch.setattr(pdf, "docx_to_pdf", lambda data: converted.append(data[:2]) or FAKE_PDF)
    monkeypatch.setattr(pdf, "spawn", lambda target, *args: target(*args))
    return converted


def test_the_page_converts_after_saving_and_offers_the_pdf(gdp_plan, reporter, reporter_unit, other_reporter,
                                                            libreoffice, django_capture_on_commit_callbacks):  # fmt: skip
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        reporter.client.post("/reports/", form(gdp_plan.plan, "unit", reporter_unit))
    report = GeneratedReport.objects.get()
    assert report.pdf_status == PdfStatus.CONVERTING and libreoffice == []  # nothing before the commit
    assert "PDF 转换中" in reporter.client.get("/reports/").content.decode()
    assert reporter.client.get(f"/reports/{report.pk}/pdf/").status_code == 404
    for callback in callbacks:
        callback()
    assert libreoffice == [b"PK"]  # the stored DOCX was converted
    page = reporter.client.get("/reports/").content.decode()
    assert f'href="/reports/{report.pk}/pdf/"' in page
    response = reporter.client.get(f"/reports/{report.pk}/pdf/")
    assert response.status_code == 200 and response.content == FAKE_PDF
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"].endswith(".pdf")
    assert other_reporter.client.get(f"/reports/{report.pk}/pdf/").status_code == 403


def test_a_ledger_is_not_converted(gdp_plan, office, libreoffice, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        office.client.post("/reports/", form(gdp_plan.plan, "ledger-targets"))
    assert GeneratedReport.objects.get().pdf_status == "" and libreoffice == []


def test_a_failed_conversion_is_said_so(gdp_plan, office, monkeypatch, django_capture_on_commit_callbacks):
    monkeypatch.setattr(pdf, "soffice", lambda: "/usr/bin/soffice")
    monkeypatch.setattr(pdf, "spawn", lambda target, *args: target(*args))

    def broken(data):
        raise OSError("soffice crashed")

    monkeypatch.setattr(pdf, "docx_to_pdf", broken)
    with django_capture_on_commit_callbacks(execute=True):
        office.client.post("/reports/", form(gdp_plan.plan, "progress"))
    assert GeneratedReport.objects.get().pdf_status == PdfStatus.FAILED
    assert "PDF 转换失败" in office.client.get("/reports/").content.decode()


def test_without_libreoffice_only_the_docx_is_offered(gdp_plan, office, monkeypatch, django_capture_on_commit_callbacks):
    monkeypatch.setattr(pdf, "soffice", lambda: None)
    with django_capture_on_commit_callbacks(execute=True):
        office.client.post("/reports/", form(gdp_plan.plan, "progress"))
    report = GeneratedReport.objects.get()
    assert report.pdf_status == ""
    assert "PDF" not in office.client.get("/reports/").content.decode().split("已生成的报告")[1]
    assert office.client.get(f"/reports/{report.pk}/pdf/").status_code == 404


def test_libreoffice_converts_the_report(gdp_plan):
    if pdf.soffice() is None:
        pytest.skip("LibreOffice (soffice) is not installed: only the conversion is skipped")
    data, _, _ = make_bytes(plan=gdp_plan.plan, kind="brief", period="2024Q2")
    assert pdf.docx_to_pdf(data).startswith(b"%PDF")


def test_the_api_offers_the_pdf_once_converted(gdp_plan, reporter, reporter_unit, other_reporter,
                                               libreoffice, django_capture_on_commit_callbacks):  # fmt: skip
    body = {"kind": "unit", "period": "2024Q2", "unit": reporter_unit.pk}
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        made = reporter.client.post("/api/v1/plans/small-plan/reports", body, content_type="application/json")
    assert made.status_code == 201
    report = made.json()
    assert (report["pdf_status"], report["pdf_download"]) == ("converting", None)
    missing = reporter.client.get(f"/api/v1/reports/{report['id']}/pdf")
    assert missing.status_code == 404 and "转换中" in missing.json()["detail"]
    for callback in callbacks:
        callback()
    listed = reporter.client.get("/api/v1/reports").json()["items"]
    assert [(r["id"], r["pdf_status"], r["pdf_download"]) for r in listed] == [
        (report["id"], "ready", f"/api/v1/reports/{report['id']}/pdf")]  # fmt: skip
    response = reporter.client.get(f"/api/v1/reports/{report['id']}/pdf")
    assert response.status_code == 200 and response.content == FAKE_PDF
    assert response["Content-Type"] == "application/pdf"
    assert other_reporter.client.get(f"/api/v1/reports/{report['id']}/pdf").status_code == 403


def test_the_api_has_no_pdf_of_a_ledger(gdp_plan, office, libreoffice, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        made = office.client.post("/api/v1/plans/small-plan/reports", {"kind": "ledger-targets", "period": "2024"},
                                  content_type="application/json")  # fmt: skip
    assert made.json()["pdf_status"] == "" and libreoffice == []
    assert office.client.get(f"/api/v1/reports/{made.json()['id']}/pdf").status_code == 404
