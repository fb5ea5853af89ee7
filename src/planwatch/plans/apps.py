from django.apps import AppConfig
from django.db.models.signals import post_migrate


class PlansConfig(AppConfig):
    name = "planwatch.plans"
    verbose_name = "计划"

    def ready(self) -> None:
        post_migrate.connect(recreate_version_triggers, sender=self)


def recreate_version_triggers(sender, using, **kwargs) -> None:
    """The data-version triggers (plans/versions.py), dropped and created again after every
    migrate. On SQLite a migration that alters a watched table (a field added to targets, say)
    rebuilds it — new table, copy, drop, rename — and the old table's triggers go with it; the
    migration that created them (plans 0005) cannot know of later ones, and the order in which
    apps' migrations run changes as apps are added. Idempotent; the rows it backfills are only
    those of plans without one."""
    from .versions import DATA

    DATA.recreate(using)
