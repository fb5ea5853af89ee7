"""导入计划 through the pages: upload, read what was extracted, confirm the doubtful targets,
import — or a revision's differences, applied only when asked; only the office; nothing stored
before the confirmation, nothing half-stored on an error."""

from __future__ import annotations

from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from planwatch.audit.models import AuditEvent
from planwatch.indicators.models import Target
from planwatch.plans.models import Article, Plan
from planwatch.reporting.models import ReportingRule

pytestmark = pytest.mark.django_db
SEED = Path(__file__).resolve().parents[3] / "shared" / "plans" / "shizhong-2023-2025.txt"
MINI = """某某区推进数字经济发展三年行动计划（2024—2026年）

一、发展目标
（一）主要目标
到2026年，全区数字经济核心产业增加值达到300亿元，建成5G基站2000个，新建数据中心PUE降至1.3以下。
二、重点任务
（二）推进产业数字化
推动规模以上工业企业数字化改造全覆盖。
责任单位：区工业和信息化局、区大数据局
"""


def upload(client, name: str, data: bytes):
    return client.post("/plans/import/", {"file": SimpleUploadedFile(name, data)})


def uploads(settings) -> list[Path]:
    return sorted((Path(settings.DATA_DIR) / "imports").glob("*.upload"))


def test_the_seed_plan_uploaded_read_and_imported(office, settings):
    response = upload(office.client, "市中区行动计划.txt", SEED.read_bytes())
    assert response.status_code == 302 and response["Location"].startswith("/plans/import/")
    assert Plan.objects.count() == 0 and len(uploads(settings)) == 1  # read, not stored
    page = office.client.get(response["Location"]).content.decode()
    assert "11 章，47 条" in page and "38 个量化目标" in page
    assert 'value="市中区行动计划"' in page  # the code proposed from the file's name
    done = office.client.post(response["Location"], {"name": "shizhong", "reporting_start": "2025-01-01"})
    plan = Plan.objects.get(name="shizhong")
    assert done.status_code == 302 and done["Location"] == f"/plans/{plan.pk}/"
    assert Article.objects.filter(plan=plan).count() == 47
    assert Target.objects.filter(indicator__plan=plan).count() == 38
    assert ReportingRule.objects.filter(plan=plan).exists()  # units can report at once
    assert AuditEvent.objects.filter(action="import", actor=office.user).count() == 1  # by the person
    assert uploads(settings) == []  # the waiting file is gone
    assert "已导入计划 shizhong：11 章，47 条" in office.client.get(done["Location"]).content.decode()


def test_a_doubtful_target_is_stored_only_when_confirmed(office):
    location = upload(office.client, "mini.txt", MINI.encode())["Location"]
    page = office.client.get(location).content.decode()
    assert "待确认的目标（1 个）" in page and "数值没有计量单位，请确认是否为目标" in page
    assert 'name="confirm" value="0-2"' in page
    office.client.post(location, {"name": "mini"})  # not ticked
    assert sorted(Target.objects.values_list("indicator__name", flat=True)) == ["建成5G基站", "数字经济核心产业增加值"]


def test_a_confirmed_doubtful_target_is_stored(office):
    location = upload(office.client, "mini.txt", MINI.encode())["Location"]
    office.client.post(location, {"name": "mini", "confirm": ["0-2"]})
    assert Target.objects.filter(indicator__name="新建数据中心PUE", value=1.3, comparator="<=").count() == 1


LABELLED = MINI.replace("责任单位：区工业和信息化局、区大数据局", "责任单位：某某高新技术产业开发区、区大数据局")


def test_a_doubtful_unit_is_shown_and_linked_only_when_confirmed(office):
    location = upload(office.client, "mini.txt", LABELLED.encode())["Location"]
    page = office.client.get(location).content.decode()
    assert "待确认的责任单位（1 个）" in page and "某某高新技术产业开发区" in page
    assert "名称不像机构名称，因列在“责任单位”一类标签后读作单位，请确认" in page
    assert 'name="confirm" value="u1-0"' in page
    office.client.post(location, {"name": "mini"})  # not ticked: the unit is not linked
    article = Article.objects.get(plan__name="mini", title="推进产业数字化")
    assert sorted(article.units.values_list("name", flat=True)) == ["区大数据局"]


def test_a_confirmed_doubtful_unit_is_linked(office):
    location = upload(office.client, "mini.txt", LABELLED.encode())["Location"]
    office.client.post(location, {"name": "mini", "confirm": ["u1-0"]})
    article = Article.objects.get(plan__name="mini", title="推进产业数字化")
    assert sorted(article.units.values_list("name", flat=True)) == ["区大数据局", "某某高新技术产业开发区"]


def test_a_revision_shows_its_differences_and_waits_for_apply(office):
    location = upload(office.client, "mini.txt", MINI.encode())["Location"]
    office.client.post(location, {"name": "mini"})
    revised = MINI.replace("建成5G基站2000个", "建成5G基站2500个")
    location = upload(office.client, "mini-2.txt", revised.encode())["Location"]
    page = office.client.post(location, {"name": "mini"}).content.decode()  # 应用修订 not ticked
    assert "该代号的计划已存在且内容不同" in page and "与已存计划的差异" in page
    assert Target.objects.get(indicator__name="建成5G基站").value == 2000
    done = office.client.post(location, {"name": "mini", "apply": "on"})
    assert done.status_code == 302
    assert Target.objects.get(indicator__name="建成5G基站").value == 2500


def test_a_file_that_is_not_a_plan_is_refused_by_its_own_name(office, settings):
    ole = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 600  # an old Word .doc renamed
    location = upload(office.client, "旧计划.docx", ole)["Location"]
    response = office.client.get(location, follow=True)
    text = response.content.decode()
    assert "旧版 .doc 文件请先在 Word 中另存为 .docx" in text and ".upload" not in text
    assert Plan.objects.count() == 0 and uploads(settings) == []


def test_wrong_kind_or_too_large_is_said_before_anything_is_kept(office, settings):
    page = upload(office.client, "台账.xlsx", b"PK\x03\x04").content.decode()
    assert "请上传纯文本、Word 或带文字层的 PDF 计划文件" in page
    settings.PLAN_UPLOAD_MAX_MB = 1
    page = upload(office.client, "plan.txt", b"x" * (1024 * 1024 + 1)).content.decode()
    assert "文件超过 1 兆" in page
    assert not (Path(settings.DATA_DIR) / "imports").exists() or uploads(settings) == []


def test_cancel_removes_the_file(office, settings):
    location = upload(office.client, "mini.txt", MINI.encode())["Location"]
    response = office.client.post(location, {"cancel": "1"}, follow=True)
    assert "已取消导入《mini.txt》，没有写入任何数据。" in response.content.decode()
    assert Plan.objects.count() == 0 and uploads(settings) == []


def test_only_the_session_that_uploaded_may_import(office, settings):
    from django.test import Client

    location = upload(office.client, "mini.txt", MINI.encode())["Location"]
    colleague = Client()
    colleague.force_login(office.user)  # the same person in another browser: another session
    response = colleague.post(location, {"name": "mini"}, follow=True)
    assert "上传的文件已失效" in response.content.decode() and Plan.objects.count() == 0


def test_units_leaders_and_auditors_may_not_import(reporter, leader, auditor):
    for actor in (reporter, leader, auditor):
        assert actor.client.get("/plans/import/").status_code == 403
        assert upload(actor.client, "mini.txt", MINI.encode()).status_code == 403
    assert Plan.objects.count() == 0
