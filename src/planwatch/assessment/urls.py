"""考核 pages, mounted at /assessment/ (namespace "assessment")."""

from django.urls import path

from . import views, views_office

app_name = "assessment"

urlpatterns = [
    path("", views.index, name="index"),
    path("<int:plan_id>/", views.plan_page, name="plan"),
    path("s/<int:pk>/", views.ranking, name="ranking"),
    path("s/<int:pk>/edit/", views_office.edit, name="edit"),
    path("s/<int:pk>/units/<int:unit_id>/", views.card, name="card"),
    path("s/<int:pk>/appeal/", views.appeal, name="appeal"),
    path("s/<int:pk>/appeals/", views.appeals, name="appeals"),
    path("s/<int:pk>/adjust/", views_office.adjust, name="adjust"),
    path("s/<int:pk>/files/<str:kind>", views_office.export, name="export"),
    path("s/<int:pk>/<str:action>/", views_office.step, name="step"),
    path("appeals/<int:pk>/decide/", views_office.decide, name="decide"),
]
