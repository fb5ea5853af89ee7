"""Generated reports in the admin: read-only records (the 报告 page and the API make them)."""

from django.contrib import admin

from planwatch.plans.admin import ReadOnlyAdmin

from .models import GeneratedReport


@admin.register(GeneratedReport)
class GeneratedReportAdmin(ReadOnlyAdmin):
    list_display = ["file_name", "plan", "kind", "period", "unit", "created_by_name", "created_at", "seconds"]
    list_filter = ["kind"]
    list_select_related = ["plan", "unit"]
    exclude = ["content"]

    def get_queryset(self, request):
        return super().get_queryset(request).defer("content")
