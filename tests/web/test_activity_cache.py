"""The dashboard's panels of the other loops kept under the plan's activity version (issue 20,
web/activity.py): the version moves with every change those panels read, whatever writes it; a
kept panel is never shown to another role or unit; a change shows on the very next request.

small_plan: 条目1 is the reporter's unit's, 条目2 the other unit's with the reporter's as
co-operating unit, 条目3 the other unit's only; each article has a milestone 到2025年完成任务<n>.
"""

from __future__ import annotations

import re
from datetime import date
from decimal import Decimal

import pytest
from django.db import transaction

from planwatch.plans.models import Milestone, Plan
from planwatch.problems.models import Assignment, Problem
from planwatch.projects.models import Category, Project, ProjectReport, ProjectSettings, YearPlan
from planwatch.responsibilities.models import Lead
from planwatch.tasks.models import PolicyMeasure, Task, TaskMilestone, TaskReport
from planwatch.units.models import Unit, UnitFunction
from planwatch.web.activity import activity_version

pytestmark = pytest.mark.django_db
LONG_AGO = date(2020, 1, 1)  # a task due then is overdue (滞后) on any day the tests run


def _task(article, text: str, **fields) -> Task:
    return Task.objects.create(plan=article.plan, article=article, text=text, state="active", due_on=LONG_AGO,
                               **fields)  # fmt: skip


def _problem(plan, unit, category: str, **fields) -> Problem:
    return Problem.objects.create(plan=plan, title=f"{category}的问题", description="说明", category=category,
                                  raised_by=unit, raiser_name="某人", stage_since=LONG_AGO, raised_on=LONG_AGO,
                                  **fields)  # fmt: skip


def _project(plan, unit, code: str, **fields) -> Project:
    return Project.objects.create(plan=plan, code=code, name=f"项目{code}", unit=unit,
                                  total_investment=Decimal(100), **fields)  # fmt: skip


@pytest.fixture
def loops(small_plan, reporter_unit, other_unit):
    """A task, a problem and a project of each unit (the reporter's on 条目1, the other's on 条目3)."""
    _task(small_plan.own.article, "任务甲", lead_unit=reporter_unit)
    _task(small_plan.other.article, "任务丙", lead_unit=other_unit)
    _problem(small_plan.plan, reporter_unit, "类别甲")
    _problem(small_plan.plan, other_unit, "类别乙")
    _project(small_plan.plan, reporter_unit, "A")
    _project(small_plan.plan, other_unit, "B")
    return small_plan


# --- the version ---------------------------------------------------------------------------

CHANGES = {
    "a task added": lambda s, u: _task(s.own.article, "新任务"),
    "a task's state moved by the engine's UPDATE": lambda s, u: Task.objects.filter(plan=s.plan).update(state="done"),
    "a co-operating unit added": lambda s, u: Task.objects.filter(plan=s.plan).first().co_units.add(u),
    "a task report sent": lambda s, u: TaskReport.objects.create(
        task=Task.objects.filter(plan=s.plan).first(), unit=u, period="2024", period_key=2024, status="submitted"
    ),
    "a task milestone withdrawn": lambda s, u: TaskMilestone.objects.filter(task__plan=s.plan).update(
        state="withdrawn"
    ),
    "a policy registered": lambda s, u: PolicyMeasure.objects.create(plan=s.plan, article=s.own.article),
    "a problem's light refreshed": lambda s, u: Problem.objects.filter(plan=s.plan).update(light="red"),
    "a problem deleted": lambda s, u: Problem.objects.filter(plan=s.plan).delete(),
    "a problem assigned": lambda s, u: Assignment.objects.create(problem=Problem.objects.filter(plan=s.plan).first(),
                                                                 unit=u, deadline=LONG_AGO),  # fmt: skip
    "a project's stage changed": lambda s, u: Project.objects.filter(plan=s.plan).update(stage="construction"),
    "a year plan set": lambda s, u: YearPlan.objects.create(project=Project.objects.filter(plan=s.plan).first(),
                                                            year=2024, amount=Decimal(50)),  # fmt: skip
    "a project report approved": lambda s, u: ProjectReport.objects.filter(project__plan=s.plan).update(
        status="approved"
    ),
    "the project thresholds set": lambda s, u: ProjectSettings.objects.create(plan=s.plan),
    "a milestone corrected in the admin": lambda s, u: Milestone.objects.filter(article__plan=s.plan).update(
        text="改过的里程碑"
    ),
    "a lead decided by the office": lambda s, u: Lead.objects.create(plan=s.plan, article=s.shared.article, unit=u),
}


@pytest.fixture
def busy_plan(loops, reporter_unit):
    """`loops` plus a task milestone and a project report, so every change above finds a row."""
    task = Task.objects.filter(plan=loops.plan).first()
    TaskMilestone.objects.create(task=task, text="节点", due_on=LONG_AGO)
    project = Project.objects.filter(plan=loops.plan).first()
    ProjectReport.objects.create(project=project, unit=reporter_unit, period="2024-03", period_key=202403,
                                 amount=Decimal(10), progress="推进中", status="submitted")  # fmt: skip
    return loops


@pytest.mark.parametrize("change", list(CHANGES))
def test_every_change_moves_its_plans_activity_version_and_no_other(busy_plan, reporter_unit, change):
    plan = busy_plan.plan
    other = Plan.objects.create(name="other-plan", title="另一个计划")
    before, other_before = activity_version(plan.pk), activity_version(other.pk)
    assert before is not None and other_before is not None
    CHANGES[change](busy_plan, reporter_unit)
    assert activity_version(plan.pk) != before
    assert activity_version(other.pk) == other_before


def test_units_the_department_table_or_a_category_changed_move_every_plan(loops, reporter_unit):
    other = Plan.objects.create(name="other-plan", title="另一个计划")
    category = Category.objects.create(name="产业项目")
    for change in (
        lambda: Unit.objects.filter(pk=reporter_unit.pk).update(name="改名单位"),
        lambda: Unit.objects.create(name="区新设局", key="区新设局"),
        lambda: UnitFunction.objects.create(name="统计部门", unit_keywords="统计局", terms="统计"),
        lambda: UnitFunction.objects.filter(name="统计部门").update(active=False),
        lambda: Category.objects.filter(pk=category.pk).update(name="改名类别"),
    ):
        before = activity_version(loops.plan.pk), activity_version(other.pk)
        change()
        after = activity_version(loops.plan.pk), activity_version(other.pk)
        assert after[0] != before[0] and after[1] != before[1]


def test_reading_does_not_move_it_and_a_rolled_back_change_leaves_it(loops):
    plan = loops.plan
    before = activity_version(plan.pk)
    list(Task.objects.filter(plan=plan))
    assert activity_version(plan.pk) == before
    with pytest.raises(RuntimeError), transaction.atomic():
        _task(loops.own.article, "回滚的任务")
        seen = activity_version(plan.pk)
        assert seen != before  # seen inside the writing transaction
        _task(loops.own.article, "又一个")
        assert activity_version(plan.pk) != seen  # and each further change too
        raise RuntimeError("回滚")
    assert activity_version(plan.pk) == before


def test_a_deleted_plan_has_no_activity_version(loops):
    pk = loops.plan.pk
    Plan.objects.filter(pk=pk).delete()
    assert activity_version(pk) is None


# --- the dashboard ---------------------------------------------------------------------------


def dashboard(actor, plan) -> str:
    answer = actor.client.get(f"/?plan={plan.pk}")
    assert answer.status_code == 200
    return answer.content.decode()


def shown(html: str) -> dict:
    """What the panels of the other loops and 里程碑 show: overdue tasks, problem categories,
    the project count, milestones."""
    return {
        "tasks": sorted(set(re.findall(r"任务[甲丙新]", html))),
        "problems": sorted(set(re.findall(r"类别[甲乙]", html))),
        "projects": re.findall(r"<dt>项目</dt><dd>(\d+) 个</dd>", html),
        "milestones": re.findall(r"到2025年完成任务\d", html),
        "red": re.findall(r"红灯 (\d+) 个", html),
    }


# Written by hand: a reporter sees its unit's tasks (on its articles), the problems it raised and
# its projects, the milestones of its articles; the office and the leaders everything.
EXPECTED = {
    "office": {"tasks": ["任务丙", "任务甲"], "problems": ["类别乙", "类别甲"], "projects": ["2"],
               "milestones": ["到2025年完成任务1", "到2025年完成任务2", "到2025年完成任务3"], "red": []},
    "leader": {"tasks": ["任务丙", "任务甲"], "problems": ["类别乙", "类别甲"], "projects": ["2"],
               "milestones": ["到2025年完成任务1", "到2025年完成任务2", "到2025年完成任务3"], "red": []},
    "reporter": {"tasks": ["任务甲"], "problems": ["类别甲"], "projects": ["1"],
                 "milestones": ["到2025年完成任务1", "到2025年完成任务2"], "red": []},
    "other_reporter": {"tasks": ["任务丙"], "problems": ["类别乙"], "projects": ["1"],
                       "milestones": ["到2025年完成任务2", "到2025年完成任务3"], "red": []},
}  # fmt: skip


def test_each_viewer_sees_cached_what_it_saw_uncached(request, loops):
    from planwatch.web import page_parts

    plan = loops.plan
    uncached = {}
    for name in EXPECTED:
        page_parts.clear()
        uncached[name] = dashboard(request.getfixturevalue(name), plan)
        assert shown(uncached[name]) == EXPECTED[name], name
    for order in (list(EXPECTED), list(reversed(EXPECTED)), ["reporter", "other_reporter", "leader", "office"]):
        for name in order:  # every viewer's panels are kept now: each still sees only its own
            html = dashboard(request.getfixturevalue(name), plan)
            assert shown(html) == EXPECTED[name], name
            assert _panels(html) == _panels(uncached[name]), name


def _panels(html: str) -> str:
    """The page from 里程碑 to the end, less the csrf tokens (new on each page)."""
    return re.sub(r'value="[^"]{40,}"|content="[^"]{40,}"', "", html.split("里程碑", 1)[1])


NEXT = {  # a change made beside the page, and what it shows for the office and the reporter
    "a new overdue task": (lambda s: _task(s.own.article, "任务新"), "tasks", ["任务新", "任务甲"]),
    "a light turned red by a bulk UPDATE": (
        lambda s: Problem.objects.filter(plan=s.plan, category="类别甲").update(light="red"), "red", ["1"],
    ),
    "a milestone corrected": (
        lambda s: Milestone.objects.filter(pk=s.own.milestone.pk).update(text="到2025年完成任务9"),
        "milestones", ["到2025年完成任务2", "到2025年完成任务9"],
    ),
}  # fmt: skip


@pytest.mark.parametrize("change", list(NEXT))
def test_a_change_shows_on_the_next_request(office, reporter, loops, change):
    make, key, expected = NEXT[change]
    plan = loops.plan
    for actor in (office, reporter):
        dashboard(actor, plan)
        assert not set(expected) <= set(shown(dashboard(actor, plan))[key])  # kept, without it
    make(loops)
    for actor in (office, reporter):
        assert set(expected) <= set(shown(dashboard(actor, plan))[key]), actor.user.username


def test_a_new_project_shows_on_the_next_request(office, reporter, reporter_unit, loops):
    plan = loops.plan
    for actor in (office, reporter):
        dashboard(actor, plan)
    assert [shown(dashboard(a, plan))["projects"] for a in (office, reporter)] == [["2"], ["1"]]
    _project(plan, reporter_unit, "C")
    assert [shown(dashboard(a, plan))["projects"] for a in (office, reporter)] == [["3"], ["2"]]


def test_a_kept_panel_costs_no_query_of_its_own(office, loops, django_assert_max_num_queries):
    """Kept: the panels cost one primary-key read (the activity version), not their six reads."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from planwatch.web import page_parts

    page_parts.clear()
    dashboard(office, loops.plan)
    with CaptureQueriesContext(connection) as ctx:
        dashboard(office, loops.plan)
    tables = " ".join(q["sql"] for q in ctx.captured_queries)
    for table in ("tasks_task", "problems_problem", "projects_project", "plans_milestone"):
        assert table not in tables, table
    assert "web_activityversion" in tables


# --- the unit page's tasks -------------------------------------------------------------------


def unit_tasks(actor, plan, unit) -> list[str]:
    answer = actor.client.get(f"/units/{unit.pk}/?plan={plan.pk}")
    assert answer.status_code == 200
    return sorted(set(re.findall(r"任务[甲丙新乙]", answer.content.decode())))


def test_the_unit_pages_tasks_are_kept_per_viewer_and_a_new_task_shows_next(
    office, reporter, other_reporter, loops, reporter_unit, other_unit
):
    from planwatch.web import page_parts

    plan = loops.plan
    page_parts.clear()
    seen = {  # uncached, then kept: written by hand
        ("office", "own"): ["任务甲"], ("office", "other"): ["任务丙"],
        ("reporter", "own"): ["任务甲"], ("other_reporter", "other"): ["任务丙"],
    }  # fmt: skip
    actors = {"office": office, "reporter": reporter, "other_reporter": other_reporter}
    units = {"own": reporter_unit, "other": other_unit}
    for _ in range(2):
        for (who, which), expected in seen.items():
            assert unit_tasks(actors[who], plan, units[which]) == expected, (who, which)
    assert reporter.client.get(f"/units/{other_unit.pk}/?plan={plan.pk}").status_code == 403
    _task(loops.other.article, "任务乙", lead_unit=other_unit)
    assert unit_tasks(office, plan, other_unit) == ["任务丙", "任务乙"]
    assert unit_tasks(other_reporter, plan, other_unit) == ["任务丙", "任务乙"]
    assert unit_tasks(reporter, plan, reporter_unit) == ["任务甲"]


@pytest.mark.parametrize("stamp", ["data", "activity"])
def test_every_watched_table_has_its_triggers_after_migrate(stamp):
    """Both stamps' triggers exist once the migrations have run — including on tables a later
    migration rebuilt on SQLite (which drops a table's triggers): they are made again after
    every migrate (plans/apps.py, web/apps.py)."""
    from django.db import connection

    from planwatch.plans.versions import DATA
    from planwatch.web.activity import ACTIVITY

    chosen = {"data": DATA, "activity": ACTIVITY}[stamp]
    expected = {chosen.trigger(s.table, e) for s in chosen.sources for e in s.events}
    expected |= {chosen.trigger("plans_plan", "INSERT"), chosen.trigger("plans_plan", "DELETE")}
    with connection.cursor() as cursor:
        if connection.vendor == "sqlite":
            cursor.execute("SELECT name FROM sqlite_master WHERE type = 'trigger'")
        else:
            cursor.execute("SELECT tgname FROM pg_trigger WHERE NOT tgisinternal")
        present = {name for (name,) in cursor.fetchall()}
    assert len(expected) >= 20 and expected <= present, sorted(expected - present)
