"""Admin for tasks and policies: corrections of text, units and dates. States and histories
are read-only here — they move only through the review pages (planwatch.workflow)."""

from __future__ import annotations

from django.contrib import admin

from planwatch.plans.admin import ReadOnlyAdmin, ServiceWritesAdmin

from .models import PolicyEvent, PolicyMeasure, Task, TaskEvent, TaskEvidence, TaskReport, TaskReportEvent


@admin.register(Task)
class TaskAdmin(ServiceWritesAdmin):
    list_display = ["__str__", "article", "lead_unit", "due_on", "state"]
    list_filter = ["plan", "state", "kind"]
    list_select_related = ["article", "lead_unit"]
    search_fields = ["text"]
    raw_id_fields = ["plan", "article", "lead_unit"]
    filter_horizontal = ["co_units"]
    readonly_fields = ["state", "done_on", "origin", "source", "created_at", "updated_at"]


@admin.register(PolicyMeasure)
class PolicyMeasureAdmin(ServiceWritesAdmin):
    list_display = ["name", "article", "kind", "issuing_unit", "state", "doc_number"]
    list_filter = ["plan", "state", "kind"]
    list_select_related = ["article", "issuing_unit"]
    search_fields = ["name", "doc_number"]
    raw_id_fields = ["plan", "article", "issuing_unit"]
    readonly_fields = ["state", "doc_number", "issued_on", "source", "created_at", "updated_at"]


@admin.register(TaskEvent)
class TaskEventAdmin(ReadOnlyAdmin):
    list_display = ["at", "task", "label", "actor_name"]
    list_select_related = ["task"]


@admin.register(PolicyEvent)
class PolicyEventAdmin(ReadOnlyAdmin):
    list_display = ["at", "policy", "label", "actor_name"]
    list_select_related = ["policy"]


@admin.register(TaskReport)
class TaskReportAdmin(ReadOnlyAdmin):
    list_display = ["task", "period", "unit", "claim", "status"]
    list_filter = ["status", "claim"]
    list_select_related = ["task", "unit"]


@admin.register(TaskReportEvent)
class TaskReportEventAdmin(ReadOnlyAdmin):
    list_display = ["at", "report", "label", "actor_name"]
    list_select_related = ["report__task"]


@admin.register(TaskEvidence)
class TaskEvidenceAdmin(ReadOnlyAdmin):
    list_display = ["name", "report", "unit", "size", "uploaded_at"]
    list_select_related = ["report__task", "unit"]
