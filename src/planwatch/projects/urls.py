"""重点项目 pages, mounted at /projects/ (namespace "projects")."""

from django.urls import path

from . import views

app_name = "projects"

urlpatterns = [
    path("", views.index, name="index"),
    path("<int:plan_id>/", views.ledger_page, name="ledger"),
    path("<int:plan_id>/import/", views.import_page, name="import"),
    path("items/<int:pk>/", views.project_page, name="project"),
    path("items/<int:pk>/report/", views.report, name="report"),
    path("reports/<int:pk>/review/", views.review, name="review"),
    path("reports/<int:pk>/problem/", views.raise_problem, name="problem"),
    path("photos/<uuid:pk>/", views.photo, name="photo"),
]
