"""Timeliness per unit and period: on time, late, missing, supplied, not yet due."""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal
from zoneinfo import ZoneInfo

from planwatch.reporting.models import Submission
from planwatch.reporting.services.calendar import update_calendar
from planwatch.reporting.services.submissions import save_submission
from planwatch.reporting.services.timeliness import timeliness
from planwatch.reporting.services.validation import Figure

from .conftest import enter, rule_of

SHANGHAI = ZoneInfo("Asia/Shanghai")


def counts(result, unit_name: str, period: str) -> dict:
    row = next(u for u in result["units"] if u["unit"]["name"] == unit_name)
    return {k: v for k, v in row["periods"][period].items() if v}


def test_on_time_late_missing_and_supplied(cycle, reporter_unit, other_unit):
    update_calendar(actor="test", plan=cycle.plan, starts_on=date(2025, 7, 1))
    sub = save_submission(actor="test", rule=rule_of(cycle.own.indicator), period="2025Q4",
                          figure=Figure(Decimal("110")), on=date(2026, 1, 3))  # fmt: skip
    Submission.objects.filter(pk=sub.pk).update(
        first_submitted_at=datetime(2026, 1, 5, 23, 0, tzinfo=SHANGHAI)
    )
    late = save_submission(actor="test", rule=rule_of(cycle.shared.indicator), period="2025Q4",
                           figure=Figure(Decimal("3")), on=date(2026, 1, 9))  # fmt: skip
    Submission.objects.filter(pk=late.pk).update(
        first_submitted_at=datetime(2026, 1, 9, 9, 0, tzinfo=SHANGHAI)
    )
    enter(cycle.shared.indicator, "2025Q3", 2)  # loaded by the office: data, but no report to time

    result = timeliness(cycle.plan, ["2025Q3", "2025Q4", "2025"], on=date(2026, 1, 10))
    assert result["periods"] == ["2025Q3", "2025Q4", "2025"] and result["unassigned"] == 0
    # 区发展改革局 reports 指标1 (quarterly, 2025Q3 approved by the office) and 条目1's progress.
    assert counts(result, reporter_unit.name, "2025Q4") == {"on_time": 1, "missing": 1}
    assert counts(result, reporter_unit.name, "2025Q3") == {"supplied": 1, "missing": 1}
    assert counts(result, other_unit.name, "2025Q4") == {"late": 1, "missing": 2}
    assert counts(result, other_unit.name, "2025") == {"missing": 1}
    assert result["totals"]["2025Q4"]["late"] == 1
    missing = [i for u in result["units"] for i in u["items"] if i["name"] == "指标3"]
    assert missing == [{"kind": "indicator", "id": cycle.other.indicator.pk, "name": "指标3", "period": "2025",
                        "due": "2026-01-05", "state": "missing"}]  # fmt: skip


def test_not_yet_due(cycle, reporter_unit):
    result = timeliness(cycle.plan, ["2025Q4"], on=date(2026, 1, 3))
    assert counts(result, reporter_unit.name, "2025Q4") == {"not_due": 2}
