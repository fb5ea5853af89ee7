"""A unit reports a month with photos through the project page; the photos' EXIF (GPS, camera)
are gone on download; the office approves; the cumulative, the light and the stage change.
Another unit can neither see nor report the project."""

from __future__ import annotations

import io
from datetime import date

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image

from .conftest import import_file, ledger_bytes

pytestmark = pytest.mark.django_db


def gps_jpeg(name: str = "现场.jpg") -> SimpleUploadedFile:
    image = Image.new("RGB", (64, 48), "steelblue")
    exif = Image.Exif()
    exif[0x010F] = "SecretCam"  # Make
    exif.get_ifd(0x8825).update({1: "N", 2: (36.0, 39.0, 54.0), 3: "E", 4: (117.0, 0.0, 12.0)})  # GPS
    out = io.BytesIO()
    image.save(out, format="JPEG", exif=exif.tobytes())
    data = out.getvalue()
    assert b"SecretCam" in data and Image.open(io.BytesIO(data)).getexif().get_ifd(0x8825)
    return SimpleUploadedFile(name, data, content_type="image/jpeg")


@pytest.fixture
def project(small_plan, categories, monkeypatch, settings, tmp_path):
    from planwatch.projects.models import Project
    from planwatch.reporting import clock

    settings.DATA_DIR = tmp_path
    monkeypatch.setattr(clock, "today", lambda: date(2024, 6, 30))
    # 2024 plan 20,000万元; planned start 2024年3月 and still 前期: 逾期未开工
    import_file(small_plan.plan, ledger_bytes(2, r1={"start": "2024年3月", "stage": "前期"}))
    return Project.objects.get(code="XM0001")


def _api(actor, project):
    return actor.client.get(f"/api/v1/projects/{project.pk}?year=2024").json()


def test_a_month_reported_with_photos_approved_moves_the_cumulative_light_and_stage(project, reporter, office, other_reporter):
    before = _api(office, project)
    assert before["cumulative"] == 0 and before["light"] == "red" and before["not_started_late"]
    answer = reporter.client.post(f"/projects/items/{project.pk}/report/", {
        "period": "2024-06", "amount": "9000", "progress": "主体结构施工至三层", "new_stage": "started",
        "stage_on": "2024-06-10", "problems": "", "photos": [gps_jpeg()]})  # fmt: skip
    assert answer.status_code == 302
    report = project.reports.get()
    assert report.status == "submitted" and report.amount == 9000
    assert _api(office, project)["cumulative"] == 0  # not counted before the office approves
    photo = report.photos.get()
    download = reporter.client.get(f"/projects/photos/{photo.pk}/")
    data = b"".join(download.streaming_content)
    assert download["Content-Type"] == "image/jpeg" and data.startswith(b"\xff\xd8\xff")
    assert b"SecretCam" not in data and b"Exif" not in data
    assert not Image.open(io.BytesIO(data)).getexif()
    assert other_reporter.client.get(f"/projects/photos/{photo.pk}/").status_code == 403
    assert office.client.post(f"/projects/reports/{report.pk}/review/", {"action": "approve"}).status_code == 302
    after = _api(office, project)
    # 9,000 of 20,000 = 45% against 182/366 = 49.7%: above 90% of pace (44.75%): green; started
    assert after["cumulative"] == 9000 and after["completed_this_year"] == 9000
    assert after["completion_rate"] == pytest.approx(0.45) and after["light"] == "green"
    assert after["stage"] == "started" and not after["not_started_late"]
    project.refresh_from_db()
    assert project.started_on == date(2024, 6, 10)
    assert list(project.events.values_list("action", flat=True)) == ["import_preparing", "to_started"]
    assert list(report.events.values_list("action", flat=True)) == ["submit", "approve"]


def test_returned_needs_a_reason_and_a_later_month_is_refused(project, reporter, office):
    page = reporter.client.post(f"/projects/items/{project.pk}/report/", {
        "period": "2024-07", "amount": "100", "progress": "准备"}, follow=True)  # fmt: skip
    assert "不能报送以后的月份（2024年7月）" in page.content.decode()
    reporter.client.post(f"/projects/items/{project.pk}/report/", {"period": "2024-05", "amount": "100", "progress": "准备"})
    report = project.reports.get()
    page = office.client.post(f"/projects/reports/{report.pk}/review/", {"action": "return"}, follow=True)
    assert "退回须写明原因" in page.content.decode()
    office.client.post(f"/projects/reports/{report.pk}/review/", {"action": "return", "reason": "请核实金额"})
    report.refresh_from_db()
    assert report.status == "returned" and report.reason == "请核实金额"


def test_a_renamed_file_is_not_a_photo(project, reporter):
    fake = SimpleUploadedFile("现场.jpg", b"%PDF-1.4\n%%EOF\n", content_type="image/jpeg")
    page = reporter.client.post(f"/projects/items/{project.pk}/report/", {
        "period": "2024-06", "amount": "1", "progress": "x", "photos": [fake]}, follow=True)  # fmt: skip
    assert "内容与扩展名 .jpg 不符" in page.content.decode()
    assert not project.reports.exists()


def test_a_bad_stage_date_is_refused_not_dropped(project, reporter):
    page = reporter.client.post(f"/projects/items/{project.pk}/report/", {
        "period": "2024-06", "amount": "1", "progress": "x", "new_stage": "started", "stage_on": "2024-13-40"},
        follow=True)  # fmt: skip
    assert "日期“2024-13-40”无效" in page.content.decode()
    assert not project.reports.exists()


def test_another_unit_cannot_see_or_report(project, other_reporter, reporter):
    assert other_reporter.client.get(f"/projects/items/{project.pk}/").status_code == 403
    answer = other_reporter.client.post(f"/projects/items/{project.pk}/report/", {"period": "2024-06", "amount": "1", "progress": "x"})
    assert answer.status_code == 403 and not project.reports.exists()
    ledger = reporter.client.get(f"/projects/{project.plan_id}/").content.decode()
    assert "重点项目1号" in ledger and "重点项目2号" not in ledger


def test_a_reported_problem_goes_to_the_problem_loop_in_one_click(project, reporter):
    from planwatch.problems.models import Problem

    reporter.client.post(f"/projects/items/{project.pk}/report/", {
        "period": "2024-06", "amount": "10", "progress": "停工待料", "problems": "土地征收未完成，无法进场施工"})  # fmt: skip
    report = project.reports.get()
    page = reporter.client.get(f"/projects/items/{project.pk}/").content.decode()
    assert "提为问题，协调解决" in page
    answer = reporter.client.post(f"/projects/reports/{report.pk}/problem/", {"category": "用地"})
    problem = Problem.objects.get()
    assert answer.status_code == 302 and answer["Location"] == f"/problems/p/{problem.pk}/"
    assert problem.title == "重点项目1号：土地征收未完成，无法进场施工" and problem.category == "用地"
    assert problem.raised_by.name == "区发展改革局"
    assert [(link.kind, link.object_id, link.label) for link in problem.links.all()] == [
        ("project", project.pk, "重点项目 XM0001“重点项目1号”")]
