"""An issued policy's document file and what it delivered each period (政策兑现).

    document:  the office (or the issuing unit) uploads the issued 文件; checked like evidence
               (size limit, content judged by planwatch/filetypes.py) and kept outside static/.
    delivery:  (new) ─submit─▶ submitted ─approve─▶ approved (locked)
                  returned ◀─return─┘   ▲
                      └──── submit ─────┘
               the issuing unit reports, for the quarter in progress, the funds paid out (资金兑现,
               万元), the enterprises and the people it reached; the office approves or returns.
               Only a policy that is out (已出台, 实施中, 已评估) delivers anything.
"""

from __future__ import annotations

from decimal import Decimal, InvalidOperation

from django.db.models import Q
from django.utils import timezone

from planwatch.audit.services import record
from planwatch.indicators.observations import actor_user
from planwatch.reporting.errors import ReportingError
from planwatch.reporting.models import Status
from planwatch.reporting.services.evidence import _write, check_file
from planwatch.workflow import NEW, Transition, Workflow

from .lifecycle import _recorder, _refusal
from .models import PolicyDelivery, PolicyDeliveryEvent, PolicyDocument, PolicyMeasure, PolicyState
from .reports import _period_key, current_period
from .services import TaskError

OUT = frozenset({PolicyState.ISSUED, PolicyState.IN_FORCE, PolicyState.EVALUATED})
MAX_FUNDS = Decimal("99999999")  # 万元: a typo guard, far above any district's budget
_OPEN = frozenset({NEW, Status.DRAFT, Status.RETURNED})
_UNLOCKED = Q(locked=False)
DELIVERY_FLOW = Workflow(
    transitions=(
        Transition("submit", _OPEN, Status.SUBMITTED, "报送兑现情况", _UNLOCKED),
        Transition("approve", frozenset({Status.SUBMITTED}), Status.APPROVED, "审核通过", _UNLOCKED),
        Transition("return", frozenset({Status.SUBMITTED}), Status.RETURNED, "退回", _UNLOCKED),
    ),
    record=_recorder(PolicyDeliveryEvent, "delivery", "status"),
    refuse=_refusal("政策兑现报送", Status, "status"),
)  # fmt: skip


def attach_document(*, actor, policy: PolicyMeasure, upload) -> PolicyDocument:
    """Keep the issued policy's document file (audited); refused before anything is written."""
    if policy.state not in OUT:
        raise TaskError(f"政策“{policy.name[:30]}”尚未出台，不能上传政策文件")
    try:
        name, content_type = check_file(upload)
    except ReportingError as exc:
        raise TaskError(str(exc)) from exc
    doc = PolicyDocument(policy=policy, name=name, content_type=content_type, size=upload.size,
                         uploaded_by=actor_user(actor))  # fmt: skip
    doc.sha256 = _write(doc, upload)
    doc.save()
    record(actor=actor, action="create", obj=doc, reason="上传政策文件",
           after={"name": name, "size": upload.size, "sha256": doc.sha256, "policy": policy.name})  # fmt: skip
    return doc


def _amount(text, what: str, *, whole: bool) -> Decimal | int | None:
    text = str(text if text is not None else "").strip().replace(",", "")
    if not text:
        return None
    try:
        value = Decimal(text)
    except InvalidOperation:
        raise TaskError(f"{what}“{text}”不是数字") from None
    if value < 0 or value > MAX_FUNDS or (whole and value != value.to_integral_value()):
        raise TaskError(f"{what}“{text}”应为{'不小于 0 的整数' if whole else '0 到 99999999 之间的数'}")
    return int(value) if whole else value.quantize(Decimal("0.01"))


def submit_delivery(*, actor, policy: PolicyMeasure, funds="", enterprises="", people="",
                    note: str = "") -> PolicyDelivery:  # fmt: skip
    """The issuing unit's figures for the quarter in progress (a returned report is resent)."""
    policy.refresh_from_db(fields=["state", "issuing_unit"])
    if policy.state not in OUT:
        raise TaskError(f"政策“{policy.name[:30]}”尚未出台，没有兑现情况可报")
    if policy.issuing_unit_id is None:
        raise TaskError("该政策尚未确定制定单位，请联系领导小组办公室")
    values = (_amount(funds, "资金兑现", whole=False), _amount(enterprises, "惠及企业数", whole=True),
              _amount(people, "惠及人数", whole=True))  # fmt: skip
    note = (note or "").strip()
    if all(v is None for v in values) and not note:
        raise TaskError("请至少填写资金兑现、惠及企业、惠及人数或兑现情况说明中的一项")
    period = current_period()
    row = PolicyDelivery.objects.filter(policy=policy, period=period).first() or PolicyDelivery(
        policy=policy, unit_id=policy.issuing_unit_id, period=period, period_key=_period_key(period))

    def apply(obj):
        obj.funds, obj.enterprises, obj.people = values
        obj.note = note
        obj.submitted_at, obj.submitted_by = timezone.now(), actor_user(actor)
        obj.first_submitted_at = obj.first_submitted_at or obj.submitted_at
        return {"funds": values[0], "enterprises": values[1], "people": values[2]}

    return DELIVERY_FLOW.run("submit", actor=actor, obj=row, apply=apply)


def review_delivery(*, actor, delivery: PolicyDelivery, action: str, reason: str = "") -> PolicyDelivery:
    if action == "return" and not reason.strip():
        raise TaskError("退回须写明原因")
    if action not in ("approve", "return"):
        raise TaskError(f"未知操作：{action}")

    def apply(row):
        row.reviewed_at, row.reviewed_by, row.locked = timezone.now(), actor_user(actor), action == "approve"
        if action == "return":
            row.reason = reason.strip()
        return {}

    return DELIVERY_FLOW.run(action, actor=actor, obj=delivery, reason=reason.strip(), apply=apply)


def delivered(policy: PolicyMeasure) -> dict:
    """The policy's approved totals (资金 万元, 企业, 人数) over every period so far."""
    rows = [d for d in policy.deliveries.all() if d.status == Status.APPROVED]
    return {"funds": sum((d.funds or 0 for d in rows), Decimal("0")),
            "enterprises": sum(d.enterprises or 0 for d in rows), "people": sum(d.people or 0 for d in rows)}  # fmt: skip
