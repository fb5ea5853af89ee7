"""Reports in the JSON API: generate one, list them, download the file and, when LibreOffice is
installed, its PDF (converted in the background after the commit, as from the 报告 page).

Same service and permission question as the 报告 page: `allowed(user, "view",
GeneratedReport(plan, unit))` — a reporter may generate and download only its own unit's; a
plan-wide report or another unit's is 403. A bad period or a missing unit is 422 in Chinese.
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Annotated

from django.db import transaction
from ninja import Field, Path, Router, Schema, Status
from ninja.errors import ValidationError
from ninja.pagination import paginate

from planwatch.accounts.people import actor_text
from planwatch.accounts.permissions import Action, require, visible_reporting
from planwatch.api.common import PLAN_REF, Pagination, find_plan, find_unit, get_or_404, not_found, user_of
from planwatch.api.errors import ERRORS, WRITE_ERRORS
from planwatch.params import MAX_ID

from .errors import ReportError
from .models import GeneratedReport, Kind, PdfStatus
from .pdf import offer_pdf
from .services import generate
from .views import file_response, pdf_response

router = Router(tags=["报告 reports"])
REPORT_ID = Annotated[int, Path(description="报告编号", ge=1, le=MAX_ID)]


class ReportIn(Schema):
    kind: Kind = Field(description="progress 进展情况报告、unit 单位报告、brief 要情简报、ledger-targets 目标台账、"
                                   "ledger-submissions 指标报送台账、ledger-tasks 具体任务台账、ledger-policies 政策措施台账、"
                                   "ledger-supervision 督办事项台账、ledger-problems 问题台账、ledger-projects 重点项目台账")  # fmt: skip
    period: str = Field(max_length=10, description="期间：2025Q2、2025H1 或 2025")
    unit: int | str | None = Field(None, description="责任单位的编号或名称（单位报告必填；台账可选）")
    issuer: str | None = Field(None, max_length=100, description="发文机关署名；空为 PLANWATCH_REPORT_ISSUER")


class ReportOut(Schema):
    id: int
    plan: str = Field(description="计划代号")
    kind: str
    kind_label: str
    period: str
    as_of: date = Field(description="评估日期：期间的最后一天")
    unit: str | None = Field(description="单位名称；全计划为空")
    file_name: str
    size: int = Field(description="文件大小（字节）")
    seconds: float = Field(description="生成用时（秒）")
    created_by: str = Field(description="生成人（姓名和单位）")
    created_at: datetime
    download: str = Field(description="下载地址")
    pdf_status: str = Field(description="PDF：空为没有（台账，或未安装 LibreOffice）、converting 转换中、ready 可下载、failed 转换失败")
    pdf_download: str | None = Field(description="PDF 下载地址；pdf_status 为 ready 时才有")

    @staticmethod
    def resolve_plan(r: GeneratedReport) -> str:
        return r.plan.name

    @staticmethod
    def resolve_kind_label(r: GeneratedReport) -> str:
        return r.get_kind_display()

    @staticmethod
    def resolve_unit(r: GeneratedReport) -> str | None:
        return r.unit.name if r.unit_id else None

    @staticmethod
    def resolve_created_by(r: GeneratedReport) -> str:
        return actor_text(r.created_by, r.created_by_name)

    @staticmethod
    def resolve_download(r: GeneratedReport) -> str:
        return f"/api/v1/reports/{r.pk}/file"

    @staticmethod
    def resolve_pdf_download(r: GeneratedReport) -> str | None:
        return f"/api/v1/reports/{r.pk}/pdf" if r.pdf_status == PdfStatus.READY else None


@router.post("/plans/{ref}/reports", response={201: ReportOut, **WRITE_ERRORS}, summary="生成报告或台账")
def create_report(request, ref: PLAN_REF, data: ReportIn):
    """生成进展情况报告（Word）、要情简报或 Excel 台账，保存后可下载。填报员只能生成本单位的。
    装有 LibreOffice 时，Word 报告在保存后转换为 PDF（pdf_status 为 converting，完成后为 ready）。"""
    user = user_of(request)
    plan = find_plan(ref)
    unit = find_unit(data.unit) if data.unit else None
    require(user, Action.VIEW, GeneratedReport(plan=plan, unit=unit))
    try:
        with transaction.atomic():
            report = generate(actor=user, plan=plan, kind=data.kind, period=data.period, unit=unit, issuer=data.issuer)
            offer_pdf(report)
    except ReportError as exc:
        raise ValidationError([{"type": "invalid", "loc": ["body", "data"], "msg": str(exc)}]) from exc
    return Status(201, report)


@router.get("/reports", response={200: list[ReportOut], **ERRORS}, summary="已生成的报告")
@paginate(Pagination)
def list_reports(request):
    """当前用户可见的已生成报告（填报员只看到本单位的），新的在前。"""
    rows = GeneratedReport.objects.select_related("plan", "unit", "created_by__profile__unit").defer("content", "pdf")
    return visible_reporting(user_of(request), rows)


@router.get("/reports/{report_id}/file", response={200: bytes, **ERRORS}, summary="下载报告文件")
def report_file(request, report_id: REPORT_ID):
    """DOCX 或 XLSX 文件本身。"""
    report = get_or_404(GeneratedReport.objects.all(), f"未找到报告：{report_id}", pk=report_id)
    require(user_of(request), Action.VIEW, report)
    return file_response(report)


@router.get("/reports/{report_id}/pdf", response={200: bytes, **ERRORS}, summary="下载报告的 PDF 版本")
def report_pdf(request, report_id: REPORT_ID):
    """Word 报告的 PDF 版本；没有（台账、未安装 LibreOffice、转换中或转换失败）时为 404。"""
    report = get_or_404(GeneratedReport.objects.all(), f"未找到报告：{report_id}", pk=report_id)
    require(user_of(request), Action.VIEW, report)
    if report.pdf_status != PdfStatus.READY:
        raise not_found(f"报告 {report_id} 没有 PDF 版本（{report.get_pdf_status_display()}）")
    return pdf_response(report)
