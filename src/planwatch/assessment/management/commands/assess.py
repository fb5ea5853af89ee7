"""`planwatch assess PLAN --year Y [--scheme NAME] [--format table|json|xlsx] [-o FILE]`: the
year's assessment — the published version when there is one, else the draft computed from the
record now (docs/assessment.md)."""

from __future__ import annotations

import json
from pathlib import Path

from django.core.management.base import CommandError

from planwatch.assessment.export import document, ranking_xlsx, table
from planwatch.assessment.services import current, find_scheme
from planwatch.plans.management.commands._base import EXIT_BAD_INPUT, PlanwatchCommand
from planwatch.plans.services import get_plan


class Command(PlanwatchCommand):
    help = "考核：计算（或读取已公布的）各单位年度得分、等次和排名，每一分都列出所依据的记录。"

    def add_arguments(self, parser):
        parser.add_argument("plan", help="计划代号或编号")
        parser.add_argument("--year", type=int, required=True, help="考核年度，如 2025")
        parser.add_argument("--scheme", help="方案名称（该年度有多个方案时必填）")
        parser.add_argument("--format", choices=["table", "json", "xlsx"], default="table")
        parser.add_argument("-o", "--output", help="写入文件（xlsx 必须指定）")

    def handle(self, *args, plan: str, year: int, scheme: str | None, format: str, output: str | None, **options):
        found = find_scheme(plan=get_plan(plan), year=year, name=scheme)
        cards, version = current(found)
        if format == "xlsx":
            if not output:
                raise CommandError("xlsx 格式请用 -o 指定输出文件", returncode=EXIT_BAD_INPUT)
            Path(output).write_bytes(ranking_xlsx(found, cards))
            return
        text = (json.dumps(document(found, cards, version), ensure_ascii=False, indent=2) + "\n"
                if format == "json" else table(cards))  # fmt: skip
        if output:
            Path(output).write_text(text, encoding="utf-8")
        else:
            self.stdout.write(text, ending="")
