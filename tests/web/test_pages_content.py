"""What the pages show: statuses by their Chinese labels (never colour alone), the demo badge,
the targets most behind with their explanation, live search and filters (htmx partials), the
unit's reporting gaps, and the audit log's readable before/after."""

from __future__ import annotations

import re
from decimal import Decimal

import pytest

from .conftest import inline_code

pytestmark = pytest.mark.django_db

HTMX = {"HX-Request": "true"}


def test_dashboard_shows_statuses_chapters_units_and_changes(leader, seed):
    from planwatch.indicators.evaluation import evaluate_plan
    html = leader.client.get("/").content.decode()
    results = evaluate_plan(plan=seed)
    # the seed's demo data stop 60% through the plan and today is past its end: verdicts
    assert {r["standing"] for r in results} <= {"met", "missed", "pending", "no_data"}
    # the counts are by standing: a verdict is a tile of its own, never counted as a status
    labels = {"met": "已实现", "missed": "未实现", "pending": "待最终数据", "no_data": "数据不足"}
    for standing in {r["standing"] for r in results}:
        n = sum(1 for r in results if r["standing"] == standing)
        assert f'tile--{standing}"' in html and labels[standing] in html and n > 0
    assert "tile--on_track" not in html  # no running target, no running-status tiles
    assert f'data-src="/api/v1/plans/{seed.pk}/rollup"' in html
    assert "进展最滞后的目标" in html and "各责任单位进展" in html and "近 7 天变化" in html
    assert "演示数据" in html  # demo data is never shown without saying so
    worst = min(
        (r for r in results if r["status"] in ("deteriorating", "off_track")),
        key=lambda r: r["status"] != "deteriorating",
    )
    assert worst["explanation"] in html
    assert not inline_code(html)


def test_dashboard_counts_match_the_json_twin(office, seed):
    rollup = office.client.get(f"/api/v1/plans/{seed.pk}/rollup").json()
    html = office.client.get("/").content.decode()
    total = sum(rollup["by_status"].values())
    assert f'<span class="tile__count">{total}</span>' in html
    tiles = dict(re.findall(r'tile--(\w+)" href=.*?<span class="tile__count">(\d+)</span>', html, re.S))
    # every standing someone has is a tile with the JSON's count; none is invented
    assert {k: int(v) for k, v in tiles.items() if k != "total"} == {
        k: n for k, n in rollup["by_status"].items() if n
    }


def test_plan_page_lists_chapters_articles_units_targets(office, seed):
    html = office.client.get(f"/plans/{seed.pk}/?chapter=all").content.decode()
    assert html.count('class="chapter"') == seed.chapters.count()
    assert html.count('class="article"') == seed.articles.count()
    assert "区发展改革局" in html and "展开原文" in html and "基本完成入河排污口整治" in html
    assert "status--" in html


def test_plan_page_loads_later_chapters_when_asked(office, seed):
    """The first screen (the first chapters up to 5 articles: 一、总体要求's 2 and 二、's 5) comes
    at once; every later chapter is its heading, loaded by htmx when scrolled to, with a
    link that opens it without JavaScript. Together they are every article, each once."""
    page = office.client.get(f"/plans/{seed.pk}/")
    html = page.content.decode()
    assert len(page.content) < 40_000  # the whole plan is about 100 KB
    chapters = list(seed.chapters.order_by("number"))
    lazy = re.findall(r'class="chapter chapter--lazy" id="chapter-(\d+)" hx-get="/plans/\d+/\?chapter=(\d+)"', html)
    assert [a for a, _ in lazy] == [b for _, b in lazy] == [str(c.number) for c in chapters[2:]]
    assert html.count('class="chapter"') == 2
    for number in ("3", "11"):
        assert f'href="/plans/{seed.pk}/?chapter={number}#chapter-{number}">显示本章' in html
    seen = re.findall(r'id="article-(\d+)"', html)
    for _, number in lazy:
        part = office.client.get(f"/plans/{seed.pk}/", {"chapter": number}, headers={"HX-Request": "true"})
        assert part.status_code == 200 and "HX-Request" in part["Vary"]
        body = part.content.decode()
        assert body.startswith(f'<section class="chapter" id="chapter-{number}">') and "<html" not in body
        seen += re.findall(r'id="article-(\d+)"', body)
    assert sorted(map(int, seen)) == sorted(seed.articles.values_list("pk", flat=True))
    no_js = office.client.get(f"/plans/{seed.pk}/", {"chapter": "11"}).content.decode()
    assert no_js.count('class="chapter"') == 3 and "<html" in no_js
    missing = office.client.get(f"/plans/{seed.pk}/", {"chapter": "99"}, headers={"HX-Request": "true"})
    assert missing.status_code == 404


def test_plan_search_answers_with_a_partial(office, seed):
    headers = {**HTMX, "HX-Target": "plan-search-results"}
    html = office.client.get(f"/plans/{seed.pk}/", {"q": "5G"}, headers=headers).content.decode()
    assert "<html" not in html and "<mark>5G</mark>" in html and "加速壮大数字经济" in html
    unit = office.client.get(f"/plans/{seed.pk}/", {"q": "区科技局"}, headers=headers).content.decode()
    assert "责任单位" in unit and "找到" in unit
    none = office.client.get(f"/plans/{seed.pk}/", {"q": "不存在的词语"}, headers=headers).content.decode()
    assert "没有找到" in none


def test_reporter_search_finds_only_own_articles(reporter, small_plan):
    headers = {**HTMX, "HX-Target": "plan-search-results"}
    html = reporter.client.get(
        f"/plans/{small_plan.plan.pk}/", {"q": "条目"}, headers=headers
    ).content.decode()
    assert "条目1" in html and "条目2" in html and "条目3" not in html


def test_indicator_list_filters_behind_with_htmx(office, gdp, small_plan):
    """地区生产总值 is off track (flat at 1000 against ≥ 1400); 指标1 has met its target already
    (500 last year against ≥ 100 next year)."""
    from planwatch.indicators.observations import enter_observation

    target = small_plan.own.target
    target.year = gdp.year + 1
    target.save()
    enter_observation(
        actor=None, indicator=small_plan.own.indicator, period=str(gdp.year - 1), value=Decimal(500)
    )
    everything = office.client.get("/indicators/", headers=HTMX).content.decode()
    assert "指标1" in everything.split("<tbody>")[1] and "地区生产总值" in everything
    html = office.client.get("/indicators/", {"status": "behind"}, headers=HTMX).content.decode()
    assert "<html" not in html
    rows = html.split("<tbody>")[1]
    assert "地区生产总值" in rows and "指标1" not in rows and "已完成" not in rows


def test_indicator_list_filters_by_chapter(office, seed):
    chapter = office.client.get("/indicators/", {"chapter": "1"}).content.decode()
    assert "地区生产总值" in chapter and "累计建成5G基站" not in chapter
    search = office.client.get("/indicators/", {"q": "5G"}, headers=HTMX).content.decode()
    assert "累计建成5G基站" in search and "地区生产总值" not in search


def test_indicator_page_has_chart_explanation_table_and_history(leader, seed):
    indicator = seed.indicators.get(name="累计建成5G基站")
    html = leader.client.get(f"/indicators/{indicator.pk}/").content.decode()
    assert f'data-src="/api/v1/indicators/{indicator.pk}/chart"' in html
    assert 'data-chart="indicator"' in html and "数据表" in html and "修订历史" in html
    assert "目标" in html and "基期值" in html and "演示数据" in html
    assert "录入或修改数据" not in html  # leaders read only


def test_unit_page_lists_articles_targets_and_reporting(office, seed, reporter_unit):
    html = office.client.get(f"/units/{reporter_unit.pk}/").content.decode()
    assert "负责的条目" in html and "待报送" in html and "需要关注的目标" in html
    assert html.count("/articles/") >= seed.articles.filter(unit_links__unit=reporter_unit).count()


def test_unit_page_names_missing_reports(office, gdp, reporter_unit):
    from planwatch.indicators.models import Observation

    Observation.objects.filter(indicator=gdp.indicator, period=str(gdp.year - 1)).delete()
    html = office.client.get(f"/units/{reporter_unit.pk}/").content.decode()
    # own article (led by the unit): 指标1 (never reported) and 地区生产总值; the shared article is
    # led by the other unit, which reports it.
    assert "缺 2 个" in html and f"缺 {gdp.year - 1}年 数据" in html
    assert "指标2" not in html.split("待报送")[1].split("负责的条目")[0]


def test_audit_log_filters_and_shows_before_after(office, auditor, gdp):
    office.client.post(
        f"/indicators/{gdp.indicator.pk}/observations/",
        {"period": str(gdp.year - 1), "value": "1300", "reason": "统计局更正"},
    )
    html = auditor.client.get("/audit/", {"actor": "office", "action": "update"}).content.decode()
    assert "统计局更正" in html and 'class="old"' in html and 'class="new"' in html
    assert "1000" in html and "1300" in html and "指标数据" in html
    partial = auditor.client.get("/audit/", {"action": "login"}, headers=HTMX).content.decode()
    assert "<html" not in partial and "统计局更正" not in partial
    assert "没有符合条件的记录" in auditor.client.get("/audit/", {"start": "2999-01-01"}).content.decode()


def test_audit_log_pages_by_fifty(auditor, seed):
    from planwatch.audit.models import AuditEvent

    AuditEvent.objects.bulk_create([AuditEvent(actor_name="测试", action="update") for _ in range(120)])
    html = auditor.client.get("/audit/").content.decode()
    assert "第 1 / 3 页" in html and "下一页" in html
    assert "第 3 / 3 页" in auditor.client.get("/audit/", {"page": "3"}).content.decode()


def test_a_long_series_is_paged_on_the_indicator_page(office, gdp):
    from planwatch.indicators.observations import enter_observation

    indicator = gdp.indicator
    for month in range(1, 13):
        for year in (2018, 2019, 2020, 2021):
            enter_observation(actor=None, indicator=indicator, period=f"{year}-{month:02d}", value=Decimal(month))
    total = indicator.observations.count()
    assert total > 40  # 48 monthly figures plus the fixture's own
    first = office.client.get(f"/indicators/{indicator.pk}/").content.decode()
    row = '">修改</button>'  # one per figure the office may change
    assert f"共 {total} 期" in first and "第 1 / 2 页" in first
    assert first.count(row) == 40
    second = office.client.get(f"/indicators/{indicator.pk}/?p=2").content.decode()
    assert second.count(row) == total - 40
    oldest = '?period=2018-01"'  # the oldest figure's 修改 button: on the last page only
    assert oldest in second and oldest not in first
