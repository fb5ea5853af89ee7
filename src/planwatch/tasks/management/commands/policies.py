"""`planwatch policies propose PLAN [--format table|json]`: the policies the plan's text
promises, printed, nothing stored (the office confirms them on /tasks/<plan>/policies/)."""

from __future__ import annotations

from planwatch.plans.management.commands._base import PlanwatchCommand

from ...proposals import POLICY_KINDS, propose_policies
from ._propose import plan_articles, render

COLUMNS = [("条", lambda p: p.article), ("政策措施", lambda p: p.name), ("类型", lambda p: POLICY_KINDS[p.kind]),
           ("责任单位", lambda p: "、".join(p.units))]  # fmt: skip


class Command(PlanwatchCommand):
    help = "政策措施：从计划原文提出候选政策（propose）"

    def add_arguments(self, parser):
        sub = parser.add_subparsers(dest="action", required=True)
        propose = sub.add_parser("propose", help="从计划原文提出候选政策，只输出、不保存")
        propose.add_argument("plan", help="计划代号、编号，或计划文件（txt、docx、pdf）")
        propose.add_argument("--format", choices=["table", "json"], default="table")

    def handle(self, *args, **options):
        articles = plan_articles(options["plan"], None)
        proposals = [p for a in articles for p in propose_policies(a)]
        self.stdout.write(render(proposals, options["format"], COLUMNS), ending="")
