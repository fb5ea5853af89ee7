"""统计评价 pages, mounted at /index/ (namespace "devindex")."""

from django.urls import path

from . import views

app_name = "devindex"

urlpatterns = [
    path("", views.home, name="home"),
    path("<int:plan_id>/", views.view, name="view"),
    path("<int:plan_id>/build/", views.build, name="build"),
    path("<int:plan_id>/export.xlsx", views.download, name="export"),
]
