"""The ledger page: the same number of queries for 10 and 2,000 projects, 50 rows a page, totals
from the rows, filters, sorting, the leader's view, the export; the project page's queries do
not grow with its reports."""

from __future__ import annotations

import io
from datetime import date

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from .conftest import import_file, ledger_bytes

pytestmark = pytest.mark.django_db


@pytest.fixture
def today(monkeypatch):
    from planwatch.reporting import clock

    monkeypatch.setattr(clock, "today", lambda: date(2024, 6, 30))


def _queries(client, url: str) -> int:
    with CaptureQueriesContext(connection) as captured:
        assert client.get(url).status_code == 200
    return len(captured)


def test_ledger_and_dashboard_queries_do_not_grow_with_projects(small_plan, categories, office, today):
    from planwatch.projects.models import Project

    url, dashboard = f"/projects/{small_plan.plan.pk}/?sort=light&light=red", f"/?plan={small_plan.plan.pk}"
    from planwatch.web import page_parts

    import_file(small_plan.plan, ledger_bytes(10))
    _queries(office.client, dashboard)  # the evaluation cache warmed: the figures' queries once
    page_parts.clear()  # the dashboard's project panel built each time (kept, it reads no project)
    few, few_dashboard = _queries(office.client, url), _queries(office.client, dashboard)
    Project.objects.all().delete()
    import_file(small_plan.plan, ledger_bytes(2000))
    page_parts.clear()
    many, many_dashboard = _queries(office.client, url), _queries(office.client, dashboard)
    assert many == few and many_dashboard == few_dashboard, (few, many, few_dashboard, many_dashboard)
    page = office.client.get(url).content.decode()
    assert "第 1 / 40 页，共 2000 个项目" in page
    assert page.count('data-label="编号" class="small">XM') == 50


def test_totals_filters_leader_and_export(small_plan, categories, leader, today):
    from openpyxl import load_workbook

    import_file(small_plan.plan, ledger_bytes(6))
    base = f"/projects/{small_plan.plan.pk}/"
    page = leader.client.get(base + "?unit=区发展改革局").content.decode()
    assert "3 个项目" in page and "309,000.00" in page  # 3 × 103,000 万元
    page = leader.client.get(base + "?leader=李四").content.decode()
    assert "包挂领导 李四" in page and "重点项目3号" in page and "重点项目6号" in page and "重点项目1号" not in page
    download = leader.client.get(base + "?leader=李四&format=xlsx")
    sheet = load_workbook(io.BytesIO(download.content)).active
    assert [sheet.cell(r, 2).value for r in (4, 5)] == ["XM0003", "XM0006"] and sheet["C6"].value == "合计"


def test_project_page_queries_do_not_grow_with_reports(small_plan, categories, office, today, settings, tmp_path):
    from planwatch.projects.models import Project
    from planwatch.projects.reports import submit_report

    settings.DATA_DIR = tmp_path
    import_file(small_plan.plan, ledger_bytes(1))
    project = Project.objects.get()
    url = f"/projects/items/{project.pk}/"
    office.client.get(url)  # the first page stores the chosen plan in the session (a write)
    from django.db import transaction

    with transaction.atomic():
        submit_report(actor=None, project=project, period="2024-01", amount="1", progress="开工准备")
    one = _queries(office.client, url)
    with transaction.atomic():
        for month in range(2, 7):
            submit_report(actor=None, project=project, period=f"2024-{month:02d}", amount="1", progress="施工")
    assert _queries(office.client, url) == one


def test_office_uploads_then_confirms_the_differences(small_plan, categories, office, today, settings, tmp_path):
    from django.core.files.uploadedfile import SimpleUploadedFile

    from planwatch.projects.models import Project

    settings.DATA_DIR = tmp_path
    url = f"/projects/{small_plan.plan.pk}/import/"

    def xlsx(data: bytes):
        return SimpleUploadedFile("台账.xlsx", data, content_type="application/octet-stream")

    bad = office.client.post(url, {"file": xlsx(ledger_bytes(3, r2={"total": "很多"}))}).content.decode()
    assert "第5行“总投资”列：“很多”不是金额" in bad and not Project.objects.exists()
    first = office.client.post(url, {"file": xlsx(ledger_bytes(3))})
    assert first.status_code == 302 and Project.objects.count() == 3
    shown = office.client.post(url, {"file": xlsx(ledger_bytes(3, r2={"leader": "王五"}))}).content.decode()
    assert "XM0002 重点项目2号：包挂领导：张三 → 王五" in shown
    assert Project.objects.get(code="XM0002").leader == "张三"  # nothing stored before the confirmation
    token = shown.split('name="token" value="')[1].split('"')[0]
    assert office.client.post(url, {"token": token, "apply": "1"}).status_code == 302
    assert Project.objects.get(code="XM0002").leader == "王五"
    assert not (tmp_path / "project-imports" / token).exists()
