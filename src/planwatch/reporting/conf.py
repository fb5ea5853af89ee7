"""Reporting settings with their defaults, read from Django settings at call time.

Functions rather than constants, so a deployment (settings.py) or a test (override_settings)
changes a limit without re-importing anything. Per-plan choices (due days, reminder timing, the
jump threshold) live on `ReportingCalendar` instead, where the office edits them.
"""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

from django.conf import settings

MB = 1024 * 1024

# Defaults of a plan's calendar and of new rules (the office changes them per plan / per rule).
DUE_DAYS = 5  # due on the 5th day after the period ends
REMIND_DAYS_BEFORE = 3
OVERDUE_EVERY = 2
JUMP_SHARE = Decimal("0.5")
# A change of at most this much (in the indicator's unit) never needs an explanation: 1 → 2 家 is
# +100% but no news. Counts of a few are where the relative rule misfires.
JUMP_FLOOR = Decimal("3")
ARTICLE_FREQUENCY = "quarter"


def evidence_max_bytes() -> int:
    """Largest evidence file accepted (a scanned PDF of a few dozen pages fits in 20 MB)."""
    return int(getattr(settings, "REPORTING_EVIDENCE_MAX_MB", 20)) * MB


def workbook_max_bytes() -> int:
    """Largest Excel upload, checked before a byte of it is parsed. A template of one unit and
    period is a few dozen KB; anything near the limit is not one."""
    return int(getattr(settings, "REPORTING_WORKBOOK_MAX_MB", 10)) * MB


def workbook_max_unpacked_bytes() -> int:
    """Largest total uncompressed size of an uploaded workbook (zip-bomb guard)."""
    return int(getattr(settings, "REPORTING_WORKBOOK_MAX_UNPACKED_MB", 200)) * MB


# A real .xlsx compresses its XML 5–20 times; 100 is far beyond any workbook a person makes.
WORKBOOK_MAX_RATIO = 100
WORKBOOK_MAX_MEMBERS = 2000


def evidence_dir() -> Path:
    """Evidence files live in the data directory, never under static/ (served only by a view)."""
    return Path(settings.DATA_DIR) / "evidence"
