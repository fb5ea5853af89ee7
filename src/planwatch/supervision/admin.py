"""Admin for supervision: only the list of accountability measures (问责措施类型) is kept here —
the office adds a kind or retires one (可用 off; a kind in use cannot be deleted). Items, their
history and the ledger move only through the supervision pages (planwatch.workflow)."""

from __future__ import annotations

from django.contrib import admin

from planwatch.plans.admin import ServiceWritesAdmin

from .models import AccountabilityKind


@admin.register(AccountabilityKind)
class AccountabilityKindAdmin(ServiceWritesAdmin):
    list_display = ["name", "position", "active"]
    list_editable = ["position", "active"]
    ordering = ["position", "pk"]
