"""Issue 13 in the browser, on the seed plan (the reporting clock at 2026-01-03):

- the office opens a 督办 item by hand (会议议定事项) for 区发展改革局 and sends it (交办);
- the unit finds it on its 待办 page, acknowledges it (签收) and applies to close it (申请办结)
  with an evidence PDF;
- the office returns it once (the light turns yellow), the unit applies again, the office closes
  it (办结); the timeline lists every step with the person who took it;
- the other unit (区科技局) cannot open the item (403);
the board, the item page and the unit's 待办 are shot at 1366 and 390 px into docs/screenshots/
and must not scroll sideways on a phone.
"""

from __future__ import annotations

from pathlib import Path

from playwright.sync_api import expect

from .conftest import PHONE, charts_drawn, no_horizontal_overflow, visit
from .test_reporting_cycle import evidence_pdf

SHOTS = Path(__file__).resolve().parents[2] / "docs" / "screenshots"


def shoot(sessions, role: str, url: str, name: str) -> None:
    """The page at desktop and phone width into docs/screenshots/NAME-desktop|phone.png."""
    desktop = sessions.page(role)
    desktop.goto(url)
    _charts_settled(desktop)
    desktop.screenshot(path=str(SHOTS / f"{name}-desktop.png"), full_page=True)
    phone = sessions.page(role, PHONE)
    phone.goto(url)
    no_horizontal_overflow(phone)
    _charts_settled(phone)
    phone.screenshot(path=str(SHOTS / f"{name}-phone.png"), full_page=True)


def _charts_settled(page) -> None:
    """A page with charts is shot once they are drawn and ECharts' animation is over (about a
    second), not as the empty boxes they are at the load event."""
    if page.locator("[data-chart]").count():
        charts_drawn(page)
        page.wait_for_timeout(1200)


def test_the_whole_lifecycle_as_office_and_unit(sessions, server, site, tmp_path, console):
    office = sessions.page("office")
    visit(office, server.url, f"/supervision/{site.plan}/new/")
    office.select_option("#source", "meeting")
    office.fill("#subject", "智慧停车平台建设进度滞后")
    office.fill("#requirements", "3月底前完成平台上线，报送验收材料")
    office.select_option("#lead_unit", label="区发展改革局")
    office.fill("#deadline", "2026-03-31")
    office.fill("#meeting", "领导小组第五次会议")
    office.fill("#meeting_item", "加快智慧停车平台建设")
    office.get_by_role("button", name="立项").click()
    expect(office.locator(".messages")).to_contain_text("已立项：督办〔2026〕1号")
    item_url = office.url
    office.get_by_role("button", name="交办").click()
    expect(office.locator(".messages")).to_contain_text("已交办")

    reporter = sessions.page("reporter")
    visit(reporter, server.url, "/supervision/")
    expect(reporter.get_by_role("heading", name="待签收（1）")).to_be_visible()
    shoot(sessions, "reporter", f"{server.url}/supervision/{site.plan}/todo/", "supervision-todo")
    reporter = sessions.page("reporter")
    reporter.goto(f"{server.url}/supervision/{site.plan}/todo/")
    reporter.get_by_role("link", name="督办〔2026〕1号 智慧停车平台建设进度滞后").first.click()
    reporter.get_by_role("button", name="签收").click()
    expect(reporter.locator(".messages")).to_contain_text("已签收")
    pdf = tmp_path / "验收材料.pdf"
    evidence_pdf(pdf)

    def apply_to_close(text: str) -> None:
        reporter.goto(item_url)
        reporter.fill("#text-request_close", text)
        reporter.set_input_files("#files-request_close", str(pdf))
        reporter.get_by_role("button", name="申请办结").click()
        expect(reporter.locator(".messages")).to_contain_text("已申请办结")

    apply_to_close("平台已上线试运行")
    office.goto(item_url)
    office.fill("#text-return", "缺少验收报告")
    office.get_by_role("button", name="退回").click()
    expect(office.locator(".page-head .light--yellow")).to_have_text("黄灯")
    apply_to_close("补充验收报告")
    office.goto(item_url)
    office.get_by_role("button", name="复核办结").click()
    expect(office.locator(".messages")).to_contain_text("已复核办结")
    steps = office.locator(".sv-timeline li strong").all_inner_texts()
    assert steps == ["立项", "交办", "签收", "申请办结", "退回", "申请办结", "复核办结"]
    expect(office.locator(".sv-timeline li", has_text="退回")).to_contain_text("王敏")
    expect(office.locator(".sv-timeline li", has_text="签收")).to_contain_text("李强")
    shoot(sessions, "office", item_url, "supervision-item")
    shoot(sessions, "office", f"{server.url}/supervision/{site.plan}/", "supervision-board")

    other = sessions.page("other_reporter")
    console.expect_status(403)
    assert other.goto(item_url).status == 403
