"""Every API endpoint × every role (and anonymous) answers as the permission rules say.

The table below lists every operation of the OpenAPI document (a test checks that none is left
out), with the answer each role gets on `small_plan`: `own` is the reporter's unit's article,
`other` belongs to the other unit alone.
"""

from __future__ import annotations

import re

import pytest

from .conftest import ROLES, enter, url

pytestmark = pytest.mark.django_db

EVERYONE = dict.fromkeys(ROLES, 200) | {"anonymous": 401}
OWN_UNIT = EVERYONE | {"other_reporter": 403}
OTHER_UNIT = EVERYONE | {"reporter": 403}
OFFICE_WRITES = dict.fromkeys(ROLES, 403) | {"office": 200, "anonymous": 401}
UNKNOWN = dict.fromkeys(ROLES, 404) | {"anonymous": 401}

# (method, path with {names} filled in from the objects, expected answer per role)
CASES = [
    ("get", "/plans", EVERYONE),
    ("get", "/plans/{plan}", EVERYONE),
    ("get", "/plans/{plan_id}", EVERYONE),
    ("get", "/plans/{plan}/chapters", EVERYONE),
    ("get", "/plans/{plan}/articles", EVERYONE),
    ("get", "/articles/{own_article}", OWN_UNIT),
    ("get", "/articles/{other_article}", OTHER_UNIT),
    ("get", "/units", EVERYONE),
    ("get", "/units/{reporter_unit}", OWN_UNIT),
    ("get", "/units/{other_unit}", OTHER_UNIT),
    ("get", "/indicators?plan={plan}", EVERYONE),
    ("get", "/indicators/{own}", OWN_UNIT),
    ("get", "/indicators/{other}", OTHER_UNIT),
    ("get", "/indicators/{own}/observations", OWN_UNIT),
    ("get", "/indicators/{other}/observations?with_revisions=1", OTHER_UNIT),
    ("post", "/observations", OFFICE_WRITES | {"office": 201}),
    ("patch", "/observations/{observation}", OFFICE_WRITES),
    ("get", "/plans/nope", UNKNOWN),
    ("get", "/plans/nope/chapters", UNKNOWN),
    ("get", "/plans/nope/articles", UNKNOWN),
    ("get", "/articles/999999", UNKNOWN),
    ("get", "/units/999999", UNKNOWN),
    ("get", "/indicators/999999", UNKNOWN),
    ("get", "/indicators/999999/observations", UNKNOWN),
    ("patch", "/observations/999999", UNKNOWN),
]
EVALUATION_CASES = [
    ("get", "/plans/{plan}/evaluation", EVERYONE),
    ("get", "/plans/{plan}/rollup", EVERYONE),
    ("get", "/indicators/{own}/chart", OWN_UNIT),
    ("get", "/indicators/{other}/chart", OTHER_UNIT),
    ("get", "/plans/nope/evaluation", UNKNOWN),
    ("get", "/plans/nope/rollup", UNKNOWN),
    ("get", "/indicators/999999/chart", UNKNOWN),
    # 统计评价: office, leaders, auditors; small_plan has no index yet (a Chinese 404)
    ("get", "/plans/{plan}/index", UNKNOWN | {"reporter": 403, "other_reporter": 403}),
    ("get", "/plans/nope/index", UNKNOWN),
]


def names(small_plan, reporter_unit, other_unit) -> dict:
    observation = enter(small_plan.other.indicator, "2023", 150)
    return {
        "plan": small_plan.plan.name,
        "plan_id": small_plan.plan.pk,
        "own_article": small_plan.own.article.pk,
        "other_article": small_plan.other.article.pk,
        "reporter_unit": reporter_unit.pk,
        "other_unit": other_unit.name,
        "own": small_plan.own.indicator.pk,
        "other": small_plan.other.indicator.pk,
        "observation": observation.pk,
    }


def call(client, method: str, path: str, small_plan):
    bodies = {
        "post": {"indicator": small_plan.own.indicator.pk, "period": "2024", "value": "120"},
        "patch": {"value": "160", "reason": "统计局核实后更正"},
    }
    if method == "get":
        return client.get(url(path))
    return getattr(client, method)(url(path), data=bodies[method], content_type="application/json")


def check(case, role, actor, small_plan, reporter_unit, other_unit):
    method, template, expected = case
    path = template.format(**names(small_plan, reporter_unit, other_unit))
    response = call(actor(role).client, method, path, small_plan)
    assert response.status_code == expected[role], (method, path, role, response.content[:300])
    if response.status_code >= 400:
        detail = response.json()["detail"]
        assert detail and not str(detail).isascii(), detail  # a Chinese message, not "Not Found"


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("case", CASES, ids=lambda c: f"{c[0]} {c[1]}")
def test_every_endpoint_answers_each_role(case, role, actor, small_plan, reporter_unit, other_unit):
    check(case, role, actor, small_plan, reporter_unit, other_unit)


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("case", EVALUATION_CASES, ids=lambda c: f"{c[0]} {c[1]}")
def test_evaluation_endpoints_answer_each_role(case, role, actor, small_plan, reporter_unit, other_unit):
    check(case, role, actor, small_plan, reporter_unit, other_unit)


def _shape(path: str) -> str:
    """/indicators/{own}/chart and /indicators/999999/chart → /indicators/{}/chart."""
    return re.sub(r"\{[a-z_]+\}|999999|nope", "{}", path.split("?")[0])


# The reporting cycle's operations need submissions in given states; their role answers are
# asserted in tests/reporting/test_api.py (own unit, other unit, leader, office, anonymous).
REPORTING_OPERATIONS = {
    ("get", "/submissions"),
    ("post", "/submissions"),
    ("get", "/submissions/{}"),
    ("post", "/submissions/{}/approve"),
    ("post", "/submissions/{}/return"),
    ("get", "/timeliness"),
}
# Reports' operations are asserted per role in tests/reports/test_report_access.py and the URL
# matrix (a unit's report: that unit yes, the other unit 403, a plan-wide one 403 for units).
REPORTS_OPERATIONS = {("post", "/plans/{}/reports"), ("get", "/reports"), ("get", "/reports/{}/file"), ("get", "/reports/{}/pdf")}


# Tasks and policies need tasks in given states; their role answers are asserted in
# tests/tasks/test_api.py and test_api_writes.py and in the URL matrix (every role and anonymous).
TASK_OPERATIONS = {
    ("get", "/tasks"),
    ("post", "/tasks/{}/review"),
    ("get", "/policies"),
    ("post", "/policies/{}/steps"),
    ("post", "/tasks/merge"),
    ("put", "/tasks/{}/milestones"),
    ("post", "/tasks/{}/reports"),
    ("post", "/task-reports/{}/review"),
    ("post", "/policies/{}/documents"),
    ("post", "/policies/{}/deliveries"),
    ("post", "/policy-deliveries/{}/review"),
}

# Supervision's operations are asserted per role in the URL matrix (tests/web/test_url_matrix.py)
# and in tests/supervision (a unit's items, the lead unit's steps, the office's decisions).
SUPERVISION_OPERATIONS = {
    ("get", "/supervision/items"), ("post", "/supervision/items"), ("get", "/supervision/items/{}"),
    ("get", "/supervision/items/{}/notice"), ("post", "/supervision/items/{}/{}"), ("get", "/supervision/proposals"),
    ("post", "/supervision/proposals/dismiss"), ("get", "/supervision/accountability"),
    ("post", "/supervision/accountability"), ("get", "/supervision/stats"),
}  # fmt: skip
# Key projects' operations: per role in the URL matrix and in tests/projects (a unit's own projects).
PROJECT_OPERATIONS = {("get", "/projects"), ("get", "/projects/summary"), ("get", "/projects/{}"),
                      ("get", "/projects/{}/reports"), ("post", "/projects/{}/reports"),
                      ("post", "/project-reports/{}/review")}  # fmt: skip
# Problems' operations: per role in the URL matrix and in tests/problems (who may take which step).
PROBLEM_OPERATIONS = {("get", "/problems"), ("post", "/problems"), ("get", "/problems/metrics"),
                      ("get", "/problems/{}"), ("post", "/problems/{}/{}")}  # fmt: skip
# 考核: per role in the URL matrix and in tests/assessment/test_cycle.py (a unit's own card before 公布).
ASSESSMENT_OPERATIONS = {("get", "/plans/{}/assessments/{}")}


def test_the_table_covers_every_operation():
    from planwatch.api.app import api

    schema = api.get_openapi_schema()
    documented = {(m, _shape(p.removeprefix("/api/v1"))) for p, ops in schema["paths"].items() for m in ops}
    covered = {(method, _shape(path)) for method, path, _ in CASES + EVALUATION_CASES} | REPORTING_OPERATIONS | TASK_OPERATIONS
    covered |= REPORTS_OPERATIONS | SUPERVISION_OPERATIONS | PROJECT_OPERATIONS | PROBLEM_OPERATIONS
    covered |= ASSESSMENT_OPERATIONS
    assert documented == covered, sorted(documented ^ covered)
