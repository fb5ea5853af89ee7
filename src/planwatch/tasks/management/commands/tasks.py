"""`planwatch tasks propose PLAN [--article N] [--format table|json]`: the tasks the plan's text
proposes, printed, nothing stored (the office stores and reviews them on /tasks/<plan>/review/).

`planwatch tasks import FILE.xlsx|FILE.docx --plan P`: a 任务分解表 stored whole, or nothing and
every bad row and column named (exit status 2)."""

from __future__ import annotations

from pathlib import Path

from django.db import transaction

from planwatch.audit.services import command_actor
from planwatch.plans.errors import StoreError
from planwatch.plans.management.commands._base import PlanwatchCommand
from planwatch.plans.services import get_plan

from ...importing import TableError, import_task_table
from ...proposals import propose_tasks
from ._propose import plan_articles, render

COLUMNS = [("条", lambda p: p.article), ("任务", lambda p: p.text), ("牵头单位", lambda p: p.lead_unit),
           ("责任单位", lambda p: "、".join(p.units)), ("完成时限", lambda p: p.due)]  # fmt: skip


class Command(PlanwatchCommand):
    help = "具体任务：从计划原文提出任务建议（propose）"

    def add_arguments(self, parser):
        sub = parser.add_subparsers(dest="action", required=True)
        propose = sub.add_parser("propose", help="从计划原文提出任务建议，只输出、不保存")
        propose.add_argument("plan", help="计划代号、编号，或计划文件（txt、docx、pdf）")
        propose.add_argument("--article", type=int, help="只看第 N 条")
        propose.add_argument("--format", choices=["table", "json"], default="table")
        load = sub.add_parser("import", help="导入任务分解表（.xlsx 或 .docx），全部成功或全部不导入")
        load.add_argument("file", help="任务分解表文件")
        load.add_argument("--plan", required=True, help="计划代号或编号")

    def handle(self, *args, **options):
        if options["action"] == "import":
            return self._import(options["file"], options["plan"])
        articles = plan_articles(options["plan"], options.get("article"))
        proposals = [p for a in articles for p in propose_tasks(a)]
        self.stdout.write(render(proposals, options["format"], COLUMNS), ending="")

    def _import(self, file: str, plan_ref: str) -> None:
        path = Path(file)
        if not path.is_file():
            raise StoreError(f"找不到文件：{file}")
        plan = get_plan(plan_ref)
        try:
            with transaction.atomic():
                created = import_task_table(actor=command_actor(), plan=plan, name=path.name, data=path.read_bytes())
        except TableError as exc:
            raise StoreError("任务分解表未导入：\n" + "\n".join(exc.errors)) from exc
        self.stdout.write(f"已导入 {len(created)} 项任务到“{plan}”")
