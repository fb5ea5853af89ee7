"""What `planwatch report` and `planwatch ledger` share: find the plan and unit, make the file,
write it (and, for a DOCX, a PDF beside it when LibreOffice is installed)."""

from __future__ import annotations

from pathlib import Path

from django.core.management.base import CommandError

from planwatch.plans.errors import StoreError
from planwatch.plans.management.commands._base import EXIT_BAD_INPUT, PlanwatchCommand
from planwatch.plans.services import get_plan
from planwatch.reports.errors import ReportError
from planwatch.reports.pdf import docx_to_pdf, soffice
from planwatch.reports.services import make_bytes
from planwatch.units.services import get_unit


class ExportCommand(PlanwatchCommand):
    def add_common(self, parser) -> None:
        parser.add_argument("plan", help="计划代号或编号")
        parser.add_argument("--period", required=True, help="报告期间：2025Q2、2025H1 或 2025")
        parser.add_argument("--unit", help="责任单位的名称或编号（单位报告、单位台账）")
        parser.add_argument("-o", "--output", required=True, help="输出文件")

    def export(self, *, plan: str, kind: str, period: str, unit: str | None, output: str, issuer=None) -> Path:
        try:
            found_unit = get_unit(unit) if unit else None
            data, _, _ = make_bytes(plan=get_plan(plan), kind=kind, period=period, unit=found_unit, issuer=issuer)
        except (ReportError, StoreError) as exc:
            raise CommandError(str(exc), returncode=EXIT_BAD_INPUT) from exc
        path = Path(output)
        path.write_bytes(data)
        self.stdout.write(f"已生成 {path}（{len(data) // 1024} KB）")
        return path


def pdf_beside(path: Path) -> Path | None:
    """Convert a DOCX with LibreOffice into a PDF next to it; None without LibreOffice."""
    if soffice() is None:
        return None
    target = path.with_suffix(".pdf")
    target.write_bytes(docx_to_pdf(path.read_bytes()))
    return target
