"""Who a user is to planwatch: a role (and a unit for reporters), lock-out state, API tokens.

The role lives in a one-to-one Profile beside Django's own User, so auth, admin and sessions
stay stock. A user without a profile (say, made by `createsuperuser`) is office when a superuser
and nobody otherwise: least privilege by default.
"""

from __future__ import annotations

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q


class Role(models.TextChoices):
    OFFICE = "office", "领导小组办公室"
    REPORTER = "reporter", "责任单位填报员"
    LEADER = "leader", "区领导"
    AUDITOR = "auditor", "审计员"


class Profile(models.Model):
    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, verbose_name="用户", on_delete=models.CASCADE, related_name="profile"
    )
    role = models.CharField("角色", max_length=20, choices=Role.choices, blank=True)
    display_name = models.CharField(
        "姓名", max_length=50, blank=True, help_text="页面和审计日志中显示的姓名；用户名只用于登录"
    )
    # PROTECT: deleting a unit must not leave a reporter without one (a merge moves them instead).
    unit = models.ForeignKey(
        "units.Unit",
        verbose_name="责任单位",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="reporters",
        help_text="填报员所属的责任单位；其他角色不填",
    )
    must_change_password = models.BooleanField("下次登录须修改密码", default=False)
    failed_logins = models.PositiveIntegerField("连续登录失败次数", default=0)
    locked_until = models.DateTimeField("锁定至", null=True, blank=True)

    class Meta:
        verbose_name = "账号资料"
        verbose_name_plural = "账号资料"
        constraints = [
            models.CheckConstraint(
                condition=~Q(role="reporter") | Q(unit__isnull=False), name="reporter_has_unit"
            ),
        ]

    def __str__(self) -> str:
        from .people import person  # people imports Role from here

        return person(self.user)

    def clean(self):
        if self.role == Role.REPORTER and self.unit_id is None:
            raise ValidationError({"unit": "填报员必须指定所属责任单位"})
        if self.role != Role.REPORTER and self.unit_id is not None:
            raise ValidationError({"unit": "只有填报员属于某个责任单位；其他角色请留空"})


class UnknownLogin(models.Model):
    """Failed logins for names that are no account, counted like real ones so the login page
    answers the same ("账号已锁定…") whether or not the name exists."""

    username = models.CharField("用户名", max_length=150, unique=True)
    failed_logins = models.PositiveIntegerField("连续登录失败次数", default=0)
    locked_until = models.DateTimeField("锁定至", null=True, blank=True)
    last_failed_at = models.DateTimeField("最近失败时间", db_index=True)

    class Meta:
        verbose_name = "未知用户名登录失败"
        verbose_name_plural = "未知用户名登录失败"

    def __str__(self) -> str:
        return self.username


class ApiToken(models.Model):
    """A bearer token for the JSON API. Only its SHA-256 is stored; the token is shown once."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name="用户", on_delete=models.CASCADE, related_name="api_tokens"
    )
    token_hash = models.CharField("令牌摘要（SHA-256）", max_length=64, unique=True, editable=False)
    prefix = models.CharField("令牌前缀", max_length=16, editable=False, help_text="用于辨认，不能用于登录")
    created_at = models.DateTimeField("创建时间", auto_now_add=True)
    last_used_at = models.DateTimeField("最近使用", null=True, blank=True, editable=False)
    revoked_at = models.DateTimeField("吊销时间", null=True, blank=True)

    class Meta:
        verbose_name = "API 令牌"
        verbose_name_plural = "API 令牌"
        ordering = ["-created_at"]

    def __str__(self) -> str:
        from .people import person  # people imports Role from here

        return f"{person(self.user)}的 API 令牌"

    @property
    def revoked(self) -> bool:
        return self.revoked_at is not None
