"""`planwatch remind`: exactly the reminders due on a date, for the seed plan with demo data.

The seed plan is imported and filled with demo data up to 2024-06-30; figures up to 2024Q2 exist
(demo data counts as data), progress texts were never reported. On 2024-10-02 that means: the
third quarter's figures and texts are due on 2024-10-05 (a reminder 3 days before), and the
texts of quarters whose due date lies an even number of days back get the overdue reminder.
The expectation below is computed from the plan with plain date arithmetic, not by the code
under test.
"""

from __future__ import annotations

from datetime import date, timedelta
from io import StringIO

import pytest
from django.core import mail
from django.core.management import call_command

from planwatch.reporting.models import Notification, ReminderLog

from .conftest import SEED

ON = date(2024, 10, 2)
QUARTERS = [(2023, 1), (2023, 2), (2023, 3), (2023, 4), (2024, 1), (2024, 2), (2024, 3)]
CN = "一二三四"


@pytest.fixture
def seed(db, reporter, other_reporter):
    from planwatch.plans.models import Plan

    if not SEED.exists():
        pytest.fail(f"seed plan missing: {SEED}")
    # Reporting from the plan's first day (the office's choice on import): every quarter is due.
    call_command("import_plan", str(SEED), name="shizhong-2023", reporting_start="2023-01-01", stdout=StringIO())
    call_command("demo_data", as_of="2024-06-30", stdout=StringIO())
    plan = Plan.objects.get(name="shizhong-2023")
    assign_by_hand(plan)
    return plan


# The seed lists units in protocol order and names no lead: the office's 责任分解 decides. Here
# two articles by hand; every other article with several units stays unassigned.
HAND_LEADS = {"（二十八）": "区发展改革局", "（九）": "区科技局"}


def assign_by_hand(plan) -> None:
    from planwatch.responsibilities.services import assign_leads
    from planwatch.units.models import Unit

    for label, name in HAND_LEADS.items():
        key = f"a{plan.articles.get(label=label).pk}"
        assign_leads(actor="test", plan=plan, keys=[key], unit=Unit.objects.get(name=name))


def remind(*args: str) -> list[str]:
    out = StringIO()
    call_command("remind", *args, stdout=out)
    return out.getvalue().splitlines()


def quarter_due(year: int, q: int) -> date:
    end = date(year, 3 * q, 30 if q in (2, 3) else 31)
    return end + timedelta(days=5)


def reporting_unit(article):
    """The lead decided by hand, else the one the plan states, else its only unit, else none."""
    links = sorted(article.unit_links.all(), key=lambda link: link.position)
    by_hand = [link.unit for link in links if link.unit.name == HAND_LEADS.get(article.label)]
    lead = [link.unit for link in links if link.role == "lead"]
    return (by_hand or lead or ([links[0].unit] if len(links) == 1 else [None]))[0]


def expected_lines(plan, recipients: dict[str, int]) -> set[str]:
    def who(unit):
        n = recipients.get(unit.name, 0)
        return f"填报员 {n} 人" if n else "该单位没有填报员账号，无法送达"

    lines = set()
    for article in plan.articles.prefetch_related("unit_links__unit", "indicators"):
        unit = reporting_unit(article)
        if unit is None:
            continue
        for indicator in article.indicators.all():
            if indicator.frequency == "quarter" and not indicator.formula:
                lines.add(
                    f"[到期前提醒] {unit.name} · 指标“{indicator.name}” 2024年第三季度 · 截止 2024年10月5日 · {who(unit)}"
                )
        name = f"条目“{article.label}{article.title}进展情况”"
        for year, q in QUARTERS:
            due = quarter_due(year, q)
            kind = (
                "到期前提醒"
                if due - timedelta(days=3) == ON
                else ("逾期催办" if (ON - due).days % 2 == 0 else None)
            )
            if kind:
                when = f"{due.year}年{due.month}月{due.day}日"
                lines.add(
                    f"[{kind}] {unit.name} · {name} {year}年第{CN[q - 1]}季度 · 截止 {when} · {who(unit)}"
                )
    return lines


def test_dry_run_lists_exactly_the_reminders_due_on_the_date(seed):
    from planwatch.audit.models import AuditEvent

    events = AuditEvent.objects.count()
    lines = remind("--dry-run", "--date", ON.isoformat())
    listed = {line for line in lines if line.startswith("[")}
    assert listed == expected_lines(seed, {"区发展改革局": 1, "区科技局": 1})
    assert len(listed) == len([line for line in lines if line.startswith("[")])  # no duplicates
    assert (
        lines[0]
        == f"2024年10月2日应发送的报送提醒：{len(listed)} 条，涉及 {len({line.split('] ')[1].split(' · ')[0] for line in listed})} 个单位。"
    )
    assert lines[-1] == "（试运行：未发送通知和邮件，未作记录）"
    assert not ReminderLog.objects.exists() and not Notification.objects.exists()
    assert AuditEvent.objects.count() == events  # a dry run changes nothing at all


def test_dry_run_uses_the_frozen_clock_by_default(seed, frozen, monkeypatch):
    from planwatch.reporting import clock

    monkeypatch.setattr(clock, "today", lambda: ON)
    assert remind("--dry-run") == remind("--dry-run", "--date", ON.isoformat())


def test_sending_notifies_every_reporter_once_per_day(seed, reporter):
    reporter.user.email = "fgj@example.gov.cn"
    reporter.user.save()
    due = [line for line in remind("--dry-run", "--date", ON.isoformat()) if line.startswith("[")]
    ours = [line for line in due if line.startswith(("[到期前提醒] 区发展改革局", "[逾期催办] 区发展改革局"))]
    sent = remind("--date", ON.isoformat())
    assert sent[-1] == "站内通知 2 条，邮件 1 封。"  # one per reporter of the two test units
    assert ReminderLog.objects.filter(on=ON).count() == len(due)
    note = Notification.objects.get(user=reporter.user)
    assert note.text.startswith(f"2024年10月2日，报送提醒：区发展改革局有 {len(ours)} 项待报送")
    assert note.link == f"/reporting/units/{reporter.user.profile.unit_id}/"
    assert len(mail.outbox) == 1 and mail.outbox[0].to == ["fgj@example.gov.cn"]
    assert remind("--date", ON.isoformat())[0] == "2024年10月2日已发送的报送提醒：0 条，涉及 0 个单位。"
    assert Notification.objects.count() == 2 and len(mail.outbox) == 1


def test_a_reported_item_is_not_reminded(seed, reporter):
    from planwatch.indicators.models import Indicator
    from planwatch.reporting.services.calendar import sync_rules
    from planwatch.reporting.services.submissions import rule_for, save_submission
    from planwatch.reporting.services.validation import Figure

    sync_rules(actor="test", plan=seed)
    indicator = Indicator.objects.filter(reporting_rules__unit=reporter.user.profile.unit,
                                         reporting_rules__frequency="quarter").first()  # fmt: skip
    assert indicator is not None, "the seed gives 区发展改革局 a quarterly indicator"
    before = [line for line in remind("--dry-run", "--date", ON.isoformat()) if f"“{indicator.name}”" in line]
    assert len(before) == 1
    previous = indicator.observations.get(period="2024Q2").value
    save_submission(actor=reporter.user, rule=rule_for(indicator=indicator), period="2024Q3",
                    figure=Figure(previous), on=ON)  # fmt: skip
    after = [line for line in remind("--dry-run", "--date", ON.isoformat()) if f"“{indicator.name}”" in line]
    assert after == []


def test_mail_goes_to_the_log_until_smtp_is_configured(settings, monkeypatch, caplog):
    from planwatch.reporting import mail as reporting_mail

    settings.EMAIL_BACKEND = reporting_mail.SMTP_DEFAULT
    monkeypatch.setattr(type(settings._wrapped), "is_overridden", lambda self, name: False, raising=False)
    assert reporting_mail.backend_path() == reporting_mail.LOG_BACKEND
    with caplog.at_level("INFO", logger="planwatch.mail"):
        assert reporting_mail.send([("主题", "正文", ["a@example.gov.cn"])]) == 1
    assert "a@example.gov.cn" in caplog.text and "正文" in caplog.text


def test_a_bad_date_is_a_clear_error(db):
    from django.core.management.base import CommandError

    with pytest.raises(CommandError, match="日期“2024-13-01”无效"):
        remind("--date", "2024-13-01")
