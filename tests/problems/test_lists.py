"""The meeting's two Word lists read back with python-docx: the agenda's problems and the
decisions with their 督办 numbers, in the official style's table; only those who see meetings."""

from __future__ import annotations

import io
from datetime import date

import pytest
from docx import Document

pytestmark = pytest.mark.django_db


def test_agenda_and_decisions_lists(small_plan, clock, office, reporter, leader, other_unit, settings, tmp_path):
    from django.core.files.uploadedfile import SimpleUploadedFile
    from django.db import transaction

    from planwatch.problems import meetings, services

    clock.set(date(2025, 7, 1))
    with transaction.atomic():
        problem = services.raise_problem(actor=reporter.user, plan=small_plan.plan, new=services.NewProblem(
            title="污水管网建设资金缺口", description="缺口 800 万元", category="资金", severity="critical",
            help_wanted="请区财政统筹安排"))  # fmt: skip
        meeting = meetings.draft(actor=office.user, plan=small_plan.plan, title="领导小组第3次会议", held_on=date(2025, 7, 3))
        settings.DATA_DIR = tmp_path
        minutes = SimpleUploadedFile("会议纪要.pdf", b"%PDF-1.4\n%%EOF\n", content_type="application/pdf")
        meetings.record_meeting(actor=office.user, meeting=meeting, participants="区长、各副区长", minutes=minutes)
        meetings.decide(actor=office.user, meeting=meeting, problem=problem, text="区财政年内安排 800 万元",
                        lead_unit=other_unit, deadline=date(2025, 9, 30))  # fmt: skip

    def rows(kind: str) -> list[list[str]]:
        response = office.client.get(f"/problems/meetings/{meeting.pk}/{kind}.docx")
        assert response.status_code == 200
        doc = Document(io.BytesIO(response.content))
        assert doc.paragraphs[0].text == f"领导小组第3次会议{'会议议题清单' if kind == 'agenda' else '议定事项督办清单'}"
        return [[c.text for c in row.cells] for row in doc.tables[0].rows]

    assert rows("agenda") == [["序号", "问题", "提出单位", "类别", "环节和预警", "需要协调解决的事项"],
                              ["1", f"问题{problem.pk}号 污水管网建设资金缺口", "区发展改革局", "资金", "已提出", "请区财政统筹安排"]]  # fmt: skip
    assert rows("decisions") == [["序号", "议定事项", "涉及问题", "牵头单位", "办理时限", "督办编号"],
                                 ["1", "区财政年内安排 800 万元", f"问题{problem.pk}号 污水管网建设资金缺口", "区科技局",
                                  "2025年9月30日", "督办〔2025〕1号"]]  # fmt: skip
    assert reporter.client.get(f"/problems/meetings/{meeting.pk}/agenda.docx").status_code == 403
    meeting.refresh_from_db()
    assert leader.client.get(f"/problems/files/{meeting.minutes_id}/").status_code == 200  # the minutes
    assert reporter.client.get(f"/problems/files/{meeting.minutes_id}/").status_code == 403
    # the office edits the agenda: a decided problem stays on it, another open one joins it
    url = f"/problems/meetings/{meeting.pk}/"
    kept = office.client.post(url, {"do": "remove", "problem": problem.pk}, follow=True).content.decode()
    assert f"问题{problem.pk}号已有议定事项，不能移出议题" in kept
    with transaction.atomic():
        later = services.raise_problem(actor=reporter.user, plan=small_plan.plan, new=services.NewProblem(
            title="学校用地未征收", description="影响开学", category="用地"))  # fmt: skip
    office.client.post(url, {"do": "add", "problem": later.pk})
    assert [p.pk for p in meeting.agenda.order_by("pk")] == [problem.pk, later.pk]
    assert rows("agenda")[2][1] == f"问题{later.pk}号 学校用地未征收"
    assert reporter.client.post(url, {"do": "remove", "problem": later.pk}).status_code == 403
