"""责任分解 pages, mounted at /responsibilities/ (namespace "responsibilities")."""

from django.urls import path

from . import views

app_name = "responsibilities"

urlpatterns = [
    path("", views.index, name="index"),
    path("<int:plan_id>/", views.screen, name="screen"),
    path("<int:plan_id>/export.<str:fmt>", views.download, name="export"),
]
