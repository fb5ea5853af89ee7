"""The report's section and the ledgers of tasks (具体任务) and policy measures (政策措施).

Registered from the reports app (apps.py) rather than from planwatch.tasks, so the tasks app
knows nothing of reports; it is read through its own services: `task_rows` computes each live
task's status exactly as the tasks pages and `GET /api/v1/tasks` do, here as of the report's
date (the period's last day). A plan with no live tasks and no registered policies has no such
section (its `write` returns False) and its ledgers hold only the header.
"""

from __future__ import annotations

from collections import Counter
from datetime import date

from django.db.models import Prefetch, Q
from openpyxl import Workbook

from planwatch.progress.periods import parse_period
from planwatch.reporting.models import Status
from planwatch.tasks.models import PolicyDelivery, PolicyMeasure, PolicyState, Task
from planwatch.tasks.services import NOT_REGISTERED, task_rows
from planwatch.tasks.status import STATUS_COLOURS, STATUS_LABELS, STATUSES

from . import ledgers, sections
from .facts import Facts, Scope

DATE_FORMAT = 'yyyy"年"m"月"d"日"'
OVERDUE_HEADER = ("具体任务", "条目", "牵头单位", "完成时限")
OVERDUE_WIDTHS = (56, 44, 30, 26)  # mm, inside the 156 mm text block
POLICY_DONE = (PolicyState.ISSUED, PolicyState.IN_FORCE, PolicyState.EVALUATED)


def tasks_of(scope: Scope) -> list[Task]:
    """The live tasks of the scope (a unit's: those it leads or co-operates on), with their
    status as of the scope's date."""
    tasks = Task.objects.filter(plan=scope.plan)
    if scope.unit is not None:
        tasks = tasks.filter(Q(lead_unit=scope.unit) | Q(co_units=scope.unit)).distinct()
    return task_rows(tasks=tasks, today=scope.as_of)


def policies_of(scope: Scope):
    rows = PolicyMeasure.objects.filter(plan=scope.plan).exclude(state__in=NOT_REGISTERED)
    if scope.unit is not None:
        rows = rows.filter(issuing_unit=scope.unit)
    approved = Prefetch("deliveries", PolicyDelivery.objects.filter(status=Status.APPROVED), to_attr="approved")
    rows = rows.select_related("article", "issuing_unit").prefetch_related(approved)
    return rows.order_by("article__position", "position", "pk")


def delivered(policy: PolicyMeasure, as_of: date) -> tuple[float | None, int | None, int | None]:
    """What the policy delivered in the approved periods ended by `as_of` (资金 万元, 企业, 人数);
    None where nothing was reported."""
    rows = [d for d in policy.approved if parse_period(d.period).end <= as_of]

    def total(field: str):
        values = [getattr(d, field) for d in rows if getattr(d, field) is not None]
        return sum(values) if values else None

    funds = total("funds")
    return (float(funds) if funds is not None else None), total("enterprises"), total("people")


def _cn(day: date) -> str:
    return f"{day.year}年{day.month}月{day.day}日"


# ---------------------------------------------------------------- the report's section
def tasks_section(facts: Facts, w: sections.Writer) -> bool:
    """具体任务 by status and the overdue ones in a table; 政策措施 by state."""
    tasks, policies = tasks_of(facts.scope), list(policies_of(facts.scope))
    if not tasks and not policies:
        return False
    w.sub("具体任务")
    if tasks:
        counts = Counter(t.status for t in tasks)
        parts = "、".join(f"{STATUS_LABELS[s]}{counts[s]}项" for s in STATUSES if counts[s])
        w.para(f"截至{_cn(facts.scope.as_of)}，共有具体任务{len(tasks)}项，其中{parts}。")
        overdue = sorted((t for t in tasks if t.status == "overdue"), key=lambda t: (t.due, t.pk))
        if overdue:
            w.para(f"已过完成时限、尚未经办公室确认完成（销号）的任务{len(overdue)}项：")
            rows = [(t.text, f"{t.article.label}{t.article.title}", t.lead_unit.name if t.lead_unit else "未确定", _cn(t.due)) for t in overdue]
            w.document.table(OVERDUE_HEADER, rows, OVERDUE_WIDTHS)
        else:
            w.para("没有逾期的具体任务。")
    else:
        w.para("尚未确认具体任务。")
    w.sub("政策措施")
    if policies:
        counts = Counter(p.state for p in policies)
        parts = "、".join(f"{state.label}{counts[state]}项" for state in PolicyState if counts[state])
        late = [p for p in policies if p.state not in POLICY_DONE and p.state != PolicyState.REPEALED
                and p.planned_on and p.planned_on < facts.scope.as_of]  # fmt: skip
        w.para(f"列入台账的政策措施{len(policies)}项，其中{parts}。"
               + (f"已过计划出台日期尚未出台的{len(late)}项：" + "；".join(p.name for p in late) + "。" if late else ""))  # fmt: skip
    else:
        w.para("尚未确认政策措施。")
    return True


# ---------------------------------------------------------------- the ledgers
TASK_COLUMNS = [ledgers.Column("序号", 6, "0"), ledgers.Column("条目", 24), ledgers.Column("具体任务", 44),
                ledgers.Column("牵头单位", 18), ledgers.Column("配合单位", 24),
                ledgers.Column("完成时限", 16, DATE_FORMAT), ledgers.Column("成果形式", 16),
                ledgers.Column("单位自评", 10), ledgers.Column("状态", 10)]  # fmt: skip
POLICY_COLUMNS = [ledgers.Column("序号", 6, "0"), ledgers.Column("条目", 24), ledgers.Column("政策措施", 40),
                  ledgers.Column("类型", 14), ledgers.Column("制定单位", 18),
                  ledgers.Column("计划出台日期", 16, DATE_FORMAT), ledgers.Column("文号", 24),
                  ledgers.Column("出台日期", 16, DATE_FORMAT), ledgers.Column("资金兑现", 16, '#,##0.00"万元"'),
                  ledgers.Column("惠及企业", 12, '#,##0"家"'), ledgers.Column("惠及人数", 12, '#,##0"人"'),
                  ledgers.Column("状态", 10)]  # fmt: skip
CLAIMS = {"done": "完成", "in_progress": "推进中", "not_started": "未启动"}


def tasks_ledger(scope: Scope, *, filled_by: str, on: date) -> bytes:
    """具体任务台账: every live task with its computed status (light-coloured) as of the period's end."""
    wb = Workbook()
    sheet = ledgers.Sheet(wb.active, "具体任务台账", TASK_COLUMNS, filled_by=filled_by, on=on)
    wb.active.title = "具体任务"
    for n, t in enumerate(tasks_of(scope), start=1):
        sheet.add(
            [n, f"{t.article.label}{t.article.title}", t.text, t.lead_unit.name if t.lead_unit else "",
             "、".join(u.name for u in t.co_units.all()), t.due, t.deliverable, CLAIMS.get(t.claim, ""),
             STATUS_LABELS[t.status]],
            fill=STATUS_COLOURS[t.status],
        )  # fmt: skip
    sheet.finish()
    return ledgers.to_bytes(wb)


def policy_light(policy: PolicyMeasure, as_of: date) -> str:
    """Green once issued (and after), red when its planned date passed without it, grey else."""
    if policy.state in POLICY_DONE:
        return "green"
    if policy.state != PolicyState.REPEALED and policy.planned_on and policy.planned_on < as_of:
        return "red"
    return "grey"


def policies_ledger(scope: Scope, *, filled_by: str, on: date) -> bytes:
    """政策措施台账: the register of policies (candidates and dropped ones are not on it), with what
    each delivered as approved up to the period's end."""
    wb = Workbook()
    sheet = ledgers.Sheet(wb.active, "政策措施台账", POLICY_COLUMNS, filled_by=filled_by, on=on)
    wb.active.title = "政策措施"
    for n, p in enumerate(policies_of(scope), start=1):
        sheet.add(
            [n, f"{p.article.label}{p.article.title}", p.name, p.get_kind_display(),
             p.issuing_unit.name if p.issuing_unit else "", p.planned_on, p.doc_number, p.issued_on,
             *delivered(p, scope.as_of), p.get_state_display()],
            fill=policy_light(p, scope.as_of),
        )  # fmt: skip
    sheet.finish()
    return ledgers.to_bytes(wb)


sections.register(sections.Section("tasks", "具体任务和政策措施落实情况", 40, tasks_section))
ledgers.register(ledgers.Ledger("tasks", "具体任务台账", tasks_ledger))
ledgers.register(ledgers.Ledger("policies", "政策措施台账", policies_ledger))
