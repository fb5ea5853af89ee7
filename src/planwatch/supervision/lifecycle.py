"""The states of a supervision item, on the one workflow (planwatch.workflow, docs/workflow.md).

    item:       (new) ─open─▶ opened ─assign─▶ assigned ─acknowledge─▶ handling ◀─progress─┐
                handling ─request_close─▶ requested ─close─▶ closed                      │
                                          requested ─return─▶ handling ──────────────────┘
    extension:  '' / granted / refused ─extend─▶ requested ─grant─▶ granted
                                                            └refuse─▶ refused

Two workflows on one row: `state` for the item, `extension` for its extension request, both
writing ItemEvent rows (the tasks' StepRecord pattern) and audit events in the caller's
transaction. 催办 is not a change of state: `note()` writes its history row the same way.
"""

from __future__ import annotations

from django.db.models import Q

from planwatch.accounts.people import person
from planwatch.audit.services import audit_event, json_safe
from planwatch.indicators.observations import actor_user
from planwatch.workflow import NEW, Conflict, Step, Transition, Workflow

from .models import Extension, ItemEvent, ItemState

S, E = ItemState, Extension
_LIVE = frozenset({S.ASSIGNED, S.HANDLING, S.REQUESTED})

ITEM_TRANSITIONS = (
    Transition("open", frozenset({NEW}), S.OPENED, "立项"),
    Transition("assign", frozenset({S.OPENED}), S.ASSIGNED, "交办"),
    Transition("acknowledge", frozenset({S.ASSIGNED}), S.HANDLING, "签收"),
    Transition("progress", frozenset({S.HANDLING}), S.HANDLING, "反馈办理进展"),
    Transition("request_close", frozenset({S.HANDLING}), S.REQUESTED, "申请办结"),
    Transition("close", frozenset({S.REQUESTED}), S.CLOSED, "复核办结"),
    Transition("return", frozenset({S.REQUESTED}), S.HANDLING, "退回"),
)
EXTENSION_TRANSITIONS = (
    Transition("extend", frozenset({E.NONE, E.GRANTED, E.REFUSED}), E.REQUESTED, "申请延期", Q(state__in=_LIVE)),
    Transition("grant", frozenset({E.REQUESTED}), E.GRANTED, "准予延期"),
    Transition("refuse", frozenset({E.REQUESTED}), E.REFUSED, "不予延期"),
)


def who(actor) -> str:
    """How the history names the actor: by name and unit (张三（区发展改革局）), 系统, or a command's name."""
    return actor if isinstance(actor, str) else person(actor)


def _record(step: Step) -> ItemEvent:
    """The history row and the audit event of one step (old and new of the state it moved)."""
    obj, field = step.obj, step.details.pop("_field", "state")
    new = getattr(obj, field)
    event = ItemEvent.objects.create(
        item=obj, action=step.transition.name, label=step.transition.label, old_state=step.old,
        new_state=new, actor=actor_user(step.actor), actor_name=who(step.actor)[:150],
        reason=step.reason, details=json_safe(step.details),
    )  # fmt: skip
    audit_event(actor=step.actor, action=f"supervision.{step.transition.name}", obj=obj,
                before={field: step.old} if step.old else None, after={field: new, **step.details},
                reason=step.reason).save()  # fmt: skip
    obj.last_event = event
    return event


def _refusal(labels):
    def refuse(row, transition: Transition) -> Conflict:
        if row is None:
            return Conflict("该督办事项已不存在，请刷新页面")
        if transition.name == "extend" and row.state not in _LIVE:
            return Conflict(f"{row.number}当前为“{row.get_state_display()}”，不能申请延期")
        now = row.get_extension_display() if labels is Extension else row.get_state_display()
        return Conflict(f"{row.number}当前为“{now}”，不能{transition.label}；可能已由他人处理，请刷新页面")

    return refuse


def _record_extension(step: Step) -> ItemEvent:
    step.details["_field"] = "extension"
    return _record(step)


ITEM_FLOW = Workflow(transitions=ITEM_TRANSITIONS, record=_record, refuse=_refusal(ItemState), state_field="state")
EXTENSION_FLOW = Workflow(transitions=EXTENSION_TRANSITIONS, record=_record_extension, refuse=_refusal(Extension),
                          state_field="extension")  # fmt: skip
FLOWS = {t.name: ITEM_FLOW for t in ITEM_TRANSITIONS} | {t.name: EXTENSION_FLOW for t in EXTENSION_TRANSITIONS}


def note(*, item, action: str, label: str, actor, text: str, details: dict | None = None) -> ItemEvent:
    """A history row that changes no state (催办, a notice printed): same row, same audit."""
    step = Step(item, Transition(action, frozenset({item.state}), item.state, label), item.state, actor, text,
                dict(details or {}))  # fmt: skip
    return _record(step)
