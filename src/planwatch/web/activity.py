"""The activity version of a plan: one primary-key read says whether anything the dashboard's
panels of the other loops show has changed — tasks and policies, problems, key projects, the
plan's milestones — or what its 未确定牵头单位的目标 panel reads besides the plan's data (the
office's leads, the units, the department table).

Those panels read tables the plan's data version (`plans.versions`) does not watch: a task
reported on, a problem moved a step or its light refreshed, a project's report approved, a
milestone corrected in the admin. Their rows are written by the workflow engine's conditional
UPDATE, by `QuerySet.update()`, by imports and the admin — so an `updated_at` or a count would
miss some of them. As with the data version, database triggers move this stamp in the same
statement as the change itself, whatever wrote it, and a rolled-back change leaves it where it
was. A change to the units, the department table or a project category's name moves every
plan's (they are read for every plan; such changes are rare).

It is the same mechanism as the data version (`plans.stamps`): another `PlanStamp`.
"""

from __future__ import annotations

from django.db import connection

from planwatch.plans.stamps import PlanStamp, Source, shown
from planwatch.plans.versions import DATA

TABLE = "web_activityversion"
_BY_TASK = "SELECT t.plan_id FROM {rows} r JOIN tasks_task t ON t.id = r.task_id"
_BY_PROJECT = "SELECT p.plan_id FROM {rows} r JOIN projects_project p ON p.id = r.project_id"
_OWN = "SELECT r.plan_id FROM {rows} r"
ACTIVITY = PlanStamp(
    table=TABLE, name="activity", function="planwatch_bump_activity", setting="planwatch.activity",
    sources=(
        Source("tasks_task", _OWN, ("plan_id",)),
        Source("tasks_task_co_units", _BY_TASK, ("task_id",)),
        Source("tasks_taskreport", _BY_TASK, ("task_id",)),
        Source("tasks_taskmilestone", _BY_TASK, ("task_id",)),
        Source("tasks_policymeasure", _OWN, ("plan_id",)),
        Source("problems_problem", _OWN, ("plan_id",)),
        Source("problems_assignment", "SELECT p.plan_id FROM {rows} r JOIN problems_problem p ON p.id = r.problem_id",
               ("problem_id",)),
        Source("projects_project", _OWN, ("plan_id",)),
        Source("projects_yearplan", _BY_PROJECT, ("project_id",)),
        Source("projects_projectreport", _BY_PROJECT, ("project_id",)),
        Source("projects_projectsettings", _OWN, ("plan_id",)),
        Source("plans_milestone", "SELECT a.plan_id FROM {rows} r JOIN plans_article a ON a.id = r.article_id",
               ("article_id",)),
        Source("responsibilities_lead", _OWN, ("plan_id",)),
        # read by every plan's panels: the units (names; the proposals of leads match against
        # them), the office's department table, project categories (names)
        Source("units_unit"),
        Source("units_unitfunction"),
        Source("projects_category", events=("UPDATE",)),
    ),
)  # fmt: skip


def create_sql(vendor: str) -> list[str]:
    return ACTIVITY.create_sql(vendor)


def drop_sql(vendor: str) -> list[str]:
    return ACTIVITY.drop_sql(vendor)


def activity_version(plan_id: int) -> str | None:
    """The plan's activity version as a cache-key part (digits and signs only), in one
    primary-key read; None when the plan has no row (then nothing may be kept for it)."""
    return ACTIVITY.read(plan_id)


def versions(plan_id: int) -> tuple[str | None, str | None]:
    """(the plan's data version, its activity version) in one read, each as `data_version` and
    `activity_version` give it: a page keyed on both pays one round trip, not two."""
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT {DATA.columns_sql('d')}, {ACTIVITY.columns_sql('a')} FROM {DATA.table} d"
            f" LEFT JOIN {TABLE} a ON a.plan_id = d.plan_id WHERE d.plan_id = %s",
            [plan_id],
        )
        row = cursor.fetchone()
    if row is None:
        return None, activity_version(plan_id)
    return shown(row[0], row[1]), shown(row[2], row[3])
