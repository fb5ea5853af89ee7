"""Reporting pages, mounted at /reporting/ (namespace "reporting")."""

from django.urls import path

from .views import calendar, excel, items, review, units

app_name = "reporting"

urlpatterns = [
    path("", units.home, name="home"),
    path("units/<int:unit_id>/", units.unit_page, name="unit"),
    path("units/<int:unit_id>/excel/<int:plan_id>/<str:period>/", excel.workbook, name="workbook"),
    path("units/<int:unit_id>/history/<int:plan_id>/", excel.history_workbook, name="history_workbook"),
    path("items/<int:rule_id>/<str:period>/", items.save_item, name="item_save"),
    path("submissions/<int:pk>/", units.submission_page, name="submission"),
    path("reports/<int:pk>/", units.report_page, name="report"),
    path("evidence/<uuid:pk>/", units.evidence_file, name="evidence"),
    path("evidence/<uuid:pk>/remove/", items.remove_file, name="evidence_remove"),
    path("notifications/", units.notifications, name="notifications"),
    path("notifications/<int:pk>/open/", units.notification_open, name="notification_open"),
    path("review/", review.review_page, name="review"),
    path("review/<str:kind>/<int:pk>/<str:action>/", review.review_action, name="review_action"),
    path("calendar/", calendar.calendar_index, name="calendar_index"),
    path("calendar/<int:plan_id>/", calendar.calendar_page, name="calendar"),
    path("calendar/<int:plan_id>/rules/", calendar.rules_bulk, name="rules_bulk"),
    path("calendar/rules/<int:pk>/", calendar.rule_update, name="rule"),
]
