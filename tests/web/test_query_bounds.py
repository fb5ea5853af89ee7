"""Pages run a fixed number of queries, however much data there is (DESIGN lessons: Akvo RSR's
1,300-query results page). Counted with an empty evaluation cache, so computing every status is
included; the same bounds hold with the seed plan and with 50 more plans loaded."""

from __future__ import annotations

import pytest

pytestmark = pytest.mark.django_db

# Session, user and profile; the plan list; the evaluation (the plan's data version and, when not
# cached, targets, units, figures, base values); the page's own lists. The dashboard's panel of
# targets without a lead adds five (links, leads, targets, units, the department table); the unit
# page's current leads three (links, leads, the plan's articles). The data version is read again
# after computing, so a result is never a mix of two states.
# Tasks (issue 12): the dashboard's panel adds four (tasks, their co-operating units, their
# reports, policies by state), the unit page's three (tasks, units, reports).
# Problems (issue 14): the dashboard's panel adds one (the viewer's problems, with their units).
# Key projects (issue 15): the dashboard's panel adds one without projects (the ledger), three with
# them (the ledger with its sums, the office's thresholds, the month sums) — whatever their number.
# Pages kept per data version (issue 20, web/page_parts.py): with the cache empty, the dashboard's
# parts read the data version before and after building them (two), and its panel of targets
# without a lead the same two plus its stamp (leads, units, department rows: three); the plan
# page's chapters the same two plus their stamp (the plan's milestones: one), the unit page's
# parts the same two plus theirs (the plan's confirmed leads: one), the indicator page's two.
# Issue 20, later: the session is no longer saved on every request (at most once a minute, the
# first request here: three statements on the dashboard only), the profile comes with the user
# (one less on every page), the dashboard reads the data version once per request (two less).
# Parts that read more than the plan's data are keyed on the activity version (web/activity.py)
# instead of digests of the tables read each time: the dashboard's panels of the other loops and
# of targets without a lead, the plan page's chapters (milestones), the unit page's parts (leads)
# and its tasks; cold, each reads the activity version again after building (and the unit page's
# tasks panel the data version), so the plan page reads one more than the digest did and the
# unit page three more — warm, both read fewer (one primary-key row instead of a table each).
BOUNDS = {"dashboard": 40, "plan": 22, "unit": 29, "indicators": 17, "indicator": 24, "audit": 6}


def pages(plan, unit, indicator) -> dict[str, str]:
    return {
        "dashboard": f"/?plan={plan.pk}",
        "plan": f"/plans/{plan.pk}/",
        "unit": f"/units/{unit.pk}/?plan={plan.pk}",
        "indicators": f"/indicators/?plan={plan.pk}",
        "indicator": f"/indicators/{indicator.pk}/",
        "audit": "/audit/",
    }


def check(client, django_assert_max_num_queries, plan, unit, indicator):
    from planwatch.indicators import evaluation_cache
    from planwatch.web import page_parts

    for name, url in pages(plan, unit, indicator).items():
        if name == "audit" and client.get(url).status_code != 200:
            continue  # reporters have no audit log (tested in test_page_access)
        evaluation_cache.clear()
        page_parts.clear()
        with django_assert_max_num_queries(BOUNDS[name], info=url):
            assert client.get(url).status_code == 200, url


@pytest.mark.parametrize("actor_name", ["office", "reporter"])
def test_seed_plan_pages_are_bounded(request, actor_name, seed, reporter_unit, django_assert_max_num_queries):
    actor = request.getfixturevalue(actor_name)
    indicator = seed.indicators.filter(article__unit_links__unit=reporter_unit).first()
    check(actor.client, django_assert_max_num_queries, seed, reporter_unit, indicator)


@pytest.mark.parametrize("actor_name", ["office", "reporter"])
def test_bounds_hold_with_fifty_plans(
    request, actor_name, seed, many_plans, reporter_unit, django_assert_max_num_queries
):
    actor = request.getfixturevalue(actor_name)
    indicator = seed.indicators.filter(article__unit_links__unit=reporter_unit).first()
    check(actor.client, django_assert_max_num_queries, seed, reporter_unit, indicator)
    small = many_plans[17]
    check(actor.client, django_assert_max_num_queries, small, reporter_unit, small.indicators.first())


def test_query_count_does_not_grow_with_plans(office, seed, reporter_unit, django_assert_max_num_queries, settings):
    """The dashboard of one plan costs the same with 1 plan loaded and with 51."""
    settings.SESSION_REFRESH_SECONDS = 3600  # however long loading 50 plans takes
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from planwatch.indicators import evaluation_cache
    from planwatch.web import page_parts

    from .conftest import make_plans

    def count() -> int:
        evaluation_cache.clear()
        page_parts.clear()
        with CaptureQueriesContext(connection) as ctx:
            office.client.get(f"/?plan={seed.pk}")
        return len(ctx.captured_queries)

    office.client.get(f"/?plan={seed.pk}")  # the session's idle expiry pushed on: not again here
    alone = count()
    make_plans(50, [reporter_unit])
    assert count() == alone
