"""`planwatch export-projects P -o FILE.xlsx [--year Y]`: the plan's key-project ledger in the
layout import-projects reads, with this year's completion, pace and light."""

from __future__ import annotations

from pathlib import Path

from planwatch.plans.management.commands._base import PlanwatchCommand
from planwatch.plans.services import get_plan

from ...queries import as_of
from ...services import export_ledger


class Command(PlanwatchCommand):
    help = "导出重点项目台账（.xlsx，与导入格式相同，附本年完成投资、完成率、序时进度和预警）"

    def add_arguments(self, parser):
        parser.add_argument("plan", help="计划代号或编号")
        parser.add_argument("-o", "--output", required=True, help="输出文件（.xlsx）")
        parser.add_argument("--year", type=int, help="年度（默认今年）")

    def handle(self, *args, **options):
        plan = get_plan(options["plan"])
        today = as_of()
        data, count = export_ledger(plan=plan, year=options["year"] or today.year, today=today)
        Path(options["output"]).write_bytes(data)
        self.stdout.write(f"已导出 {count} 个重点项目到 {options['output']}")
