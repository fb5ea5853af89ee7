"""`allowed(user, action, obj)`: every role × action × object, own unit and other unit."""

from __future__ import annotations

import pytest
from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied
from django.template import Context, Template

from planwatch.accounts.models import Profile, Role
from planwatch.accounts.permissions import (
    Action,
    allowed,
    require,
    role_of,
    visible_articles,
    visible_indicators,
    visible_reporting,
    visible_units,
)
from planwatch.audit.services import record

pytestmark = pytest.mark.django_db

ROLES = ["office", "reporter", "other_reporter", "leader", "auditor", "anonymous"]

# What a reporter of 区发展改革局 sees in small_plan: its own article and the one it co-operates on.
REPORTER_VIEWS = {
    "none", "plan", "chapter", "own_unit",
    "own.article", "own.indicator", "own.target", "own.milestone",
    "shared.article", "shared.indicator", "shared.target", "shared.milestone",
}  # fmt: skip
REPORTER_REPORTS = REPORTER_VIEWS - {"plan", "chapter"}
# The other unit leads `shared` and owns `other`.
OTHER_VIEWS = {
    "none", "plan", "chapter", "other_unit",
    "shared.article", "shared.indicator", "shared.target", "shared.milestone",
    "other.article", "other.indicator", "other.target", "other.milestone",
}  # fmt: skip
OTHER_REPORTS = OTHER_VIEWS - {"plan", "chapter"}


@pytest.fixture
def objects(small_plan, reporter_unit, other_unit, office):
    found = {
        "none": None,
        "plan": small_plan.plan,
        "chapter": small_plan.chapter,
        "own_unit": reporter_unit,
        "other_unit": other_unit,
        "audit_event": record(actor=office.user, action="update", obj=small_plan.plan),
    }
    for key in ("own", "shared", "other"):
        for part in ("article", "indicator", "target", "milestone"):
            found[f"{key}.{part}"] = getattr(getattr(small_plan, key), part)
    return found


def expected(role: str, action: Action, keys: set[str]) -> set[str]:
    """The matrix, written as "which objects" per role and action."""
    plan_data = keys - {"audit_event"}
    if role == "office":
        return keys if action in (Action.VIEW, Action.VIEW_AUDIT) else plan_data
    if role == "leader":
        return plan_data if action in (Action.VIEW, Action.VIEW_INDEX, Action.RAISE) else set()
    if role == "auditor":
        if action is Action.VIEW_INDEX:
            return plan_data
        if action is Action.VIEW:
            return keys
        return {"none", "audit_event"} & keys if action is Action.VIEW_AUDIT else set()
    views, reports = {
        "reporter": (REPORTER_VIEWS, REPORTER_REPORTS),
        "other_reporter": (OTHER_VIEWS, OTHER_REPORTS),
    }.get(role, (set(), set()))
    return {Action.VIEW: views, Action.REPORT: reports, Action.RAISE: reports}.get(action, set())


@pytest.mark.parametrize("action", list(Action), ids=str)
@pytest.mark.parametrize("role", ROLES)
def test_allowed_matrix(request, role, action, objects):
    user = request.getfixturevalue(role).user
    keys = set(objects)
    if action is Action.VIEW_AUDIT:
        keys = {"none", "audit_event"}
    answers = {key for key in keys if allowed(user, action, objects[key])}
    assert answers == expected(role, action, keys)


def test_actions_may_be_plain_strings_and_typos_fail_loudly(office):
    assert allowed(office.user, "review")
    with pytest.raises(ValueError):
        allowed(office.user, "veiw")


def test_require_raises_permission_denied(reporter, small_plan):
    require(reporter.user, "report", small_plan.own.indicator)
    with pytest.raises(PermissionDenied):
        require(reporter.user, "report", small_plan.other.indicator)
    with pytest.raises(PermissionDenied):
        require(reporter.user, "change", small_plan.own.indicator)


def test_superuser_without_profile_is_office(admin_user):
    assert role_of(admin_user) is Role.OFFICE
    assert allowed(admin_user, "admin")


def test_inactive_and_unassigned_users_may_do_nothing(leader):
    user = get_user_model().objects.create_user("nobody")
    assert role_of(user) is None and not allowed(user, "view")
    Profile.objects.create(user=user)
    assert not allowed(get_user_model().objects.get(pk=user.pk), "view")
    leader.user.is_active = False
    assert not allowed(leader.user, "view")


def test_account_objects_need_admin_except_ones_own(reporter, leader, office):
    assert allowed(reporter.user, "view", reporter.user)
    assert not allowed(reporter.user, "view", leader.user)
    assert not allowed(leader.user, "view", reporter.user.profile)
    assert allowed(office.user, "change", reporter.user.profile)


@pytest.mark.parametrize(
    ("role", "articles"),
    [
        ("office", {"own", "shared", "other"}),
        ("leader", {"own", "shared", "other"}),
        ("auditor", {"own", "shared", "other"}),
        ("reporter", {"own", "shared"}),
        ("other_reporter", {"shared", "other"}),
        ("anonymous", set()),
    ],
)
def test_visible_lists_are_filtered_in_one_query(
    request, django_assert_num_queries, small_plan, role, articles
):
    user = request.getfixturevalue(role).user
    user = get_user_model().objects.get(pk=user.pk) if user.is_authenticated else user
    wanted = {getattr(small_plan, key).article.pk for key in articles}
    with django_assert_num_queries(1 if user.is_authenticated else 0):
        role_of(user)  # the profile, once per request
    with django_assert_num_queries(1 if articles else 0):
        assert {a.pk for a in visible_articles(user, small_plan.plan)} == wanted
    with django_assert_num_queries(1 if articles else 0):
        assert {i.article_id for i in visible_indicators(user, small_plan.plan)} == wanted


def test_visible_units(reporter, leader, anonymous, reporter_unit, other_unit):
    assert list(visible_units(reporter.user)) == [reporter_unit]
    assert set(visible_units(leader.user)) == {reporter_unit, other_unit}
    assert not visible_units(anonymous.user).exists()


def test_checking_many_objects_costs_one_query(reporter, small_plan, django_assert_num_queries):
    user = get_user_model().objects.select_related("profile").get(pk=reporter.user.pk)
    indicators = [getattr(small_plan, key).indicator for key in ("own", "shared", "other")]
    with django_assert_num_queries(1):
        assert [allowed(user, "report", i) for i in indicators] == [True, True, False]


def test_template_tag_and_filter(reporter, small_plan):
    template = Template(
        '{% load permissions %}{% allowed "report" own as a %}{% allowed "report" other as b %}'
        '{{ a }} {{ b }} {{ user|can:"view" }} {{ user|can:"view_audit" }}'
    )
    context = Context(
        {"user": reporter.user, "own": small_plan.own.indicator, "other": small_plan.other.indicator}
    )
    assert template.render(context) == "True False True False"


def test_reporting_items_belong_to_the_unit_that_reports_them(
    reporter, other_reporter, leader, office, small_plan, other_unit
):
    """The shared article is led by the other unit, the reporter co-operates: the reporter sees the
    shared indicator but not the other unit's rule, submission or queue rows for it."""
    from planwatch.reporting.models import ReportingRule, Submission

    rule = ReportingRule.objects.create(
        plan=small_plan.plan, indicator=small_plan.shared.indicator, frequency="year", unit=other_unit
    )
    sub = Submission.objects.create(
        indicator=small_plan.shared.indicator,
        unit=other_unit,
        period="2024",
        period_key=2024,
        value=1,
        entered_value=1,
    )
    assert allowed(reporter.user, "view", small_plan.shared.indicator)
    for item in (rule, sub):
        assert not allowed(reporter.user, "view", item)
        assert not allowed(reporter.user, "report", item)
        assert allowed(other_reporter.user, "report", item)
        assert not allowed(other_reporter.user, "review", item)
        assert allowed(leader.user, "view", item) and not allowed(leader.user, "report", item)
        assert allowed(office.user, "review", item)
    unowned = ReportingRule(plan=small_plan.plan, article=small_plan.other.article, frequency="year")
    assert not allowed(other_reporter.user, "view", unowned)  # no unit chosen yet: nobody's own
    queryset = Submission.objects.all()
    assert list(visible_reporting(reporter.user, queryset)) == []
    assert list(visible_reporting(other_reporter.user, queryset)) == [sub]
    assert list(visible_reporting(leader.user, queryset)) == [sub]
