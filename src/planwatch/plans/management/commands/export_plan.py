"""`planwatch export-plan PLAN [--format json] [-o OUT]`: a stored plan in the extraction format."""

from __future__ import annotations

from pathlib import Path

from django.core.management.base import CommandError

from planwatch.extract.cli import render_json
from planwatch.plans.services import get_plan, plan_to_document

from ._base import EXIT_BAD_INPUT, PlanwatchCommand


class Command(PlanwatchCommand):
    help = "按抽取格式（JSON）导出已存的行动计划。"

    def add_arguments(self, parser):
        parser.add_argument("plan", help="计划代号或编号")
        parser.add_argument("--format", choices=["json"], default="json", help="输出格式（默认 json）")
        parser.add_argument("-o", "--output", help="写入该文件，而不是标准输出")

    def handle(self, *args, plan: str, output: str | None, **options):
        text = render_json(plan_to_document(get_plan(plan)))
        if not output:
            self.stdout.write(text, ending="")
            return
        try:
            Path(output).write_text(text, encoding="utf-8")
        except OSError as exc:
            raise CommandError(
                f"无法写入输出文件 {output}（{exc.strerror}）", returncode=EXIT_BAD_INPUT
            ) from exc
