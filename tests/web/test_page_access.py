"""Every page for every role: what each may open (200), where it is sent (302), what it may not
see (403) — checked on the server, whatever the page shows or hides."""

from __future__ import annotations

import pytest

from .conftest import inline_code

pytestmark = pytest.mark.django_db

ROLES = ("office", "reporter", "leader", "auditor")


def urls(plan, reporter_unit, other_unit) -> dict[str, str]:
    return {
        "dashboard": "/",
        "plans": "/plans/",
        "plan": f"/plans/{plan.plan.pk}/",
        "own_article": f"/articles/{plan.own.article.pk}/",
        "shared_article": f"/articles/{plan.shared.article.pk}/",
        "other_article": f"/articles/{plan.other.article.pk}/",
        "indicators": "/indicators/",
        "own_indicator": f"/indicators/{plan.own.indicator.pk}/",
        "shared_indicator": f"/indicators/{plan.shared.indicator.pk}/",
        "other_indicator": f"/indicators/{plan.other.indicator.pk}/",
        "units": "/units/",
        "own_unit": f"/units/{reporter_unit.pk}/",
        "other_unit": f"/units/{other_unit.pk}/",
        "audit": "/audit/",
    }


DENIED = {
    "office": set(),
    "leader": {"audit"},
    "auditor": set(),
    "reporter": {"other_article", "other_indicator", "other_unit", "audit"},
}
REDIRECTED = {"reporter": {"units", "plans"}, "office": {"plans"}, "leader": {"plans"}, "auditor": {"plans"}}


@pytest.mark.parametrize("role", ROLES)
def test_each_page_answers_as_the_role_allows(request, role, small_plan, reporter_unit, other_unit):
    client = request.getfixturevalue(role).client
    for name, url in urls(small_plan, reporter_unit, other_unit).items():
        response = client.get(url)
        expected = 403 if name in DENIED[role] else 302 if name in REDIRECTED[role] else 200
        assert response.status_code == expected, (role, name, url)
        if expected == 200:
            html = response.content.decode()
            assert not inline_code(html), (role, url)
            assert "{#" not in html and "{%" not in html, (role, url)  # no template syntax leaks
            assert "brand__mark" in html  # the site's layout


def test_anonymous_is_sent_to_login_everywhere(anonymous, small_plan, reporter_unit, other_unit):
    for url in urls(small_plan, reporter_unit, other_unit).values():
        response = anonymous.client.get(url)
        assert response.status_code == 302, url
        assert response["Location"].startswith("/accounts/login/?next=")


def test_reporter_lands_on_own_unit_and_single_plan(reporter, small_plan, reporter_unit):
    assert reporter.client.get("/units/")["Location"] == f"/units/{reporter_unit.pk}/"
    assert reporter.client.get("/plans/")["Location"] == f"/plans/{small_plan.plan.pk}/"


def test_reporter_sees_only_own_articles_on_plan_page(reporter, small_plan):
    html = reporter.client.get(f"/plans/{small_plan.plan.pk}/").content.decode()
    assert small_plan.own.article.title in html and small_plan.shared.article.title in html
    assert f"/articles/{small_plan.other.article.pk}/" not in html


def test_audit_link_only_for_those_who_may(office, auditor, leader, reporter, small_plan):
    for actor, shown in ((office, True), (auditor, True), (leader, False), (reporter, False)):
        html = actor.client.get("/").content.decode()
        assert ("审计日志" in html) is shown


def test_entry_form_and_saving_are_the_office_s(office, reporter, leader, auditor, small_plan):
    url = f"/indicators/{small_plan.own.indicator.pk}/"
    assert "录入或修改数据" in office.client.get(url).content.decode()
    for actor in (reporter, leader, auditor):
        assert "录入或修改数据" not in actor.client.get(url).content.decode()
        response = actor.client.post(url + "observations/", {"period": "2024", "value": "1"})
        assert response.status_code == 403


def test_unknown_objects_are_404(office):
    for url in ("/plans/999999/", "/articles/999999/", "/indicators/999999/", "/units/999999/"):
        assert office.client.get(url).status_code == 404, url


def test_login_and_password_pages_use_the_site_look(anonymous, office):
    login = anonymous.client.get("/accounts/login/").content.decode()
    assert "web/planwatch.css" in login and "登录" in login and not inline_code(login)
    password = office.client.get("/accounts/password/").content.decode()
    assert "web/planwatch.css" in password and "修改密码" in password


def test_pages_work_before_any_plan_is_imported(office, reporter, reporter_unit):
    for url in ("/", "/indicators/", "/units/", "/audit/", f"/units/{reporter_unit.pk}/"):
        response = office.client.get(url)
        assert response.status_code == 200, url
    assert "还没有行动计划" in office.client.get("/").content.decode()
    assert "还没有行动计划" in office.client.get("/plans/").content.decode()
    assert reporter.client.get(f"/units/{reporter_unit.pk}/").status_code == 200


def test_reporter_dashboard_links_only_its_own_unit(reporter, small_plan, reporter_unit, other_unit):
    html = reporter.client.get("/").content.decode()
    assert f'href="/units/{reporter_unit.pk}/"' in html
    assert f'href="/units/{other_unit.pk}/"' not in html
