"""`planwatch responsibilities`: the 责任分解 of a stored plan from the command line.

    planwatch responsibilities show PLAN [--unassigned]     # each item: current lead, proposal, reason
    planwatch responsibilities confirm PLAN                  # adopt every proposal (as the office would)
    planwatch responsibilities export PLAN -o 表.xlsx|表.docx  # the 责任分解表 to issue
"""

from __future__ import annotations

from pathlib import Path

from django.core.management.base import CommandError
from django.db import transaction

from planwatch.audit.services import command_actor
from planwatch.plans.management.commands._base import EXIT_BAD_INPUT, PlanwatchCommand
from planwatch.plans.services import get_plan
from planwatch.responsibilities.export import WRITERS
from planwatch.responsibilities.rows import plan_rows
from planwatch.responsibilities.services import confirm_proposals


class Command(PlanwatchCommand):
    help = "责任分解：查看建议的牵头单位、采纳建议、导出责任分解表（XLSX/DOCX）。"

    def add_arguments(self, parser):
        parser.add_argument("what", choices=["show", "confirm", "export"], help="show 查看 / confirm 采纳建议 / export 导出")
        parser.add_argument("plan", help="计划代号或编号")
        parser.add_argument("-o", "--output", help="export：输出文件，扩展名 .xlsx 或 .docx")
        parser.add_argument("--unassigned", action="store_true", help="show：只列未确定牵头单位的")

    def handle(self, *args, what: str, plan: str, output: str | None, unassigned: bool, **options):
        plan = get_plan(plan)
        if what == "show":
            self._show(plan, unassigned)
        elif what == "confirm":
            with transaction.atomic():
                rows = [r for r in plan_rows(plan) if r.current.unit is None or r.current.source == "article"]
                done = confirm_proposals(actor=command_actor(), plan=plan, keys=[r.key for r in rows])
            self.stdout.write(done.text)
        else:
            self._export(plan, output)

    def _show(self, plan, unassigned: bool) -> None:
        for r in plan_rows(plan):
            if unassigned and r.current.unit is not None:
                continue
            current = f"{r.current.unit.name}（{r.current.source_label}）" if r.current.unit else "未确定"
            proposed = r.proposal.unit.name if r.proposal.unit else "暂无建议"
            indent = "    目标 " if r.is_target else ""
            self.stdout.write(f"{indent}{r.name}\n      现牵头：{current}；建议：{proposed}。{r.proposal.reason}")

    def _export(self, plan, output: str | None) -> None:
        suffix = Path(output).suffix.lower().lstrip(".") if output else ""
        if suffix not in WRITERS:
            raise CommandError("请用 -o 指定输出文件，扩展名为 .xlsx 或 .docx", returncode=EXIT_BAD_INPUT)
        try:
            Path(output).write_bytes(WRITERS[suffix].write(plan))
        except OSError as exc:
            raise CommandError(f"无法写入输出文件 {output}（{exc.strerror}）", returncode=EXIT_BAD_INPUT) from exc
        self.stdout.write(f"已导出责任分解表：{output}")
