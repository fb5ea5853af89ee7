"""Supervision items: open, step, light, notify (DESIGN §2: keyword-only, actor first; the edge
owns the transaction).

Who may do a step is asked of `allowed` at the edge (views, API); the services check what does
not depend on the state (a text's length, a deadline's date) before the workflow runs, so a
refused request writes nothing.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from django.db.models import Max

from planwatch.reporting import clock
from planwatch.reporting.services.reminders import cn_date
from planwatch.reporting.services.review import notify_unit
from planwatch.workflow.workdays import add_workdays

from . import lights
from .errors import SupervisionError
from .files import attach
from .lifecycle import FLOWS, note
from .links import resolve_about
from .models import Extension, ItemState, LightChange, Priority, Source, SupervisionItem, SupervisionSettings

TEXT_MAX, SUBJECT_MAX = 2000, 200
# The steps and what each needs from its body: a text always for these, a deadline for extend.
NEEDS_TEXT = {"progress": "办理进展", "request_close": "办理结果", "return": "退回原因", "extend": "延期理由",
              "refuse": "不予延期的理由"}  # fmt: skip
OFFICE_STEPS = frozenset({"assign", "close", "return", "grant", "refuse"})
UNIT_STEPS = frozenset({"acknowledge", "progress", "request_close", "extend"})


def settings_for(plan) -> SupervisionSettings:
    """The plan's settings, created with the defaults on first use."""
    return SupervisionSettings.objects.get_or_create(plan=plan)[0]


def item_link(item) -> str:
    return f"/supervision/items/{item.pk}/"


@dataclass
class NewItem:
    """What the office decides when it opens an item (立项)."""

    subject: str
    requirements: str
    lead_unit: object
    deadline: date
    co_units: list = field(default_factory=list)
    priority: str = Priority.NORMAL
    source: str = Source.MANUAL
    source_detail: dict = field(default_factory=dict)
    about: list = field(default_factory=list)  # [(kind, id)]

    def check(self, today: date) -> None:
        if not (self.subject or "").strip():
            raise SupervisionError("请填写督办事项")
        if len(self.subject) > SUBJECT_MAX:
            raise SupervisionError(f"督办事项最多 {SUBJECT_MAX} 个字")
        if not (self.requirements or "").strip():
            raise SupervisionError("请填写督办要求")
        if len(self.requirements) > TEXT_MAX:
            raise SupervisionError(f"督办要求最多 {TEXT_MAX} 个字")
        if self.deadline < today:
            raise SupervisionError(f"办理时限（{cn_date(self.deadline)}）不能早于今天")
        if self.priority not in Priority.values or self.source not in Source.values:
            raise SupervisionError("紧急程度或来源无效")
        if self.source == Source.INSTRUCTION and not (self.source_detail.get("leader") and self.source_detail.get("text")):
            raise SupervisionError("领导批示须写明批示领导和批示内容")
        if self.source == Source.MEETING and not (self.source_detail.get("meeting") and self.source_detail.get("item")):
            raise SupervisionError("会议议定事项须写明会议名称和议定事项")


def open_item(*, actor, plan, new: NewItem, files=(), today: date | None = None) -> SupervisionItem:
    """立项: number it 督办〔YYYY〕N号 (the next of the plan's year) and store it with its links."""
    today = today or clock.today()
    new.check(today)
    about = resolve_about(plan, new.about)
    co = [u for u in new.co_units if u.pk != new.lead_unit.pk]
    seq = (SupervisionItem.objects.filter(plan=plan, year=today.year).aggregate(m=Max("seq"))["m"] or 0) + 1
    item = SupervisionItem(
        plan=plan, year=today.year, seq=seq, subject=new.subject.strip(), requirements=new.requirements.strip(),
        lead_unit=new.lead_unit, deadline=new.deadline, original_deadline=new.deadline, priority=new.priority,
        source=new.source, source_detail=new.source_detail,
    )  # fmt: skip
    detail = {"deadline": new.deadline.isoformat(), "lead_unit": new.lead_unit.name, "source": new.source}
    item = FLOWS["open"].run("open", actor=actor, obj=item, reason=new.subject, apply=lambda row: detail)
    item.co_units.set(co)
    for link in about:
        link.item = item
        link.save()
    for upload in files:
        attach(actor=actor, item=item, event=item.last_event, upload=upload)
    refresh_light(item=item, today=today)
    return item


def step(*, actor, item, action: str, text: str = "", deadline: date | None = None, files=(),
         today: date | None = None) -> SupervisionItem:  # fmt: skip
    """One step of the lifecycle (`assign` … `refuse`, lifecycle.py) with its text and files;
    notifies the units of what concerns them and recomputes the light."""
    today = today or clock.today()
    if action not in FLOWS or action == "open":
        raise SupervisionError(f"未知的督办操作“{action}”")
    text = (text or "").strip()
    if action in NEEDS_TEXT and not text:
        raise SupervisionError(f"请填写{NEEDS_TEXT[action]}")
    if len(text) > TEXT_MAX:
        raise SupervisionError(f"说明最多 {TEXT_MAX} 个字")
    if action == "request_close" and not files:
        raise SupervisionError("申请办结须上传佐证材料")
    if action in ("extend", "grant"):
        deadline = _new_deadline(item, deadline, today, action)
    row = FLOWS[action].run(action, actor=actor, obj=item, reason=text,
                            apply=lambda row: _apply(row, action, today, deadline))  # fmt: skip
    for upload in files:
        attach(actor=actor, item=row, event=row.last_event, upload=upload)
    _tell(row, action, text)
    refresh_light(item=row, today=today)
    return row


def _new_deadline(item, deadline, today, action) -> date | None:
    if deadline is None:
        if action == "grant":
            return None  # the date the unit asked for
        raise SupervisionError("请填写申请延期至的日期")
    if deadline <= item.deadline or deadline < today:
        raise SupervisionError(f"延期后的时限须晚于现办理时限（{cn_date(item.deadline)}）")
    return deadline


def _apply(row, action: str, today: date, deadline: date | None) -> dict:
    """The fields a step sets on the fresh row; returns details for the history row."""
    if action == "assign":
        ack = settings_for(row.plan).ack_workdays
        row.assigned_on, row.ack_due = today, add_workdays(today, ack)
        return {"ack_due": row.ack_due.isoformat()}
    if action == "acknowledge":
        row.acknowledged_on, row.ack_due = today, None
    elif action == "return":
        row.returns += 1
        return {"returns": row.returns}
    elif action == "close":
        row.closed_on = today
    elif action == "extend":
        return {"deadline": deadline.isoformat()}
    elif action == "grant":
        asked = deadline or _asked_deadline(row)
        row.deadline = asked
        return {"deadline": asked.isoformat()}
    return {}


def _asked_deadline(row) -> date:
    asked = row.events.filter(action="extend").order_by("-at", "-pk").values_list("details", flat=True).first()
    return date.fromisoformat(asked["deadline"])


def _tell(row, action: str, text: str) -> None:
    """The units hear of what the office decided (交办 to all its units; the rest to the lead)."""
    link, label = item_link(row), FLOWS[action].transitions[action].label
    if action == "assign":
        words = f"{row.number}“{row.subject}”已交办贵单位，办理时限 {cn_date(row.deadline)}，请于 {cn_date(row.ack_due)} 前签收。"
        for unit_id in row.unit_ids():
            notify_unit(unit_id=unit_id, text=words, link=link)
    elif action in OFFICE_STEPS:
        extra = f"：{text}" if text else ""
        notify_unit(unit_id=row.lead_unit_id, text=f"{row.number}“{row.subject}”{label}{extra}", link=link)


def remind(*, actor, item, text: str = "", today: date | None = None) -> int:
    """催办: a notice to every reporter of the item's units, and a row on its history."""
    today = today or clock.today()
    if item.state not in (ItemState.ASSIGNED, ItemState.HANDLING):
        raise SupervisionError(f"{item.number}当前为“{item.get_state_display()}”，无需催办")
    words = text.strip() or f"请抓紧办理，办理时限 {cn_date(item.deadline)}。"
    sent = sum(notify_unit(unit_id=u, text=f"催办：{item.number}“{item.subject}”，{words}", link=item_link(item))
               for u in item.unit_ids())  # fmt: skip
    note(item=item, action="remind", label="催办", actor=actor, text=words)
    return sent


def facts_of(item: SupervisionItem) -> lights.Facts:
    return lights.Facts(
        deadline=item.deadline, closed=item.state == ItemState.CLOSED, returns=item.returns,
        extension_refused=item.extension == Extension.REFUSED,
        ack_due=item.ack_due if item.state == ItemState.ASSIGNED else None,
    )  # fmt: skip


def refresh_light(*, item: SupervisionItem, today: date, rules: SupervisionSettings | None = None) -> LightChange | None:
    """Recompute the item's light; a change is a LightChange row, notifies the lead unit, and a
    turn to red escalates it (the leaders' page, the office's weekly list)."""
    rules = rules or settings_for(item.plan)
    light, reasons = lights.light_of(facts_of(item), today, blue_days=rules.blue_days, red_after=rules.red_after)
    why = "；".join(reasons)
    if light == item.light:
        if why != item.light_reasons:
            SupervisionItem.objects.filter(pk=item.pk).update(light_reasons=why)
            item.light_reasons = why
        return None
    old, item.light, item.light_reasons = item.light, light, why
    fields = {"light": light, "light_reasons": why}
    if light == lights.RED and item.escalated_on is None:
        item.escalated_on = fields["escalated_on"] = today
    SupervisionItem.objects.filter(pk=item.pk).update(**fields)
    notified = 0
    if item.state != ItemState.OPENED:  # an item not yet sent concerns nobody outside the office
        words = f"{item.number}“{item.subject}”预警变为{lights.LIGHT_LABELS[light]}" + (f"：{why}" if why else "")
        notified = notify_unit(unit_id=item.lead_unit_id, text=words, link=item_link(item))
    return LightChange.objects.create(item=item, on=today, old=old, new=light, reasons=why, notified=notified)


def refresh_lights(*, plan=None, today: date) -> list[LightChange]:
    """The daily run (`planwatch supervision lights`): every item not closed, in number order."""
    items = SupervisionItem.objects.exclude(state=ItemState.CLOSED, light="").select_related("plan")
    if plan is not None:
        items = items.filter(plan=plan)
    rules = {s.plan_id: s for s in SupervisionSettings.objects.all()}
    changes = []
    for item in items.prefetch_related("co_units").order_by("plan_id", "year", "seq"):
        if item.plan_id not in rules:
            rules[item.plan_id] = settings_for(item.plan)
        if change := refresh_light(item=item, today=today, rules=rules[item.plan_id]):
            changes.append(change)
    return changes


def update_settings(*, actor, plan, values: dict) -> SupervisionSettings:
    """The office changes N, M, the 签收 working days …; audited with before and after."""
    from planwatch.audit.services import record, snapshot

    rules = settings_for(plan)
    before = snapshot(rules)
    for name, value in values.items():
        setattr(rules, name, value)
    rules.save()
    record(actor=actor, action="update", obj=rules, before=before, after=snapshot(rules), reason="修改督办设置")
    return rules
