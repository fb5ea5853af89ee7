"""Today's date for the reporting cycle, in one place: pages, the API and services default to
it, and tests move it (monkeypatch `clock.today`) instead of waiting for a quarter to end."""

from __future__ import annotations

from datetime import date

from django.utils import timezone


def today() -> date:
    return timezone.localdate()
