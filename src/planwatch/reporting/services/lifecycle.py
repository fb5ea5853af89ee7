"""The states of a figure (Submission) and a progress text (ArticleReport), on the one workflow.

    (new) ─draft/submit─▶ draft ─submit─▶ submitted ─approve─▶ approved, locked
                           ▲   returned ◀─return─┘  ▲              │
                           └──── draft/submit ──────┘◀──unlock─────┘ (returned, unlocked)

Every step goes through `REPORTABLE.run`, so each is re-read under a lock, guarded by a
conditional UPDATE and written with its SubmissionEvent row and audit event in the caller's
transaction: of two offices approving and returning the same figure at once, one wins and the
other is told what happened instead (a Conflict: 409 on the API, a message on the page).
"""

from __future__ import annotations

from django.db.models import Q

from planwatch.audit.services import record
from planwatch.indicators.observations import actor_user
from planwatch.progress.periods import parse_period
from planwatch.workflow import NEW, Step, Transition, Workflow

from ..errors import RACE_MESSAGE, Locked, StateConflict, UnderReview
from ..models import Action, Status, Submission, SubmissionEvent

_OPEN = frozenset({NEW, Status.DRAFT, Status.RETURNED})
_UNLOCKED = Q(locked=False)

TRANSITIONS = (
    Transition(Action.DRAFT, _OPEN, Status.DRAFT, "保存草稿", _UNLOCKED),
    Transition(Action.SUBMIT, _OPEN, Status.SUBMITTED, "报送", _UNLOCKED),
    Transition(Action.APPROVE, frozenset({Status.SUBMITTED}), Status.APPROVED, "审核通过", _UNLOCKED),
    Transition(Action.RETURN, frozenset({Status.SUBMITTED}), Status.RETURNED, "退回", _UNLOCKED),
    Transition(Action.UNLOCK, frozenset({Status.APPROVED}), Status.RETURNED, "解锁", Q(locked=True)),
)


def describe(item) -> str:
    """“指标“地区生产总值”2024年第二季度数据” / “条目“（六）…”2024年第二季度进展情况”: for messages."""
    period = parse_period(item.period).label
    if isinstance(item, Submission):
        return f"指标“{item.indicator.name}”{period}数据"
    return f"条目“{item.article.label}{item.article.title}”{period}进展情况"


def actor_name(actor) -> str:
    if actor is None:
        return "系统"
    return actor if isinstance(actor, str) else actor.get_username()


def record_step(step: Step) -> SubmissionEvent:
    """One step as a row on the item's history and as an audit event (same transaction)."""
    item, old, actor = step.obj, step.old, step.actor
    is_submission = isinstance(item, Submission)
    event = SubmissionEvent.objects.create(
        submission=item if is_submission else None, report=None if is_submission else item,
        action=step.transition.name, old_status=old, new_status=item.status, actor=actor_user(actor),
        actor_name=actor_name(actor)[:150], reason=step.reason, details=step.details,
    )  # fmt: skip
    record(actor=actor, action=step.transition.name, obj=item, before={"status": old} if old else None,
           after={"status": item.status, **step.details}, reason=step.reason)  # fmt: skip
    return event


def record_note(*, item, action: str, label: str, actor, reason: str = "", details=None) -> SubmissionEvent:
    """A step that leaves the state as it is (an evidence file removed): the same history row
    and audit event as a transition's, so the item's history tells the whole story."""
    transition = Transition(action, frozenset({item.status}), item.status, label)
    return record_step(Step(item, transition, item.status, actor, reason, details or {}))


def refusal(item, transition: Transition) -> StateConflict:
    """Why `transition` cannot run on `item` as it now stands (None: a row that is gone, or an
    equal new row someone else stored a moment earlier)."""
    if transition.name in (Action.DRAFT, Action.SUBMIT):
        if item is None:
            return StateConflict(RACE_MESSAGE)
        if item.locked:
            return Locked()
        return UnderReview()
    if item is None:
        return StateConflict("该报送已不存在，请刷新页面")
    if transition.name == Action.UNLOCK:
        return StateConflict(f"{describe(item)}未锁定，无需解锁")
    state = Status(item.status).label
    return StateConflict(
        f"{describe(item)}不是待审核状态（当前为“{state}”），不能{transition.label}；可能已由他人处理，请刷新页面"
    )


def check_open(item) -> None:
    """Refuse early (before validating the content) a change the unit cannot make now."""
    if item is not None and (item.locked or item.status not in _OPEN):
        raise refusal(item, TRANSITIONS[1])


REPORTABLE = Workflow(transitions=TRANSITIONS, record=record_step, refuse=refusal)
