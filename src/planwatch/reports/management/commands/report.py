"""`planwatch report PLAN --period 2025Q2 --kind progress|unit|brief [--unit U] -o FILE.docx [--pdf]`.

The progress report (进展情况报告) of the plan or of one unit, or the leaders' brief (要情简报), as
a Word document in the official format (GB/T 9704-2012); docs/reports.md. With --pdf and
LibreOffice installed, a PDF is written next to the DOCX.
"""

from __future__ import annotations

from ._export import ExportCommand, pdf_beside


class Command(ExportCommand):
    help = "生成进展情况报告（Word）：全计划、单位报告或要情简报。格式见 docs/reports.md。"

    def add_arguments(self, parser):
        self.add_common(parser)
        parser.add_argument("--kind", choices=("progress", "unit", "brief"), default="progress",
                            help="progress 进展情况报告、unit 单位报告（须 --unit）、brief 要情简报")  # fmt: skip
        parser.add_argument("--issuer", help="发文机关署名（默认 PLANWATCH_REPORT_ISSUER）")
        parser.add_argument("--pdf", action="store_true", help="同时用 LibreOffice 转成 PDF（须已安装 soffice）")

    def handle(self, *args, plan, period, kind, unit, output, issuer, pdf, **options):
        path = self.export(plan=plan, kind=kind, period=period, unit=unit, output=output, issuer=issuer)
        if pdf:
            made = pdf_beside(path)
            self.stdout.write(f"已生成 {made}" if made else "未找到 LibreOffice（soffice），未生成 PDF")
