"""A plan whose articles carry text to split: `own` (the reporter's unit leads) has two dated
commitments and a policy promise, `other` (the other unit) one commitment. The clock is frozen
at 2024-06-30 (`clock` fixture; move it with `clock.set(date)`)."""

from __future__ import annotations

from datetime import date
from types import SimpleNamespace

import pytest
from django.db import transaction

OWN_TEXT = "2024年6月底前建成智慧停车平台。出台支持楼宇经济发展的若干措施。持续推进老旧小区改造。"
OTHER_TEXT = "加快建设科技孵化器。"


@pytest.fixture
def clock(monkeypatch):
    from planwatch.reporting import clock as module

    state = SimpleNamespace(today=date(2024, 6, 30))
    monkeypatch.setattr(module, "today", lambda: state.today)
    state.set = lambda day: setattr(state, "today", day)
    return state


@pytest.fixture
def task_plan(small_plan, clock):
    small_plan.own.article.text = OWN_TEXT
    small_plan.own.article.save()
    small_plan.other.article.text = OTHER_TEXT
    small_plan.other.article.save()
    return small_plan


@pytest.fixture
def accepted(task_plan, office):
    """All proposals stored and accepted by the office: {text prefix: task}."""
    from planwatch.tasks import services

    with transaction.atomic():
        proposed = services.store_task_proposals(actor=office.user, plan=task_plan.plan)
        tasks = [services.accept_task(actor=office.user, task=task) for task in proposed]
    return {t.text[:6]: t for t in tasks}
