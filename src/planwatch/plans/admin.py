"""Admin (zh-hans) for plans: where the office corrects an extraction by hand.

Every save and delete, inlines included, goes through `services.save_edit` / `delete_edit`,
the hook where the audit app will record the change.
"""

from __future__ import annotations

from django.contrib import admin

from planwatch.indicators.models import Indicator
from planwatch.units.models import ArticleUnit

from . import services
from .models import Article, Chapter, Milestone, Plan, Section


class ReadOnlyAdmin(admin.ModelAdmin):
    """History rows: listed and read, never added, changed or deleted by hand."""

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


class ServiceWritesAdmin(admin.ModelAdmin):
    """A ModelAdmin whose writes go through the services (and later the audit trail)."""

    def save_model(self, request, obj, form, change):
        services.save_edit(actor=request.user, obj=obj)

    def delete_model(self, request, obj):
        services.delete_edit(actor=request.user, obj=obj)

    def delete_queryset(self, request, queryset):
        for obj in queryset:
            services.delete_edit(actor=request.user, obj=obj)

    def save_formset(self, request, form, formset, change):
        for obj in formset.save(commit=False):
            services.save_edit(actor=request.user, obj=obj)
        for obj in formset.deleted_objects:
            services.delete_edit(actor=request.user, obj=obj)
        formset.save_m2m()


class ChapterFilter(admin.SimpleListFilter):
    """Chapters of the plan chosen in the plan filter (chapter numbers repeat across plans)."""

    title = "章"
    parameter_name = "chapter"

    def lookups(self, request, model_admin):
        chapters = Chapter.objects.select_related("plan")
        plan_id = request.GET.get("plan__id__exact")
        if plan_id:
            return [(c.pk, str(c)) for c in chapters.filter(plan_id=plan_id)]
        return [(c.pk, f"{c.plan.name} · {c}") for c in chapters]

    def queryset(self, request, queryset):
        return queryset.filter(chapter_id=self.value()) if self.value() else queryset


class ChapterInline(admin.TabularInline):
    model = Chapter
    extra = 0
    fields = ["number", "title"]


@admin.register(Plan)
class PlanAdmin(ServiceWritesAdmin):
    list_display = ["name", "title", "period_start", "period_end", "source_name", "updated_at"]
    search_fields = ["name", "title"]
    readonly_fields = ["source_name", "source_sha256", "content_sha256", "created_at", "updated_at"]
    inlines = [ChapterInline]


@admin.register(Chapter)
class ChapterAdmin(ServiceWritesAdmin):
    list_display = ["number", "title", "plan"]
    list_display_links = ["number", "title"]
    list_filter = ["plan"]
    list_select_related = ["plan"]
    search_fields = ["title"]


@admin.register(Section)
class SectionAdmin(ServiceWritesAdmin):
    list_display = ["number", "title", "chapter", "plan"]
    list_filter = ["plan"]
    list_select_related = ["plan", "chapter"]
    search_fields = ["title"]


class ArticleUnitInline(admin.TabularInline):
    model = ArticleUnit
    extra = 0
    fields = ["unit", "role", "position", "written_as"]
    autocomplete_fields = ["unit"]


class MilestoneInline(admin.TabularInline):
    model = Milestone
    extra = 0
    fields = ["text", "year", "position"]


class IndicatorInline(admin.TabularInline):
    model = Indicator
    extra = 0
    fields = ["name", "measure_unit", "direction", "position"]
    show_change_link = True


@admin.register(Article)
class ArticleAdmin(ServiceWritesAdmin):
    list_display = ["label", "title", "chapter", "plan", "updated_at"]
    list_display_links = ["label", "title"]
    list_filter = ["plan", ChapterFilter]
    list_select_related = ["plan", "chapter"]
    search_fields = ["title", "text", "unit_links__unit__name"]
    raw_id_fields = ["chapter", "section"]
    readonly_fields = ["updated_at"]
    inlines = [ArticleUnitInline, IndicatorInline, MilestoneInline]


@admin.register(Milestone)
class MilestoneAdmin(ServiceWritesAdmin):
    list_display = ["text", "year", "article"]
    list_filter = ["article__plan", "year"]
    list_select_related = ["article"]
    search_fields = ["text"]
    raw_id_fields = ["article"]
