"""Issue 14 in the browser, on the seed plan (the reporting clock at 2026-01-03):

- 区发展改革局 opens its approved progress report and raises its 存在问题 as a problem in one
  click (the text is proposed; the unit picks the category and confirms);
- the office accepts it and assigns 区科技局 (主办) and 区财政局 with a deadline;
- 区科技局 answers with its measures, the office types 区财政局's answer on its behalf, 区科技局
  reports it solved; the raising unit answers 未解决 with a reason, it goes back to 协调, is
  solved again, confirmed by the raiser and closed (销号) by the office;
- the timeline lists every step with the person who took it; the dashboard's panel counts it;
- the office drafts a leading-group meeting (no problem needs it now: the agenda is empty);
the board, the problem page, the unit's list, the raising form and the meetings page are shot at
1366 and 390 px into docs/screenshots/ and must not scroll sideways on a phone.
"""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from .conftest import REPORTER_UNIT, visit
from .test_supervision import shoot

PROBLEM_TEXT = "智慧停车平台建设用地未落实，影响项目开工。需区自然资源局协调用地指标。"


@pytest.fixture(scope="module")
def report(site):
    """An approved progress report of the reporter's unit (article （八）) naming a problem."""
    from planwatch.reporting.models import ArticleReport
    from planwatch.units.services import resolve_unit

    row = ArticleReport.objects.create(article_id=site.articles["（八）"], unit=resolve_unit(REPORTER_UNIT),
                                       period="2025Q3", period_key=20253, status="approved", locked=True,
                                       progress="平台完成招标", problems=PROBLEM_TEXT)  # fmt: skip
    return row.pk


def test_the_loop_in_the_browser(sessions, server, site, report):
    reporter = sessions.page("reporter")
    visit(reporter, server.url, f"/reporting/reports/{report}/")
    reporter.get_by_role("link", name="提为问题，协调解决").click()
    expect(reporter.locator("#title")).to_have_value("智慧停车平台建设用地未落实，影响项目开工")
    expect(reporter.locator("#description")).to_have_value(PROBLEM_TEXT)
    reporter.select_option("#category", "用地")
    shoot(sessions, "reporter", reporter.url, "problems-new")
    reporter = sessions.page("reporter")
    reporter.select_option("#category", "用地")
    reporter.get_by_role("button", name="提出", exact=True).click()
    expect(reporter.locator(".messages")).to_contain_text("等待办公室受理")
    problem_url = reporter.url

    office = sessions.page("office")
    office.goto(problem_url)
    office.get_by_role("button", name="受理", exact=True).click()
    expect(office.locator(".messages")).to_contain_text("已受理")
    office.select_option("#lead-assign", label="区科技局")
    office.select_option("#units-assign", label=["区财政局"])
    office.fill("#deadline-assign", "2026-01-30")
    office.get_by_role("button", name="交办协调", exact=True).click()
    expect(office.locator(".messages")).to_contain_text("已交办协调")

    other = sessions.page("other_reporter")
    other.goto(problem_url)
    other.fill("#text-answer", "协调市级调剂用地指标 30 亩")
    other.get_by_role("button", name="答复协调措施", exact=True).click()
    expect(other.locator(".messages")).to_contain_text("已答复协调措施")
    office.goto(problem_url)
    office.select_option("#unit-answer", label="区财政局")
    office.fill("#text-answer", "安排土地收储资金")
    office.get_by_role("button", name="答复协调措施", exact=True).click()
    expect(office.locator(".sv-facts")).to_contain_text("安排土地收储资金")

    def resolve(text: str) -> None:
        other.goto(problem_url)
        other.fill("#text-resolve", text)
        other.get_by_role("button", name="报告已解决", exact=True).click()
        expect(other.locator(".messages")).to_contain_text("已报告已解决")

    resolve("已调剂用地指标 20 亩")
    reporter.goto(f"{server.url}/problems/{site.plan}/mine/")
    expect(reporter.get_by_role("heading", name="待本单位反馈是否解决（1）")).to_be_visible()
    reporter.goto(problem_url)
    reporter.fill("#text-reject", "仍差 10 亩")
    reporter.get_by_role("button", name="反馈未解决", exact=True).click()
    expect(reporter.locator(".page-head")).to_contain_text("协调中")
    resolve("再调剂 10 亩，用地已落实")
    reporter.goto(problem_url)
    reporter.get_by_role("button", name="确认已解决", exact=True).click()
    office.goto(problem_url)
    office.get_by_role("button", name="销号", exact=True).click()
    expect(office.locator(".page-head")).to_contain_text("已销号")
    steps = office.locator(".sv-timeline li strong").all_inner_texts()
    assert steps == ["提出", "受理", "交办协调", "答复协调措施", "答复协调措施", "报告已解决", "反馈未解决", "报告已解决",
                     "确认已解决", "销号"]  # fmt: skip
    expect(office.locator(".sv-timeline li", has_text="反馈未解决")).to_contain_text("李强")
    expect(office.locator(".sv-timeline li", has_text="受理")).to_contain_text("王敏")
    shoot(sessions, "office", problem_url, "problems-problem")

    office = sessions.page("office")
    visit(office, server.url, f"/problems/{site.plan}/meetings/")
    office.fill("#title", "领导小组第六次会议")
    office.fill("#held_on", "2026-01-20")
    office.get_by_role("button", name="按以上问题拟定下次会议议题", exact=True).click()
    expect(office.locator(".messages")).to_contain_text("已拟定领导小组第六次会议的议题（0 个问题）")
    shoot(sessions, "office", f"{server.url}/problems/{site.plan}/meetings/", "problems-meetings")
    shoot(sessions, "office", f"{server.url}/problems/{site.plan}/", "problems-board")
    shoot(sessions, "reporter", f"{server.url}/problems/{site.plan}/mine/", "problems-mine")
    leader = sessions.page("leader")
    visit(leader, server.url, "/")
    expect(leader.locator("#problems-title")).to_have_text("未办结问题 0 个")
