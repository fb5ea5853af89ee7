"""Helpers for the accounts tests: a user with a real password, a movable clock."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone

from planwatch.accounts import services

PASSWORD = "Kx7#planwatch"


@pytest.fixture
def alice(db, reporter_unit):
    """A reporter with a real (argon2) password who need not change it."""
    return services.create_user(
        actor="test", username="alice", role="reporter", unit=reporter_unit, password=PASSWORD,
        must_change_password=False,
    )  # fmt: skip


class Clock:
    """Replaces django.utils.timezone.now; `advance(minutes=…)` moves it."""

    def __init__(self) -> None:
        self.now = timezone.now()

    def __call__(self) -> dt.datetime:
        return self.now

    def advance(self, **delta) -> None:
        self.now += dt.timedelta(**delta)


@pytest.fixture
def clock(monkeypatch) -> Clock:
    clock = Clock()
    monkeypatch.setattr(timezone, "now", clock)
    return clock
