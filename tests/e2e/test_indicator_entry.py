"""Issue 5 in the browser: the office changes a value on an indicator page (htmx) and sees the
status label, the explanation, the data table and the chart change — the chart read from the
ECharts instance on the page and from its JSON twin (/api/v1/indicators/<id>/chart).

地区生产总值 (≥ 1400亿元 in 2025, yearly): demo data reaches 2023 (1264亿元, 进展顺利).
"""

from __future__ import annotations

from datetime import date

import pytest
from playwright.sync_api import expect

from .conftest import api_get, charts_drawn, visit

GDP = "地区生产总值"

# The ECharts instance's "实际值" series as [x, y] pairs (x: the period's end in decimal years).
CHART_POINTS = """() => {
    const chart = echarts.getInstanceByDom(document.querySelector('[data-chart="indicator"]'));
    if (!chart) return null;
    const actual = chart.getOption().series.find(s => s.name === "实际值");
    return actual.data.map(d => d.value);
}"""



@pytest.fixture(autouse=True)
def mid_plan(settings):
    """Pages evaluate as of mid-2025 (PLANWATCH_EVALUATION_DATE): the plan still running, so the
    status is not yet the verdict of an ended plan, and a 2024 figure counts."""
    settings.EVALUATION_DATE = date(2025, 6, 30)

def chart_points(page) -> list:
    charts_drawn(page)
    return page.evaluate(CHART_POINTS)


def wait_for_last_point(page, point: list) -> None:
    page.wait_for_function(
        """(point) => {
            const el = document.querySelector('[data-chart="indicator"]');
            const chart = el && echarts.getInstanceByDom(el);
            if (!chart) return false;
            const data = chart.getOption().series.find(s => s.name === "实际值").data;
            const last = data[data.length - 1].value;
            return last[0] === point[0] && Math.abs(last[1] - point[1]) < 1e-9;
        }""",
        arg=point,
    )


def status_label(page) -> str:
    return page.locator("#indicator-status .status").inner_text().strip()


def save(page, **fields) -> None:
    form = page.locator("#observation-form")
    for name, value in fields.items():
        form.locator(f"[name={name}]").fill(value)
    form.get_by_role("button", name="保存").click()


def test_the_office_enters_a_figure_and_sees_status_and_chart_change(sessions, server, site, console):
    indicator = site.indicators[GDP]
    page = sessions.page("office")
    visit(page, server.url, f"/indicators/{indicator}/")
    before = chart_points(page)
    assert before[-1] == [2023, 1264.06]
    assert status_label(page).endswith("进展顺利")
    _, twin = api_get(page, f"/indicators/{indicator}/chart")
    assert (twin["series"][-1]["period"], twin["status_label"]) == ("2023", "进展顺利")

    # A new year's figure above the target: 已完成, the chart's line reaches 1500 in 2024.
    save(page, period="2024", value="1500", source="区统计局年报")
    page.get_by_text("已录入2024年的数据，状态和图表已更新").wait_for()
    wait_for_last_point(page, [2024, 1500])
    assert status_label(page).endswith("已完成")
    assert "1500" in page.locator("#indicator-explanation").inner_text()
    first_row = page.locator("#indicator-live table.table--data").first.locator("tbody tr").first
    assert "2024" in first_row.inner_text() and "区统计局年报" in first_row.inner_text()
    _, twin = api_get(page, f"/indicators/{indicator}/chart")
    assert twin["series"][-1] == {"period": "2024", "value": 1500.0, "is_demo": False}
    assert twin["status"] == "achieved"
    assert len(chart_points(page)) == len(before) + 1

    # Correcting it: the 修改 button loads the figure; without a reason the form says why not.
    page.locator("#indicator-live tr", has_text="2024年").get_by_role("button", name="修改").click()
    expect(page.locator("#observation-form [name=value]")).to_have_value("1500")  # swapped in by htmx
    save(page, value="1100")
    page.get_by_text("2024年已有数据，修改须说明原因").wait_for()
    save(page, value="1100", reason="统计局核实后更正")
    page.get_by_text("已修改2024年的数据，状态和图表已更新").wait_for()
    wait_for_last_point(page, [2024, 1100])
    assert not status_label(page).endswith("已完成")
    history = page.locator("#history-title").locator("xpath=../..").locator("tbody tr").first
    assert "统计局核实后更正" in history.inner_text() and "1100" in history.inner_text()
    _, twin = api_get(page, f"/indicators/{indicator}/chart")
    assert twin["series"][-1]["value"] == 1100.0 and twin["status"] != "achieved"

    # A reload draws the same: the page and its JSON twin agree.
    visit(page, server.url, f"/indicators/{indicator}/")
    assert chart_points(page)[-1] == [2024, 1100]
    assert status_label(page).endswith(twin["status_label"])
