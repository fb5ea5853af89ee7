from django.apps import AppConfig


class WebConfig(AppConfig):
    """The site people open: dashboard, plan, indicator, unit and audit pages, and the
    `serve` / `demo` commands."""

    name = "planwatch.web"
    verbose_name = "网站"
