"""The database tests/web/test_plain_chinese.py reads every page from: the URL matrix's world
(`small_plan` with its reporting objects and one row of every admin model) beside the seed plan
with demo data, a reporting calendar, and the reporter's unit's items in every state — draft,
submitted with evidence, returned, approved (locked), unlocked — plus an article report.

`seed_world(...)` returns the seed's {name: id}; the matrix's names come from url_world.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from django.core.files.uploadedfile import SimpleUploadedFile

SEED_CALENDAR_START = date(2025, 1, 1)


def _figure_items(unit, plan, on: date) -> tuple[list, list]:
    """The unit's open items on `on`: (figures, article reports)."""
    from planwatch.reporting.services.due import due_items

    items = due_items(unit=unit, on=on, plan=plan)
    return [i for i in items if i.kind == "indicator"], [i for i in items if i.kind == "article"]


def _submit(actor, item, submit: bool = True):
    from planwatch.reporting.services.submissions import save_submission
    from planwatch.reporting.services.validation import Figure

    figure = Figure(Decimal(item.previous or 1), source="区统计局", explanation="按年报口径核实")
    return save_submission(actor=actor, rule=item.rule, period=item.period.code, figure=figure,
                           submit=submit, on=item.on)  # fmt: skip


def adopt_proposed_leads(plan, office) -> None:
    """The office's 责任分解 (the seed names no leads): every proposal adopted, as the demo does."""
    from planwatch.responsibilities.rows import plan_rows
    from planwatch.responsibilities.services import confirm_proposals

    confirm_proposals(actor=office.user, plan=plan, keys=[r.key for r in plan_rows(plan)])


def seed_world(*, plan, office, reporter, reporter_unit, on: date) -> dict:
    """Calendar from 2025; of the reporter's first five figures: a draft (a wrong file attached and
    removed), one submitted with a file, one returned, one approved, one approved and unlocked; one article report submitted
    and one approved."""
    from planwatch.accounts.services import create_user
    from planwatch.reporting.services.calendar import sync_rules, update_calendar
    from planwatch.reporting.services.evidence import attach_evidence, remove_evidence
    from planwatch.reporting.services.review import approve, return_item, unlock
    from planwatch.reporting.services.submissions import ReportText, save_article_report

    adopt_proposed_leads(plan, office)
    create_user(actor=office.user, username="zhangsan", role="leader", password="Kx7#planwatch-2026",
                display_name="张三")  # an account made by the service: its audit event lists its fields
    sync_rules(actor=None, plan=plan)
    update_calendar(actor=None, plan=plan, starts_on=SEED_CALENDAR_START)
    figures, articles = _figure_items(reporter_unit, plan, on)
    assert len(figures) >= 5 and len(articles) >= 2, "the seed plan's lead unit reports too little"
    draft = _submit(reporter.user, figures[0], submit=False)
    wrong = SimpleUploadedFile("错传的文件.pdf", b"%PDF-1.4\n%%EOF\n", content_type="application/pdf")
    remove_evidence(actor=reporter.user, evidence=attach_evidence(actor=reporter.user, item=draft, upload=wrong))
    submitted = _submit(reporter.user, figures[1])
    pdf = SimpleUploadedFile("统计年报.pdf", b"%PDF-1.4\n%%EOF\n", content_type="application/pdf")
    attach_evidence(actor=reporter.user, item=submitted, upload=pdf)
    returned = return_item(actor=office.user, item=_submit(reporter.user, figures[2]), reason="请补充数据来源")
    approved = approve(actor=office.user, item=_submit(reporter.user, figures[3]))
    reopened = approve(actor=office.user, item=_submit(reporter.user, figures[4]))
    unlock(actor=office.user, item=reopened, reason="统计局修订了年报")
    text = ReportText("主体工程已完工", "资金到位偏慢", "加快验收", "on_track")
    reports = [
        save_article_report(actor=reporter.user, rule=i.rule, period=i.period.code, text=text, on=on)
        for i in articles[:2]
    ]
    approve(actor=office.user, item=reports[1])
    return {
        "seed_id": plan.pk,
        "seed_submissions": [s.pk for s in (draft, submitted, returned, approved, reopened)],
        "seed_reports": [r.pk for r in reports],
    }
