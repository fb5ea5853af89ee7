"""报告 pages, mounted at /reports/ (namespace "reports")."""

from django.urls import path

from . import views

app_name = "reports"

urlpatterns = [
    path("", views.index, name="index"),
    path("<int:pk>/download/", views.download, name="download"),
    path("<int:pk>/pdf/", views.pdf, name="pdf"),
]
