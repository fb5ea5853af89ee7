"""The report's section and the ledger of supervision items (督办事项) — as they stood on the
period's last day, not as they stand when the report is written.

Registered from the reports app (apps.py), so the supervision app knows nothing of reports. An
item's standing on a day D is rebuilt from the dates its lifecycle keeps, never from its fields
of today: it exists once opened (created on or before D), is 已办结 when closed on or before D,
办理中 when assigned on or before D, else 未交办. Its light on D is the supervision rules'
(`supervision.lights.light_of`, the office's thresholds) applied to its facts on D: the deadline
in force then (the last extension granted by D, else the original one), the returns and the
refused extension recorded by D, the 签收 deadline when it was waiting for its acknowledgement —
so the report does not depend on the daily light run having run, and an extension granted after
D does not clear a red of D.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from datetime import date

from django.db.models import Prefetch, Q
from django.utils import timezone
from openpyxl import Workbook

from planwatch.reporting.services.reminders import cn_date
from planwatch.supervision import lights
from planwatch.supervision.models import (
    AccountabilityMeasure,
    ItemEvent,
    SupervisionItem,
    SupervisionSettings,
)

from . import ledgers, sections
from .facts import Facts, Scope

DATE_FORMAT = 'yyyy"年"m"月"d"日"'
CLOSED, HANDLING, WAITING = "已办结", "办理中", "未交办"
LIGHT_NAMES = {"red": "红灯", "yellow": "黄灯", "blue": "蓝灯", "": "无预警"}
LIGHT_FILLS = {"red": "red", "yellow": "yellow", "blue": "blue", "": "grey"}
RED_HEADER = ("督办事项", "牵头单位", "办理时限", "预警原因")
RED_WIDTHS = (52, 30, 26, 48)  # mm, inside the 156 mm text block


@dataclass(frozen=True)
class Standing:
    """An item on the report's day: its state, the deadline then in force, its light and why."""

    item: SupervisionItem
    state: str
    deadline: date
    light: str = ""
    reasons: str = ""

    @property
    def on_time(self) -> bool:
        """Closed by the deadline in force on the day it was closed."""
        return self.state == CLOSED and self.item.closed_on <= self.deadline


def _standing(item: SupervisionItem, on: date, rules) -> Standing:
    events = [e for e in item.events.all() if timezone.localdate(e.at) <= on]
    grants = [e for e in events if e.action == "grant"]
    deadline = date.fromisoformat(grants[-1].details["deadline"]) if grants else item.original_deadline
    if item.closed_on and item.closed_on <= on:
        return Standing(item, CLOSED, deadline)
    assigned = item.assigned_on is not None and item.assigned_on <= on
    extension = [e.action for e in events if e.action in ("extend", "grant", "refuse")]
    assign = next((e for e in events if e.action == "assign"), None)
    waiting = assigned and assign is not None and not any(e.action == "acknowledge" for e in events)
    facts = lights.Facts(deadline=deadline, returns=sum(e.action == "return" for e in events),
                         extension_refused=extension[-1:] == ["refuse"],
                         ack_due=date.fromisoformat(assign.details["ack_due"]) if waiting else None)  # fmt: skip
    light, reasons = lights.light_of(facts, on, blue_days=rules.blue_days, red_after=rules.red_after)
    return Standing(item, HANDLING if assigned else WAITING, deadline, light, "；".join(reasons))


def standings(scope: Scope) -> list[Standing]:
    """The scope's items opened by its date (a unit's: those it leads or co-operates on), in
    number order, each as it stood on that date."""
    on = scope.as_of
    items = SupervisionItem.objects.filter(plan=scope.plan, created_at__date__lte=on)
    if scope.unit is not None:
        items = items.filter(Q(lead_unit=scope.unit) | Q(co_units=scope.unit)).distinct()
    steps = Prefetch("events", ItemEvent.objects.order_by("at", "pk"))
    items = items.select_related("lead_unit").prefetch_related("co_units", steps).order_by("year", "seq")
    # the office's thresholds, or the defaults when it never set them (a report writes nothing)
    rules = SupervisionSettings.objects.filter(plan=scope.plan).first() or SupervisionSettings(plan=scope.plan)
    return [_standing(item, on, rules) for item in items]


def measures_of(scope: Scope):
    """Accountability measures decided within the period (a unit's: those taken on it)."""
    start = date(scope.period.year, scope.period.start_month, 1)
    rows = AccountabilityMeasure.objects.filter(plan=scope.plan, decided_on__gte=start, decided_on__lte=scope.as_of)
    if scope.unit is not None:
        rows = rows.filter(unit=scope.unit)
    return rows.select_related("kind", "unit").order_by("decided_on", "pk")


# ---------------------------------------------------------------- the report's section
def supervision_section(facts: Facts, w: sections.Writer) -> bool:
    """Items by state, the open ones by light, the red ones in a table; accountability."""
    rows, measures = standings(facts.scope), list(measures_of(facts.scope))
    if not rows and not measures:
        return False
    scope = facts.scope
    start = date(scope.period.year, scope.period.start_month, 1)
    if rows:
        states = Counter(r.state for r in rows)
        new = sum(1 for r in rows if timezone.localdate(r.item.created_at) >= start)
        on_time = sum(1 for r in rows if r.on_time)
        parts = [f"{CLOSED}{states[CLOSED]}项（按期办结{on_time}项）" if states[CLOSED] else "",
                 f"{HANDLING}{states[HANDLING]}项" if states[HANDLING] else "",
                 f"{WAITING}{states[WAITING]}项" if states[WAITING] else ""]  # fmt: skip
        w.para(f"截至{cn_date(scope.as_of)}，共立项督办事项{len(rows)}项（本期立项{new}项），其中"
               + "、".join(p for p in parts if p) + "。")  # fmt: skip
        open_rows = [r for r in rows if r.state != CLOSED]
        if open_rows:
            lit = Counter(r.light for r in open_rows if r.light)
            if lit:
                named = "、".join(f"{LIGHT_NAMES[k]}{lit[k]}项" for k in ("red", "yellow", "blue") if lit[k])
                w.para(f"未办结的{len(open_rows)}项中，{named}。")
            else:
                w.para(f"未办结的{len(open_rows)}项均无预警。")
        red = [r for r in open_rows if r.light == "red"]
        if red:
            w.para(f"亮红灯的督办事项{len(red)}项：")
            table = [(f"{r.item.number}{r.item.subject}", r.item.lead_unit.name, cn_date(r.deadline), r.reasons) for r in red]
            w.document.table(RED_HEADER, table, RED_WIDTHS)
    else:
        w.para(f"截至{cn_date(scope.as_of)}，尚未立项督办事项。")
    if measures:
        kinds = Counter(m.kind.name for m in measures)
        w.para(f"本期记录问责{len(measures)}项：" + "、".join(f"{k}{n}项" for k, n in kinds.items()) + "（"
               + "；".join(f"{m.unit.name}，{m.kind.name}，{cn_date(m.decided_on)}" for m in measures) + "）。")  # fmt: skip
    return True


# ---------------------------------------------------------------- the ledger
COLUMNS = [ledgers.Column("序号", 6, "0"), ledgers.Column("编号", 16), ledgers.Column("督办事项", 40),
           ledgers.Column("来源", 12), ledgers.Column("牵头单位", 18), ledgers.Column("配合单位", 24),
           ledgers.Column("立项日期", 16, DATE_FORMAT), ledgers.Column("办理时限", 16, DATE_FORMAT),
           ledgers.Column("办结日期", 16, DATE_FORMAT), ledgers.Column("预警原因", 36),
           ledgers.Column("预警", 10), ledgers.Column("状态", 10)]  # fmt: skip


def supervision_ledger(scope: Scope, *, filled_by: str, on: date) -> bytes:
    """督办事项台账: every item opened by the period's end, its state and light on that day (the
    state column coloured: green when closed, else the light's colour)."""
    wb = Workbook()
    sheet = ledgers.Sheet(wb.active, "督办事项台账", COLUMNS, filled_by=filled_by, on=on)
    wb.active.title = "督办事项"
    for n, r in enumerate(standings(scope), start=1):
        item = r.item
        sheet.add(
            [n, item.number, item.subject, item.get_source_display(), item.lead_unit.name,
             "、".join(u.name for u in item.co_units.all()), timezone.localdate(item.created_at), r.deadline,
             item.closed_on if r.state == CLOSED else None, r.reasons,
             "" if r.state == CLOSED else LIGHT_NAMES[r.light], r.state],
            fill="green" if r.state == CLOSED else LIGHT_FILLS[r.light],
        )  # fmt: skip
    sheet.finish()
    return ledgers.to_bytes(wb)


sections.register(sections.Section("supervision", "督办事项办理情况", 50, supervision_section))
ledgers.register(ledgers.Ledger("supervision", "督办事项台账", supervision_ledger))
