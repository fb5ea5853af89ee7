"""`planwatch index PLAN [--index-version N] [--as-of DATE] [--format table|json]`: the plan's composite
index (统计评价体系) — the same object as `GET /api/v1/plans/{id}/index`."""

from __future__ import annotations

import json
from datetime import date

from django.core.management.base import BaseCommand, CommandError

from planwatch.index.results import index_result
from planwatch.index.services import definition_for
from planwatch.index.table import render_table
from planwatch.indicators.services import plan_for_data


class Command(BaseCommand):
    help = "统计评价体系：打印计划的综合发展指数、分指数、覆盖率和各指标对变化的贡献。"

    def add_arguments(self, parser):
        parser.add_argument("plan", nargs="?", help="计划代号或编号（只有一个计划时可省略）")
        parser.add_argument("--index-version", dest="index_version", type=int, help="指数定义版本（默认最新版）")
        parser.add_argument("--as-of", dest="as_of", help="按该日期计算（YYYY-MM-DD），忽略之后的数据")
        parser.add_argument("--format", choices=["table", "json"], default="table")

    def handle(self, *args, **options):
        try:
            plan = plan_for_data(options["plan"])
            as_of = date.fromisoformat(options["as_of"]) if options["as_of"] else None
        except ValueError as exc:
            raise CommandError(f"无法识别的日期：{options['as_of']}，应为 YYYY-MM-DD", returncode=2) from exc
        except Exception as exc:  # the services raise their own error types with Chinese messages
            raise CommandError(str(exc), returncode=2) from exc
        definition = definition_for(plan, options["index_version"])
        if definition is None:
            wanted = options["index_version"]
            raise CommandError(
                f"计划没有第{wanted}版指数"
                if wanted
                else "该计划还没有设定统计评价指数（在网页“统计评价”中设定）",
                returncode=2,
            )
        result = index_result(definition=definition, as_of=as_of)
        if options["format"] == "json":
            self.stdout.write(json.dumps(result, ensure_ascii=False, indent=2))
        else:
            self.stdout.write(render_table(result), ending="")
