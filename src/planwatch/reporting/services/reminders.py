"""Reminders (催办): nobody should have to chase forty units by phone.

For every item a unit has not reported, a reminder is due on three kinds of day: a few days
before the due date (the plan's calendar says how many, default 3), on the due date, and every
N days once overdue (default 2). Each goes to every reporter of the unit as an in-app
notification and an e-mail, and is logged once per (unit, item, period, kind, date), so running
`planwatch remind` twice on a day — or a cron job that is retried — sends nothing twice.
"""

from __future__ import annotations

import logging
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date, timedelta

from planwatch.audit.services import record
from planwatch.progress.periods import Period

from .. import mail
from ..links import unit_link
from ..models import Notification, ReminderKind, ReminderLog, ReportingCalendar, ReportingRule
from .calendar import calendar_for, periods_due
from .due import build_items
from .review import reporters_of

logger = logging.getLogger("planwatch.reporting")
SHOWN_IN_MESSAGE = 8


def cn_date(day: date) -> str:
    return f"{day.year}年{day.month}月{day.day}日"


@dataclass(frozen=True)
class Reminder:
    rule: ReportingRule
    period: Period
    due: date
    kind: str
    recipients: tuple = ()

    @property
    def unit(self):
        return self.rule.unit

    @property
    def kind_label(self) -> str:
        return ReminderKind(self.kind).label

    @property
    def item_text(self) -> str:
        what = (
            f"指标“{self.rule.indicator.name}”" if self.rule.indicator_id else f"条目“{self.rule.item_name}”"
        )
        return f"{what} {self.period.label}"

    def line(self) -> str:
        """One line of `planwatch remind` output."""
        who = f"填报员 {len(self.recipients)} 人" if self.recipients else "该单位没有填报员账号，无法送达"
        return f"[{self.kind_label}] {self.unit.name} · {self.item_text} · 截止 {cn_date(self.due)} · {who}"


def kind_on(due: date, on: date, calendar: ReportingCalendar) -> str | None:
    """Which reminder (if any) an unreported item with this due date gets on `on`."""
    before = calendar.remind_days_before
    if before and on == due - timedelta(days=before):
        return ReminderKind.BEFORE
    if on == due:
        return ReminderKind.DUE
    if on > due and (on - due).days % max(calendar.overdue_every, 1) == 0:
        return ReminderKind.OVERDUE
    return None


def _rules(plan=None):
    rules = ReportingRule.objects.filter(active=True, unit__isnull=False).select_related(
        "plan", "unit", "indicator__article", "article"
    )
    return list(rules.filter(plan=plan) if plan is not None else rules)


def reminders_due(*, on: date, plan=None) -> list[Reminder]:
    """The reminders a run on `on` sends: unreported items whose reminder day it is, not yet
    logged for that day. Ordered by unit, due date and item."""
    rules = _rules(plan)
    calendars = {p.pk: calendar_for(p) for p in {r.plan for r in rules}}
    pairs, kinds = [], {}
    for rule in rules:
        for period, due in periods_due(rule, on, calendar=calendars[rule.plan_id]):
            kind = kind_on(due, on, calendars[rule.plan_id])
            if kind:
                pairs.append((rule, period, due))
                kinds[(rule.pk, period.code)] = kind
    logged = set(ReminderLog.objects.filter(on=on).values_list("unit_id", "rule_id", "period", "kind"))
    users = defaultdict(list)
    for user in reporters_of({r.unit_id for r, _, _ in pairs}).select_related("profile").order_by("username"):
        users[user.profile.unit_id].append(user)
    out = []
    for item in build_items(pairs, on):
        rule, kind = item.rule, kinds[(item.rule.pk, item.period.code)]
        if item.reported or (rule.unit_id, rule.pk, item.period.code, kind) in logged:
            continue
        out.append(Reminder(rule, item.period, item.due, kind, tuple(users[rule.unit_id])))
    return sorted(out, key=lambda r: (r.unit.name, r.due, r.rule.kind != "indicator", r.rule.pk))


@dataclass
class SendResult:
    reminders: list[Reminder] = field(default_factory=list)
    notifications: int = 0
    emails: int = 0
    failed: int = 0


def _message(unit, reminders: list[Reminder], on: date) -> tuple[str, str]:
    """(subject, text) of one recipient's reminder for `on`."""
    overdue = sum(r.kind == ReminderKind.OVERDUE for r in reminders)
    subject = f"报送提醒：{unit.name}有 {len(reminders)} 项待报送" + (
        f"（{overdue} 项已逾期）" if overdue else ""
    )
    lines = [f"{r.item_text}，截止 {cn_date(r.due)}（{r.kind_label}）" for r in reminders[:SHOWN_IN_MESSAGE]]
    more = len(reminders) - SHOWN_IN_MESSAGE
    if more > 0:
        lines.append(f"……另有 {more} 项")
    return subject, "\n".join(
        [f"{cn_date(on)}，{subject}：", *lines, "请登录 planwatch 的“待报送”页面填报。"]
    )


def _deliver(by_user: dict, on: date, result: SendResult) -> None:
    notes, mails = [], []
    for user, (unit, reminders) in by_user.items():
        subject, text = _message(unit, reminders, on)
        notes.append(Notification(user=user, text=text, link=unit_link(unit.pk)))
        if user.email:
            mails.append((f"[planwatch] {subject}", text, [user.email]))
    Notification.objects.bulk_create(notes)
    result.notifications = len(notes)
    for message in mails:
        try:
            result.emails += mail.send([message])
        except Exception:  # an unreachable server must not lose the in-app reminders
            logger.exception("催办邮件发送失败：%s", message[2])
            result.failed += 1


def send_reminders(*, actor, on: date, plan=None, extra=()) -> SendResult:
    """Send the reminders due on `on` (notifications, e-mails) and log them; audited. `extra`:
    other items' reminders (the tasks app's quarterly task and policy reports: same `unit`,
    `item_text`, `due`, `kind`, `recipients`) sent in the same message; their caller logs them."""
    result = SendResult(reminders=reminders_due(on=on, plan=plan))
    by_user: dict = {}
    for reminder in [*result.reminders, *extra]:
        for user in reminder.recipients:
            by_user.setdefault(user, (reminder.unit, []))[1].append(reminder)
    _deliver(by_user, on, result)
    logs = [
        ReminderLog(
            unit_id=r.rule.unit_id,
            rule=r.rule,
            period=r.period.code,
            kind=r.kind,
            on=on,
            due_on=r.due,
            recipients=len(r.recipients),
        )  # fmt: skip
        for r in result.reminders
    ]
    ReminderLog.objects.bulk_create(logs, ignore_conflicts=True)
    if result.reminders or extra:
        after = {"date": on.isoformat(), "reminders": len(logs) + len(extra), "notifications": result.notifications,
                 "emails": result.emails, "failed": result.failed}  # fmt: skip
        record(actor=actor, action="remind", after=after, reason="报送催办")
    return result
