"""The reporting cycle as stored: the calendar, what units submit, how each step went.

A `ReportingRule` says who reports what how often: one per indicator (a figure) and one per
article (a progress text), with the reporting unit the plan implies (the article's lead unit)
unless the office chose another — or none yet, for targets the plan assigns to no unit.

A `Submission` (a figure) and an `ArticleReport` (进展情况 / 存在问题 / 下步打算) go through
the same states as observations: draft → submitted → returned (reason) → submitted … →
approved, and approval locks them. Every step is a `SubmissionEvent` row (old state, new state,
actor, reason, time — DESIGN §5); the same change is an audit event in the same transaction.
Only approval writes the figure into indicators.Observation, so only approved data is evaluated.
"""

from __future__ import annotations

import uuid

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone

from planwatch.indicators.models import VALUE_DIGITS, VALUE_PLACES, Frequency, ObservationStatus
from planwatch.progress import STATUS_LABELS, STATUSES, period_label

from . import conf

Status = ObservationStatus  # draft / submitted / returned / approved, labels in Chinese
SELF_STATUS_CHOICES = [(s, STATUS_LABELS[s]) for s in reversed(STATUSES)]


def _now():
    return timezone.now()


def _value(label: str, **kw) -> models.DecimalField:
    return models.DecimalField(label, max_digits=VALUE_DIGITS, decimal_places=VALUE_PLACES, **kw)


def _user(label: str) -> models.ForeignKey:
    return models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=label, null=True, blank=True,
        on_delete=models.SET_NULL, related_name="+",
    )  # fmt: skip


class ReportingCalendar(models.Model):
    """A plan's reporting settings; a plan without a row uses the defaults (conf.py)."""

    plan = models.OneToOneField(
        "plans.Plan", verbose_name="计划", on_delete=models.CASCADE, related_name="reporting_calendar"
    )
    starts_on = models.DateField(
        "报送起始日期", null=True, blank=True,
        help_text="此日期前结束的期间不要求报送；空为计划起始年的1月1日",
    )  # fmt: skip
    remind_days_before = models.PositiveSmallIntegerField("到期前几天提醒", default=conf.REMIND_DAYS_BEFORE)
    overdue_every = models.PositiveSmallIntegerField(
        "逾期后每隔几天催办", default=conf.OVERDUE_EVERY, help_text="至少 1 天"
    )
    jump_share = models.DecimalField(
        "变动幅度阈值", max_digits=6, decimal_places=3, default=conf.JUMP_SHARE,
        help_text="与上期相比变动超过该比例须填写变动说明；0.5 即 50%",
    )  # fmt: skip
    jump_floor = _value(
        "变动绝对值下限", default=conf.JUMP_FLOOR,
        help_text="变动的绝对值（按指标单位）不超过此数时无须说明，如 1 家变为 2 家；0 表示不设下限",
    )  # fmt: skip
    updated_at = models.DateTimeField("更新时间", auto_now=True)

    class Meta:
        verbose_name = "报送日历"
        verbose_name_plural = "报送日历"

    def __str__(self) -> str:
        return f"{self.plan} 报送日历"


class ReportingRule(models.Model):
    """Who reports one indicator (or one article's progress) how often, due when."""

    plan = models.ForeignKey(
        "plans.Plan", verbose_name="计划", on_delete=models.CASCADE, related_name="reporting_rules"
    )
    indicator = models.ForeignKey(
        "indicators.Indicator", verbose_name="指标", null=True, blank=True,
        on_delete=models.CASCADE, related_name="reporting_rules",
    )  # fmt: skip
    article = models.ForeignKey(
        "plans.Article", verbose_name="条目（进展情况）", null=True, blank=True,
        on_delete=models.CASCADE, related_name="reporting_rules",
    )  # fmt: skip
    frequency = models.CharField("报送频率", max_length=10, choices=Frequency.choices)
    due_days = models.PositiveSmallIntegerField(
        "报送期限", default=conf.DUE_DAYS, help_text="期末后第几天截止，如季度结束后第5天"
    )
    unit = models.ForeignKey(
        "units.Unit", verbose_name="报送单位", null=True, blank=True,
        on_delete=models.PROTECT, related_name="reporting_rules", help_text="空表示尚未指定",
    )  # fmt: skip
    unit_chosen = models.BooleanField("办公室指定单位", default=False, help_text="为否时随计划的牵头单位变化")
    min_value = _value("最小值", null=True, blank=True, help_text="空表示不限；0 表示不能为负数")
    max_value = _value("最大值", null=True, blank=True, help_text="空表示不限；百分比默认 100")
    active = models.BooleanField("需要报送", default=True)
    starts_on = models.DateField(
        "报送起始日期", null=True, blank=True, help_text="空为报送日历的起始日期；此日期前结束的期间不要求报送"
    )
    updated_at = models.DateTimeField("更新时间", auto_now=True)

    class Meta:
        verbose_name = "报送规则"
        verbose_name_plural = "报送规则"
        ordering = ["plan", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(indicator__isnull=True) ^ Q(article__isnull=True), name="rule_one_item"
            ),
            models.UniqueConstraint(fields=["indicator"], name="unique_rule_per_indicator"),
            models.UniqueConstraint(
                fields=["article"], condition=Q(indicator__isnull=True), name="unique_rule_per_article"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.item_name}（{self.get_frequency_display()}报）"

    @property
    def kind(self) -> str:
        return "indicator" if self.indicator_id else "article"

    @property
    def item_name(self) -> str:
        return (
            self.indicator.name if self.indicator_id else f"{self.article.label}{self.article.title}进展情况"
        )

    @property
    def home_article(self):
        """The article the item belongs to (an indicator's, or the rule's own)."""
        return self.indicator.article if self.indicator_id else self.article


class Reportable(models.Model):
    """What a figure and a progress text share: period, unit, workflow state and its who/when."""

    unit = models.ForeignKey(
        "units.Unit", verbose_name="报送单位", on_delete=models.PROTECT, related_name="+"
    )
    period = models.CharField("期间", max_length=10)
    period_key = models.PositiveIntegerField("排序键")
    status = models.CharField("状态", max_length=10, choices=Status.choices, default=Status.DRAFT)
    locked = models.BooleanField("已锁定", default=False)
    reason = models.TextField("退回或解锁原因", blank=True)
    due_on = models.DateField("截止日期", null=True, blank=True)
    first_submitted_at = models.DateTimeField("首次报送时间", null=True, blank=True)
    submitted_at = models.DateTimeField("报送时间", null=True, blank=True)
    submitted_by = _user("报送人")
    reviewed_at = models.DateTimeField("审核时间", null=True, blank=True)
    reviewed_by = _user("审核人")
    created_at = models.DateTimeField("创建时间", default=_now)
    updated_at = models.DateTimeField("更新时间", auto_now=True)

    class Meta:
        abstract = True


class Submission(Reportable):
    """A unit's figure for one indicator and period; `value` is in the indicator's unit."""

    indicator = models.ForeignKey(
        "indicators.Indicator", verbose_name="指标", on_delete=models.CASCADE, related_name="submissions"
    )
    value = _value("数值（指标单位）")
    entered_value = _value("填报数值")
    entered_unit = models.CharField("填报单位", max_length=50, blank=True)
    source = models.CharField("来源", max_length=200, blank=True)
    note = models.TextField("备注", blank=True)
    explanation = models.TextField("变动说明", blank=True)
    observation = models.ForeignKey(
        "indicators.Observation", verbose_name="审核后的指标数据", null=True, blank=True,
        on_delete=models.SET_NULL, related_name="+",
    )  # fmt: skip

    class Meta:
        verbose_name = "指标报送"
        verbose_name_plural = "指标报送"
        ordering = ["indicator", "period_key"]
        constraints = [
            models.UniqueConstraint(fields=["indicator", "period"], name="unique_submission_per_period")
        ]
        indexes = [models.Index(fields=["status", "unit"], name="submission_queue")]

    def __str__(self) -> str:
        return f"{self.indicator.name} {period_label(self.period)}（{self.get_status_display()}）"

    @property
    def kind(self) -> str:
        return "submission"


class ArticleReport(Reportable):
    """A unit's progress text on one article for one period, with its self-assessed status."""

    article = models.ForeignKey(
        "plans.Article", verbose_name="条目", on_delete=models.CASCADE, related_name="progress_reports"
    )
    progress = models.TextField("进展情况", blank=True)
    problems = models.TextField("存在问题", blank=True)
    next_steps = models.TextField("下步打算", blank=True)
    self_status = models.CharField("自评状态", max_length=20, choices=SELF_STATUS_CHOICES, blank=True)

    class Meta:
        verbose_name = "条目进展报送"
        verbose_name_plural = "条目进展报送"
        ordering = ["article", "period_key"]
        constraints = [
            models.UniqueConstraint(fields=["article", "period"], name="unique_article_report_per_period")
        ]
        indexes = [models.Index(fields=["status", "unit"], name="article_report_queue")]

    def __str__(self) -> str:
        return f"{self.article.label}{self.article.title} {period_label(self.period)}进展（{self.get_status_display()}）"

    @property
    def kind(self) -> str:
        return "report"


class Action(models.TextChoices):
    DRAFT = "draft", "保存草稿"
    SUBMIT = "submit", "报送"
    RETURN = "return", "退回"
    APPROVE = "approve", "审核通过"
    UNLOCK = "unlock", "解锁"
    REMOVE_FILE = "unattach", "删除佐证材料"


class SubmissionEvent(models.Model):
    """One step of a submission or article report: the history shown on its page."""

    submission = models.ForeignKey(
        Submission,
        verbose_name="指标报送",
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="events",
    )
    report = models.ForeignKey(
        ArticleReport, verbose_name="条目进展", null=True, blank=True,
        on_delete=models.CASCADE, related_name="events",
    )  # fmt: skip
    action = models.CharField("操作", max_length=10, choices=Action.choices)
    old_status = models.CharField("原状态", max_length=10, blank=True)
    new_status = models.CharField("新状态", max_length=10)
    actor = _user("操作人")
    actor_name = models.CharField("操作人名称", max_length=150, blank=True)
    reason = models.TextField("原因", blank=True)
    details = models.JSONField("内容", default=dict, blank=True, help_text="当时的数值、单位等")
    at = models.DateTimeField("时间", default=_now)

    class Meta:
        verbose_name = "报送记录"
        verbose_name_plural = "报送记录"
        ordering = ["at", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(submission__isnull=True) ^ Q(report__isnull=True), name="event_one_item"
            )
        ]

    def __str__(self) -> str:
        return f"{self.at:%Y-%m-%d %H:%M} {self.actor_name} {self.get_action_display()}"

    def old_status_label(self) -> str:
        return Status(self.old_status).label if self.old_status else ""

    def new_status_label(self) -> str:
        return Status(self.new_status).label


class Evidence(models.Model):
    """A file attached to a submission or report, kept as DATA_DIR/evidence/<id>."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    submission = models.ForeignKey(
        Submission,
        verbose_name="指标报送",
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="evidence",
    )
    report = models.ForeignKey(
        ArticleReport, verbose_name="条目进展", null=True, blank=True,
        on_delete=models.CASCADE, related_name="evidence",
    )  # fmt: skip
    unit = models.ForeignKey(
        "units.Unit", verbose_name="报送单位", on_delete=models.PROTECT, related_name="+"
    )
    name = models.CharField("文件名", max_length=255)
    content_type = models.CharField("文件类型", max_length=100)
    size = models.PositiveBigIntegerField("大小（字节）")
    sha256 = models.CharField("SHA-256", max_length=64)
    uploaded_by = _user("上传人")
    uploaded_at = models.DateTimeField("上传时间", default=_now)

    class Meta:
        verbose_name = "佐证材料"
        verbose_name_plural = "佐证材料"
        ordering = ["uploaded_at"]
        constraints = [
            models.CheckConstraint(
                condition=Q(submission__isnull=True) ^ Q(report__isnull=True), name="evidence_one_item"
            )
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def owner(self):
        return self.submission if self.submission_id else self.report


class Notification(models.Model):
    """An in-app message (a reminder, a return, an approval) for one user."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name="用户", on_delete=models.CASCADE, related_name="notifications"
    )
    text = models.TextField("内容")
    link = models.CharField("链接", max_length=300, blank=True)
    created = models.DateTimeField("时间", default=_now, db_index=True)
    read = models.BooleanField("已读", default=False)

    class Meta:
        verbose_name = "通知"
        verbose_name_plural = "通知"
        ordering = ["-created", "-pk"]

    def __str__(self) -> str:
        return self.text[:40]


class ReminderKind(models.TextChoices):
    BEFORE = "before", "到期前提醒"
    DUE = "due", "今日截止"
    OVERDUE = "overdue", "逾期催办"


class ReminderLog(models.Model):
    """One reminder sent: (unit, item, period, kind, date) is sent at most once."""

    unit = models.ForeignKey(
        "units.Unit", verbose_name="报送单位", on_delete=models.CASCADE, related_name="+"
    )
    rule = models.ForeignKey(
        ReportingRule, verbose_name="报送规则", on_delete=models.CASCADE, related_name="+"
    )
    period = models.CharField("期间", max_length=10)
    kind = models.CharField("类型", max_length=10, choices=ReminderKind.choices)
    on = models.DateField("日期")
    due_on = models.DateField("截止日期")
    recipients = models.PositiveIntegerField("收件人数", default=0)
    sent_at = models.DateTimeField("发送时间", default=_now)

    class Meta:
        verbose_name = "催办记录"
        verbose_name_plural = "催办记录"
        ordering = ["-on", "unit", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["unit", "rule", "period", "kind", "on"], name="unique_reminder_per_day"
            )
        ]

    def __str__(self) -> str:
        return f"{self.on:%Y年%m月%d日} {self.unit} {period_label(self.period)} {self.get_kind_display()}"
