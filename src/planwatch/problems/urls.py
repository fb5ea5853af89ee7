"""问题 pages, mounted at /problems/ (namespace "problems")."""

from django.urls import path

from . import views, views_meetings

app_name = "problems"

urlpatterns = [
    path("", views.index, name="index"),
    path("<int:plan_id>/", views.board, name="board"),
    path("<int:plan_id>/mine/", views.mine, name="mine"),
    path("<int:plan_id>/new/", views.new, name="new"),
    path("<int:plan_id>/meetings/", views_meetings.meetings, name="meetings"),
    path("meetings/<int:pk>/", views_meetings.meeting, name="meeting"),
    path("meetings/<int:pk>/<str:kind>.docx", views_meetings.meeting_docx, name="meeting_docx"),
    path("p/<int:pk>/", views.detail, name="detail"),
    path("p/<int:pk>/<str:action>/", views.step, name="step"),
    path("files/<uuid:pk>/", views.problem_file, name="file"),
]
