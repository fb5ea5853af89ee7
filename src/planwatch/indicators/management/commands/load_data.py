"""`planwatch load-data FILE [--plan PLAN] [--entity UNIT] [--check]`: load indicator data from CSV or XLSX.

With ``--entity 历下区`` the rows are another unit's figures for comparison in the index
(`indicators.comparison`), not the plan's own.

All rows or none: every row is checked first; any problem is printed on stderr, one line per
problem with its file line, the exit status is 2 and the database is unchanged.

The file is read, checked and compared with the stored figures before the write transaction
starts (`--check` never starts one), so the site's writes wait at most for the short write
itself (docs/operations.md).
"""

from __future__ import annotations

import sys

from django.core.management.base import CommandError
from django.db import transaction

from planwatch.audit.services import command_actor
from planwatch.indicators.comparison import entity_name, load_comparison
from planwatch.indicators.errors import LoadError
from planwatch.indicators.services import LoadResult, check_file, commit_load, plan_for_data, prepare_load
from planwatch.plans.management.commands._base import EXIT_BAD_INPUT, PlanwatchCommand

MAX_ERROR_LINES = 200
PROGRESS_FROM = 5000  # rows: smaller files load without progress lines


class Command(PlanwatchCommand):
    help = "从 CSV 或 XLSX 文件导入指标数据；任何一行有误则整个文件不导入。格式见 docs/data-format.md。"

    def add_arguments(self, parser):
        parser.add_argument("file", help="数据文件：.csv（UTF-8 或 GBK）或 .xlsx（第一个工作表）")
        parser.add_argument("--plan", help="计划代号或编号；只有一个计划时可省略")
        parser.add_argument("--check", action="store_true", help="只检查文件，不写入数据库")
        parser.add_argument(
            "--entity", help="对比单位名称（如 历下区）：文件中是该单位的数据，供统计评价排名，不计入本计划"
        )

    def handle(self, *args, file: str, plan: str | None, check: bool, entity: str | None = None, **options):
        verbose = options.get("verbosity", 1) >= 1
        actor, progress = command_actor(), self._progress if verbose else None
        try:
            target = plan_for_data(plan)
            if entity is not None:
                with transaction.atomic():
                    result = load_comparison(actor=actor, plan=target, path=file, entity=entity, dry_run=check,
                                             progress=progress)  # fmt: skip
            elif check:
                checked = check_file(plan=target, path=file, progress=progress)
                result = LoadResult(checked.count, None, None, checked.partial)
            else:
                loaded = prepare_load(actor=actor, plan=target, path=file, progress=progress)
                with transaction.atomic():
                    result = commit_load(actor=actor, plan=target, loaded=loaded)
        except LoadError as exc:
            self._refuse(exc)
        for text, name in result.partial.items():
            self.stdout.write(f"按名称的一部分认出的指标：“{text}” → {name}")
        if result.written is None:
            self.stdout.write(f"检查通过：{result.rows} 行数据均可导入计划 {target.name}（未写入）。")
            return
        whose = f"对比单位 {entity_name(entity)} 的数据" if entity is not None else ""
        self.stdout.write(f"已导入计划 {target.name}{whose}：{result.written.text}。")
        if result.derived and any(result.derived.astuple()):
            self.stdout.write(f"计算指标：{result.derived.text}。")

    def _progress(self, label: str, done: int, total: int) -> None:
        if total >= PROGRESS_FROM:
            self.stdout.write(f"{label} {done}/{total} 行")

    def _refuse(self, exc: LoadError):
        lines = exc.lines(MAX_ERROR_LINES)
        if self._called_from_command_line:  # like every planwatch command: "错误：…", then one line per row
            self.stderr.write(f"错误：{lines[0]}")
            for line in lines[1:]:
                self.stderr.write(line)
            sys.exit(EXIT_BAD_INPUT)
        raise CommandError("\n".join(lines), returncode=EXIT_BAD_INPUT) from exc
