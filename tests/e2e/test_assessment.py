"""Issue 16 in the browser, on the seed plan with demo data (the clock at 2026-01-03):

- the office creates the 2025 scheme, changes two weights in the editor (a wrong sum is refused
  first), sees the ranking computed from the record and sends it out for comments (征求意见);
- the unit (区发展改革局) opening 考核 lands on its own card, opens 申诉 on a line and appeals
  with a reason; the other unit cannot open that card (403);
- the office upholds the appeal on the appeals page (a new version), publishes; the unit then
  reads the published ranking;
the editor, the ranking, the card and the appeals page are shot at 1366 and 390 px into
docs/screenshots/ and must not scroll sideways on a phone.
"""

from __future__ import annotations

from playwright.sync_api import expect

from .conftest import visit
from .test_supervision import shoot


def test_office_configures_computes_publishes_and_a_unit_appeals(sessions, server, site):
    office = sessions.page("office")
    visit(office, server.url, f"/assessment/{site.plan}/")
    office.fill("#s-year", "2025")
    office.get_by_role("button", name="新建（按默认方案，可修改）").click()
    expect(office.locator(".messages")).to_contain_text("已建立2025年度考核")
    edit_url = office.url
    office.get_by_label("考核项1权重").fill("50")
    office.get_by_role("button", name="保存方案").click()
    expect(office.locator(".messages")).to_contain_text("各项权重之和应为100，现为110")
    office.get_by_label("考核项1权重").fill("35")
    office.get_by_label("考核项2权重").fill("30")
    shoot(sessions, "office", edit_url, "assessment-edit")
    office.goto(edit_url)
    office.get_by_label("考核项1权重").fill("35")
    office.get_by_label("考核项2权重").fill("30")
    office.get_by_role("button", name="保存方案").click()
    expect(office.locator(".messages")).to_contain_text("考核方案已保存")
    ranking_url = office.url
    expect(office.locator("thead")).to_contain_text("目标完成")
    expect(office.locator("tbody")).to_contain_text("区发展改革局")
    office.fill("#a-until", "2026-01-15")
    office.get_by_role("button", name="发布征求意见（各单位看到本单位结果）").click()
    expect(office.locator(".messages")).to_contain_text("已生成第1版（征求意见稿）")

    reporter = sessions.page("reporter")
    visit(reporter, server.url, "/assessment/")
    reporter.get_by_role("link", name="年度考核").click()
    expect(reporter.get_by_role("heading", level=1)).to_have_text("区发展改革局 · 2025年度考核")
    card_url = reporter.url
    lost = reporter.locator("tr", has_text="进展滞后").first  # a target line that lost points
    expect(lost).to_contain_text("得1.40分（满分3.50分）")
    lost.locator("details summary").click()
    reporter.locator("details[open] textarea[name=reason]").fill("该指标统计口径2025年调整，已书面报备")
    reporter.locator("details[open] input[name=evidence]").fill("市中发改〔2025〕9号")
    reporter.locator("details[open]").get_by_role("button", name="提交申诉").click()
    expect(reporter.locator(".messages")).to_contain_text("申诉已提交")
    shoot(sessions, "reporter", card_url, "assessment-card")
    other = sessions.page("other_reporter")
    sessions.console.expect_status(403)
    assert other.goto(card_url).status == 403

    office.goto(ranking_url + "appeals/")
    expect(office.locator("tbody")).to_contain_text("该指标统计口径2025年调整")
    office.locator("textarea[name=decision]").fill("口径调整属实，该行按满分计")
    office.get_by_role("button", name="申诉成立").click()
    expect(office.locator(".messages")).to_contain_text("申诉已处理")
    expect(office.locator("tbody")).to_contain_text("申诉成立：口径调整属实")
    shoot(sessions, "office", office.url, "assessment-appeals")
    office.goto(ranking_url)
    office.get_by_role("button", name="公布（冻结结果）").click()
    expect(office.locator(".messages")).to_contain_text("已生成第3版（公布稿）")
    shoot(sessions, "office", ranking_url, "assessment-ranking")

    reporter.goto(ranking_url)
    expect(reporter.locator("tbody tr")).to_have_count(39)
    reporter.goto(card_url)
    expect(reporter.locator("tr", has_text="申诉成立：口径调整属实").first).to_contain_text("改为3.50分")
