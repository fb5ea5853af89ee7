"""The states of a task and of a policy measure, on the one workflow (docs/workflow.md).

    task:    (new) ─import─▶ active (a 任务分解表 is the office's own decision)
             (new) ─propose─▶ proposed ─accept─▶ active ─confirm─▶ done (销号)
                └──drop──▶ dropped ◀──drop── active
    milestone: (new) ─plan─▶ open ─meet─▶ met; open ─withdraw─▶ withdrawn  (its task's history)
    policy:  (new) ─propose─▶ candidate ─accept─▶ planned ─draft─▶ drafting ─issue─▶ issued ─enforce─▶ in_force
             ─evaluate─▶ evaluated; candidate ─drop─▶ dropped; any issued state ─repeal─▶ repealed

Each step is re-read under a lock, guarded by a conditional UPDATE and written with its
TaskEvent / PolicyEvent row and audit event in the caller's transaction.
"""

from __future__ import annotations

from planwatch.audit.models import AuditEvent
from planwatch.audit.services import audit_event, json_safe
from planwatch.indicators.observations import actor_user
from planwatch.reporting.services.lifecycle import actor_name
from planwatch.workflow import NEW, Conflict, Step, Transition, Workflow

from .models import MilestoneState, PolicyEvent, PolicyState, TaskEvent, TaskState

T, P, M = TaskState, PolicyState, MilestoneState

TASK_TRANSITIONS = (
    Transition("propose", frozenset({NEW}), T.PROPOSED, "提出建议"),
    Transition("import", frozenset({NEW}), T.ACTIVE, "从任务分解表导入"),
    Transition("accept", frozenset({T.PROPOSED}), T.ACTIVE, "确认任务"),
    Transition("drop", frozenset({T.PROPOSED, T.ACTIVE}), T.DROPPED, "舍弃"),
    Transition("confirm", frozenset({T.ACTIVE}), T.DONE, "确认完成（销号）"),
)
MILESTONE_TRANSITIONS = (
    Transition("plan", frozenset({NEW}), M.OPEN, "设定阶段节点"),
    Transition("meet", frozenset({M.OPEN}), M.MET, "阶段节点达成"),
    Transition("withdraw", frozenset({M.OPEN}), M.WITHDRAWN, "撤销阶段节点"),
)
_ISSUED = frozenset({P.ISSUED, P.IN_FORCE, P.EVALUATED})
POLICY_TRANSITIONS = (
    Transition("propose", frozenset({NEW}), P.CANDIDATE, "提出候选"),
    Transition("accept", frozenset({P.CANDIDATE}), P.PLANNED, "确认政策"),
    Transition("drop", frozenset({P.CANDIDATE, P.PLANNED}), P.DROPPED, "舍弃"),
    Transition("draft", frozenset({P.PLANNED}), P.DRAFTING, "开始起草"),
    Transition("issue", frozenset({P.PLANNED, P.DRAFTING}), P.ISSUED, "出台"),
    Transition("enforce", frozenset({P.ISSUED}), P.IN_FORCE, "实施"),
    Transition("evaluate", frozenset({P.IN_FORCE}), P.EVALUATED, "评估"),
    Transition("repeal", _ISSUED, P.REPEALED, "废止"),
)


def _rows(step: Step, event_model, fk: str, state_field: str, owner=None):
    """The history row and the audit event of one step, not saved yet (`owner(obj)` is the row
    whose history it joins when that is not the object itself: a milestone's task)."""
    obj, old, actor = step.obj, step.old, step.actor
    state = getattr(obj, state_field)
    event = event_model(
        **{fk: owner(obj) if owner else obj}, action=step.transition.name, label=step.transition.label, old_state=old,
        new_state=state, actor=actor_user(actor), actor_name=actor_name(actor)[:150],
        reason=step.reason, details=json_safe(step.details),
    )  # fmt: skip
    audit = audit_event(actor=actor, action=f"{fk if owner is None else type(obj).__name__.lower()}.{step.transition.name}", obj=obj,
                        before={"state": old} if old else None, after={"state": state, **step.details},
                        reason=step.reason)  # fmt: skip
    return event, audit


def _recorder(event_model, fk: str, state_field: str = "state", owner=None):
    def record_step(step: Step):
        event, audit = _rows(step, event_model, fk, state_field, owner)
        event.save()
        audit.save()
        return event

    return record_step


def _bulk_recorder(event_model, fk: str, state_field: str = "state"):
    """Many steps' history rows and audit events in two INSERTs (an imported table)."""

    def record_steps(steps: list[Step]) -> None:
        pairs = [_rows(step, event_model, fk, state_field) for step in steps]
        event_model.objects.bulk_create([event for event, _ in pairs])
        AuditEvent.objects.bulk_create([audit for _, audit in pairs])

    return record_steps


def _refusal(noun: str, states, state_field: str = "state"):
    def refuse(row, transition: Transition) -> Conflict:
        if row is None:
            return Conflict(f"该{noun}已不存在，请刷新页面")
        state = states(getattr(row, state_field)).label
        return Conflict(
            f"{noun}“{str(row)[:30]}”当前为“{state}”，不能{transition.label}；可能已由他人处理，请刷新页面"
        )

    return refuse


TASK_FLOW = Workflow(
    transitions=TASK_TRANSITIONS, record=_recorder(TaskEvent, "task"), refuse=_refusal("任务", TaskState),
    state_field="state", record_all=_bulk_recorder(TaskEvent, "task"),
)  # fmt: skip
MILESTONE_FLOW = Workflow(
    transitions=MILESTONE_TRANSITIONS, record=_recorder(TaskEvent, "task", owner=lambda m: m.task),
    refuse=_refusal("阶段节点", MilestoneState), state_field="state",
)  # fmt: skip
POLICY_FLOW = Workflow(
    transitions=POLICY_TRANSITIONS, record=_recorder(PolicyEvent, "policy"),
    refuse=_refusal("政策措施", PolicyState), state_field="state",
)  # fmt: skip
