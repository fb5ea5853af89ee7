"""The index of a stored plan: built through the office's page, read through the API, the CLI,
the page and the export — the same numbers everywhere — and versioned when the weights change."""

from __future__ import annotations

import io
import json
from decimal import Decimal

import pytest
from openpyxl import load_workbook

from .conftest import AS_OF, FIVE_DIMENSIONS, build_form, run

pytestmark = pytest.mark.django_db


def api(client, plan, **params):
    query = "&".join(f"{k}={v}" for k, v in params.items())
    response = client.get(f"/api/v1/plans/{plan.pk}/index?{query}")
    assert response.status_code == 200, response.content
    return response.json()


def build(office, plan, **kw):
    response = office.client.post(f"/index/{plan.pk}/build/", build_form(plan, FIVE_DIMENSIONS, **kw))
    assert response.status_code == 302, response.content.decode()[:2000]
    return response


def test_the_office_builds_five_dimensions_of_23_indicators_and_the_api_shows_them(office, seed):
    build(office, seed)
    data = api(office.client, seed)
    assert data["version"] == 1 and data["method"] == "efficacy" and data["weighting"] == "given"
    assert [d["name"] for d in data["dimensions"]] == list(FIVE_DIMENSIONS)
    assert sum(len(d["indicators"]) for d in data["dimensions"]) == 23
    assert [d["weight"] for d in data["dimensions"]] == pytest.approx([0.2] * 5, abs=1e-12)
    innovation = data["dimensions"][0]["indicators"]
    assert {i["name"] for i in innovation} == set(FIVE_DIMENSIONS["创新"])  # in the plan's order
    first = innovation[0]
    assert set(first) >= {"id", "name", "weight", "direction"}
    assert first["weight"] == pytest.approx(0.2 / 5, abs=1e-12)
    pm25 = next(i for d in data["dimensions"] for i in d["indicators"] if i["name"] == "PM2.5浓度")
    assert pm25["direction"] == "lower"
    assert [y["year"] for y in data["years"]] == [2020, 2021, 2022, 2023, 2024, 2025]
    for year in data["years"][1:]:
        assert set(year) >= {"year", "index", "coverage", "dimensions", "contributions"}
        assert sum(year["contributions"].values()) == pytest.approx(year["change"], abs=1e-9)
        assert year["coverage"] == pytest.approx(1, abs=1e-12)
        assert 60 <= year["index"] <= 100  # efficacy scores lie between 60 and 100
    assert data["years"][0]["contributions"] == {}


def test_page_export_and_cli_show_the_numbers_of_the_api(office, leader, seed):
    build(office, seed)
    data = api(leader.client, seed)
    last = data["years"][-1]
    html = leader.client.get(f"/index/{seed.pk}/").content.decode()
    assert f"2025年高质量发展综合指数 {last['index']:.2f}" in html
    assert f"{last['change']:+.2f}" in html
    for name, value in last["dimensions"].items():
        assert name in html and f"{value:.2f}" in html
    response = leader.client.get(f"/index/{seed.pk}/export.xlsx")
    assert response.status_code == 200
    book = load_workbook(io.BytesIO(response.content))
    rows = list(book["综合指数"].iter_rows(values_only=True))
    assert rows[1][:4] == ("年份", "综合指数", "较上年变化", "覆盖率")
    by_year = {r[0]: r for r in rows[2:]}
    # a workbook keeps 15 significant digits (as Excel does): equal to the API's to 1e-12
    assert by_year[2025][1:3] == pytest.approx((last["index"], last["change"]), abs=1e-12)
    assert list(by_year[2025][4:]) == pytest.approx(list(last["dimensions"].values()), abs=1e-12)
    detail = list(book["指标明细"].iter_rows(values_only=True))
    assert len(detail) == 1 + 23
    printed = json.loads(run("index", seed.name, format="json"))
    assert printed == data
    table = run("index", seed.name)
    assert f"2025\t{last['index']:.2f}\t{last['change']:+.2f}" in table


def test_changing_weights_makes_a_new_version_and_the_old_one_stays_as_it_was(office, seed):
    build(office, seed)
    old = api(office.client, seed)
    build(office, seed)  # the same configuration again: no new version
    assert api(office.client, seed)["version"] == 1
    build(office, seed, dimension_weights={"绿色低碳": 3}, note="提高绿色低碳权重")
    new = api(office.client, seed)
    assert new["version"] == 2
    green = next(d for d in new["dimensions"] if d["name"] == "绿色低碳")
    assert green["weight"] == pytest.approx(3 / 7, abs=1e-12)
    kept = api(office.client, seed, version=1)
    assert kept["stored_at"] is not None and {**kept, "stored_at": None} == old
    # a figure corrected afterwards changes the version in force, not the replaced one
    from planwatch.indicators.models import Indicator
    from planwatch.indicators.observations import enter_observation

    gdp = Indicator.objects.get(plan=seed, name="地区生产总值")
    enter_observation(actor=None, indicator=gdp, period="2025", value=Decimal(1))
    assert api(office.client, seed, version=1) == kept
    assert api(office.client, seed)["years"][-1]["index"] < new["years"][-1]["index"]
    html = office.client.get(f"/index/{seed.pk}/?version=1").content.decode()
    assert "这是第1版" in html and f"{old['years'][-1]['index']:.2f}" in html
    assert "被替代时" in html and "此后修改的数据不影响这些数字" in html
    book = load_workbook(io.BytesIO(office.client.get(f"/index/{seed.pk}/export.xlsx?version=1").content))
    by_year = {r[0]: r for r in book["综合指数"].iter_rows(min_row=3, values_only=True)}
    assert by_year[2025][1] == pytest.approx(old["years"][-1]["index"], abs=1e-12)
    assert office.client.get(f"/index/{seed.pk}/?version=9").status_code == 404
    assert office.client.get(f"/api/v1/plans/{seed.pk}/index?version=9").status_code == 404


def test_a_corrected_figure_gives_new_results(office, seed):
    from planwatch.indicators.models import Indicator
    from planwatch.indicators.observations import enter_observation

    build(office, seed)
    before = api(office.client, seed)
    gdp = Indicator.objects.get(plan=seed, name="地区生产总值")
    enter_observation(actor=None, indicator=gdp, period="2025", value=Decimal(1))  # now the worst year: its score 60
    after = api(office.client, seed)
    assert after["years"][-1]["index"] < before["years"][-1]["index"]


@pytest.mark.parametrize(
    "change, message",
    [
        ({"dim_weight_0": "很多"}, "维度“创新”的权重“很多”不是数字"),
        ({"dim_weight_0": "-1"}, "维度“创新”的权重须为不小于0的数"),
        ({"name": ""}, "请填写指数名称"),
        ({"method": "target", "weighting": "given"}, "用目标值法，但计划中没有可用的目标值"),
        ({"dim_name_1": "创新"}, "维度名称不能为空，也不能重复"),
    ],
)
def test_bad_input_is_refused_in_chinese_and_nothing_is_written(office, seed, change, message):
    from planwatch.index.models import IndexDefinition

    data = {**build_form(seed, FIVE_DIMENSIONS), **change}
    response = office.client.post(f"/index/{seed.pk}/build/", data)
    assert response.status_code == 200
    assert message in response.content.decode()
    assert not IndexDefinition.objects.exists()


def test_only_the_office_builds_and_reporters_do_not_see_the_index(office, leader, reporter, seed):
    build(office, seed)
    assert leader.client.get(f"/index/{seed.pk}/").status_code == 200
    assert leader.client.get(f"/index/{seed.pk}/build/").status_code == 403
    assert leader.client.post(f"/index/{seed.pk}/build/", build_form(seed, FIVE_DIMENSIONS)).status_code == 403
    assert reporter.client.get(f"/index/{seed.pk}/").status_code == 403
    assert reporter.client.get(f"/api/v1/plans/{seed.pk}/index").status_code == 403


def test_the_dashboard_says_the_index_in_one_line(office, reporter, seed):
    build(office, seed)
    last = api(office.client, seed)["years"][-1]
    html = office.client.get("/").content.decode()
    assert f"2025年 <strong>{last['index']:.2f}</strong>，较上年 {last['change']:+.2f}，数据覆盖 100.0%" in html
    assert "高质量发展综合指数" not in reporter.client.get("/").content.decode()


def test_an_audit_event_records_each_version(office, seed):
    from planwatch.audit.models import AuditEvent

    build(office, seed, note="首次设定")
    event = AuditEvent.objects.get(action="index.version")
    assert event.actor == office.user and event.reason == "首次设定"
    assert [d["name"] for d in event.after["dimensions"]] == list(FIVE_DIMENSIONS)


def test_year_end_figures_by_hand(office, small_plan):
    """small_plan: 指标1 (target 100) and 指标2 (target 200) in 甲, 指标3 (target 300) in 乙,
    目标值法, office weights 1 each, dimensions 1:1.
    2024: 指标1 50 → 50; 指标2 100 → 50; 指标3 300 → 100. 甲 50, 乙 100, index 75.
    2025: 指标1 Q1…Q4 flows 20+20+20+20 = 80 → 80; 指标2 150 → 75; 指标3 none.
      甲 77.5, 乙 none → index 77.5, coverage 0.5.
    Contributions: 指标1 0.5·80 − 0.25·50 = 27.5; 指标2 0.5·75 − 0.25·50 = 25; 指标3 −0.5·100 = −50."""
    from planwatch.indicators.observations import enter_observation

    plan, own, shared, other = small_plan.plan, small_plan.own, small_plan.shared, small_plan.other
    own.indicator.kind = "flow"
    own.indicator.save()
    figures = [(own, "2024", 50), *((own, f"2025Q{q}", 20) for q in range(1, 5)), (shared, "2024", 100),
               (shared, "2025", 150), (other, "2024", 300)]  # fmt: skip
    for row, period, value in figures:
        enter_observation(actor=None, indicator=row.indicator, period=period, value=Decimal(value))
    data = {"name": "测试指数", "method": "target", "weighting": "given",
            "dim_name_0": "甲", "dim_weight_0": "1", "dim_name_1": "乙", "dim_weight_1": "1"}  # fmt: skip
    for row, slot in ((own, 0), (shared, 0), (other, 1)):
        data |= {f"dim_{row.indicator.pk}": str(slot), f"dir_{row.indicator.pk}": "higher"}
    assert office.client.post(f"/index/{plan.pk}/build/", data).status_code == 302
    years = api(office.client, plan, as_of=AS_OF.isoformat())["years"]
    assert [y["year"] for y in years] == [2024, 2025]
    assert years[0]["index"] == pytest.approx(75, abs=1e-9)
    assert years[1]["index"] == pytest.approx(77.5, abs=1e-9)
    assert years[1]["coverage"] == pytest.approx(0.5, abs=1e-9)
    assert years[1]["dimensions"] == {"甲": pytest.approx(77.5, abs=1e-9), "乙": None}
    ids = [str(r.indicator.pk) for r in (own, shared, other)]
    assert [years[1]["contributions"][k] for k in ids] == pytest.approx([27.5, 25, -50], abs=1e-9)


def test_queries_do_not_grow_with_indicators(office, seed):
    """A cold computation of 5 indicators and of 23 costs the same number of queries (the page,
    the API, the export, the build page and the dashboard's line read members and figures in one
    query each, whatever their number)."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from planwatch.indicators import evaluation_cache
    from planwatch.web import page_parts

    def clear() -> None:  # the evaluations and the dashboard's parts kept per data version
        evaluation_cache.clear()
        page_parts.clear()

    def cold_queries() -> tuple[int, int]:
        clear()
        counts = []
        urls = ("/api/v1/plans/{0}/index", "/index/{0}/", "/index/{0}/export.xlsx", "/index/{0}/build/", "/")
        for url in (u.format(seed.pk) for u in urls):
            with CaptureQueriesContext(connection) as ctx:
                assert office.client.get(url).status_code == 200
            counts.append(len(ctx.captured_queries))
            clear()
        return tuple(counts)

    small = {"创新": FIVE_DIMENSIONS["创新"]}
    office.client.post(f"/index/{seed.pk}/build/", build_form(seed, small))
    few = cold_queries()
    build(office, seed)
    assert cold_queries() == few
