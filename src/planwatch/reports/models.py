"""A generated report or ledger: what was asked, by whom, when, and the file itself.

The file is kept in the database (a report is tens of kilobytes), so the list on the 报告 page,
backups and several app servers need no shared folder. A unit's report belongs to its unit
(`unit_id`): the permission check treats it like the unit's own reporting rows.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models


class Kind(models.TextChoices):
    PROGRESS = "progress", "进展情况报告"
    UNIT = "unit", "单位进展情况报告"
    BRIEF = "brief", "要情简报"
    LEDGER_TARGETS = "ledger-targets", "目标台账（Excel）"
    LEDGER_SUBMISSIONS = "ledger-submissions", "指标报送台账（Excel）"
    LEDGER_TASKS = "ledger-tasks", "具体任务台账（Excel）"
    LEDGER_POLICIES = "ledger-policies", "政策措施台账（Excel）"
    LEDGER_SUPERVISION = "ledger-supervision", "督办事项台账（Excel）"
    LEDGER_PROBLEMS = "ledger-problems", "问题台账（Excel）"
    LEDGER_PROJECTS = "ledger-projects", "重点项目台账（Excel）"


class PdfStatus(models.TextChoices):
    NONE = "", "无"
    CONVERTING = "converting", "转换中"
    READY = "ready", "已生成"
    FAILED = "failed", "转换失败"


class GeneratedReport(models.Model):
    plan = models.ForeignKey("plans.Plan", verbose_name="计划", on_delete=models.CASCADE, related_name="+")
    kind = models.CharField("类型", max_length=20, choices=Kind.choices)
    period = models.CharField("期间", max_length=10)
    as_of = models.DateField("评估日期")
    unit = models.ForeignKey(
        "units.Unit", verbose_name="单位", null=True, blank=True, on_delete=models.CASCADE, related_name="+"
    )
    file_name = models.CharField("文件名", max_length=255)
    content = models.BinaryField("文件内容")
    size = models.PositiveIntegerField("大小（字节）")
    seconds = models.FloatField("生成用时（秒）")
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name="生成人", null=True, blank=True,
        on_delete=models.SET_NULL, related_name="+",
    )  # fmt: skip
    created_by_name = models.CharField("生成人名称", max_length=150, blank=True)
    created_at = models.DateTimeField("生成时间", auto_now_add=True)
    pdf = models.BinaryField("PDF 文件", null=True, blank=True)  # made by LibreOffice when installed (pdf.py)
    pdf_status = models.CharField("PDF", max_length=10, choices=PdfStatus.choices, blank=True, default="")

    class Meta:
        verbose_name = "生成的报告"
        verbose_name_plural = "生成的报告"
        ordering = ["-created_at", "-pk"]

    def __str__(self) -> str:
        return self.file_name

    @property
    def content_type(self) -> str:
        if self.file_name.endswith(".xlsx"):
            return "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
        return "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
