"""Issue 12 in the browser, on the seed plan (the reporting clock at 2026-01-03):

- the office proposes the tasks of article （八） from its text, makes 区发展改革局 the lead of
  the first, and accepts them all on the review page;
- the reporter (区发展改革局) opens that task from the article page, reports it 完成 with an
  evidence PDF; the article still does not show it done;
- the office approves the report (销号) on the task page; the article page shows it 已完成;
- the other unit (区科技局, co-operating on （八）) sees the task but can neither report on it
  nor review it (403 for a hand-made form POST and through the API).
The new pages are shot at 1366 and 390 px (in the test's temporary folder) and must not scroll
sideways on a phone.
"""

from __future__ import annotations

import os
from pathlib import Path

from playwright.sync_api import expect

from .conftest import PHONE, api_get, api_post, no_horizontal_overflow, visit
from .test_reporting_cycle import evidence_pdf


def post_form(page, path: str, fields: dict) -> int:
    """POST a form with the page's session and CSRF token, as a hand-made request would; the status."""
    return page.evaluate(
        """async ([path, fields]) => {
            const token = (document.cookie.match(/csrftoken=([^;]+)/) || [])[1];
            const body = new URLSearchParams(fields);
            const r = await fetch(path, {method: "POST", credentials: "same-origin", body,
                                         headers: {"X-CSRFToken": token}, redirect: "manual"});
            return r.status;
        }""",
        [path, fields],
    )


def test_review_report_confirm_and_the_article_shows_it_done(sessions, server, site, tmp_path, console):
    office = sessions.page("office")
    article = site.articles["（八）"]
    visit(office, server.url, f"/tasks/{site.plan}/review/?article=8")
    office.get_by_role("button", name="从计划原文提出建议（本条）").click()
    expect(office.locator(".messages")).to_contain_text("已从计划原文提出")
    rows = office.locator("table.task-review tbody tr")
    assert rows.count() >= 3
    shots = Path(os.environ.get("PLANWATCH_SHOTS", tmp_path))  # set it to keep and look at them
    office.screenshot(path=str(shots / "tasks-proposals-desktop.png"), full_page=True)
    first = rows.first
    task_text = first.locator("textarea").input_value()
    first.locator("select[name^=lead-]").select_option(label="区发展改革局")
    rows.nth(1).locator("input[name=tasks]").check()
    rows.nth(2).locator("input[name=tasks]").check()
    office.get_by_role("button", name="合并所选为一条").click()
    expect(office.locator(".messages")).to_contain_text("已将 2 条建议合并为任务")
    office.locator("table.task-review tbody tr").first.locator("input[name^=start-]").fill("2025-01-01")
    for lead in office.locator("select[name^=lead-]").all():  # 区发展改革局 leads them all
        lead.select_option(label="区发展改革局")
    for box in office.locator("input[name=tasks]").all():
        box.check()
    office.get_by_role("button", name="确认所选").click()
    expect(office.get_by_text("没有待审核的任务建议")).to_be_visible()

    reporter = sessions.page("reporter")
    visit(reporter, server.url, f"/articles/{article}/")
    reporter.get_by_role("link", name=task_text).click()
    task_url = reporter.url
    # The office sets a dated milestone on the task page; the unit ticks it in its report.
    office.goto(task_url)
    office.locator("summary", has_text="设置年度任务和阶段节点").click()
    office.fill("#sd-1", "2025-06-30")
    office.fill("#st-1", "完成实验室选址")
    office.get_by_role("button", name="保存").click()
    expect(office.locator(".milestone", has_text="完成实验室选址")).to_contain_text("已过时限，未达成")
    reporter.reload()
    reporter.get_by_label("完成实验室选址").check()
    reporter.fill("#progress", "已建成两家市级重点实验室")
    reporter.select_option("#claim", label="完成")
    pdf = tmp_path / "认定文件.pdf"
    evidence_pdf(pdf)
    reporter.set_input_files("#evidence", str(pdf))
    reporter.get_by_role("button", name="报送").click()
    expect(reporter.get_by_text("已报送任务进展")).to_be_visible()
    task_url = reporter.url
    visit(reporter, server.url, f"/articles/{article}/")
    expect(reporter.locator(".task-status--done")).to_have_count(0)

    office.goto(task_url)
    office.get_by_role("button", name="审核通过并确认完成（销号）").click()
    expect(office.get_by_text("已确认完成（销号）")).to_be_visible()
    expect(office.locator(".milestone", has_text="完成实验室选址")).to_contain_text("已达成")
    visit(reporter, server.url, f"/articles/{article}/")
    done = reporter.locator(".task-list li", has_text=task_text)
    expect(done.locator(".task-status--done")).to_have_text("已完成")

    # 区科技局 co-operates on （八）: it sees the task, but neither reports on it nor reviews it.
    other = sessions.page("other_reporter")
    console.expect_status(403)
    visit(other, server.url, task_url.removeprefix(server.url))
    expect(other.locator("#progress")).to_have_count(0)
    task_id = task_url.rstrip("/").rsplit("/", 1)[1]
    assert post_form(other, f"/tasks/task/{task_id}/report/", {"progress": "x", "claim": "done"}) == 403
    assert api_post(other, f"/tasks/{task_id}/review", {"action": "drop"})[0] == 403
    status, rows_json = api_get(reporter, f"/tasks?plan={site.plan_name}&status=done")
    assert status == 200 and [r["text"] for r in rows_json] == [task_text]

    visit(office, server.url, f"/tasks/{site.plan}/policies/")
    office.get_by_role("button", name="从计划原文提出候选政策").click()
    expect(office.locator(".messages")).to_contain_text("项候选政策")
    office.locator("form.policy-step").first.get_by_role("button", name="确认").click()
    expect(office.locator(".policy-state--planned")).to_have_count(1)
    policy_url = office.locator("td[data-label=政策] a").first.get_attribute("href")
    pages = {"tasks": f"/tasks/{site.plan}/", "review": f"/tasks/{site.plan}/review/",
             "policies": f"/tasks/{site.plan}/policies/", "task": task_url.removeprefix(server.url),
             "dashboard": "/", "article": f"/articles/{article}/", "policy": policy_url,
             "filtered": f"/tasks/{site.plan}/?status=overdue&due_before=2026-12-31"}  # fmt: skip
    phone = sessions.page("office", PHONE)
    for name, path in pages.items():
        visit(office, server.url, path)
        office.screenshot(path=str(shots / f"tasks-{name}-desktop.png"), full_page=True)
        visit(phone, server.url, path)
        no_horizontal_overflow(phone)
        phone.screenshot(path=str(shots / f"tasks-{name}-phone.png"), full_page=True)
    # The unit's 待报送 page lists its tasks of the quarter, as a clerk sees it each period.
    reporter_phone = sessions.page("reporter", PHONE)
    for page, size in ((reporter, "desktop"), (reporter_phone, "phone")):
        visit(page, server.url, "/reporting/")
        expect(page.locator("#due-tasks-title")).to_contain_text("待报送")
        if size == "phone":
            no_horizontal_overflow(page)
        page.screenshot(path=str(shots / f"tasks-reporting-{size}.png"), full_page=True)
