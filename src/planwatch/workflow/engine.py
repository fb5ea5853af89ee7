"""Transitions declared per model, run under a row lock with a conditional UPDATE as the guard.

Why both a lock and a conditional UPDATE: on PostgreSQL `select_for_update` makes a second
request wait until the first commits and then read the new state, so it is refused with a
clear message instead of acting on a stale copy; on SQLite (no row locks) the transaction takes
the database's write lock at its start (`transaction_mode IMMEDIATE` in settings), and the
`UPDATE … WHERE pk = … AND state = <state read>` is the guard that holds on any backend and
isolation level: a request whose state changed under it updates no row and is refused.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import Any

from django.db import IntegrityError, models, transaction
from django.db.models import Q

from planwatch.plans.errors import StoreError

NEW = ""  # the state of a row not stored yet: a transition that may create its row lists it


class Conflict(StoreError):
    """The row is not (or no longer) in a state the transition starts from — usually because
    someone else acted on it first. One line of Chinese; the API answers 409."""


@dataclass(frozen=True)
class Transition:
    """One allowed change: from any of `sources` to `target`, when the row also matches `guard`
    (a Q on the row's own fields, checked by the database in the same UPDATE). `label` is the
    Chinese verb for messages (审核通过, 退回 …)."""

    name: str
    sources: frozenset[str]
    target: str
    label: str
    guard: Q = field(default_factory=Q)


@dataclass
class Step:
    """What one run did, handed to the workflow's recorder for the history row and audit event."""

    obj: models.Model
    transition: Transition
    old: str
    actor: Any
    reason: str = ""
    details: dict = field(default_factory=dict)


Apply = Callable[[models.Model], dict | None]
Refuse = Callable[[models.Model | None, Transition], Conflict]


class Workflow:
    """The transitions of one model (or of models sharing a state field and a history).

    `record(step)` writes the history row and the audit event; `refuse(row, transition)` builds
    the Conflict for a row that is not in a source state (row None: it was deleted, or a new row
    lost a race to an equal one). `record_all(steps)` records many steps at once (for
    `create_all`); without it each step is recorded on its own."""

    def __init__(
        self, *, transitions: Iterable[Transition], record: Callable[[Step], Any], refuse: Refuse,
        state_field: str = "status", record_all: Callable[[list[Step]], Any] | None = None,
    ) -> None:  # fmt: skip
        self.transitions = {t.name: t for t in transitions}
        self.record = record
        self.record_all = record_all or (lambda steps: [record(step) for step in steps])
        self.refuse = refuse
        self.state_field = state_field

    def run(self, name: str, *, actor, obj: models.Model, reason: str = "", apply: Apply | None = None):
        """Move `obj` (a stored row, or a new one if the transition allows NEW) along transition
        `name`: `apply(row)` sets the change's other fields on the fresh row and may write its
        side effects (it returns details for the history row); the row is saved, then recorded.
        Returns the fresh row. Raises Conflict, leaving the database as it was for the caller to
        roll back. Must run inside the edge's transaction (`transaction.atomic`)."""
        if not transaction.get_connection().in_atomic_block:
            raise RuntimeError("Workflow.run needs the caller's transaction.atomic()")
        transition = self.transitions[name]
        if obj.pk is None:
            return self._create(transition, actor=actor, obj=obj, reason=reason, apply=apply)
        row, old = self._claim(transition, obj)
        details = (apply(row) if apply else None) or {}
        row.save()
        self.record(Step(row, transition, old, actor, reason, details))
        return row

    def create_all(self, name: str, *, actor, objs: list[models.Model], reason: str = "") -> list[models.Model]:
        """Store many new rows along one creating transition (a task-breakdown table's 300 rows):
        one INSERT for the rows in a savepoint (an equal row stored meanwhile is a Conflict for
        the lot), then their steps recorded together. Same transaction rules as `run`."""
        if not transaction.get_connection().in_atomic_block:
            raise RuntimeError("Workflow.create_all needs the caller's transaction.atomic()")
        transition = self.transitions[name]
        if NEW not in transition.sources:
            raise ValueError(f"transition {transition.name} cannot create a row")
        for obj in objs:
            setattr(obj, self.state_field, transition.target)
        try:
            with transaction.atomic():
                rows = type(objs[0])._default_manager.bulk_create(objs) if objs else []
        except IntegrityError as exc:
            raise self.refuse(None, transition) from exc
        self.record_all([Step(row, transition, NEW, actor, reason) for row in rows])
        return rows

    def _claim(self, transition: Transition, obj: models.Model) -> tuple[models.Model, str]:
        """Lock and re-read the row, then move its state with the conditional UPDATE."""
        manager = type(obj)._default_manager
        row = manager.select_for_update().filter(pk=obj.pk).first()
        if row is None:
            raise self.refuse(None, transition)
        old = getattr(row, self.state_field)
        claimed = old in transition.sources and (
            manager.filter(Q(pk=row.pk, **{self.state_field: old}) & transition.guard).update(
                **{self.state_field: transition.target}
            )
            == 1
        )
        if not claimed:
            raise self.refuse(row, transition)
        setattr(row, self.state_field, transition.target)
        return row, old

    def _create(self, transition: Transition, *, actor, obj, reason: str, apply: Apply | None):
        """A new row: the unique constraints decide a race between two equal new rows."""
        if NEW not in transition.sources:
            raise ValueError(f"transition {transition.name} cannot create a row")
        setattr(obj, self.state_field, transition.target)
        details = (apply(obj) if apply else None) or {}
        try:
            with transaction.atomic():  # a savepoint: the caller's transaction survives the refusal
                obj.save()
        except IntegrityError as exc:
            raise self.refuse(None, transition) from exc
        self.record(Step(obj, transition, NEW, actor, reason, details))
        return obj
