"""Admin for the units registry, with the "合并到…" action (choose the target on a second page)."""

from __future__ import annotations

from django import forms
from django.contrib import admin, messages
from django.db import transaction
from django.db.models import Count
from django.template.response import TemplateResponse

from planwatch.plans.admin import ServiceWritesAdmin
from planwatch.plans.errors import StoreError

from . import services
from .functions import load_table
from .models import ArticleUnit, Unit, UnitAlias, UnitFunction


class UnitAliasInline(admin.TabularInline):
    model = UnitAlias
    extra = 0
    fields = ["alias"]


class MergeForm(forms.Form):
    target = forms.ModelChoiceField(
        Unit.objects.all(), label="合并到", help_text="保留的单位；所选单位的条目关联转到它名下"
    )


@admin.action(description="合并到…")
def merge_into(modeladmin, request, queryset):
    """First call shows the target form; the form posts back here with `apply` to merge."""
    form = MergeForm(request.POST if "apply" in request.POST else None)
    if form.is_valid():
        target = form.cleaned_data["target"]
        # The target among the selection stays; selecting only the target is a merge into itself.
        sources = [u for u in queryset if u.pk != target.pk] or [target]
        try:
            with transaction.atomic():
                moved = sum(
                    services.merge_units(actor=request.user, source=u, target=target) for u in sources
                )
        except StoreError as exc:
            modeladmin.message_user(request, str(exc), messages.ERROR)
            return None
        modeladmin.message_user(
            request, f"已合并到“{target.name}”，转移 {moved} 个条目关联。", messages.SUCCESS
        )
        return None
    context = {
        **modeladmin.admin_site.each_context(request),
        "title": "合并责任单位",
        "opts": modeladmin.model._meta,
        "units": queryset,
        "form": form,
        "action_checkbox_name": admin.helpers.ACTION_CHECKBOX_NAME,
    }
    return TemplateResponse(request, "admin/units/unit/merge.html", context)


@admin.register(Unit)
class UnitAdmin(ServiceWritesAdmin):
    list_display = ["name", "parent", "kind", "level", "article_count"]
    list_filter = ["kind", "level"]
    list_select_related = ["parent"]
    search_fields = ["name", "aliases__alias"]
    readonly_fields = ["key", "created_at", "updated_at"]
    autocomplete_fields = ["parent"]
    inlines = [UnitAliasInline]
    actions = [merge_into]

    def get_queryset(self, request):
        return super().get_queryset(request).annotate(article_count=Count("article_links", distinct=True))

    @admin.display(description="条目数", ordering="article_count")
    def article_count(self, obj):
        return obj.article_count


@admin.register(UnitAlias)
class UnitAliasAdmin(ServiceWritesAdmin):
    list_display = ["alias", "unit"]
    list_select_related = ["unit"]
    search_fields = ["alias", "unit__name"]
    autocomplete_fields = ["unit"]


@admin.register(ArticleUnit)
class ArticleUnitAdmin(ServiceWritesAdmin):
    list_display = ["unit", "role", "article", "position"]
    list_filter = ["role", "article__plan"]
    list_select_related = ["unit", "article"]
    search_fields = ["unit__name", "article__title"]
    autocomplete_fields = ["unit"]
    raw_id_fields = ["article"]


@admin.register(UnitFunction)
class UnitFunctionAdmin(ServiceWritesAdmin):
    """The office's changes to the built-in department table; the list page shows the built-in
    department names so a row can override one by name."""

    list_display = ["name", "unit_keywords", "active", "updated_at"]
    search_fields = ["name", "unit_keywords", "terms"]

    def changelist_view(self, request, extra_context=None):
        names = "、".join(d.name for d in load_table())
        extra_context = {**(extra_context or {}), "subtitle": f"内置部门：{names}"}
        return super().changelist_view(request, extra_context)
