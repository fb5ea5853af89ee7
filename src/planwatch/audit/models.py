"""The audit trail: one append-only row per change, login and lock-out (等保 2.0 安全审计).

Rows are never changed or removed by the application: `save()` of an existing row, `delete()`,
and the manager's `update()` / `delete()` all raise. (Deleting a user still works: Django nulls
`actor` through the base manager, and `actor_name` keeps who it was.)
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone


class AppendOnlyError(Exception):
    """Raised on any attempt to change or delete an audit event."""


class AuditAction(models.TextChoices):
    """The actions planwatch records; other apps may record others (the column is free text)."""

    CREATE = "create", "新增"
    UPDATE = "update", "修改"
    DELETE = "delete", "删除"
    IMPORT = "import", "导入计划"
    MERGE = "merge", "合并单位"
    LOGIN = "login", "登录"
    LOGOUT = "logout", "退出登录"
    LOGIN_FAILED = "login_failed", "登录失败"
    LOCKOUT = "lockout", "账号锁定"
    UNLOCK = "unlock", "解除锁定"
    PASSWORD_CHANGE = "password_change", "修改密码"
    PASSWORD_SET = "password_set", "重设密码"
    TOKEN_CREATE = "token_create", "签发 API 令牌"
    TOKEN_REVOKE = "token_revoke", "吊销 API 令牌"
    LOAD_DATA = "load_data", "导入指标数据"
    DEMO_DATA = "demo_data", "生成演示数据"
    DRAFT = "draft", "保存草稿"
    SUBMIT = "submit", "报送"
    RETURN = "return", "退回"
    APPROVE = "approve", "审核通过"
    REMOVE_FILE = "unattach", "删除佐证材料"
    REMIND = "remind", "发送提醒"
    REPORTING_RULES = "reporting_rules", "调整报送规则"
    ASSIGN_LEAD = "assign_lead", "确定牵头单位"


# Actions other apps record under their own names (supervision.assign …) and their Chinese
# labels, registered by those apps when they load (AppConfig.ready): the log reads them as its own.
EXTRA_LABELS: dict[str, str] = {}


def _now():
    # Looked up at call time, so tests that move the clock (patching timezone.now) move this too.
    return timezone.now()


class AuditQuerySet(models.QuerySet):
    def update(self, **kwargs):
        raise AppendOnlyError("审计记录不能修改")

    def delete(self):
        raise AppendOnlyError("审计记录不能删除")

    def bulk_update(self, objs, fields, batch_size=None):
        raise AppendOnlyError("审计记录不能修改")


class AuditEvent(models.Model):
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="操作人",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="audit_events",
    )
    actor_name = models.CharField("操作人名称", max_length=150, help_text="用户被删除后仍保留")
    action = models.CharField("操作", max_length=40, db_index=True)
    object_type = models.CharField("对象类型", max_length=100, blank=True, db_index=True)
    object_id = models.CharField("对象编号", max_length=64, blank=True)
    object_repr = models.CharField("对象", max_length=300, blank=True)
    before = models.JSONField("修改前", null=True, blank=True)
    after = models.JSONField("修改后", null=True, blank=True)
    reason = models.TextField("原因", blank=True)
    at = models.DateTimeField("时间", default=_now, db_index=True)
    ip = models.GenericIPAddressField("IP 地址", null=True, blank=True)

    objects = AuditQuerySet.as_manager()

    class Meta:
        verbose_name = "审计记录"
        verbose_name_plural = "审计记录"
        ordering = ["-at", "-id"]
        indexes = [models.Index(fields=["object_type", "object_id"], name="audit_object")]

    def __str__(self) -> str:
        from planwatch.accounts.people import actor_text  # accounts records into this app

        at = timezone.localtime(self.at)
        who = actor_text(self.actor, self.actor_name)
        return f"{at.year}年{at.month}月{at.day}日 {at:%H:%M} {who} {self.action_label} {self.object_repr}"

    @property
    def action_label(self) -> str:
        try:
            return AuditAction(self.action).label
        except ValueError:
            return EXTRA_LABELS.get(self.action, self.action)

    def save(self, *args, **kwargs):
        if not self._state.adding:
            raise AppendOnlyError("审计记录只能新增，不能修改")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise AppendOnlyError("审计记录不能删除")
