"""督办 pages, mounted at /supervision/ (namespace "supervision")."""

from django.urls import path

from . import views, views_office

app_name = "supervision"

urlpatterns = [
    path("", views.index, name="index"),
    path("<int:plan_id>/", views.board, name="board"),
    path("<int:plan_id>/todo/", views.todo_page, name="todo"),
    path("<int:plan_id>/leaders/", views.leaders, name="leaders"),
    path("<int:plan_id>/stats/", views.stats_page, name="stats"),
    path("<int:plan_id>/new/", views_office.new_item, name="new"),
    path("<int:plan_id>/proposals/", views_office.proposal_list, name="proposals"),
    path("<int:plan_id>/accountability/", views_office.ledger, name="ledger"),
    path("<int:plan_id>/settings/", views_office.rules, name="settings"),
    path("items/<int:pk>/", views.item_detail, name="item"),
    path("items/<int:pk>/notice/<str:kind>/", views.notice, name="notice"),
    path("items/<int:pk>/<str:action>/", views.item_step, name="step"),
    path("files/<uuid:pk>/", views.item_file, name="file"),
]
