from django.apps import AppConfig
from django.db.models.signals import post_migrate


class WebConfig(AppConfig):
    """The site people open: dashboard, plan, indicator, unit and audit pages, and the
    `serve` / `demo` commands."""

    name = "planwatch.web"
    verbose_name = "网站"

    def ready(self) -> None:
        post_migrate.connect(recreate_activity_triggers, sender=self)


def recreate_activity_triggers(sender, using, **kwargs) -> None:
    """The activity-version triggers (web/activity.py), dropped and created again after every
    migrate, like the data version's (plans/apps.py): on SQLite a later migration that alters a
    watched table (tasks, problems, projects, …) rebuilds it without them."""
    from .activity import ACTIVITY

    ACTIVITY.recreate(using)
