from django.apps import AppConfig


class ProblemsConfig(AppConfig):
    name = "planwatch.problems"
    verbose_name = "问题协调"

    def ready(self) -> None:
        """The audit log names this app's steps in Chinese; a problem red for too long is one of
        supervision's proposals (督办提示), and supervision names a problem it is about."""
        from planwatch.audit.models import EXTRA_LABELS

        from .lifecycle import LABELS
        from .supervising import register

        for name, label in LABELS.items():
            EXTRA_LABELS[f"problems.{name}"] = f"问题{label}"
        register()
