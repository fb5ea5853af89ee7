"""planwatch's admin site: who may enter is `allowed()`, not Django's is_staff flag, and its
login form has the lock-out message."""

from __future__ import annotations

from django.contrib import admin

from .forms import AdminLoginForm, may_enter_admin


class PlanwatchAdminSite(admin.AdminSite):
    site_header = "planwatch 行动计划管理"
    site_title = "planwatch"
    index_title = "计划、责任单位、指标与账号"
    login_form = AdminLoginForm

    def has_permission(self, request):
        return may_enter_admin(request.user)
