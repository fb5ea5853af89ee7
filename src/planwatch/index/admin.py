"""Admin for the index: versions and their stored results are read, never edited here — a
definition changes only by saving the build page (a new version, `services.save_definition`).
Also the comparison units' figures (indicators.ComparisonFigure), which only the index reads:
they change only by `planwatch load-data FILE --entity NAME`."""

from __future__ import annotations

from django.contrib import admin

from planwatch.indicators.models import ComparisonFigure
from planwatch.plans.admin import ReadOnlyAdmin

from .models import IndexDefinition, IndexDimension


class DimensionInline(admin.TabularInline):
    model = IndexDimension
    fields = ["position", "name", "weight"]
    readonly_fields = fields
    extra = 0
    can_delete = False

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False


@admin.register(IndexDefinition)
class IndexDefinitionAdmin(ReadOnlyAdmin):
    list_display = ["__str__", "plan", "method", "weighting", "created_by", "created_at"]
    list_filter = ["plan"]
    list_select_related = ["plan", "created_by"]
    inlines = [DimensionInline]


@admin.register(ComparisonFigure)
class ComparisonFigureAdmin(ReadOnlyAdmin):
    list_display = ["entity", "indicator", "period", "value", "entered_unit", "source", "entered_at"]
    list_filter = ["entity", "indicator__plan"]
    list_select_related = ["indicator"]
    search_fields = ["entity", "indicator__name"]
