"""Admin for indicators and targets: edit a target's value, comparator, year as the plan meant."""

from __future__ import annotations

from django.contrib import admin

from planwatch.plans.admin import ServiceWritesAdmin

from .models import Indicator, Target


class TargetInline(admin.StackedInline):
    model = Target
    extra = 0
    fields = [
        ("value", "value_max", "unit"),
        ("comparator", "basis"),
        ("year", "base_year"),
        "qualifiers",
        "source",
    ]


@admin.register(Indicator)
class IndicatorAdmin(ServiceWritesAdmin):
    list_display = ["name", "measure_unit", "direction", "article", "plan"]
    list_filter = ["plan", "direction", "article__chapter"]
    list_select_related = ["plan", "article"]
    search_fields = ["name", "code", "article__title"]
    raw_id_fields = ["article"]
    inlines = [TargetInline]


@admin.register(Target)
class TargetAdmin(ServiceWritesAdmin):
    list_display = ["indicator", "comparator", "value", "value_max", "unit", "basis", "year"]
    list_editable = ["value"]
    list_filter = ["indicator__plan", "basis", "comparator", "year"]
    list_select_related = ["indicator"]
    search_fields = ["indicator__name", "source"]
    raw_id_fields = ["indicator"]
