"""The audit log in the admin: read-only for everyone, visible to whoever may `view_audit`."""

from __future__ import annotations

import json

from django.contrib import admin
from django.utils.html import format_html

from planwatch.accounts.permissions import Action, allowed

from .models import AuditEvent


@admin.register(AuditEvent)
class AuditEventAdmin(admin.ModelAdmin):
    list_display = ["at", "actor_name", "action_display", "object_type", "object_repr", "ip"]
    list_filter = [
        "action",
        "object_type",
        ("actor", admin.RelatedOnlyFieldListFilter),
        "at",
    ]
    date_hierarchy = "at"
    search_fields = ["actor_name", "object_repr", "object_id", "reason"]
    list_select_related = ["actor"]
    fields = [
        "at",
        "actor",
        "actor_name",
        "action",
        "object_type",
        "object_id",
        "object_repr",
        "before_pretty",
        "after_pretty",
        "reason",
        "ip",
    ]
    readonly_fields = fields

    @admin.display(description="操作", ordering="action")
    def action_display(self, obj):
        return obj.action_label

    @admin.display(description="修改前")
    def before_pretty(self, obj):
        return _pretty(obj.before)

    @admin.display(description="修改后")
    def after_pretty(self, obj):
        return _pretty(obj.after)

    def has_view_permission(self, request, obj=None):
        return allowed(request.user, Action.VIEW_AUDIT)

    def has_module_permission(self, request):
        return allowed(request.user, Action.VIEW_AUDIT)

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


def _pretty(value):
    if value is None:
        return "—"
    text = json.dumps(value, ensure_ascii=False, indent=2, sort_keys=True)
    return format_html("<pre>{}</pre>", text)
