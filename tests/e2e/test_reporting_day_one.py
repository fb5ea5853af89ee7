"""Issue 9 in the browser: reporting works from day one on the demo as `planwatch demo` sets it up
(web/demo_setup.py: the seed plan, demo data, the reporting calendar, the demo accounts), with
the reporting clock at 2026-12-03 and no step by the office in between.

The reporter opens 报送 and finds the current period first (the seed plan ended in 2025: its last
quarter, 2025Q4) and the earlier periods offered as 补报历史数据, not as a backlog; it saves one
figure as a draft with two evidence files, removes the wrong one, and submits; the office sees
only the right file and approves; the removal stays in the item's history. No page of the session
is an English error page, and a form posted with 3,000 fields gets the Chinese 400 page.
"""

from __future__ import annotations

from datetime import date
from types import SimpleNamespace

import pytest
from playwright.sync_api import expect

from .conftest import DESKTOP, visit

DEMO_DAY = date(2026, 12, 3)
PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
RIGHT, WRONG = "统计快报.pdf", "传错的文件.pdf"
ENGLISH_ERRORS = ("Bad Request", "Forbidden", "Not Found", "Server Error", "CSRF verification failed",
                  "Method Not Allowed", "Payload Too Large")  # fmt: skip


@pytest.fixture(scope="module")
def demo(server, browser, tmp_path_factory):
    """What `planwatch demo` sets up, through the same functions, on the reporting clock's day."""
    from django.core.management import call_command
    from django.db import connections

    from planwatch.reporting import clock
    from planwatch.web import demo_setup

    patch = pytest.MonkeyPatch()
    patch.setattr(clock, "today", lambda: DEMO_DAY)
    try:
        plan, _ = demo_setup.ensure_plan()
        demo_setup.ensure_leads(plan)
        demo_setup.fill_demo_data(plan, DEMO_DAY)
        demo_setup.ensure_reporting(plan, DEMO_DAY)
        accounts, _ = demo_setup.ensure_accounts(plan, tmp_path_factory.mktemp("demo"))
        yield SimpleNamespace(passwords={a.username: a.password for a in accounts},
                              unit=next(a.unit.pk for a in accounts if a.unit))  # fmt: skip
    finally:
        patch.undo()
        connections.close_all()
        call_command("flush", interactive=False, verbosity=0)
        connections.close_all()


def signed_in(browser, server, console, demo, username: str):
    context = browser.new_context(viewport=DESKTOP, locale="zh-CN")
    context.set_default_timeout(15_000)
    console.watch(context)
    page = context.new_page()
    page.goto(server.url + "/accounts/login/")
    page.fill("#id_username", username)
    page.fill("#id_password", demo.passwords[username])
    page.click("button[type=submit]")
    page.wait_for_url(server.url + "/")
    return page


def no_english_error(page) -> None:
    text = page.locator("body").inner_text()
    assert not any(phrase in text for phrase in ENGLISH_ERRORS), (page.url, text[:300])


def test_a_reporter_reports_from_day_one_and_the_office_approves(demo, browser, server, console, tmp_path):
    for name in (RIGHT, WRONG):
        (tmp_path / name).write_bytes(PDF)
    page = signed_in(browser, server, console, demo, "reporter")

    # 1. 报送 straight away: the current period first, the earlier ones offered for 补报.
    page.locator("#site-nav").get_by_role("link", name="报送").click()
    page.wait_for_url(f"{server.url}/reporting/units/{demo.unit}/")
    no_english_error(page)
    assert page.locator(".r-period__title").first.inner_text().startswith("2025年第四季度")
    assert "补报历史数据" in page.locator("#main").inner_text()

    # 2. One figure saved as a draft with two files (its own small form, saved in place).
    entry = page.locator("article.r-item", has=page.locator("[name$='-value']")).first
    key, name = entry.get_attribute("id"), entry.locator("h3").inner_text()
    item = page.locator(f"[id='{key}']")
    previous = entry.locator(".r-prev .num").inner_text().strip()
    entry.locator("[name$='-value']").fill(previous if previous not in ("—", "") else "1")
    entry.locator("[name$='-source']").fill("区统计局季度快报")
    entry.locator("input[type=file]").set_input_files([str(tmp_path / RIGHT), str(tmp_path / WRONG)])
    entry.get_by_role("button", name="保存草稿").click()
    item.get_by_text("草稿已保存，尚未报送").wait_for()
    assert item.locator(".r-files li").count() == 2

    # 3. The wrong file removed by its uploader; then the item submitted.
    item.get_by_role("button", name=f"删除佐证材料 {WRONG}").click()
    page.get_by_text(f"已删除佐证材料“{WRONG}”").wait_for()
    no_english_error(page)
    assert item.locator(".r-files").inner_text().count(".pdf") == 1 and RIGHT in item.locator(".r-files").inner_text()
    item.get_by_role("button", name="报送", exact=True).click()
    item.get_by_text("已报送，等待领导小组办公室审核").wait_for()
    no_english_error(page)

    # 4. The office sees the right file only, and approves.
    office = signed_in(browser, server, console, demo, "office")
    visit(office, server.url, "/reporting/review/")
    queued = office.locator("article.r-item", has=office.locator("h2", has_text=name)).first
    assert RIGHT in queued.inner_text() and WRONG not in queued.inner_text()
    queued.get_by_role("button", name="审核通过").click()
    expect(office.locator(".messages")).to_contain_text("已审核通过")
    no_english_error(office)

    # 5. The history keeps the removal; an approved item's file can no longer be removed.
    visit(page, server.url, f"/reporting/units/{demo.unit}/")
    item.get_by_role("link", name="查看详情和办理记录 ›").click()
    history = page.locator("#main").inner_text()
    assert "删除佐证材料" in history and WRONG in history and "审核通过" in history
    assert page.get_by_role("button", name=f"删除佐证材料 {RIGHT}").count() == 0
    no_english_error(page)

    # 6. A form with 3,000 fields: the Chinese 400 page in the site's layout.
    visit(page, server.url, f"/reporting/units/{demo.unit}/")
    action = page.locator("form[hx-post]").first.get_attribute("action")
    console.expect_status(400)
    with page.expect_navigation() as navigation:
        page.evaluate(
            """(action) => {
                const form = document.createElement("form");
                form.method = "post";
                form.action = action;
                const token = document.querySelector("[name=csrfmiddlewaretoken]").cloneNode();
                form.append(token);
                for (let i = 0; i < 3000; i++) {
                    const input = document.createElement("input");
                    input.type = "hidden"; input.name = "f" + i; input.value = "1";
                    form.append(input);
                }
                document.body.append(form);
                form.submit();
            }""",
            action,
        )
    assert navigation.value.status == 400
    assert page.locator(".error-page .code").inner_text() == "400"
    assert "一次提交的内容过多" in page.locator(".error-page").inner_text()
    assert page.locator("#site-nav").is_visible()  # the site's layout, signed in
    no_english_error(page)
    page.context.close()
    office.context.close()
