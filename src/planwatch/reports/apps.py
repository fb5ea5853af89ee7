from django.apps import AppConfig


class ReportsConfig(AppConfig):
    name = "planwatch.reports"
    verbose_name = "报告与台账"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from . import (  # noqa: F401  their sections and ledgers register themselves
            assessment_parts,
            index_parts,
            problems_parts,
            projects_parts,
            supervision_parts,
            tasks_parts,
        )
