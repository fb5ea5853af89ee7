"""Task and policy reports on the unit's 待报送 page and in `planwatch remind`: each active task a
unit leads is due once a quarter, on the quarter's last day; reminded 3 days before (the default
calendar) and on the day, once per day. Frozen clock (conftest: 2024-06-30)."""

from __future__ import annotations

from io import StringIO

import pytest
from django.core.management import call_command
from django.db import transaction

from planwatch.reporting.models import Notification
from planwatch.tasks import reports
from planwatch.tasks.models import TaskReminderLog

pytestmark = pytest.mark.django_db


def _remind(*args) -> list[str]:
    out = StringIO()
    call_command("remind", *args, stdout=out)
    return out.getvalue().splitlines()


def test_the_units_reporting_page_lists_its_tasks_until_reported(accepted, reporter, reporter_unit, other_reporter):
    url = f"/reporting/units/{reporter_unit.pk}/"
    page = reporter.client.get(url).content.decode()
    assert "待报送 3 项" in page  # the three tasks of its article; 加快建设科技孵化器 is the other unit's
    assert "建成智慧停车平台" in page and "持续推进老旧小区改造" in page and "科技孵化器" not in page
    with transaction.atomic():
        reports.submit_report(actor=reporter.user, task=accepted["持续推进老旧"], progress="推进中", claim="in_progress")
    page = reporter.client.get(url).content.decode()
    assert "待报送 2 项" in page and "持续推进老旧小区改造" not in page
    other = other_reporter.client.get(url)
    assert other.status_code == 403


def test_remind_reminds_of_unreported_tasks_before_and_on_the_quarters_last_day(accepted, reporter, clock):
    lines = _remind("--date", "2024-06-27")
    task_lines = [line for line in lines if "任务“" in line]
    assert len(task_lines) == 4 and all(line.startswith("[到期前提醒]") and "截止 2024年6月30日" in line for line in task_lines)
    assert TaskReminderLog.objects.count() == 4
    assert sum("区科技局 · 任务“加快建设科技孵化器”进展 2024年第二季度" in line for line in task_lines) == 1
    assert "任务“持续推进老旧小区改造”进展" in Notification.objects.get(user=reporter.user).text
    again = [line for line in _remind("--date", "2024-06-27") if "任务“" in line]
    assert again == []  # sent once a day
    on_the_day = [line for line in _remind("--date", "2024-06-30", "--dry-run") if "任务“" in line]
    assert len(on_the_day) == 4
    assert [line for line in _remind("--date", "2024-06-28") if "任务“" in line] == []
