"""Quarterly results where the figures allow, and comparison units ranked on the same index:
small plans whose every expected number is worked out by hand in the docstring beside it."""

from __future__ import annotations

import io
from decimal import Decimal

import pytest
from openpyxl import load_workbook

from .conftest import AS_OF, run

pytestmark = pytest.mark.django_db


def build_two(office, small_plan, method: str, second: str = "1") -> None:
    """甲 = 指标1, 乙 = 指标2, weights 1 : ``second``, both higher is better."""
    own, shared = small_plan.own.indicator, small_plan.shared.indicator
    data = {"name": "测试指数", "method": method, "weighting": "given",
            "dim_name_0": "甲", "dim_weight_0": "1", "dim_name_1": "乙", "dim_weight_1": second,
            f"dim_{own.pk}": "0", f"dir_{own.pk}": "higher", f"dim_{shared.pk}": "1", f"dir_{shared.pk}": "higher"}  # fmt: skip
    assert office.client.post(f"/index/{small_plan.plan.pk}/build/", data).status_code == 302


def get_index(client, plan) -> dict:
    response = client.get(f"/api/v1/plans/{plan.pk}/index?as_of={AS_OF.isoformat()}")
    assert response.status_code == 200, response.content
    return response.json()


def cold_queries(client, plan) -> tuple[int, int]:
    """Queries of the API and the page computing the index afresh (nothing cached)."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from planwatch.indicators.evaluation_cache import clear

    counts = []
    for url in (f"/api/v1/plans/{plan.pk}/index", f"/index/{plan.pk}/"):
        clear()
        with CaptureQueriesContext(connection) as ctx:
            assert client.get(url).status_code == 200
        counts.append(len(ctx.captured_queries))
    clear()
    return tuple(counts)


def enter(indicator, figures) -> None:
    from planwatch.indicators.observations import enter_observation

    for period, value in figures:
        enter_observation(actor=None, indicator=indicator, period=period, value=Decimal(value))


def test_quarters_from_quarterly_figures_by_hand(office, small_plan):
    """目标值法, 指标1 a flow (target 100), 指标2 a stock (target 200).
    指标1: 2024Q1…Q4 10 each, 2025Q1 20, 2025Q2 30 → rolling four quarters: 2024Q4 40,
      2025Q1 10+10+10+20 = 50, 2025Q2 10+10+20+30 = 70 (2024Q1–Q3 lack last year's quarters).
    指标2: 2024 (year-end) 100, 2025Q1 150 → 2024Q4 100, 2025Q1 150.
    Scores: 指标1 40, 50, 70; 指标2 50, 75. Index: 2024Q4 (40 + 50)/2 = 45 (= the year 2024);
      2025Q1 (50 + 75)/2 = 62.5; 2025Q2 指标2 missing → 乙 none → 70, coverage 0.5.
    Contributions 2025Q1: 0.5·(50 − 40) = 5, 0.5·(75 − 50) = 12.5 (Σ 17.5);
      2025Q2: 1·70 − 0.5·50 = 45, 0 − 0.5·75 = −37.5 (Σ 7.5).
    2024Q1–Q3 have no figure at all: left out at the start of the list."""
    own, shared = small_plan.own.indicator, small_plan.shared.indicator
    own.kind, shared.kind = "flow", "stock"
    own.save(), shared.save()
    enter(own, [*((f"2024Q{q}", 10) for q in range(1, 5)), ("2025Q1", 20), ("2025Q2", 30)])
    enter(shared, [("2024", 100), ("2025Q1", 150)])
    build_two(office, small_plan, "target")
    data = get_index(office.client, small_plan.plan)
    assert [y["year"] for y in data["years"]] == [2024]
    assert data["years"][0]["index"] == pytest.approx(45, abs=1e-9)
    quarters = data["quarters"]
    assert [q["quarter"] for q in quarters] == ["2024Q4", "2025Q1", "2025Q2"]
    assert [q["label"] for q in quarters] == ["2024年第四季度", "2025年第一季度", "2025年第二季度"]
    assert [q["index"] for q in quarters] == pytest.approx([45, 62.5, 70], abs=1e-9)
    assert [q["coverage"] for q in quarters] == pytest.approx([1, 1, 0.5], abs=1e-9)
    k1, k2 = str(own.pk), str(shared.pk)
    assert quarters[0]["change"] is None and quarters[0]["contributions"] == {}
    assert [quarters[1]["contributions"][k] for k in (k1, k2)] == pytest.approx([5, 12.5], abs=1e-9)
    assert [quarters[2]["contributions"][k] for k in (k1, k2)] == pytest.approx([45, -37.5], abs=1e-9)
    assert quarters[2]["change"] == pytest.approx(7.5, abs=1e-9)
    html = office.client.get(f"/index/{small_plan.plan.pk}/").content.decode()
    assert "逐季指数" in html and "2025年第一季度" in html and "62.50" in html
    table = run("index", small_plan.plan.name, as_of=AS_OF.isoformat())
    assert "2025年第二季度\t70.00\t+7.50\t50%" in table


def test_a_quarter_carrying_less_than_half_the_weight_has_no_index(office, small_plan):
    """As above but 乙 weighs 3: 2025Q1 carries 0.75 (both), 2025Q2 only 甲's 0.25 → no index.
    2025Q1: 0.25·50 + 0.75·75 = 68.75; 2024Q4 0.25·40 + 0.75·50 = 47.5; 2025Q2 dropped at the end.
    With 指标2 reported by year only, every quarter but the fourth would carry 0.25: no quarters."""
    own, shared = small_plan.own.indicator, small_plan.shared.indicator
    own.kind, shared.kind = "flow", "stock"
    own.save(), shared.save()
    enter(own, [*((f"2024Q{q}", 10) for q in range(1, 5)), ("2025Q1", 20), ("2025Q2", 30)])
    enter(shared, [("2024", 100), ("2025Q1", 150)])
    build_two(office, small_plan, "target", second="3")
    quarters = get_index(office.client, small_plan.plan)["quarters"]
    assert [q["quarter"] for q in quarters] == ["2024Q4", "2025Q1"]
    assert [q["index"] for q in quarters] == pytest.approx([47.5, 68.75], abs=1e-9)
    from planwatch.indicators.models import Observation

    Observation.objects.filter(indicator=shared, period="2025Q1").delete()
    assert get_index(office.client, small_plan.plan)["quarters"] == []


def test_no_quarters_when_every_figure_is_a_year(office, small_plan):
    enter(small_plan.own.indicator, [("2024", 50), ("2025", 60)])
    enter(small_plan.shared.indicator, [("2024", 100)])
    build_two(office, small_plan, "target")
    assert get_index(office.client, small_plan.plan)["quarters"] == []
    assert "逐季指数" not in office.client.get(f"/index/{small_plan.plan.pk}/").content.decode()


def test_comparison_units_are_ranked_on_the_same_scale(office, leader, small_plan, tmp_path):
    """功效系数法, observed bounds over every unit and year.
    本计划: 2024 指标1 10, 指标2 100; 2025 20, 200.  历下区: 2024 30, 100; 2025 40, 300.
    历城区: 2025 指标1 10 only.  Bounds 指标1 10..40, 指标2 100..300.
    Scores 指标1: 10 → 60, 20 → 60 + 40·10/30 = 73.3333…, 30 → 86.6666…, 40 → 100;
      指标2: 100 → 60, 200 → 80, 300 → 100.
    本计划 2024 60, 2025 (73.3333… + 80)/2 = 76.6666…; 历下区 2024 (86.6666… + 60)/2 = 73.3333…,
      2025 100; 历城区 2025 60 (乙 missing, coverage 0.5), 2024 none.
    Ranking 2025: 历下区 100, 本计划 76.67, 历城区 60."""
    plan = small_plan.plan
    enter(small_plan.own.indicator, [("2024", 10), ("2025", 20)])
    enter(small_plan.shared.indicator, [("2024", 100), ("2025", 200)])
    lixia = tmp_path / "lixia.csv"
    lixia.write_text("指标,期间,数值\n指标1,2024,30\n指标1,2025,40\n指标2,2024,100\n指标2,2025,300\n", encoding="utf-8")
    licheng = tmp_path / "licheng.csv"
    licheng.write_text("指标,期间,数值\n指标1,2025,10\n", encoding="utf-8")
    build_two(office, small_plan, "efficacy")
    before = get_index(office.client, plan)
    assert before["entities"] == [] and before["ranking"] is None
    run("load_data", lixia, plan=plan.name, entity="历下区")
    leader.client.get(f"/index/{plan.pk}/")  # the first page stores the chosen plan in the session (a write)
    one_unit = cold_queries(leader.client, plan)
    run("load_data", licheng, plan=plan.name, entity="历城区")
    assert cold_queries(leader.client, plan) == one_unit  # the page and API do not grow with units
    data = get_index(leader.client, plan)  # the comparison figures are part of the data version
    own = [y["index"] for y in data["years"]]
    assert own == pytest.approx([60, (220 / 3 + 80) / 2], abs=1e-9)
    entities = {e["name"]: [y["index"] for y in e["years"]] for e in data["entities"]}
    assert list(entities) == ["本计划", "历下区", "历城区"]  # by name (code points)
    assert entities["历下区"] == pytest.approx([(260 / 3 + 60) / 2, 100], abs=1e-9)
    assert entities["历城区"][0] is None and entities["历城区"][1] == pytest.approx(60, abs=1e-9)
    ranking = data["ranking"]
    assert ranking["year"] == 2025
    assert [(r["rank"], r["name"]) for r in ranking["rows"]] == [(1, "历下区"), (2, "本计划"), (3, "历城区")]
    assert ranking["rows"][2]["coverage"] == pytest.approx(0.5, abs=1e-9)
    html = leader.client.get(f"/index/{plan.pk}/").content.decode()
    assert "2025年对比单位排名" in html and "历下区" in html and "76.67" in html
    book = load_workbook(io.BytesIO(leader.client.get(f"/index/{plan.pk}/export.xlsx").content))
    rows = list(book["对比单位"].iter_rows(values_only=True))
    assert rows[0][:3] == ("单位", "2024年", "2025年")
    assert rows[2][0] == "历下区" and rows[2][2] == pytest.approx(100, abs=1e-12)
    assert ("名次", "单位", "综合指数", "覆盖率") in rows and (1, "历下区", 100, 1) in rows
    # the plan's own figures and evaluation did not change: nothing of 历下区 is the plan's
    from planwatch.indicators.models import Observation

    assert Observation.objects.filter(indicator__plan=plan).count() == 4


def test_a_unit_without_a_year_in_common_is_listed_but_not_ranked(office, small_plan, tmp_path):
    """本计划 has 2024 only; 历下区 2025 only (outside the plan's years): no ranking, the page and
    the export still answer, the unit listed without an index (its 2025 figure is outside the
    years, so it sets no bound either)."""
    plan = small_plan.plan
    enter(small_plan.own.indicator, [("2024", 10)])
    enter(small_plan.shared.indicator, [("2024", 100)])
    path = tmp_path / "lixia.csv"
    path.write_text("指标,期间,数值\n指标1,2025,40\n", encoding="utf-8")
    build_two(office, small_plan, "efficacy")
    run("load_data", path, plan=plan.name, entity="历下区")
    data = get_index(office.client, plan)
    assert data["ranking"] is None
    assert [(e["name"], [y["index"] for y in e["years"]]) for e in data["entities"]][1] == ("历下区", [None])
    assert "对比单位排名" not in office.client.get(f"/index/{plan.pk}/").content.decode()
    response = office.client.get(f"/index/{plan.pk}/export.xlsx")
    assert response.status_code == 200
    rows = list(load_workbook(io.BytesIO(response.content))["对比单位"].iter_rows(values_only=True))
    # one figure per indicator in the plan's one year: worst = best, every figure scores 100
    assert rows == [("单位", "2024年"), ("本计划", 100), ("历下区", None)]
