"""Admin for reporting: the calendar and rules are editable (audited); submissions, reports,
their history, evidence, notifications and reminder logs are read-only here, because their
states change only through the review services (approve, return, unlock) on the 审核 page."""

from __future__ import annotations

from django.contrib import admin

from planwatch.plans.admin import ReadOnlyAdmin, ServiceWritesAdmin

from .models import (
    ArticleReport,
    Evidence,
    Notification,
    ReminderLog,
    ReportingCalendar,
    ReportingRule,
    Submission,
    SubmissionEvent,
)


class EventInline(admin.TabularInline):
    model = SubmissionEvent
    extra = 0
    fields = ["at", "actor_name", "action", "old_status", "new_status", "reason"]
    readonly_fields = fields
    can_delete = False

    def has_add_permission(self, request, obj=None):
        return False


class EvidenceInline(EventInline):
    model = Evidence
    fields = ["name", "content_type", "size", "uploaded_by", "uploaded_at"]
    readonly_fields = fields


@admin.register(ReportingCalendar)
class ReportingCalendarAdmin(ServiceWritesAdmin):
    list_display = ["plan", "starts_on", "remind_days_before", "overdue_every", "jump_share", "jump_floor"]


@admin.register(ReportingRule)
class ReportingRuleAdmin(ServiceWritesAdmin):
    list_display = ["__str__", "plan", "unit", "frequency", "due_days", "unit_chosen", "active"]
    list_select_related = ["plan", "unit", "indicator", "article"]  # __str__ names the item
    list_filter = ["plan", "frequency", "active", "unit_chosen", ("unit", admin.EmptyFieldListFilter)]
    search_fields = ["indicator__name", "article__title", "unit__name"]
    autocomplete_fields = ["unit"]
    raw_id_fields = ["indicator", "article"]


@admin.register(Submission)
class SubmissionAdmin(ReadOnlyAdmin):
    list_display = [
        "indicator",
        "period",
        "unit",
        "entered_value",
        "entered_unit",
        "status",
        "locked",
        "submitted_at",
    ]
    list_filter = ["status", "locked", "unit"]
    search_fields = ["indicator__name", "unit__name", "period"]
    inlines = [EventInline, EvidenceInline]


@admin.register(ArticleReport)
class ArticleReportAdmin(ReadOnlyAdmin):
    list_display = ["article", "period", "unit", "self_status", "status", "locked", "submitted_at"]
    list_filter = ["status", "locked", "unit"]
    search_fields = ["article__title", "unit__name", "period"]
    inlines = [EventInline, EvidenceInline]


@admin.register(Notification)
class NotificationAdmin(ReadOnlyAdmin):
    list_display = ["user", "text", "created", "read"]
    list_filter = ["read"]


@admin.register(ReminderLog)
class ReminderLogAdmin(ReadOnlyAdmin):
    list_display = ["on", "unit", "rule", "period", "kind", "due_on", "recipients"]
    list_select_related = ["unit", "rule__indicator", "rule__article"]
    list_filter = ["kind", "on", "unit"]
