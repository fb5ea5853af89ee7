"""`planwatch remind [--date YYYY-MM-DD] [--plan PLAN] [--dry-run]`: send the reminders due today.

Meant for cron (once a day, see docs/reporting.md). Reporting rules are brought in step with the
plan first, so a re-imported plan's new indicators are reminded too. `--dry-run` lists exactly
the reminders a real run would send on the date, and changes nothing: the run happens inside a
transaction that is rolled back.
"""

from __future__ import annotations

from datetime import date

from django.db import transaction

from planwatch.audit.services import command_actor
from planwatch.plans.management.commands._base import PlanwatchCommand, command_date
from planwatch.plans.models import Plan
from planwatch.plans.services import get_plan
from planwatch.reporting import clock
from planwatch.reporting.services.calendar import sync_rules
from planwatch.reporting.services.reminders import cn_date, reminders_due, send_reminders
from planwatch.tasks.due import log_task_reminders, task_reminders_due


class Command(PlanwatchCommand):
    help = "发送当天应发的报送提醒（到期前、到期当天、逾期后定期催办）：站内通知和邮件；供 cron 每天运行。"

    def add_arguments(self, parser):
        parser.add_argument("--date", help="按该日期计算应发的提醒（默认今天），如 2025-07-03")
        parser.add_argument("--plan", help="只处理该计划（代号或编号）；默认全部计划")
        parser.add_argument("--dry-run", action="store_true", help="只列出应发的提醒，不发送、不记录")

    def handle(self, *args, date: str | None, plan: str | None, dry_run: bool, **options):
        on = command_date(date) if date else clock.today()
        actor = command_actor()
        with transaction.atomic():
            plans = [get_plan(plan)] if plan else list(Plan.objects.order_by("name"))
            for p in plans:
                sync_rules(actor=actor, plan=p)
            scope = plans[0] if plan else None
            tasks = task_reminders_due(on=on, plan=scope)  # tasks' and policies' quarterly reports
            if dry_run:
                self._show([*reminders_due(on=on, plan=scope), *tasks], on, dry_run=True)
                transaction.set_rollback(True)
                return
            result = send_reminders(actor=actor, on=on, plan=scope, extra=tasks)
            log_task_reminders(tasks, on)
        self._show([*result.reminders, *tasks], on, dry_run=False)
        self.stdout.write(
            f"站内通知 {result.notifications} 条，邮件 {result.emails} 封"
            + (f"，发送失败 {result.failed} 封（见日志）" if result.failed else "")
            + "。"
        )

    def _show(self, reminders, on: date, *, dry_run: bool) -> None:
        units = len({r.unit.pk for r in reminders})
        verb = "应发送" if dry_run else "已发送"
        self.stdout.write(f"{cn_date(on)}{verb}的报送提醒：{len(reminders)} 条，涉及 {units} 个单位。")
        for reminder in reminders:
            self.stdout.write(reminder.line())
        if dry_run:
            self.stdout.write("（试运行：未发送通知和邮件，未作记录）")
