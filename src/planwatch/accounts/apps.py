"""App configs: the accounts app, and Django's admin switched to planwatch's admin site."""

from django.apps import AppConfig
from django.contrib.admin import apps as admin_apps


class AccountsConfig(AppConfig):
    name = "planwatch.accounts"
    verbose_name = "账号与权限"
    default = True

    def ready(self):
        from . import signals  # noqa: F401  (connects the login/logout audit receivers)


class AdminConfig(admin_apps.AdminConfig):
    """Listed in INSTALLED_APPS instead of django.contrib.admin, so `admin.site` everywhere is
    the site whose entry is decided by `allowed()` rather than by Django's is_staff flag."""

    default = False  # only named explicitly; "planwatch.accounts" means AccountsConfig
    default_site = "planwatch.accounts.sites.PlanwatchAdminSite"
