"""Login and password forms: Django's, with the lock-out message and audited password changes."""

from __future__ import annotations

from django import forms
from django.contrib.admin.forms import AdminAuthenticationForm
from django.contrib.auth.forms import AuthenticationForm, PasswordChangeForm
from django.core.exceptions import ValidationError

from . import lockout, services
from .permissions import Action, allowed

INVALID_LOGIN = "用户名或密码不正确。请注意区分大小写。"


class LockoutMessageMixin:
    """After a refused login, say so when the name is locked — for unknown names too, so the
    answer never tells whether an account exists."""

    def clean(self):
        try:
            return super().clean()
        except ValidationError:
            minutes = lockout.minutes_locked(self.cleaned_data.get("username") or "")
            if minutes:
                raise ValidationError(f"账号已锁定，请 {minutes} 分钟后再试", code="locked") from None
            raise

    def get_invalid_login_error(self):
        return ValidationError(INVALID_LOGIN, code="invalid_login")


class LoginForm(LockoutMessageMixin, AuthenticationForm):
    pass


def may_enter_admin(user) -> bool:
    """The office administers; auditors come in to read the audit log only."""
    return allowed(user, Action.ADMIN) or allowed(user, Action.VIEW_AUDIT)


class AdminLoginForm(LockoutMessageMixin, AdminAuthenticationForm):
    def confirm_login_allowed(self, user):
        """The role decides, not Django's is_staff flag (which planwatch does not use)."""
        AuthenticationForm.confirm_login_allowed(self, user)
        if not may_enter_admin(user):
            raise ValidationError("此账号不能进入后台管理，请从首页登录。", code="not_admin")


class PasswordForm(PasswordChangeForm):
    """The user's own password change; saving goes through the audited service."""

    def clean(self):
        cleaned = super().clean()
        new = cleaned.get("new_password1")
        if new and cleaned.get("old_password") and self.user.check_password(new):
            raise forms.ValidationError("新密码不能与原密码相同。", code="password_unchanged")
        return cleaned

    def save(self, commit=True):
        services.change_password(actor=self.user, user=self.user, password=self.cleaned_data["new_password1"])
        return self.user
