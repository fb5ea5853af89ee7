"""The 督办通知单 and 催办通知单 open in python-docx with the fields filled and the Chinese fonts
named (仿宋_GB2312 body, 小标宋 title, 黑体 table heads), each declared with the font Word uses
when it is missing."""

from __future__ import annotations

import io
from datetime import date

import pytest
from docx import Document
from docx.oxml.ns import qn

pytestmark = pytest.mark.django_db


@pytest.fixture
def item(small_plan, reporter_unit, other_unit, office):
    from django.db import transaction

    from planwatch.supervision import services

    with transaction.atomic():
        row = services.open_item(actor=office.user, plan=small_plan.plan, today=date(2025, 3, 3), new=services.NewItem(
            subject="智慧停车平台建设滞后", requirements="4月底前完成平台上线", lead_unit=reporter_unit,
            co_units=[other_unit], deadline=date(2025, 4, 30)))  # fmt: skip
        return services.step(actor=office.user, item=row, action="assign", today=date(2025, 3, 3))


def _east_asia(run_or_style) -> str:
    return run_or_style.element.rPr.rFonts.get(qn("w:eastAsia"))


def test_the_supervision_notice(item, office):
    response = office.client.get(f"/supervision/items/{item.pk}/notice/assign/")
    assert response.status_code == 200
    doc = Document(io.BytesIO(response.content))
    text = "\n".join(p.text for p in doc.paragraphs)
    cells = [c.text for t in doc.tables for row in t.rows for c in row.cells]
    assert doc.paragraphs[0].text == "督办通知单"
    assert "督办〔2025〕1号" in text and "区发展改革局：" in text
    assert "行动计划实施工作领导小组办公室" in text  # the office's name (default setting)
    assert cells[2:4] == ["督办事项", "智慧停车平台建设滞后"]
    assert "4月底前完成平台上线" in cells and "2025年4月30日" in cells and "区科技局" in cells
    assert "2025年3月6日" in cells  # 签收时限: 3 working days after Monday 3 March
    assert _east_asia(doc.styles["Title"]) == "方正小标宋简体"
    assert _east_asia(doc.styles["Normal"]) == "仿宋_GB2312"
    head = doc.tables[0].rows[0].cells[0].paragraphs[0]  # the table head: its run's font or its style's
    run = head.runs[0]
    assert (_east_asia(run) if run.element.rPr is not None and run.element.rPr.rFonts is not None
            else _east_asia(head.style)) == "黑体"  # fmt: skip
    table = next(p for p in doc.part.package.iter_parts() if p.partname.endswith("fontTable.xml"))
    assert b'w:name="\xe4\xbb\xbf\xe5\xae\x8b_GB2312"' in table.blob  # 仿宋_GB2312
    assert "仿宋".encode() in table.blob and b"altName" in table.blob


def test_the_reminder_notice_and_who_may_print_it(item, office, reporter, leader):
    response = office.client.get(f"/api/v1/supervision/items/{item.pk}/notice?kind=remind")
    doc = Document(io.BytesIO(response.content))
    assert doc.paragraphs[0].text == "催办通知单"
    assert "于2025年3月3日交办你单位，办理时限为2025年4月30日" in "\n".join(p.text for p in doc.paragraphs)
    assert reporter.client.get(f"/supervision/items/{item.pk}/notice/remind/").status_code == 403
    assert leader.client.get(f"/supervision/items/{item.pk}/notice/remind/").status_code == 403
