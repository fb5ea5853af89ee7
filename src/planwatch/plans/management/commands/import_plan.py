"""`planwatch import-plan FILE [--name NAME] [--apply] [--reporting-start DATE]`: extract a plan
document and store it; in the same transaction the plan's reporting calendar is derived, so units
can report at once (from DATE, default the start of the period being reported now). Extraction,
the comparison with a stored plan and a new plan's rows are done before that transaction."""

from __future__ import annotations

import hashlib
from pathlib import Path

from django.core.management.base import CommandError
from django.db import transaction

from planwatch.audit.services import command_actor
from planwatch.extract import extract_plan
from planwatch.plans.diff import describe, summary
from planwatch.plans.services import (
    ImportResult,
    import_plan,
    plan_counts,
    plan_name_from_path,
    prepare_import,
)
from planwatch.reporting.services.calendar import open_reporting

from ._base import EXIT_BAD_INPUT, PlanwatchCommand, command_date


class Command(PlanwatchCommand):
    help = "抽取行动计划文件并存入数据库；同名计划再次导入时显示修订差异，加 --apply 应用。"

    def add_arguments(self, parser):
        parser.add_argument("file", help="计划文件：.txt、.docx 或带文字层的 .pdf")
        parser.add_argument("--name", help="计划代号，如 shizhong-2023（默认取文件名）")
        parser.add_argument("--apply", action="store_true", help="应用对已有计划的修订")
        parser.add_argument(
            "--drop-data", action="store_true", help="修订删除条目或目标时，一并删除其已录入的指标数据"
        )
        parser.add_argument(
            "--reporting-start", metavar="YYYY-MM-DD",
            help="报送起始日期：此日期前结束的期间不要求报送（可作为历史数据补报）；默认为当前报送期的起始日",
        )  # fmt: skip

    def handle(self, *args, file: str, name: str | None, apply: bool, drop_data: bool,
               reporting_start: str | None = None, **options):  # fmt: skip
        starts_on = command_date(reporting_start) if reporting_start else None
        path = Path(file)
        document = extract_plan(path)
        source = {"document": document, "name": name or plan_name_from_path(path), "source_name": path.name,
                  "source_sha256": hashlib.sha256(path.read_bytes()).hexdigest()}  # fmt: skip
        # Read, check and build before the write transaction; it then only writes (docs/operations.md §5).
        prepared = prepare_import(**source, apply=apply)
        result, calendar = prepared.pending, None
        if result is None:
            with transaction.atomic():
                result = import_plan(actor=command_actor(), **source, apply=apply, drop_data=drop_data,
                                     prepared=prepared)  # fmt: skip
                calendar = open_reporting(actor=command_actor(), plan=result.plan, starts_on=starts_on)
        self._report(result, document)
        if calendar:
            self.stdout.write(calendar)

    def _report(self, result: ImportResult, document) -> None:
        plan = result.plan
        if result.status == "unchanged":
            self.stdout.write(f"计划 {plan.name} 内容未变化，未写入任何数据。")
            return
        if result.status in ("pending", "applied"):
            self.stdout.write(f"计划 {plan.name} 已存在，新文档与已存内容的差异：")
            self.stdout.write("\n".join(describe(result.diff, result.stored, document)))
            self.stdout.write(summary(result.diff))
        if result.status == "pending":
            raise CommandError(
                f"计划 {plan.name} 已存在且内容不同，未作修改；核对以上差异后加 --apply 重新运行以应用修订",
                returncode=EXIT_BAD_INPUT,
            )
        verb = "已导入计划" if result.status == "created" else "已应用修订，计划"
        counts = plan_counts(plan)
        self.stdout.write(
            f"{verb} {plan.name}（编号 {plan.pk}）：{counts['chapters']} 章，{counts['articles']} 条，"
            f"{counts['units']} 个责任单位（新登记 {len(result.units_created)} 个），"
            f"{counts['indicators']} 个指标，{counts['targets']} 个目标，{counts['milestones']} 个里程碑。"
        )
        self.stdout.write("\n".join(doubts(document)))


def doubts(document) -> list[str]:
    """What the extractor was unsure of, for the office to check in the admin (待核对)."""
    lines = [f"注意：{w}" for w in document.warnings]
    for a in document.articles:
        lines += [
            f"待核对：{a.label}{a.title or '（无标题）'} 目标“{t.indicator} {t.value:g}{t.unit}”——{t.doubt}（原文：{t.source}）"
            for t in a.targets
            if t.doubt
        ]
        lines += [f"待核对：{a.label}{a.title or '（无标题）'} 责任单位“{d.name}”——{d.doubt}" for d in a.unit_doubts]
    return lines


