"""`planwatch import-projects FILE.xlsx --plan P [--apply]`: a key-project ledger stored whole, or
nothing and every bad row and column named (exit status 2). A plan's first ledger is stored at
once; a re-import prints the differences by 项目编号 and stores them only with --apply."""

from __future__ import annotations

from pathlib import Path

from django.db import transaction

from planwatch.audit.services import command_actor
from planwatch.plans.errors import StoreError
from planwatch.plans.management.commands._base import PlanwatchCommand
from planwatch.plans.services import get_plan

from ...importing import TableError, import_ledger


class Command(PlanwatchCommand):
    help = "导入重点项目台账（.xlsx）：全部成功或全部不导入；重新导入时先列出差异，加 --apply 才保存"

    def add_arguments(self, parser):
        parser.add_argument("file", help="重点项目台账文件（.xlsx）")
        parser.add_argument("--plan", required=True, help="计划代号或编号")
        parser.add_argument("--apply", action="store_true", help="重新导入时保存差异（不加则只列出差异）")

    def handle(self, *args, **options):
        path = Path(options["file"])
        if not path.is_file():
            raise StoreError(f"找不到文件：{options['file']}")
        plan = get_plan(options["plan"])
        try:
            with transaction.atomic():
                result = import_ledger(actor=command_actor(), plan=plan, name=path.name, data=path.read_bytes(),
                                       apply=options["apply"])  # fmt: skip
        except TableError as exc:
            raise StoreError("重点项目台账未导入：\n" + "\n".join(exc.errors)) from exc
        self.stdout.write("\n".join(result.lines()))
        if result.applied:
            self.stdout.write(f"已保存到“{plan}”。")
        else:
            self.stdout.write("以上为差异，尚未保存；确认无误后加 --apply 重新运行。")
