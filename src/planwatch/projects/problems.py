"""From a monthly report's 存在问题 to the problem loop in one click, and a project's name where a
督办 item or a problem points at it (supervision.links.LABELLERS["project"]).

The problem is raised through the problems app's own service (`raise_problem`), about the project
(kind `project`), its text the report's; the unit then follows it on the problem's page."""

from __future__ import annotations

from planwatch.problems.services import NewProblem, raise_problem
from planwatch.progress import period_label

from .models import Project, ProjectReport

TITLE_CHARS = 60


def label(plan, object_id: int) -> str | None:
    project = Project.objects.filter(plan=plan, pk=object_id).first()
    return project and f"重点项目 {project.code}“{project.name}”"


def raise_from_report(*, actor, report: ProjectReport, category: str):
    """The report's 存在问题 as a problem about its project (ProblemError when it has none or the
    category is not the office's)."""
    project = report.project
    text = report.problems.strip()
    title = f"{project.name}：{text}"
    title = title if len(title) <= TITLE_CHARS else title[: TITLE_CHARS - 1] + "…"
    new = NewProblem(title=title, description=f"{period_label(report.period)}月报所报问题：{text}", category=category,
                     about=[("project", project.pk)])  # fmt: skip
    return raise_problem(actor=actor, plan=project.plan, new=new)
