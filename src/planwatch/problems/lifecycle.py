"""The states of a problem, on the one workflow (planwatch.workflow, docs/workflow.md).

    (new) ─raise─▶ raised ─accept─▶ accepted ─assign─▶ coord ◀─answer─┐ (each coordinating unit)
                   raised ─decline─▶ declined         coord ──────────┘
           raised/accepted ─merge─▶ merged     coord ─resolve─▶ resolved
    resolved ─confirm─▶ confirmed ─close─▶ closed (销号);  resolved ─reject─▶ coord (未解决)

Each step is a ProblemEvent (the tasks' StepRecord) and an audit event, in the caller's
transaction. A step that leaves a stage records that stage's limit and whether it was late —
the metrics read these rows. 提请会议 is not a change of state: `note()` writes its row the same way.
"""

from __future__ import annotations

from planwatch.audit.services import audit_event, json_safe
from planwatch.indicators.observations import actor_user
from planwatch.supervision.lifecycle import who
from planwatch.workflow import NEW, Conflict, Step, Transition, Workflow

from .models import ProblemEvent
from .models import State as S

TRANSITIONS = (
    Transition("raise", frozenset({NEW}), S.RAISED, "提出"),
    Transition("accept", frozenset({S.RAISED}), S.ACCEPTED, "受理"),
    Transition("decline", frozenset({S.RAISED}), S.DECLINED, "不予受理"),
    Transition("merge", frozenset({S.RAISED, S.ACCEPTED}), S.MERGED, "合并"),
    Transition("assign", frozenset({S.ACCEPTED, S.COORDINATING}), S.COORDINATING, "交办协调"),
    Transition("answer", frozenset({S.COORDINATING}), S.COORDINATING, "答复协调措施"),
    Transition("resolve", frozenset({S.COORDINATING}), S.RESOLVED, "报告已解决"),
    Transition("confirm", frozenset({S.RESOLVED}), S.CONFIRMED, "确认已解决"),
    Transition("reject", frozenset({S.RESOLVED}), S.COORDINATING, "反馈未解决"),
    Transition("close", frozenset({S.CONFIRMED}), S.CLOSED, "销号"),
)
LABELS = {t.name: t.label for t in TRANSITIONS} | {"meeting": "提请领导小组会议", "decision": "会议议定"}


def _record(step: Step) -> ProblemEvent:
    """The history row and the audit event of one step; `_on`, `_due`, `_late` come from apply."""
    obj, details = step.obj, dict(step.details)
    on, due, late = details.pop("_on"), details.pop("_due", None), details.pop("_late", False)
    event = ProblemEvent.objects.create(
        problem=obj, action=step.transition.name, label=step.transition.label, old_state=step.old,
        new_state=obj.state, actor=actor_user(step.actor), actor_name=who(step.actor)[:150], reason=step.reason,
        details=json_safe(details), on=on, due=due, late=late,
    )  # fmt: skip
    audit_event(actor=step.actor, action=f"problems.{step.transition.name}", obj=obj,
                before={"state": step.old} if step.old else None, after={"state": obj.state, **details},
                reason=step.reason).save()  # fmt: skip
    obj.last_event = event
    return event


def _refuse(row, transition: Transition) -> Conflict:
    if row is None:
        return Conflict("该问题已不存在，请刷新页面")
    return Conflict(f"{row.number}当前为“{row.get_state_display()}”，不能{transition.label}；可能已由他人处理，请刷新页面")


FLOW = Workflow(transitions=TRANSITIONS, record=_record, refuse=_refuse, state_field="state")


def note(*, problem, action: str, actor, text: str, on, details: dict | None = None) -> ProblemEvent:
    """A history row that changes no state (提请会议, a meeting's decision): same row, same audit."""
    state = problem.state
    step = Step(problem, Transition(action, frozenset({state}), state, LABELS[action]), state, actor, text,
                {"_on": on, **(details or {})})  # fmt: skip
    return _record(step)
