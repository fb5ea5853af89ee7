"""The meeting's two DOCX lists, in the official style of supervision's notices (GB/T 9704,
the same fonts and fallbacks): 会议议题清单 (the problems on the agenda) and 议定事项督办清单
(each decision with its lead unit, deadline and the 督办 number it became)."""

from __future__ import annotations

from planwatch.reporting.services.reminders import cn_date
from planwatch.reports.gbt9704 import OfficialDocument
from planwatch.supervision.lights import LIGHT_LABELS
from planwatch.supervision.notices import _font_fallbacks
from planwatch.supervision.services import settings_for

TITLES = {"agenda": "会议议题清单", "decisions": "议定事项督办清单"}


def _agenda(meeting) -> tuple[tuple, list]:
    rows = [(str(i), f"{p.number} {p.title}", p.raiser_label, p.category,
             f"{p.get_state_display()}{'，' + LIGHT_LABELS[p.light] if p.light else ''}", p.help_wanted or p.description[:200])
            for i, p in enumerate(meeting.agenda.select_related("raised_by").order_by("pk"), start=1)]  # fmt: skip
    return ("序号", "问题", "提出单位", "类别", "环节和预警", "需要协调解决的事项"), rows


def _decisions(meeting) -> tuple[tuple, list]:
    rows = [(str(i), d.text, f"{d.problem.number} {d.problem.title}", d.lead_unit.name, cn_date(d.deadline),
             d.item.number if d.item_id else "—")
            for i, d in enumerate(meeting.decisions.select_related("problem", "lead_unit", "item"), start=1)]  # fmt: skip
    return ("序号", "议定事项", "涉及问题", "牵头单位", "办理时限", "督办编号"), rows


WIDTHS = {"agenda": (12, 40, 26, 16, 22, 40), "decisions": (12, 46, 34, 24, 22, 18)}


def meeting_list(*, meeting, kind: str) -> tuple[str, bytes]:
    """(file name, DOCX bytes) of the meeting's `agenda` or `decisions` list."""
    head, rows = (_agenda if kind == "agenda" else _decisions)(meeting)
    doc = OfficialDocument()
    doc.title(f"{meeting.title}{TITLES[kind]}")
    doc.para(f"会议日期：{cn_date(meeting.held_on)}")
    if kind == "decisions" and meeting.participants:
        doc.para(f"参会人员：{meeting.participants}")
    doc.table(head, rows or [("—",) * len(head)], WIDTHS[kind])
    doc.signature(settings_for(meeting.plan).office_name, cn_date(meeting.held_on))
    _font_fallbacks(doc.doc)
    return f"{meeting.title}{TITLES[kind]}.docx", doc.to_bytes()
