"""`planwatch supervision propose|lights`: for cron, like `planwatch remind` (docs/supervision.md).

    propose [--plan P] [--date YYYY-MM-DD] [--dry-run]   one proposal a line: [来源] 对象 · 理由
    lights  [--plan P] [--date YYYY-MM-DD]                recompute every open item's light;
                                                          each change is a row and notifies the unit

Proposals are computed, not stored, so `propose` changes nothing with or without --dry-run
(the flag is accepted for cron lines written like `remind`'s).
"""

from __future__ import annotations

from django.db import transaction

from planwatch.plans.management.commands._base import PlanwatchCommand, command_date
from planwatch.plans.models import Plan
from planwatch.plans.services import get_plan
from planwatch.reporting import clock
from planwatch.reporting.services.reminders import cn_date
from planwatch.supervision.lights import LIGHT_LABELS
from planwatch.supervision.proposals import proposals
from planwatch.supervision.services import refresh_lights, settings_for


class Command(PlanwatchCommand):
    help = "督办：propose 列出系统提示的督办事项（每行一项）；lights 重新计算预警灯并通知单位。供 cron 每天运行。"

    def add_arguments(self, parser):
        parser.add_argument("what", choices=["propose", "lights"], help="propose 或 lights")
        parser.add_argument("--date", help="按该日期计算（默认今天），如 2025-07-03")
        parser.add_argument("--plan", help="只处理该计划（代号或编号）；默认全部计划")
        parser.add_argument("--dry-run", action="store_true", help="只列出，不作任何更改")

    def handle(self, *args, what: str, date: str | None, plan: str | None, dry_run: bool, **options):
        on = command_date(date) if date else clock.today()
        with transaction.atomic():
            plans = [get_plan(plan)] if plan else list(Plan.objects.order_by("name"))
            if what == "propose":
                for p in plans:
                    for proposal in proposals(plan=p, today=on, report_days=settings_for(p).report_overdue_days):
                        self.stdout.write(proposal.line())
                return
            changes = [c for p in plans for c in refresh_lights(plan=p, today=on)]
            if dry_run:
                transaction.set_rollback(True)
        for change in changes:
            self.stdout.write(f"{change.item.number} {LIGHT_LABELS[change.old]}→{LIGHT_LABELS[change.new]}"
                              f"{'：' + change.reasons if change.reasons else ''}（通知 {change.notified} 人）")  # fmt: skip
        verb = "将变化" if dry_run else "已变化"
        self.stdout.write(f"{cn_date(on)}预警{verb} {len(changes)} 项。" + ("（试运行：未作更改）" if dry_run else ""))
