"""Issue 17 in the browser: the office builds a five-dimension index of 23 of the seed plan's
indicators on the build page, sees it drawn (line, radar, waterfall read from the JSON twin) with
the API's numbers, on a desktop and on a phone; a leader reads it, a reporter may not.

Screenshots of both pages at 1366 and 390 px go to $PLANWATCH_SHOTS (default: pytest's tmp dir).
"""

from __future__ import annotations

import os
from datetime import date
from pathlib import Path

import pytest
from playwright.sync_api import expect

from ..index.dimensions import FIVE_DIMENSIONS, LOWER
from .conftest import PHONE, api_get, no_horizontal_overflow, visit

KINDS = ("line", "radar", "waterfall")


@pytest.fixture(autouse=True)
def after_the_plan(settings):
    settings.EVALUATION_DATE = date(2026, 1, 3)


@pytest.fixture(scope="module")
def shots(tmp_path_factory) -> Path:
    out = Path(os.environ.get("PLANWATCH_SHOTS") or tmp_path_factory.mktemp("index-shots"))
    out.mkdir(parents=True, exist_ok=True)
    return out


def charts_drawn(page) -> dict:
    page.wait_for_function(
        """() => [...document.querySelectorAll("[data-index-chart]")].every(
               el => el.querySelector("canvas") || el.querySelector(".chart__empty"))"""
    )
    return page.evaluate(
        """() => Object.fromEntries([...document.querySelectorAll("[data-index-chart]")].map(
               el => [el.dataset.indexChart, !!el.querySelector("canvas")]))"""
    )


def build(page, site) -> None:
    page.fill("#i-name", "高质量发展综合指数")
    page.select_option("#i-method", "efficacy")
    page.select_option("#i-weighting", "given")
    for k, dim in enumerate(FIVE_DIMENSIONS):
        page.fill(f"#dim-name-{k}", dim)
        page.fill(f"#dim-weight-{k}", "1")
    page.fill("#dim-weight-2", "2")  # 绿色低碳 weighs double
    for k, names in enumerate(FIVE_DIMENSIONS.values()):
        for name in names:
            pk = site.indicators[name]
            page.select_option(f"#dim-{pk}", str(k))
            page.select_option(f"#dir-{pk}", "lower" if name in LOWER else "higher")
    page.fill("#i-note", "首次设定")
    page.click("text=保存为新版本")


def test_the_office_builds_the_index_and_sees_it(site, sessions, server, shots):
    page = sessions.page("office")
    visit(page, server.url, "/index/")
    expect(page.locator("main")).to_contain_text("还没有设定统计评价指数")
    page.click("text=设定指数")
    page.wait_for_url(f"**/index/{site.plan}/build/")
    page.screenshot(path=str(shots / "index-build-desktop.png"), full_page=False)
    build(page, site)
    page.wait_for_url(f"**/index/{site.plan}/")
    expect(page.locator(".messages")).to_contain_text("已保存为第1版")
    assert charts_drawn(page) == dict.fromkeys(KINDS, True)
    status, data = api_get(page, f"/plans/{site.plan}/index")
    assert status == 200 and data["version"] == 1
    assert sum(len(d["indicators"]) for d in data["dimensions"]) == 23
    last = data["years"][-1]
    line = page.locator(".index-line").inner_text()
    assert f"{last['year']}年高质量发展综合指数 {last['index']:.2f}" in line
    assert f"{last['change']:+.2f}" in line
    # the waterfall's bars run from last year's index to this year's
    ends = page.evaluate(
        """() => { const c = echarts.getInstanceByDom(document.querySelector('[data-index-chart="waterfall"]'));
                  const o = c.getOption(); return [o.yAxis[0].data[0], o.yAxis[0].data.at(-1)]; }"""
    )
    assert ends == [f"{last['year'] - 1}年指数", f"{last['year']}年指数"]
    no_horizontal_overflow(page)
    page.screenshot(path=str(shots / "index-desktop.png"), full_page=True)


def test_the_index_on_a_phone_and_for_a_leader(site, sessions, server, shots):
    phone = sessions.page("office", PHONE)
    visit(phone, server.url, f"/index/{site.plan}/")
    assert charts_drawn(phone) == dict.fromkeys(KINDS, True)
    no_horizontal_overflow(phone)
    phone.screenshot(path=str(shots / "index-phone.png"), full_page=True)
    visit(phone, server.url, f"/index/{site.plan}/build/")
    no_horizontal_overflow(phone)
    phone.screenshot(path=str(shots / "index-build-phone.png"), full_page=False)
    leader = sessions.page("leader")
    visit(leader, server.url, "/")
    expect(leader.locator(".index-dashboard")).to_contain_text("高质量发展综合指数")
    visit(leader, server.url, f"/index/{site.plan}/")
    assert leader.locator("text=调整指数设定").count() == 0
    reporter = sessions.page("reporter")
    sessions.console.expect_status(403)
    visit(reporter, server.url, f"/index/{site.plan}/", status=403)


def comparison_file(tmp_path: Path, factor: float) -> Path:
    """Another district's figures: the plan's own stored figures times ``factor`` (a unit whose
    every figure differs from the plan's by the same share)."""
    from planwatch.indicators.models import Observation

    rows = Observation.objects.filter(indicator__formula="", status="approved").select_related("indicator__article")
    lines = ["指标,条目,期间,数值"]
    for o in rows.filter(indicator__name__in=[n for names in FIVE_DIMENSIONS.values() for n in names]):
        lines.append(f"{o.indicator.name},{o.indicator.article.number},{o.period},{float(o.value) * factor:.6f}")
    path = tmp_path / f"district-{factor}.csv"
    path.write_text("\n".join(lines), encoding="utf-8")
    return path


def test_new_weights_keep_the_old_version_and_districts_are_ranked(site, sessions, server, shots, tmp_path):
    from planwatch.indicators.comparison import load_comparison
    from planwatch.plans.models import Plan

    page = sessions.page("office")
    visit(page, server.url, f"/index/{site.plan}/build/")
    page.fill("#dim-weight-2", "3")  # 绿色低碳 now weighs three times
    page.fill("#i-note", "提高绿色低碳权重")
    page.click("text=保存为新版本")
    page.wait_for_url(f"**/index/{site.plan}/")
    expect(page.locator(".messages")).to_contain_text("已保存为第2版")
    _, first = api_get(page, f"/plans/{site.plan}/index?version=1")
    assert first["stored_at"] is not None
    for name, factor in (("历下区", 1.1), ("槐荫区", 0.9)):
        load_comparison(actor="e2e", plan=Plan.objects.get(pk=site.plan), path=comparison_file(tmp_path, factor), entity=name)
    visit(page, server.url, f"/index/{site.plan}/")
    _, data = api_get(page, f"/plans/{site.plan}/index")
    ranking = data["ranking"]
    assert {r["name"] for r in ranking["rows"]} == {"本计划", "历下区", "槐荫区"}
    table = page.locator(".index-ranking")
    expect(page.locator("main")).to_contain_text(f"{ranking['year']}年对比单位排名")
    for row in ranking["rows"]:
        expect(table).to_contain_text(f"{row['index']:.2f}")
    no_horizontal_overflow(page)
    page.screenshot(path=str(shots / "index-ranking-desktop.png"), full_page=True)
    phone = sessions.page("office", PHONE)
    visit(phone, server.url, f"/index/{site.plan}/?version=1")
    expect(phone.locator(".notice")).to_contain_text("被替代时")
    expect(phone.locator(".index-line")).to_contain_text(f"{first['years'][-1]['index']:.2f}")
    no_horizontal_overflow(phone)
    phone.screenshot(path=str(shots / "index-version1-phone.png"), full_page=True)
    visit(phone, server.url, f"/index/{site.plan}/")
    no_horizontal_overflow(phone)
    phone.screenshot(path=str(shots / "index-ranking-phone.png"), full_page=True)
