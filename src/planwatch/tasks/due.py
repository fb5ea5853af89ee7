"""What a unit owes on its tasks and policies this quarter, for its 待报送 page and reminders.

Each active task a unit leads needs one progress report per quarter, and each issued policy
(已出台, 实施中, 已评估) its issuing unit one delivery report (政策兑现), both for the quarter in
progress and due on its last day: the clerk sees them on the same page as the figures, and
`planwatch remind` reminds of them on the same days as of figures (a few days before the due
date, on it), logged once per (unit, item, quarter, kind, day).
"""

from __future__ import annotations

import calendar
from collections import defaultdict
from dataclasses import dataclass
from datetime import date

from planwatch.progress import period_label
from planwatch.reporting.models import ReminderKind, Status
from planwatch.reporting.services.calendar import calendar_for
from planwatch.reporting.services.reminders import cn_date, kind_on
from planwatch.reporting.services.review import reporters_of

from .models import PolicyDelivery, PolicyMeasure, Task, TaskReminderLog, TaskReport, TaskState
from .policies import OUT
from .reports import current_period


def quarter_end(on: date) -> date:
    month = ((on.month - 1) // 3 + 1) * 3
    return date(on.year, month, calendar.monthrange(on.year, month)[1])


@dataclass(frozen=True)
class DueItem:
    """One task or policy a unit still has to report on for the quarter."""

    key: str  # "task:12" / "policy:3": the reminder log's item
    unit: object
    plan: object
    text: str
    url_name: str
    pk: int
    period: str
    due: date
    state: str  # "missing" / "draft" / "returned"

    @property
    def state_label(self) -> str:
        return {"missing": "待报送", "draft": "草稿", "returned": "已退回"}[self.state]


def _open(status_by_key: dict, key, pending=("missing", Status.DRAFT, Status.RETURNED)) -> str | None:
    state = status_by_key.get(key, "missing")
    return state if state in pending else None


def due_items(*, on: date, unit=None, plan=None) -> list[DueItem]:
    """The open task and policy reports of the quarter containing `on` (a unit's, a plan's or
    all), in four queries whatever the number of tasks."""
    period, due = current_period(on), quarter_end(on)
    tasks = Task.objects.filter(state=TaskState.ACTIVE, lead_unit__isnull=False).select_related("lead_unit", "plan")
    policies = PolicyMeasure.objects.filter(state__in=OUT, issuing_unit__isnull=False).select_related(
        "issuing_unit", "plan")
    if unit is not None:
        tasks, policies = tasks.filter(lead_unit=unit), policies.filter(issuing_unit=unit)
    if plan is not None:
        tasks, policies = tasks.filter(plan=plan), policies.filter(plan=plan)
    task_state = dict(TaskReport.objects.filter(task__in=tasks, period=period).values_list("task_id", "status"))
    policy_state = dict(PolicyDelivery.objects.filter(policy__in=policies, period=period)
                        .values_list("policy_id", "status"))  # fmt: skip
    out = []
    for t in tasks:
        if state := _open(task_state, t.pk):
            out.append(DueItem(f"task:{t.pk}", t.lead_unit, t.plan, f"任务“{t.text[:40]}”进展", "tasks:task",
                               t.pk, period, due, state))  # fmt: skip
    for p in policies:
        if state := _open(policy_state, p.pk):
            out.append(DueItem(f"policy:{p.pk}", p.issuing_unit, p.plan, f"政策“{p.name[:40]}”兑现情况",
                               "tasks:policy", p.pk, period, due, state))  # fmt: skip
    return sorted(out, key=lambda i: (i.state != Status.RETURNED, i.key.split(":")[0] != "task", i.pk))


@dataclass(frozen=True)
class TaskReminder:
    """A reminder of one DueItem; shaped like the figures' reminders so one message holds both."""

    item: DueItem
    kind: str
    recipients: tuple = ()

    @property
    def unit(self):
        return self.item.unit

    @property
    def due(self) -> date:
        return self.item.due

    @property
    def kind_label(self) -> str:
        return ReminderKind(self.kind).label

    @property
    def item_text(self) -> str:
        return f"{self.item.text} {period_label(self.item.period)}"

    def line(self) -> str:
        who = f"填报员 {len(self.recipients)} 人" if self.recipients else "该单位没有填报员账号，无法送达"
        return f"[{self.kind_label}] {self.unit.name} · {self.item_text} · 截止 {cn_date(self.due)} · {who}"


def task_reminders_due(*, on: date, plan=None) -> list[TaskReminder]:
    """The task and policy reminders a run on `on` sends (not yet logged for that day)."""
    items = due_items(on=on, plan=plan)
    logged = set(TaskReminderLog.objects.filter(on=on).values_list("unit_id", "item", "period", "kind"))
    users = defaultdict(list)
    for user in reporters_of({i.unit.pk for i in items}).select_related("profile").order_by("username"):
        users[user.profile.unit_id].append(user)
    calendars, out = {}, []
    for item in items:
        cal = calendars.setdefault(item.plan.pk, calendar_for(item.plan))
        kind = kind_on(item.due, on, cal)
        if kind and (item.unit.pk, item.key, item.period, kind) not in logged:
            out.append(TaskReminder(item, kind, tuple(users[item.unit.pk])))
    return sorted(out, key=lambda r: (r.unit.name, r.item.key))


def log_task_reminders(reminders: list[TaskReminder], on: date) -> None:
    TaskReminderLog.objects.bulk_create([
        TaskReminderLog(unit=r.unit, item=r.item.key, period=r.item.period, kind=r.kind, on=on, due_on=r.due,
                        recipients=len(r.recipients))
        for r in reminders
    ], ignore_conflicts=True)  # fmt: skip
