from django.apps import AppConfig


class ProjectsConfig(AppConfig):
    name = "planwatch.projects"
    verbose_name = "重点项目"

    def ready(self) -> None:
        """The audit log names this app's steps in Chinese (重点项目导入, 项目月报审核通过 …); a 督办
        item or a problem about a project (kind `project`) is checked and named here."""
        from planwatch.audit.models import EXTRA_LABELS

        from .lifecycle import PROJECT_TRANSITIONS, REPORT_TRANSITIONS

        for t in PROJECT_TRANSITIONS:
            EXTRA_LABELS[f"project.{t.name}"] = f"重点项目{t.label}"
        for t in REPORT_TRANSITIONS:
            EXTRA_LABELS[f"project_report.{t.name}"] = f"项目月报{t.label}"
        EXTRA_LABELS["project.update"] = "重点项目台账更新"
        from planwatch.supervision.links import LABELLERS

        from .problems import label

        LABELLERS["project"] = label  # 督办 items and problems name a project by its number and name
