"""`planwatch problems lights [--plan P] [--date YYYY-MM-DD] [--dry-run]`: recompute the light of
every problem not ended from its stage's limit, each change a row; for cron, beside
`planwatch supervision lights` (a problem red for too long then shows among its proposals)."""

from __future__ import annotations

from django.db import transaction

from planwatch.plans.management.commands._base import PlanwatchCommand, command_date
from planwatch.plans.models import Plan
from planwatch.plans.services import get_plan
from planwatch.reporting import clock
from planwatch.reporting.services.reminders import cn_date
from planwatch.supervision.lights import LIGHT_LABELS

from ...services import refresh_lights


class Command(PlanwatchCommand):
    help = "问题：lights 按各环节时限重新计算预警灯。供 cron 每天运行。"

    def add_arguments(self, parser):
        parser.add_argument("what", choices=["lights"], help="lights")
        parser.add_argument("--date", help="按该日期计算（默认今天），如 2025-07-03")
        parser.add_argument("--plan", help="只处理该计划（代号或编号）；默认全部计划")
        parser.add_argument("--dry-run", action="store_true", help="只列出，不作任何更改")

    def handle(self, *args, what: str, date: str | None, plan: str | None, dry_run: bool, **options):
        on = command_date(date) if date else clock.today()
        with transaction.atomic():
            plans = [get_plan(plan)] if plan else list(Plan.objects.order_by("name"))
            changes = [c for p in plans for c in refresh_lights(plan=p, today=on)]
            if dry_run:
                transaction.set_rollback(True)
        for change in changes:
            self.stdout.write(f"{change.problem.number} {LIGHT_LABELS[change.old]}→{LIGHT_LABELS[change.new]}"
                              f"{'：' + change.reasons if change.reasons else ''}")  # fmt: skip
        verb = "将变化" if dry_run else "已变化"
        self.stdout.write(f"{cn_date(on)}问题预警{verb} {len(changes)} 项。" + ("（试运行：未作更改）" if dry_run else ""))
