"""Admin for key projects: the office's list of project categories (项目类别) and the lights'
thresholds and monthly plan curve per plan. Projects themselves move only through the import and
the monthly reports (planwatch.workflow)."""

from __future__ import annotations

from django.contrib import admin

from planwatch.plans.admin import ServiceWritesAdmin

from .models import Category, ProjectSettings


@admin.register(Category)
class CategoryAdmin(ServiceWritesAdmin):
    list_display = ["name", "position"]
    list_editable = ["position"]
    ordering = ["position", "pk"]


@admin.register(ProjectSettings)
class ProjectSettingsAdmin(ServiceWritesAdmin):
    list_display = ["plan", "behind_below", "far_behind_below"]
