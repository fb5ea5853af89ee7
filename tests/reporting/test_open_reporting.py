"""Reporting works from the day a plan is imported: the calendar is derived on import (and by the
demo), starting at the date the office gives or at the period being reported now — earlier
periods are history to 补报, not a backlog of overdue items."""

from __future__ import annotations

from datetime import date
from types import SimpleNamespace

import pytest
from django.core.management import CommandError, call_command

from planwatch.reporting.models import ReportingRule
from planwatch.reporting.services.calendar import reporting_start
from planwatch.reporting.services.due import due_items, open_counts
from planwatch.units.models import Unit

from .conftest import SEED

DEMO_DAY = date(2026, 12, 3)


@pytest.mark.parametrize(
    ("years", "on", "start"),
    [
        ((2023, 2025), date(2026, 12, 3), date(2025, 10, 1)),  # plan over: its last quarter
        ((2023, 2027), date(2026, 12, 3), date(2026, 7, 1)),  # 2026Q3 is being reported
        ((2023, 2027), date(2026, 1, 3), date(2025, 10, 1)),  # in January: last year's Q4
        ((2023, 2027), date(2026, 4, 1), date(2026, 1, 1)),
        ((2023, 2025), date(2023, 2, 1), date(2023, 1, 1)),  # before the plan's first quarter ends
    ],
)
def test_the_default_start_is_the_period_being_reported(years, on, start):
    plan = SimpleNamespace(period_start=years[0], period_end=years[1])
    assert reporting_start(plan, on) == start


@pytest.fixture
def clock_at(monkeypatch):
    from planwatch.reporting import clock

    def move(day: date) -> date:
        monkeypatch.setattr(clock, "today", lambda: day)
        return day

    return move


def imported(**options):
    from planwatch.plans.models import Plan

    call_command("import_plan", str(SEED), name="seed", **options)
    return Plan.objects.get(name="seed")


def test_import_generates_the_calendar_from_the_given_date(db, clock_at, reporter_unit):
    clock_at(date(2026, 1, 3))
    plan = imported(reporting_start="2025-07-01")
    assert plan.reporting_calendar.starts_on == date(2025, 7, 1)
    # The seed names no leads; 区教育体育局 is the only unit of （四十）, so the plan itself makes it
    # the lead of that article and of its five targets.
    education = Unit.objects.get(name="区教育体育局")
    assert ReportingRule.objects.filter(plan=plan, unit=education).count() == 6
    periods = {i.period.code for i in due_items(unit=education, on=date(2026, 1, 3))}
    assert periods == {"2025Q3", "2025Q4", "2025"}


def test_import_without_a_date_starts_at_the_current_period_and_keeps_the_offices_choice(
    db, clock_at, reporter_unit
):
    from planwatch.reporting.services.calendar import update_calendar

    clock_at(DEMO_DAY)
    plan = imported()
    assert plan.reporting_calendar.starts_on == date(2025, 10, 1)
    update_calendar(actor="office", plan=plan, starts_on=date(2025, 4, 1))
    plan = imported()  # the same document again: nothing to revise, the office's date stays
    assert plan.reporting_calendar.starts_on == date(2025, 4, 1)


def test_a_bad_date_is_one_line_of_chinese(db):
    with pytest.raises(CommandError, match="日期“2026-13-01”无效，应为 YYYY-MM-DD"):
        call_command("import_plan", str(SEED), name="seed", reporting_start="2026-13-01")


def test_the_demo_can_report_at_once_for_every_unit(db):
    from planwatch.web import demo_setup

    plan, _ = demo_setup.ensure_plan()
    demo_setup.fill_demo_data(plan, DEMO_DAY)
    assert "自2025年10月1日起报送" in demo_setup.ensure_reporting(plan, DEMO_DAY)
    counts = open_counts(on=DEMO_DAY)
    units = set(ReportingRule.objects.filter(plan=plan, active=True).exclude(unit=None).values_list("unit", flat=True))
    assert units and set(counts) == units  # every unit with something to report has it open now
    for unit_id in units:
        items = due_items(unit=plan.reporting_rules.filter(unit_id=unit_id).first().unit, on=DEMO_DAY)
        assert {i.period.code for i in items} <= {"2025Q4", "2025", "2025H2", "2025-10", "2025-11", "2025-12"}
    assert max(c["open"] for c in counts.values()) < 60  # one quarter's worth, not 195 overdue items
