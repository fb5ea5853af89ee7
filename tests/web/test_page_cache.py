"""Pages kept per data version (issue 20, web/page_parts.py): a kept page part is never shown to
another role or another unit, and a change shows on the very next request.

small_plan: 条目1 is the reporter's unit's (指标1), 条目2 the other unit's with the reporter's as
co-operating unit (指标2), 条目3 the other unit's only (指标3); `gdp` adds 地区生产总值 to 条目1,
off track. Here 条目4 lists both units without saying who leads (指标4: a target without a lead).
"""

from __future__ import annotations

import re

import pytest

from planwatch.responsibilities.models import Lead

pytestmark = pytest.mark.django_db


@pytest.fixture
def world(small_plan, gdp, reporter_unit, other_unit):
    from planwatch.indicators.models import Indicator, Target
    from planwatch.plans.models import Article
    from planwatch.units.models import ArticleUnit

    plan = small_plan.plan
    article = Article.objects.create(
        plan=plan, chapter=small_plan.chapter, number=4, title="条目4", position=4
    )
    for position, unit in enumerate((reporter_unit, other_unit)):
        ArticleUnit.objects.create(article=article, unit=unit, role="", position=position)
    indicator = Indicator.objects.create(plan=plan, article=article, name="指标4")
    Target.objects.create(indicator=indicator, value=400, year=2025)
    return small_plan, article


def total(html: str) -> int:
    """The 量化目标 tile's count."""
    return int(re.search(r'tile--total".*?tile__count">(\d+)<', html, re.S).group(1))


def behind(html: str) -> list[str]:
    """The names in 进展最滞后的目标."""
    card = html.split("<h2>进展最滞后的目标</h2>", 1)[1].split("</section>", 1)[0]
    return re.findall(r'class="item-title"[^>]*>([^<]+)<', card)


def dashboard(actor, plan) -> str:
    answer = actor.client.get(f"/?plan={plan.pk}")
    assert answer.status_code == 200
    return answer.content.decode()


# What each viewer sees, written by hand: (targets, most behind, the lead-less panel, its link to
# 责任分解, unit pages linked from 各责任单位进展).
EXPECTED = {
    "office": (5, ["地区生产总值"], True, True, {"reporter_unit", "other_unit"}),
    "leader": (5, ["地区生产总值"], True, False, {"reporter_unit", "other_unit"}),
    "reporter": (4, ["地区生产总值"], False, False, {"reporter_unit"}),
    "other_reporter": (3, [], False, False, {"other_unit"}),
}


# The articles each viewer finds on the plan page (a reporter: those its unit is named on).
ARTICLES = {
    "office": ["条目1", "条目2", "条目3", "条目4"],
    "leader": ["条目1", "条目2", "条目3", "条目4"],
    "reporter": ["条目1", "条目2", "条目4"],
    "other_reporter": ["条目2", "条目3", "条目4"],
}


def plan_articles(actor, plan) -> list[str]:
    html = actor.client.get(f"/plans/{plan.pk}/").content.decode()
    return re.findall(r'class="article__title"[^>]*>[^<]*?(条目\d)<', html)


def check(request, name: str, plan, units: dict) -> None:
    assert plan_articles(request.getfixturevalue(name), plan) == ARTICLES[name], name
    html = dashboard(request.getfixturevalue(name), plan)
    targets, late, panel, link, linked = EXPECTED[name]
    assert total(html) == targets, name
    assert behind(html) == late, name
    assert ("未确定牵头单位的目标 1 个" in html) is panel, name
    assert ("去责任分解确定" in html) is link, name
    for unit_name, unit in units.items():
        assert (f'href="/units/{unit.pk}/"' in html) is (unit_name in linked), (name, unit_name)


def test_each_viewer_sees_what_it_saw_uncached(request, world, reporter_unit, other_unit):
    from planwatch.indicators import evaluation_cache
    from planwatch.web import page_parts

    small_plan, _ = world
    units = {"reporter_unit": reporter_unit, "other_unit": other_unit}
    for name in EXPECTED:  # uncached: each computes its own page
        evaluation_cache.clear()
        page_parts.clear()
        check(request, name, small_plan.plan, units)
    for order in (
        list(EXPECTED),
        list(reversed(EXPECTED)),
        ["reporter", "other_reporter", "leader", "office"],
    ):
        for name in order:  # every viewer's parts are kept now: each still sees only its own
            check(request, name, small_plan.plan, units)


def test_a_new_figure_shows_on_the_next_request(office, reporter, world):
    from decimal import Decimal

    from planwatch.indicators.observations import enter_observation

    small_plan, _ = world
    plan = small_plan.plan
    for actor in (office, reporter):
        assert behind(dashboard(actor, plan)) == ["地区生产总值"]
        dashboard(actor, plan)  # kept
    indicator = plan.indicators.get(name="地区生产总值")
    last_year = str(indicator.targets.get().year - 2)  # revised from 1000: the target is met
    enter_observation(
        actor=None, indicator=indicator, period=last_year, value=Decimal(1400), source="区统计局"
    )
    for actor in (office, reporter):
        assert behind(dashboard(actor, plan)) == []


def test_a_new_target_and_a_decided_lead_show_on_the_next_request(office, world, other_unit):
    from planwatch.indicators.models import Indicator, Target

    small_plan, article = world
    plan = small_plan.plan
    html = dashboard(office, plan)
    assert total(html) == 5 and "未确定牵头单位的目标 1 个" in html
    assert "指标5" not in office.client.get(f"/plans/{plan.pk}/").content.decode()
    indicator = Indicator.objects.create(plan=plan, article=small_plan.own.article, name="指标5")
    Target.objects.create(indicator=indicator, value=500, year=2025)
    assert total(dashboard(office, plan)) == 6
    assert f'indicators/{indicator.pk}/">指标5<' in office.client.get(f"/plans/{plan.pk}/").content.decode()
    Lead.objects.create(plan=plan, article=article, unit=other_unit)  # the office decides 条目4's lead
    assert "未确定牵头单位的目标" not in dashboard(office, plan)


def test_a_milestone_corrected_in_the_admin_shows_on_the_next_request(office, world):
    """Milestones move no data version; the plan page is also keyed on their rows."""
    small_plan, _ = world
    url = f"/plans/{small_plan.plan.pk}/"
    assert "到2025年完成任务1" in office.client.get(url).content.decode()
    milestone = small_plan.own.milestone
    milestone.text = "到2025年完成任务一百项"
    milestone.save()
    html = office.client.get(url).content.decode()
    assert "到2025年完成任务一百项" in html and "到2025年完成任务1<" not in html


def unit_rows(actor, unit, plan) -> dict[str, str]:
    """负责的条目 on a unit page: article → the unit's role there."""
    html = actor.client.get(f"/units/{unit.pk}/?plan={plan.pk}").content.decode()
    rows = re.findall(r'cell-main"><a [^>]*>[^<]*?(条目\d)</a></td>\s*<td data-label="角色">(.*?)</td>', html)
    return {article: re.sub(r"<[^>]+>", "", role) for article, role in rows}


def test_unit_pages_are_kept_per_unit_and_follow_a_decided_lead(
    office, leader, reporter, world, reporter_unit, other_unit
):
    small_plan, article = world
    plan = small_plan.plan
    mine = {"条目1": "牵头", "条目2": "配合", "条目4": "责任单位"}
    others = {"条目2": "牵头", "条目3": "牵头", "条目4": "责任单位"}
    for _ in range(2):  # computed, then kept
        for actor in (office, leader):
            assert unit_rows(actor, reporter_unit, plan) == mine
            assert unit_rows(actor, other_unit, plan) == others
        assert unit_rows(reporter, reporter_unit, plan) == mine
    Lead.objects.create(plan=plan, article=article, unit=other_unit)  # the office decides 条目4's lead
    assert unit_rows(office, reporter_unit, plan)["条目4"] == "配合"
    assert unit_rows(reporter, reporter_unit, plan)["条目4"] == "配合"
    assert unit_rows(leader, other_unit, plan)["条目4"] == "牵头"


def test_indicator_page_keeps_the_office_s_buttons_to_the_office(
    office, leader, reporter, other_reporter, world
):
    """Only the office may correct a figure: its 修改 buttons and form never reach the others,
    and a new figure shows in the data table on the next request."""
    from decimal import Decimal

    from planwatch.indicators.observations import enter_observation

    small_plan, _ = world
    indicator = small_plan.plan.indicators.get(name="地区生产总值")
    url = f"/indicators/{indicator.pk}/"
    for _ in range(2):
        for actor, may_change in ((office, True), (leader, False), (reporter, False), (office, True)):
            html = actor.client.get(url).content.decode()
            assert html.count(">修改</button>") == (2 if may_change else 0)
            assert ('id="observation-form"' in html) is may_change
            assert "共 2 期" in html
        assert other_reporter.client.get(url).status_code == 403
    enter_observation(actor=None, indicator=indicator, period=str(indicator.targets.get().year - 4),
                      value=Decimal(900), source="区统计局")  # fmt: skip
    for actor in (office, reporter):
        assert "共 3 期" in actor.client.get(url).content.decode()
