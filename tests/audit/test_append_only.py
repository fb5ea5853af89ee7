"""Audit events can be added, never changed or removed; their before/after are JSON-safe."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django.contrib.auth import get_user_model

from planwatch.audit.models import AppendOnlyError, AuditEvent
from planwatch.audit.services import changes, json_safe, record, snapshot

pytestmark = pytest.mark.django_db


@pytest.fixture
def event(office, small_plan):
    return record(
        actor=office.user, action="update", obj=small_plan.plan, before={"title": "旧"}, after={"title": "新"}
    )


def test_record_names_actor_object_and_time(event, office, small_plan):
    stored = AuditEvent.objects.get(pk=event.pk)
    assert (stored.actor, stored.actor_name) == (office.user, "office")
    assert (stored.object_type, stored.object_id) == ("plans.plan", str(small_plan.plan.pk))
    assert stored.object_repr == "测试行动计划" and stored.at is not None
    assert (stored.before, stored.after) == ({"title": "旧"}, {"title": "新"})


def test_an_event_cannot_be_changed(event):
    event.reason = "改一下"
    with pytest.raises(AppendOnlyError):
        event.save()
    with pytest.raises(AppendOnlyError):
        AuditEvent.objects.filter(pk=event.pk).update(reason="改一下")
    with pytest.raises(AppendOnlyError):
        AuditEvent.objects.bulk_update([event], ["reason"])
    assert AuditEvent.objects.get(pk=event.pk).reason == ""


def test_an_event_cannot_be_deleted(event):
    with pytest.raises(AppendOnlyError):
        event.delete()
    with pytest.raises(AppendOnlyError):
        AuditEvent.objects.all().delete()
    assert AuditEvent.objects.filter(pk=event.pk).exists()


def test_deleting_the_actor_keeps_the_event_and_the_name(event, office):
    office.user.delete()
    stored = AuditEvent.objects.get(pk=event.pk)
    assert stored.actor is None and stored.actor_name == "office"


def test_actors_other_than_users():
    assert record(actor=None, action="x").actor_name == "系统"
    assert record(actor="命令行:root", action="x").actor_name == "命令行:root"


def test_json_safe_values():
    value = {
        "day": dt.date(2025, 3, 31),
        "at": dt.datetime(2025, 3, 31, 8, 0, tzinfo=dt.UTC),
        "amount": Decimal("1400.50"),
        "years": (2023, 2025),
        1: None,
    }
    assert json_safe(value) == {
        "day": "2025-03-31",
        "at": "2025-03-31T08:00:00+00:00",
        "amount": "1400.50",
        "years": [2023, 2025],
        "1": None,
    }


def test_snapshots_leave_out_secrets_and_auto_timestamps(alice_user, small_plan):
    assert "password" not in snapshot(alice_user)
    article = snapshot(small_plan.own.article)
    assert "updated_at" not in article and article["plan"] == small_plan.plan.pk


def test_changes_keep_only_what_differs():
    assert changes({"a": 1, "b": 2}, {"a": 1, "b": 3}) == ({"b": 2}, {"b": 3})
    assert changes(None, {"a": 1}) == (None, {"a": 1})


@pytest.fixture
def alice_user(db):
    return get_user_model().objects.create_user("alice", password="Kx7#planwatch")
