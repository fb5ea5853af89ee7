from django.apps import AppConfig


class ReportsConfig(AppConfig):
    name = "planwatch.reports"
    verbose_name = "报告与台账"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from planwatch.audit.models import EXTRA_LABELS

        EXTRA_LABELS["report.generate"] = "生成报告"  # the audit log reads it in Chinese
        from . import (  # noqa: F401  their sections and ledgers register themselves
            assessment_parts,
            index_parts,
            problems_parts,
            projects_parts,
            supervision_parts,
            tasks_parts,
        )
