from django.apps import AppConfig


class AssessmentConfig(AppConfig):
    name = "planwatch.assessment"
    verbose_name = "考核"

    def ready(self) -> None:
        """The audit log names this app's steps in Chinese."""
        from planwatch.audit.models import EXTRA_LABELS

        from .lifecycle import LABELS

        for name, label in LABELS.items():
            EXTRA_LABELS[f"assessment.{name}"] = f"考核{label}"
