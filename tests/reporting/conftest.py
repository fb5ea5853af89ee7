"""Fixtures for the reporting cycle: a small plan with a calendar, a frozen clock, helpers.

`cycle` builds on the root `small_plan`: 指标1 (own article, led by the reporter's unit) is a
quarterly figure in 亿元 (target ≥ 150 in 2025 from 80 in 2022) with an approved 2025Q3
value of 100; 指标2 (shared article, led by the
other unit) is quarterly in 家; 指标3 (other unit's article) is a yearly percentage. The calendar
starts on 2025-10-01, so 2025Q4 (due 2026-01-05) and the year 2025 are what is due, and the
clock is frozen at 2026-01-03 (`TODAY`): two days before the due date.
"""

from __future__ import annotations

import io
from datetime import date
from decimal import Decimal
from pathlib import Path
from types import SimpleNamespace

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

REPO = Path(__file__).resolve().parents[2]
SEED = REPO.parent / "shared" / "plans" / "shizhong-2023-2025.txt"
TODAY = date(2026, 1, 3)

PDF_BYTES = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
PNG_BYTES = b"\x89PNG\r\n\x1a\n" + b"\x00" * 32


@pytest.fixture
def frozen(monkeypatch):
    """The reporting clock stopped at TODAY (pages, API and services all read it)."""
    from planwatch.reporting import clock

    monkeypatch.setattr(clock, "today", lambda: TODAY)
    return TODAY


@pytest.fixture
def evidence_dir(tmp_path, settings):
    settings.DATA_DIR = tmp_path
    return tmp_path / "evidence"


def pdf(name: str = "佐证.pdf", data: bytes = PDF_BYTES) -> SimpleUploadedFile:
    return SimpleUploadedFile(name, data, content_type="application/pdf")


def enter(indicator, period: str, value) -> None:
    from planwatch.indicators.observations import enter_observation

    enter_observation(actor=None, indicator=indicator, period=period, value=Decimal(str(value)))


@pytest.fixture
def cycle(small_plan, frozen, evidence_dir) -> SimpleNamespace:
    from planwatch.reporting.services.calendar import sync_rules, update_calendar

    own, shared, other = small_plan.own.indicator, small_plan.shared.indicator, small_plan.other.indicator
    own.frequency, own.measure_unit = "quarter", "亿元"
    shared.frequency, shared.measure_unit = "quarter", "家"
    other.frequency, other.measure_unit = "year", "%"
    for indicator in (own, shared, other):
        indicator.save()
    target = small_plan.own.target
    target.value, target.base_year, target.unit = 150, 2022, "亿元"
    target.save()
    enter(own, "2022", 80)
    enter(own, "2025Q3", 100)
    sync_rules(actor="test", plan=small_plan.plan)
    update_calendar(actor="test", plan=small_plan.plan, starts_on=date(2025, 10, 1))
    small_plan.rules = {
        r.indicator_id or f"a{r.article_id}": r for r in small_plan.plan.reporting_rules.all()
    }
    return small_plan


def rule_of(indicator):
    from planwatch.reporting.models import ReportingRule

    return ReportingRule.objects.select_related("plan", "unit", "indicator__article").get(indicator=indicator)


def xlsx_upload(content: bytes, name: str = "报送表.xlsx") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, content, content_type="application/octet-stream")


def fill_workbook(content: bytes, values: dict[int, dict]) -> bytes:
    """Fill a downloaded template: {indicator id: {"value": …, "unit": …, "explanation": …}}."""
    from openpyxl import load_workbook

    from planwatch.reporting.services.excel import FIRST_ROW, INDEX, SHEET

    book = load_workbook(io.BytesIO(content))
    sheet = book[SHEET]
    for row in range(FIRST_ROW, sheet.max_row + 1):
        wanted = values.get(sheet.cell(row=row, column=1).value)
        for key, value in (wanted or {}).items():
            sheet.cell(row=row, column=INDEX[key] + 1, value=value)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()
