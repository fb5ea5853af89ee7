"""`planwatch ledger PLAN --period 2025Q2 --kind targets|submissions|tasks|policies|supervision|problems [--unit U] -o FILE.xlsx`.

An Excel ledger (台账) as offices exchange them; docs/reports.md. The targets ledger's first
sheet loads back with `planwatch load-data`.
"""

from __future__ import annotations

from planwatch.reports.ledgers import LEDGERS

from ._export import ExportCommand


class Command(ExportCommand):
    help = "生成 Excel 台账：目标台账、指标报送台账、具体任务台账或政策措施台账。格式见 docs/reports.md。"

    def add_arguments(self, parser):
        self.add_common(parser)
        parser.add_argument("--kind", choices=sorted(LEDGERS), default="targets",
                            help="targets 目标台账（第一张表可用 load-data 导回）、submissions 指标报送台账、"
                                 "tasks 具体任务台账、policies 政策措施台账")  # fmt: skip

    def handle(self, *args, plan, period, kind, unit, output, **options):
        self.export(plan=plan, kind=f"ledger-{kind}", period=period, unit=unit, output=output)
