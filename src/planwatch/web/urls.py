"""The site's pages (mounted at "/"). Each view asks accounts.permissions before showing anything."""

from django.urls import path

from .views import audit, dashboard, indicators, plan_import, plans, units

app_name = "web"

urlpatterns = [
    path("", dashboard.dashboard, name="dashboard"),
    path("plans/", plans.plan_list, name="plans"),
    path("plans/import/", plan_import.upload, name="plan_import"),
    path("plans/import/<str:token>/", plan_import.review, name="plan_import_review"),
    path("plans/<int:pk>/", plans.plan_detail, name="plan"),
    path("articles/<int:pk>/", plans.article_detail, name="article"),
    path("indicators/", indicators.indicator_list, name="indicators"),
    path("indicators/<int:pk>/", indicators.indicator_detail, name="indicator"),
    path("indicators/<int:pk>/observations/", indicators.save_observation_view, name="observation_save"),
    path("units/", units.unit_list, name="units"),
    path("units/<int:pk>/", units.unit_detail, name="unit"),
    path("audit/", audit.audit_log_view, name="audit"),
]
