"""Issue 5 in the browser: each role logs in through the login form and finds what it may see
and do — and nothing else; every page opens with its key parts drawn; a unit reporter cannot
open another unit's indicator by URL (403 page) or by API (403 JSON); the main pages fit a
desktop (1366×900) and a phone (390×844) without sideways scrolling.

The data is the seed plan with demo data (`site`); the reporter belongs to 区发展改革局.
"""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from .conftest import (
    DESKTOP,
    OTHER_UNIT,
    PHONE,
    REPORTER_UNIT,
    api_get,
    api_post,
    charts_drawn,
    load_every_chapter,
    no_horizontal_overflow,
    visit,
)

GDP = "地区生产总值"  # the 发展目标 article: no unit named, the office's
OWN_INDICATOR = "新增省级以上研发机构"  # led by 区发展改革局
OTHER_INDICATOR = "全社会研发经费占GDP比重"  # 区科技局 and others, not 区发展改革局

NAV = {
    "office": ["总览", "计划", "指标", "单位", "报送", "任务", "督办", "问题", "项目", "考核", "报告", "统计评价", "审计日志"],
    "reporter": ["总览", "计划", "指标", "单位", "报送", "任务", "督办", "问题", "项目", "考核", "报告"],
    "leader": ["总览", "计划", "指标", "单位", "报送", "任务", "督办", "问题", "项目", "考核", "报告", "统计评价"],
    "auditor": ["总览", "计划", "指标", "单位", "报送", "任务", "督办", "问题", "项目", "考核", "报告", "统计评价", "审计日志"],
}
# The office's 管理 menu (folded under one entry so that the bar fits a 1366 px screen).
MANAGE = {"office": ["导入计划", "责任分解", "后台管理"]}
# How the top bar names the signed-in person: name and unit (a reporter) or role, never the login.
SIGNED_IN_AS = {
    "office": "王敏（领导小组办公室）",
    "reporter": "李强（区发展改革局）",
    "leader": "陈静（区领导）",
    "auditor": "刘洋（审计员）",
}


def nav_links(page) -> list[str]:
    return [t.strip() for t in page.locator("#site-nav > a").all_inner_texts()]


def menu_links(page, menu: str) -> list[str]:
    """The links of a folded menu of the bar, opened by a click on its summary as a user would."""
    page.locator(f"#site-nav details{menu} > summary").click()
    links = page.locator(f"#site-nav details{menu}[open] .nav__drop a")
    return [t.strip() for t in links.all_inner_texts()]


@pytest.mark.parametrize("role", ["office", "reporter", "leader", "auditor"])
def test_each_role_sees_its_own_navigation_and_audit_access(role, sessions, server, console):
    page = sessions.page(role)
    visit(page, server.url, "/")
    assert [link.split()[0] for link in nav_links(page)] == NAV[role]
    if role in MANAGE:
        assert menu_links(page, ":not(.nav__menu--user)") == MANAGE[role]
    else:
        assert page.locator("#site-nav details:not(.nav__menu--user)").count() == 0
    assert page.locator(".nav__user").inner_text() == SIGNED_IN_AS[role]
    assert menu_links(page, ".nav__menu--user") == ["修改密码"]  # the person's menu, opened
    assert page.get_by_role("button", name="退出").is_visible()
    page.keyboard.press("Escape")  # and closed again before the page is used
    assert not page.get_by_role("button", name="退出").is_visible()
    if role in ("office", "auditor"):
        page.get_by_role("link", name="审计日志").click()
        page.wait_for_url(server.url + "/audit/")
        rows = page.locator("#main table.table--cards > tbody > tr")
        assert rows.count() > 0
        assert page.locator("#main table.table--cards").get_by_text("登录", exact=True).count() > 0
    else:
        console.expect_status(403)
        visit(page, server.url, "/audit/", status=403)
        assert "无权" in page.locator("#main").inner_text()


def test_only_the_office_gets_the_data_entry_form(sessions, server, site):
    for role, indicator in (("office", GDP), ("leader", GDP), ("auditor", GDP), ("reporter", OWN_INDICATOR)):
        page = sessions.page(role)
        visit(page, server.url, f"/indicators/{site.indicators[indicator]}/")
        assert page.locator("h1").inner_text() == indicator
        form = page.locator("#observation-form")
        assert form.count() == (1 if role == "office" else 0), role
        if role == "office":
            assert form.get_by_role("button", name="保存").is_visible()


def test_readers_change_nothing_even_by_api(sessions, server, site, console):
    """Leader and auditor (and a reporter) have no form; the API refuses them a write as well."""
    body = {"indicator": site.indicators[GDP], "period": "2024", "value": 1500}
    for role in ("leader", "auditor", "reporter"):
        page = sessions.page(role)
        visit(page, server.url, "/")
        console.expect_status(403)
        status, answer = api_post(page, "/observations", body)
        assert (status, answer["detail"]) == (403, "无权进行此操作"), role
    status, series = api_get(sessions.page("office"), f"/indicators/{site.indicators[GDP]}/observations")
    assert status == 200 and "2024" not in [o["period"] for o in series["items"]]


def test_a_reporter_sees_only_its_units_articles_and_indicators(sessions, server, site):
    page = sessions.page("reporter")
    status, mine = api_get(page, f"/indicators?plan={site.plan}")
    assert status == 200 and mine["count"] > 0
    assert all(REPORTER_UNIT in i["units"] for i in mine["items"]), mine["items"]
    _, everyone = api_get(sessions.page("office"), f"/indicators?plan={site.plan}")
    assert mine["count"] < everyone["count"]

    visit(page, server.url, "/indicators/")
    names = set(
        page.locator("#main table.table--cards > tbody > tr a[href^='/indicators/']").all_inner_texts()
    )
    assert names == {i["name"] for i in mine["items"] if i["targets"]}
    assert OTHER_INDICATOR not in names and GDP not in names

    visit(page, server.url, f"/plans/{site.plan}/")
    load_every_chapter(page)
    articles = page.locator("article.article")
    _, api_articles = api_get(page, f"/plans/{site.plan}/articles")
    assert articles.count() == api_articles["count"] < 47
    for units in articles.locator(".units").all_inner_texts():
        assert REPORTER_UNIT in units, units

    visit(page, server.url, "/units/")
    assert page.url == f"{server.url}/units/{site.units['reporter']}/"
    assert page.locator("h1").inner_text() == REPORTER_UNIT


def test_a_reporter_cannot_open_another_units_indicator(sessions, server, site, console):
    page = sessions.page("reporter")
    other = site.indicators[OTHER_INDICATOR]
    console.expect_status(403)
    visit(page, server.url, f"/indicators/{other}/", status=403)
    assert "无权" in page.locator("#main").inner_text()
    assert OTHER_INDICATOR not in page.content()
    visit(page, server.url, f"/units/{site.units['other_reporter']}/", status=403)
    visit(page, server.url, f"/reporting/units/{site.units['other_reporter']}/", status=403)
    visit(page, server.url, "/")
    for path in (
        f"/indicators/{other}",
        f"/indicators/{other}/chart",
        f"/indicators/{other}/observations",
    ):
        status, answer = api_get(page, path)
        assert (status, answer) == (403, {"detail": "无权进行此操作"}), path
    status, own = api_get(page, f"/indicators/{site.indicators[OWN_INDICATOR]}")
    assert status == 200 and own["name"] == OWN_INDICATOR


def pages_to_open(site, unit: int, indicator: int, article: int) -> dict[str, tuple[str, str]]:
    """name: (path, a selector that must be there once the page is drawn)."""
    return {
        "dashboard": ("/", "#main .status"),
        "plan": (f"/plans/{site.plan}/", "article.article .status"),
        "article": (f"/articles/{article}/", "#main .status"),
        "indicators": ("/indicators/", "#main table.table--cards > tbody > tr .status"),
        "indicator": (f"/indicators/{indicator}/", "#indicator-status .status"),
        "units": ("/units/", "#main table.table > tbody > tr"),
        "unit": (f"/units/{unit}/", "#main table.table--cards > tbody > tr"),
        "audit": ("/audit/", "#main table.table--cards > tbody > tr"),
        "reporting": ("/reporting/", "#main table, #main .list"),
        "reporting-unit": (f"/reporting/units/{unit}/", "article.r-item"),
        "review": ("/reporting/review/", "#main h1"),
        "calendar": (f"/reporting/calendar/{site.plan}/", "table.r-rules tbody tr"),
        "notifications": ("/reporting/notifications/", "#main h1"),
        "password": ("/accounts/password/", "#main form"),
        "api-docs": ("/api/v1/docs", ".opblock"),
        "admin": ("/admin/", "#content"),
        "admin-plans": ("/admin/plans/article/", "#result_list"),
    }


def test_every_page_opens_and_draws_its_key_parts(sessions, server, site):
    page = sessions.page("office")
    _, evaluation = api_get(page, f"/plans/{site.plan}/evaluation")
    article = next(r["article_id"] for r in evaluation if r["indicator"] == GDP)
    for name, (path, selector) in pages_to_open(
        site, site.units["reporter"], site.indicators[GDP], article
    ).items():
        visit(page, server.url, path)
        page.locator(selector).first.wait_for()
        assert page.locator(selector).count() > 0, name
        for chart in charts_drawn(page):
            assert chart["width"] > 0 and chart["height"] > 0, (name, chart)
    # What the dashboard counts is what the API says.
    visit(page, server.url, "/")
    assert page.locator("#main .status").count() >= len({r["status"] for r in evaluation})
    assert [c["chart"] for c in charts_drawn(page)] == ["status-donut", "chapter-bar"]
    visit(page, server.url, "/indicators/")
    assert page.locator("#main table.table--cards > tbody > tr").count() == len(evaluation)
    visit(page, server.url, "/api/v1/docs")
    page.locator(".opblock").first.wait_for()
    _, schema = api_get(page, "/openapi.json")
    operations = sum(len(ops) for ops in schema["paths"].values())
    assert page.locator(".opblock").count() == operations


@pytest.mark.parametrize("viewport", [DESKTOP, PHONE], ids=["desktop", "phone"])
def test_the_main_pages_fit_desktop_and_phone(viewport, sessions, server, site):
    page = sessions.page("office", viewport)
    gdp = site.indicators[GDP]
    paths = ["/", f"/plans/{site.plan}/", "/indicators/", f"/indicators/{gdp}/", "/units/",
             f"/units/{site.units['reporter']}/", "/audit/", f"/reporting/units/{site.units['reporter']}/",
             "/reporting/review/"]  # fmt: skip
    for path in paths:
        visit(page, server.url, path)
        for chart in charts_drawn(page):
            assert 0 < chart["width"] <= viewport["width"] and chart["height"] > 0, (path, chart)
        no_horizontal_overflow(page)
    toggle = page.get_by_role("button", name="菜单")
    if viewport is PHONE:  # the navigation folds behind 菜单 and opens on a tap
        assert toggle.is_visible() and not page.get_by_role("link", name="审计日志").is_visible()
        toggle.click()
        expect(page.get_by_role("link", name="审计日志")).to_be_visible()
        no_horizontal_overflow(page)
    else:
        assert not toggle.is_visible() and page.get_by_role("link", name="审计日志").is_visible()
    anonymous = sessions.page(None, viewport)
    visit(anonymous, server.url, "/accounts/login/")
    no_horizontal_overflow(anonymous)


def test_a_reporter_on_a_phone(sessions, server, site):
    page = sessions.page("reporter", PHONE)
    for path in (
        "/",
        f"/indicators/{site.indicators[OWN_INDICATOR]}/",
        f"/reporting/units/{site.units['reporter']}/",
    ):
        visit(page, server.url, path)
        charts_drawn(page)
        no_horizontal_overflow(page)


def test_anonymous_is_sent_to_login_and_a_wrong_password_is_refused(sessions, server, console):
    page = sessions.page(None)
    visit(page, server.url, "/indicators/")
    assert page.url.startswith(server.url + "/accounts/login/?next=")
    page.fill("#id_username", "leader")
    page.fill("#id_password", "not-the-password")
    page.click("button[type=submit]")
    assert "用户名或密码不正确" in page.locator(".form-errors").inner_text()
    assert OTHER_UNIT not in page.content()

