from django.apps import AppConfig


class SupervisionConfig(AppConfig):
    name = "planwatch.supervision"
    verbose_name = "督办与问责"

    def ready(self) -> None:
        """The audit log names this app's steps in Chinese (督办交办, 督办签收 …)."""
        from planwatch.audit.models import EXTRA_LABELS

        from .lifecycle import EXTENSION_TRANSITIONS, ITEM_TRANSITIONS

        for t in (*ITEM_TRANSITIONS, *EXTENSION_TRANSITIONS):
            EXTRA_LABELS[f"supervision.{t.name}"] = f"督办{t.label}"
        EXTRA_LABELS.update({"supervision.remind": "督办催办", "supervision.dismiss": "督办提示不予立项"})
