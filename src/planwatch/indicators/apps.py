from django.apps import AppConfig


class IndicatorsConfig(AppConfig):
    name = "planwatch.indicators"
    verbose_name = "指标"

    def ready(self):
        """A merged or renamed unit, or a moved article–unit link, drops the kept evaluations once
        the change is committed (the fingerprint catches it too; this frees them at once)."""
        from django.db import transaction
        from django.db.models.signals import post_delete, post_save

        from planwatch.units.models import ArticleUnit, Unit

        from .evaluation_cache import forget

        def changed(**kwargs):
            transaction.on_commit(forget)

        for model in (Unit, ArticleUnit):
            post_save.connect(changed, sender=model, weak=False, dispatch_uid=f"evaluation-{model.__name__}")
            post_delete.connect(changed, sender=model, weak=False, dispatch_uid=f"evaluation-del-{model.__name__}")
