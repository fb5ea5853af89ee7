"""The states of a scheme and of an appeal, on the one workflow (docs/workflow.md):

    scheme:  draft ─consult─▶ consulting ─publish─▶ published ─recompute─▶ published
             draft ─publish─▶ published (no 征求意见 round)
    appeal:  (new) ─submit─▶ submitted ─uphold─▶ upheld | ─reject─▶ rejected

Each step is an AssessmentEvent row and an audit event in the caller's transaction.
"""

from __future__ import annotations

from planwatch.audit.services import audit_event, json_safe
from planwatch.indicators.observations import actor_user
from planwatch.supervision.lifecycle import who
from planwatch.workflow import NEW, Conflict, Step, Transition, Workflow

from .models import AppealState, AssessmentEvent, SchemeState

S, A = SchemeState, AppealState
SCHEME_TRANSITIONS = (
    Transition("consult", frozenset({S.DRAFT}), S.CONSULTING, "发布征求意见"),
    Transition("publish", frozenset({S.DRAFT, S.CONSULTING}), S.PUBLISHED, "公布"),
    Transition("recompute", frozenset({S.PUBLISHED}), S.PUBLISHED, "重新计算"),
)
APPEAL_TRANSITIONS = (
    Transition("appeal", frozenset({NEW}), A.SUBMITTED, "申诉"),
    Transition("uphold", frozenset({A.SUBMITTED}), A.UPHELD, "申诉成立"),
    Transition("reject", frozenset({A.SUBMITTED}), A.REJECTED, "申诉不成立"),
)
LABELS = {t.name: t.label for t in SCHEME_TRANSITIONS + APPEAL_TRANSITIONS}


def _record(step: Step) -> AssessmentEvent:
    obj = step.obj
    is_appeal = hasattr(obj, "component")
    event = AssessmentEvent.objects.create(
        scheme_id=obj.scheme_id if is_appeal else obj.pk, appeal=obj if is_appeal else None,
        action=step.transition.name, label=step.transition.label, old_state=step.old, new_state=obj.state,
        actor=actor_user(step.actor), actor_name=who(step.actor)[:150], reason=step.reason,
        details=json_safe(step.details),
    )  # fmt: skip
    audit_event(actor=step.actor, action=f"assessment.{step.transition.name}", obj=obj,
                before={"state": step.old} if step.old else None, after={"state": obj.state, **step.details},
                reason=step.reason).save()  # fmt: skip
    return event


def _refuse_scheme(row, transition: Transition) -> Conflict:
    if row is None:
        return Conflict("该考核方案已不存在，请刷新页面")
    return Conflict(f"{row}当前为“{row.get_state_display()}”，不能{transition.label}；可能已由他人处理，请刷新页面")


def _refuse_appeal(row, transition: Transition) -> Conflict:
    if row is None:
        return Conflict("该申诉已不存在，请刷新页面")
    return Conflict(f"该申诉当前为“{row.get_state_display()}”，不能{transition.label}；可能已由他人处理，请刷新页面")


SCHEME = Workflow(transitions=SCHEME_TRANSITIONS, record=_record, refuse=_refuse_scheme, state_field="state")
APPEAL = Workflow(transitions=APPEAL_TRANSITIONS, record=_record, refuse=_refuse_appeal, state_field="state")
