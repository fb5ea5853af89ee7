"""URL configuration: accounts (login, password) and the admin, where the office corrects an
imported plan and manages users. The site's pages and the API come with the web app."""

from django.contrib import admin
from django.urls import include, path

urlpatterns = [
    path("accounts/", include("planwatch.accounts.urls")),
    path("admin/", admin.site.urls),
]
