"""URL configuration: accounts (login, password), the admin (where the office corrects an
imported plan and manages users), the JSON API, the reporting cycle, reports and the site's pages."""

from django.contrib import admin
from django.urls import include, path

from planwatch.api.app import api

urlpatterns = [
    path("accounts/", include("planwatch.accounts.urls")),
    path("admin/", admin.site.urls),
    path("api/v1/", api.urls),
    path("reporting/", include("planwatch.reporting.urls")),
    path("responsibilities/", include("planwatch.responsibilities.urls")),
    path("tasks/", include("planwatch.tasks.urls")),
    path("supervision/", include("planwatch.supervision.urls")),
    path("problems/", include("planwatch.problems.urls")),
    path("projects/", include("planwatch.projects.urls")),
    path("assessment/", include("planwatch.assessment.urls")),
    path("reports/", include("planwatch.reports.urls")),
    path("index/", include("planwatch.index.urls")),
    path("", include("planwatch.web.urls")),
]

# Every error in Chinese, in the site's layout (JSON under /api/): planwatch/web/errors.py; a busy
# database met after the view (the session saved on the way out) is a 503 (planwatch/busy.py).
handler400 = "planwatch.web.errors.bad_request"
handler403 = "planwatch.web.errors.permission_denied"
handler404 = "planwatch.web.errors.page_not_found"
handler500 = "planwatch.busy.server_error"
