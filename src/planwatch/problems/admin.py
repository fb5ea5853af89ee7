from django.contrib import admin

from .models import Category, ProblemSettings


@admin.register(Category)
class CategoryAdmin(admin.ModelAdmin):
    list_display = ("name", "position", "active")
    list_editable = ("position", "active")


@admin.register(ProblemSettings)
class ProblemSettingsAdmin(admin.ModelAdmin):
    list_display = ("plan", "accept_workdays", "assign_workdays", "confirm_workdays", "close_workdays", "red_after")
