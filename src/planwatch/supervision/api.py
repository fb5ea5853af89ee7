"""Supervision in the JSON API (issue 13's interface): items with their history, the lifecycle
steps, proposals, the accountability ledger and statistics.

The pages' permission question: a unit sees its own items (lead or co-operating) and acts on
those it leads; leaders and auditors read everything; only the office opens, decides and
records accountability. A step not possible now answers 409 with the pages' sentence.
"""

from __future__ import annotations

from datetime import date
from typing import Annotated, Literal

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.http import HttpResponse
from ninja import Field, File, Form, Path, Query, Router, Schema, Status
from ninja.files import UploadedFile

from planwatch.accounts.api_auth import API_AUTH
from planwatch.accounts.permissions import Action, allowed
from planwatch.api.common import check, find_unit, get_or_404, invalid, plan_or_only, user_of
from planwatch.api.errors import ERRORS, WRITE_ERRORS
from planwatch.params import MAX_ID
from planwatch.reporting import clock

from . import accountability, decisions, notices, services
from .models import AboutKind, AccountabilityMeasure, ItemState, Priority, Source, SupervisionItem
from .proposals import proposals
from .queries import Filters, visible_items, visible_measures, with_rows
from .stats import statistics

router = Router(tags=["督办与问责"], auth=API_AUTH)
ID = Annotated[int, Path(description="督办事项编号（id）", ge=1, le=MAX_ID)]
StepName = Literal["assign", "acknowledge", "progress", "request_close", "close", "return", "extend", "grant",
                   "refuse", "remind"]  # fmt: skip


class About(Schema):
    kind: Literal[tuple(AboutKind.values)] = Field(description="target / task / policy / submission / rule / project / problem")  # type: ignore[valid-type]
    id: int = Field(ge=1, le=MAX_ID)


class Event(Schema):
    action: str
    label: str
    old_state: str
    new_state: str
    actor: str
    text: str
    at: str
    files: list[str]


class ItemOut(Schema):
    id: int
    number: str = Field(description="督办〔2025〕12号")
    subject: str
    requirements: str
    state: str = Field(description="opened 已立项 / assigned 已交办 / handling 办理中 / requested 待复核 / closed 已办结")
    state_label: str
    light: str = Field(description="red / yellow / blue，空为无预警")
    light_reasons: str
    extension: str = Field(description="空 / requested 延期待批 / granted 已准予 / refused 未获批准")
    deadline: date
    original_deadline: date
    lead_unit: str
    units: list[str] = Field(description="配合单位")
    priority: str
    source: str
    source_detail: dict
    returns: int
    escalated_on: date | None
    about: list[dict]
    history: list[Event]


def item_out(item: SupervisionItem, history: bool = True) -> dict:
    events = [
        {"action": e.action, "label": e.label, "old_state": e.old_state, "new_state": e.new_state,
         "actor": e.actor_name, "text": e.reason, "at": e.at.isoformat(), "files": [f.name for f in e.files.all()]}
        for e in item.events.all()
    ] if history else []  # fmt: skip
    return {
        "id": item.pk, "number": item.number, "subject": item.subject, "requirements": item.requirements,
        "state": item.state, "state_label": item.get_state_display(), "light": item.light,
        "light_reasons": item.light_reasons, "extension": item.extension, "deadline": item.deadline,
        "original_deadline": item.original_deadline, "lead_unit": item.lead_unit.name,
        "units": sorted(u.name for u in item.co_units.all()), "priority": item.priority, "source": item.source,
        "source_detail": item.source_detail, "returns": item.returns, "escalated_on": item.escalated_on,
        "about": [{"kind": link.kind, "id": link.object_id, "label": link.label} for link in item.links.all()],
        "history": events,
    }  # fmt: skip


class ItemQuery(Schema):
    plan: str | None = Field(None, description="计划代号或编号（只有一个计划时可省略）")
    light: Literal["red", "yellow", "blue", "none"] | None = None
    state: Literal[tuple(ItemState.values)] | None = None  # type: ignore[valid-type]
    unit: str | None = Field(None, description="单位名称或编号：其牵头或配合的事项")
    source: Literal[tuple(Source.values)] | None = None  # type: ignore[valid-type]
    q: str | None = Field(None, max_length=100, description="在事项、要求和单位名称中查找")


@router.get("/supervision/items", response={200: list[ItemOut], **ERRORS}, summary="督办事项（含全过程记录）")
def list_items(request, query: Query[ItemQuery]):
    check(request, Action.VIEW)
    plan = plan_or_only(query.plan)
    filters = Filters(state=query.state or "", light=query.light or "", source=query.source or "", q=query.q or "",
                      unit=find_unit(query.unit).pk if query.unit else None)  # fmt: skip
    items = with_rows(filters.apply(visible_items(user_of(request), plan)), history=True)
    return [item_out(i) for i in items]


class ItemIn(Schema):
    plan: str | None = Field(None, description="计划代号或编号（只有一个计划时可省略）")
    subject: str = Field(max_length=200)
    requirements: str = Field(max_length=2000)
    lead_unit: str = Field(description="牵头单位名称或编号")
    units: list[str] = Field([], description="配合单位名称或编号")
    deadline: date
    about: list[About] = []
    priority: Literal[tuple(Priority.values)] = "normal"  # type: ignore[valid-type]
    source: Literal["instruction", "meeting", "manual"] = "manual"
    source_detail: dict = Field({}, description="领导批示：leader, date, text；会议议定事项：meeting, date, item")
    proposal: str = Field("", description="由督办提示立项时，提示的 key（GET /supervision/proposals）")


@router.post("/supervision/items", response={201: ItemOut, **WRITE_ERRORS}, summary="立项（仅办公室）")
def create_item(request, body: ItemIn):
    check(request, Action.REVIEW)
    plan = plan_or_only(body.plan)
    actor = user_of(request)
    with transaction.atomic():
        if body.proposal:
            item = decisions.accept(actor=actor, plan=plan, key=body.proposal, deadline=body.deadline,
                                    subject=body.subject, requirements=body.requirements, priority=body.priority)  # fmt: skip
        else:
            new = services.NewItem(
                subject=body.subject, requirements=body.requirements, lead_unit=find_unit(body.lead_unit),
                co_units=[find_unit(u) for u in body.units], deadline=body.deadline, priority=body.priority,
                source=body.source, source_detail={k: str(v)[:500] for k, v in body.source_detail.items()},
                about=[(a.kind, a.id) for a in body.about],
            )  # fmt: skip
            item = services.open_item(actor=actor, plan=plan, new=new)
    return Status(201, item_out(with_rows(SupervisionItem.objects.filter(pk=item.pk), history=True).get()))


@router.get("/supervision/items/{item_id}", response={200: ItemOut, **ERRORS}, summary="一个督办事项")
def get_item(request, item_id: ID):
    item = get_or_404(with_rows(SupervisionItem.objects.all(), history=True), "未找到该督办事项", pk=item_id)
    check(request, Action.VIEW, item)
    return item_out(item)


@router.get("/supervision/items/{item_id}/notice", response={200: None, **ERRORS}, summary="督办通知单或催办通知单（DOCX，仅办公室）")
def item_notice(request, item_id: ID, kind: Literal["assign", "remind"] = "assign"):
    item = get_or_404(SupervisionItem.objects.select_related("plan", "lead_unit"), "未找到该督办事项", pk=item_id)
    check(request, Action.REVIEW, item)
    name, data = notices.notice(item=item, kind=kind, today=clock.today())
    return notices.docx_response(name, data, HttpResponse)


class StepIn(Schema):
    text: str = Field("", max_length=2000, description="说明：进展、结果、退回原因、延期理由等")
    deadline: date | None = Field(None, description="申请延期至 / 准予延期至（不填为单位申请的日期）")


def may_step(user, item, action: str) -> bool:
    """Office steps need the office's review right; a unit's steps its lead unit (the office on its behalf)."""
    return allowed(user, Action.REVIEW if action in services.OFFICE_STEPS | {"remind"} else Action.REPORT, item)


@router.post("/supervision/items/{item_id}/{action}", response={200: ItemOut, **WRITE_ERRORS},
             summary="督办流程操作（表单提交，可附文件 files）：assign 交办 / acknowledge 签收 / progress 反馈进展 / request_close 申请办结 / "
                     "close 办结 / return 退回 / extend 申请延期 / grant 准予延期 / refuse 不予延期 / remind 催办")  # fmt: skip
def item_step(request, item_id: ID, action: Annotated[StepName, Path()], body: Form[StepIn],
              files: File[list[UploadedFile]] = None):  # fmt: skip
    item = get_or_404(SupervisionItem.objects.select_related("plan").prefetch_related("co_units"), "未找到该督办事项", pk=item_id)
    check(request, Action.VIEW, item)
    if not may_step(user_of(request), item, action):
        raise PermissionDenied("无权进行此操作")
    with transaction.atomic():
        if action == "remind":
            services.remind(actor=user_of(request), item=item, text=body.text)
        else:
            services.step(actor=user_of(request), item=item, action=action, text=body.text, deadline=body.deadline,
                          files=files or [])  # fmt: skip
    return item_out(with_rows(SupervisionItem.objects.filter(pk=item_id), history=True).get())


class ProposalOut(Schema):
    key: str = Field(description="立项或不予立项时引用")
    source: str
    subject: str
    reason: str
    unit: str | None
    kind: str
    object_id: int
    line: str


@router.get("/supervision/proposals", response={200: list[ProposalOut], **ERRORS}, summary="系统提示的督办事项（仅办公室）")
def list_proposals(request, plan: str | None = None, date: date | None = None):
    check(request, Action.REVIEW)
    if date is not None and not 2000 <= date.year <= 2099:
        raise invalid("日期应在 2000 年至 2099 年之间", "query", "date")
    p = plan_or_only(plan)
    found = proposals(plan=p, today=date or clock.today(), report_days=services.settings_for(p).report_overdue_days)
    return [{"key": x.key, "source": x.source, "subject": x.subject, "reason": x.reason, "kind": x.kind,
             "object_id": x.object_id, "unit": x.unit.name if x.unit else None, "line": x.line()} for x in found]  # fmt: skip


class DismissIn(Schema):
    plan: str | None = None
    key: str = Field(max_length=150)
    reason: str = Field(max_length=2000)


@router.post("/supervision/proposals/dismiss", response={200: dict, **WRITE_ERRORS}, summary="不予立项（仅办公室）")
def dismiss_proposal(request, body: DismissIn):
    check(request, Action.REVIEW)
    with transaction.atomic():
        decisions.dismiss(actor=user_of(request), plan=plan_or_only(body.plan), key=body.key, reason=body.reason)
    return {"detail": "已不予立项；原因变化前不再提示"}


class MeasureOut(Schema):
    id: int
    unit: str
    kind: str
    decided_on: date
    reason: str
    document: str
    items: list[str]
    files: list[str]


def measure_out(m: AccountabilityMeasure) -> dict:
    return {"id": m.pk, "unit": m.unit.name, "kind": m.kind.name, "decided_on": m.decided_on, "reason": m.reason,
            "document": m.document, "items": [i.number for i in m.items.all()], "files": [f.name for f in m.files.all()]}  # fmt: skip


@router.get("/supervision/accountability", response={200: list[MeasureOut], **ERRORS}, summary="问责台账（单位只看本单位）")
def list_measures(request, plan: str | None = None):
    check(request, Action.VIEW)
    return [measure_out(m) for m in visible_measures(user_of(request), plan_or_only(plan))]


class MeasureIn(Schema):
    plan: str | None = None
    unit: str
    kind: str = Field(description="问责措施名称，如 约谈")
    decided_on: date
    reason: str = Field(max_length=2000)
    document: str = Field("", max_length=200)
    items: list[int] = Field([], description="所涉督办事项编号（id）")


@router.post("/supervision/accountability", response={201: MeasureOut, **WRITE_ERRORS}, summary="记录问责（仅办公室）")
def create_measure(request, body: MeasureIn):
    check(request, Action.REVIEW)
    kind = accountability.kinds().filter(name=body.kind).first()
    with transaction.atomic():
        m = accountability.record_measure(actor=user_of(request), plan=plan_or_only(body.plan), unit=find_unit(body.unit),
                                          kind_id=kind.pk if kind else 0, decided_on=body.decided_on, reason=body.reason,
                                          document=body.document, item_ids=body.items)  # fmt: skip
    return Status(201, measure_out(m))


@router.get("/supervision/stats", response={200: dict, **ERRORS}, summary="督办统计：按单位按期办结率、平均办结天数、来源")
def item_stats(request, plan: str | None = None):
    check(request, Action.VIEW)
    return statistics(visible_items(user_of(request), plan_or_only(plan)))
