"""`planwatch tasks propose PLAN [--article N] [--format table|json]`: the tasks the plan's text
proposes, printed, nothing stored (the office stores and reviews them on /tasks/<plan>/review/)."""

from __future__ import annotations

from planwatch.plans.management.commands._base import PlanwatchCommand

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

    def handle(self, *args, **options):
        articles = plan_articles(options["plan"], options.get("article"))
        proposals = [p for a in articles for p in propose_tasks(a)]
        self.stdout.write(render(proposals, options["format"], COLUMNS), ending="")
