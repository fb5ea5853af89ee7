"""具体任务 and 政策措施 pages, mounted at /tasks/ (namespace "tasks")."""

from django.urls import path

from . import views

app_name = "tasks"

urlpatterns = [
    path("", views.index, name="index"),
    path("<int:plan_id>/", views.task_list, name="list"),
    path("<int:plan_id>/review/", views.review, name="review"),
    path("<int:plan_id>/policies/", views.policies, name="policies"),
]
