"""URL configuration: for now the admin, where the office corrects an imported plan."""

from django.contrib import admin
from django.urls import path

admin.site.site_header = "planwatch 行动计划管理"
admin.site.site_title = "planwatch"
admin.site.index_title = "计划、责任单位与指标"

urlpatterns = [
    path("admin/", admin.site.urls),
]
