"""Admin for indicators, targets, observations and base values.

Writes go through the services: an indicator's formula is checked (names, cycles) before it is
saved and the plan's derived values are recomputed after; an observation edit keeps a revision
row; a base value set or cleared by hand keeps its history. Demo data is marked in every list.
"""

from __future__ import annotations

from django import forms
from django.contrib import admin
from django.core.exceptions import ValidationError

from planwatch.plans.admin import ReadOnlyAdmin, ServiceWritesAdmin
from planwatch.progress.periods import parse_period

from .bases import clear_base_value, set_base_value
from .errors import DataError
from .measures import UnitMismatch, convert
from .models import BaseValue, BaseValueRevision, Indicator, Observation, ObservationRevision, Target
from .observations import edit_observation, enter_observation, plain
from .recompute import derived_in_order, recompute_derived


class TargetInline(admin.StackedInline):
    model = Target
    extra = 0
    fields = [
        ("value", "value_max", "unit"),
        ("comparator", "basis"),
        ("year", "base_year", "base_value"),
        "attribute",
        "qualifiers",
        "source",
    ]


class IndicatorForm(forms.ModelForm):
    class Meta:
        model = Indicator
        fields = "__all__"

    def clean(self):
        cleaned = super().clean()
        if self.instance.pk and cleaned.get("formula", "").strip():
            self.instance.formula = cleaned["formula"]
            try:
                derived_in_order(plan=self.instance.plan, extra=self.instance)
            except DataError as exc:
                raise ValidationError({"formula": str(exc)}) from exc
        return cleaned


@admin.register(Indicator)
class IndicatorAdmin(ServiceWritesAdmin):
    form = IndicatorForm
    list_display = [
        "name",
        "code",
        "measure_unit",
        "kind",
        "frequency",
        "direction",
        "formula",
        "article",
        "plan",
    ]
    list_filter = ["plan", "kind", "frequency", "direction", "article__chapter"]
    list_select_related = ["plan", "article"]
    search_fields = ["name", "code", "article__title"]
    raw_id_fields = ["article"]
    inlines = [TargetInline]

    def save_model(self, request, obj, form, change):
        super().save_model(request, obj, form, change)
        if "formula" in form.changed_data:
            recompute_derived(actor=request.user, plan=obj.plan, reason="公式修改后重新计算")


@admin.register(Target)
class TargetAdmin(ServiceWritesAdmin):
    list_display = ["indicator", "comparator", "value", "value_max", "unit", "basis", "year"]
    list_editable = ["value"]
    list_filter = ["indicator__plan", "basis", "comparator", "year"]
    list_select_related = ["indicator"]
    search_fields = ["indicator__name", "source"]
    raw_id_fields = ["indicator"]


def _check_unit(cleaned: dict, indicator: Indicator | None, field: str = "entered_unit") -> None:
    if indicator is None or cleaned.get("entered_value") is None:
        return
    try:
        convert(cleaned["entered_value"], cleaned.get("entered_unit", ""), indicator.measure_unit)
    except UnitMismatch as exc:
        raise ValidationError({field: str(exc)}) from exc


class ObservationForm(forms.ModelForm):
    class Meta:
        model = Observation
        fields = "__all__"

    def clean_period(self):
        try:
            return parse_period(self.cleaned_data["period"]).code
        except ValueError as exc:
            raise ValidationError(str(exc)) from exc

    def clean(self):
        cleaned = super().clean()
        indicator = cleaned.get("indicator") or (
            self.instance.indicator if self.instance.indicator_id else None
        )
        if indicator is not None and indicator.is_derived:
            raise ValidationError(f"指标“{indicator.name}”是计算指标，数值由公式算出，不能直接填报")
        _check_unit(cleaned, indicator)
        return cleaned


class BaseValueForm(forms.ModelForm):
    class Meta:
        model = BaseValue
        fields = "__all__"

    def clean(self):
        cleaned = super().clean()
        indicator = cleaned.get("indicator") or (
            self.instance.indicator if self.instance.indicator_id else None
        )
        _check_unit(cleaned, indicator)
        return cleaned


class RevisionInline(admin.TabularInline):
    model = ObservationRevision
    extra = 0
    can_delete = False
    fields = readonly_fields = [
        "at",
        "actor",
        "old_value",
        "new_value",
        "old_status",
        "new_status",
        "changes",
        "reason",
    ]

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(Observation)
class ObservationAdmin(admin.ModelAdmin):
    """Figures come in by `planwatch load-data` (or, later, submissions); here one figure can be
    typed in or corrected, with a revision row. They are not deleted here."""

    form = ObservationForm
    list_display = [
        "indicator",
        "period",
        "shown_value",
        "status",
        "demo_label",
        "derived",
        "source",
        "entered_at",
    ]
    list_filter = ["indicator__plan", "is_demo", "status", "derived", "indicator__frequency"]
    list_select_related = ["indicator"]
    search_fields = ["indicator__name", "period", "source"]
    raw_id_fields = ["indicator"]
    fields = ["indicator", "period", "value", "entered_value", "entered_unit", "source", "note", "status",
              "is_demo", "derived", "inputs", "entered_by", "entered_at"]  # fmt: skip
    inlines = [RevisionInline]

    @admin.display(description="数值")
    def shown_value(self, obj):
        return f"{plain(obj.value)}{obj.indicator.measure_unit}"

    @admin.display(description="演示数据")
    def demo_label(self, obj):
        return "演示数据" if obj.is_demo else ""

    def get_readonly_fields(self, request, obj=None):
        computed = ["value", "is_demo", "derived", "inputs", "entered_by", "entered_at"]
        if obj is None:
            return computed
        return self.fields if obj.derived else ["indicator", "period", *computed]

    def has_delete_permission(self, request, obj=None):
        return False

    def save_model(self, request, obj, form, change):
        if change:
            obj.is_demo = False  # a person's correction is no longer demo data
            edit_observation(actor=request.user, observation=obj, reason="后台修改")
        else:
            saved = enter_observation(
                actor=request.user, indicator=obj.indicator, period=obj.period, value=obj.entered_value,
                unit=obj.entered_unit, source=obj.source, note=obj.note, status=obj.status, reason="后台录入",
            )  # fmt: skip
            obj.pk, obj.value = saved.pk, saved.value
        recompute_derived(actor=request.user, plan=obj.indicator.plan)


@admin.register(ObservationRevision)
class ObservationRevisionAdmin(ReadOnlyAdmin):
    list_display = ["observation", "at", "actor", "old_value", "new_value", "new_status", "reason"]
    list_filter = ["observation__indicator__plan"]
    list_select_related = ["observation__indicator", "actor"]
    search_fields = ["observation__indicator__name", "reason"]


@admin.register(BaseValueRevision)
class BaseValueRevisionAdmin(ReadOnlyAdmin):
    list_display = ["indicator", "year", "at", "actor", "old_value", "new_value", "reason"]
    list_filter = ["indicator__plan"]
    list_select_related = ["indicator", "actor"]


@admin.register(BaseValue)
class BaseValueAdmin(admin.ModelAdmin):
    """Base values set by hand; without one, the base comes from the base year's data."""

    list_display = ["indicator", "year", "value", "entered_value", "entered_unit", "set_by", "set_at"]
    list_select_related = ["indicator", "set_by"]  # set_by may be empty: Django's default skips it
    list_filter = ["indicator__plan", "year"]
    search_fields = ["indicator__name"]
    raw_id_fields = ["indicator"]
    form = BaseValueForm
    fields = ["indicator", "year", "entered_value", "entered_unit", "note", "value", "set_by", "set_at"]

    def get_readonly_fields(self, request, obj=None):
        return ["value", "set_by", "set_at", *(["indicator", "year"] if obj is not None else [])]

    def save_model(self, request, obj, form, change):
        saved = set_base_value(
            actor=request.user, indicator=obj.indicator, year=obj.year, value=obj.entered_value,
            unit=obj.entered_unit, note=obj.note,
        )  # fmt: skip
        obj.pk, obj.value, obj.set_at = saved.pk, saved.value, saved.set_at

    def delete_model(self, request, obj):
        clear_base_value(actor=request.user, indicator=obj.indicator, year=obj.year)

    def delete_queryset(self, request, queryset):
        for obj in queryset:
            self.delete_model(request, obj)
