"""The plan evaluation service and `planwatch evaluate`: the stored plan and data fed to the core."""

from __future__ import annotations

import csv
import io
import json
from datetime import date

import pytest

from planwatch.indicators.evaluation import evaluate_plan, indicator_chart, most_behind, rollup

from .conftest import run, write_csv

STATUSES = {"achieved", "on_track", "needs_acceleration", "off_track", "deteriorating", "no_data"}
KEYS = {"indicator", "article", "unit", "basis", "comparator", "target", "target_year", "latest", "base",
        "status", "ratio", "expected", "forecast", "explanation"}  # fmt: skip


def load(tmp_path, rows, name="data.csv"):
    return run("load_data", write_csv(tmp_path / name, rows))


def test_seed_with_demo_data_gives_a_status_for_all_38_targets(seed_plan):
    run("demo_data", as_of="2024-09-30")
    results = evaluate_plan(plan=seed_plan, as_of=date(2024, 9, 30))
    assert len(results) == 38
    assert {r["status"] for r in results} <= STATUSES
    assert all(r["status"] != "no_data" for r in results)
    assert len({r["status"] for r in results}) >= 4  # a realistic mix, not one colour
    assert all(r["is_demo"] for r in results)


def test_only_approved_figures_count(data_plan, tmp_path):
    from planwatch.indicators.models import Observation, ObservationStatus

    load(
        tmp_path,
        [
            ["地区生产总值", "2022", "1200", "亿元", "统计局", ""],
            ["地区生产总值", "2023", "1300", "亿元", "统计局", ""],
        ],
    )
    gdp = next(
        r
        for r in evaluate_plan(plan=data_plan.plan, as_of=date(2024, 6, 30))
        if r["indicator"] == "地区生产总值"
    )
    assert gdp["latest"] == {"period": "2023", "value": 1300.0}
    Observation.objects.filter(period="2023").update(status=ObservationStatus.SUBMITTED)
    gdp = next(
        r
        for r in evaluate_plan(plan=data_plan.plan, as_of=date(2024, 6, 30))
        if r["indicator"] == "地区生产总值"
    )
    assert gdp["latest"] is None and gdp["status"] == "no_data"  # the 2022 base alone shows no progress


def test_a_new_figure_changes_the_result_without_stale_cache(data_plan, tmp_path):
    load(
        tmp_path,
        [["地区生产总值", "2022", "1200", "亿元", "", ""], ["地区生产总值", "2023", "1210", "亿元", "", ""]],
    )
    first = next(
        r
        for r in evaluate_plan(plan=data_plan.plan, as_of=date(2024, 6, 30))
        if r["indicator_id"] == data_plan.gdp.pk
    )
    load(tmp_path, [["地区生产总值", "2023", "1290", "亿元", "", ""]], name="fix.csv")
    second = next(
        r
        for r in evaluate_plan(plan=data_plan.plan, as_of=date(2024, 6, 30))
        if r["indicator_id"] == data_plan.gdp.pk
    )
    assert first["status"] in ("off_track", "needs_acceleration")
    assert second["status"] == "on_track"


def test_as_of_ignores_later_data(data_plan, tmp_path):
    load(tmp_path, [["地区生产总值", "2022", "1200", "亿元", "", ""], ["地区生产总值", "2023", "1265", "亿元", "", ""],
                    ["地区生产总值", "2024", "1450", "亿元", "", ""]])  # fmt: skip
    early = next(
        r
        for r in evaluate_plan(plan=data_plan.plan, as_of=date(2024, 6, 30))
        if r["indicator_id"] == data_plan.gdp.pk
    )
    late = next(
        r
        for r in evaluate_plan(plan=data_plan.plan, as_of=date(2025, 3, 31))
        if r["indicator_id"] == data_plan.gdp.pk
    )
    assert early["latest"]["period"] == "2023" and early["status"] == "on_track"
    assert late["latest"]["period"] == "2024" and late["status"] == "achieved"


def test_queries_do_not_grow_with_targets(seed_plan, django_assert_max_num_queries):
    run("demo_data", as_of="2024-09-30")
    with django_assert_max_num_queries(9):  # the data version read before and after: never a mix
        evaluate_plan(plan=seed_plan, as_of=date(2024, 10, 1))
    with django_assert_max_num_queries(1):  # unchanged data: the data version only
        evaluate_plan(plan=seed_plan, as_of=date(2024, 10, 1))


def test_rollup_counts_by_status_chapter_and_lead_unit(seed_plan):
    run("demo_data", as_of="2024-09-30")
    results = evaluate_plan(plan=seed_plan)
    counts = rollup(results)
    assert sum(counts["by_status"].values()) == 38
    assert sum(c["total"] for c in counts["by_chapter"]) == 38
    units = {c["unit"]: c["total"] for c in counts["by_unit"]}
    assert units["未分配"] == 4  # the 发展目标 article names no unit
    # named (without lead) in （六） 2 targets, （八） 2, （十二） 1, （三十四） 1 and （四十） 5
    assert units["区教育体育局"] == 11


def test_most_behind_lists_the_worst_first(seed_plan):
    run("demo_data", as_of="2024-09-30")
    behind = most_behind(evaluate_plan(plan=seed_plan))
    ranks = ["deteriorating", "off_track", "needs_acceleration", "on_track"]
    order = [ranks.index(r["status"]) for r in behind]
    assert order == sorted(order)


def test_indicator_chart_has_series_target_and_expected_path(data_plan, tmp_path):
    load(
        tmp_path,
        [["地区生产总值", "2022", "1200", "亿元", "", ""], ["地区生产总值", "2023", "1260", "亿元", "", ""]],
    )
    chart = indicator_chart(indicator=data_plan.gdp, as_of=date(2024, 6, 30))
    assert [p["period"] for p in chart["series"]] == ["2022", "2023"]
    assert chart["target"]["value"] == 1400 and chart["target"]["year"] == 2025
    assert chart["expected_path"][-1]["value"] == pytest.approx(1400)


@pytest.mark.parametrize("fmt", ["json", "csv", "table"])
def test_evaluate_command_formats(seed_plan, fmt):
    run("demo_data", as_of="2024-09-30")
    out = run("evaluate", format=fmt, as_of="2024-10-01")
    if fmt == "json":
        rows = json.loads(out)
        assert len(rows) == 38 and set(rows[0]) >= KEYS
        assert set(rows[0]["forecast"] or {"value": 0, "low": 0, "high": 0, "probability": 0}) >= {
            "value",
            "low",
            "high",
            "probability",
        }
    elif fmt == "csv":
        rows = list(csv.reader(io.StringIO(out)))
        assert rows[0][0] == "指标" and len(rows) == 39
    else:
        assert "共 38 个目标" in out and "演示数据" in out


def test_evaluate_command_refuses_a_bad_date(seed_plan):
    from django.core.management.base import CommandError

    with pytest.raises(CommandError, match="无法识别的日期"):
        run("evaluate", as_of="2024-13-01")


@pytest.mark.parametrize(
    ("values", "status"),
    [
        ((100, 95, 90, 86), "achieved"),
        ((100, 99, 98, 97), "off_track"),
        ((100, 102, 104, 106), "deteriorating"),
    ],
)
def test_a_reduction_target_reads_lower_as_better(data_plan, tmp_path, values, status):
    """单位地区生产总值能源消耗比2020年降低13.3%以上 is stored as ≥ 13.3: the fall is what counts."""
    from planwatch.indicators.models import Indicator, Kind, Target

    energy = Indicator.objects.create(plan=data_plan.plan, article=data_plan.gdp.article, name="单位地区生产总值能源消耗降低",
                                      measure_unit="%", kind=Kind.STOCK, direction="higher", position=99)  # fmt: skip
    Target.objects.create(indicator=energy, value=13.3, unit="%", comparator=">=", basis="change_vs_base", year=2025,
                          base_year=2020, source="单位地区生产总值能源消耗比2020年降低13.3%以上")  # fmt: skip
    rows = [[energy.name, str(2020 + i), str(v), "%", "", ""] for i, v in enumerate(values)]
    load(tmp_path, rows)
    result = next(
        r
        for r in evaluate_plan(plan=data_plan.plan, as_of=date(2024, 6, 30))
        if r["indicator_id"] == energy.pk
    )
    assert result["status"] == status, result["explanation"]


def test_evaluate_all_plans_in_one_run(data_plan):
    from django.core.management.base import CommandError

    from .conftest import make_plan

    make_plan("second-plan")  # five targets each (gdp, hightech, zhuanjing, rate, seats)
    rows = json.loads(run("evaluate", all_plans=True, format="json", as_of="2024-10-01"))
    assert [r["plan"] for r in rows] == ["data-plan"] * 5 + ["second-plan"] * 5
    table = run("evaluate", all_plans=True, as_of="2024-10-01")
    assert "second-plan · （二）条目2" in table and "共 10 个目标" in table
    with pytest.raises(CommandError, match="只能选一个"):
        run("evaluate", all_plans=True, plan="data-plan")


def test_evaluating_many_plans_reads_their_versions_once_and_sees_a_change(
    data_plan, tmp_path, django_assert_num_queries
):
    """`evaluate_plans` (evaluate --all-plans): warm, one query whatever the number of plans (the
    versions of all of them); a figure loaded into one plan shows in its results on the next run,
    and the other plan's results stay as they were."""
    from planwatch.indicators.evaluation import evaluate_plans

    from .conftest import make_plan

    second = make_plan("second-plan").plan
    plans = [data_plan.plan, second]
    as_of = date(2024, 6, 30)
    list(evaluate_plans(plans=plans, as_of=as_of))  # cold: fills the cache
    with django_assert_num_queries(1):
        warm = {plan.pk: rows for plan, rows in evaluate_plans(plans=plans, as_of=as_of)}
    assert warm[second.pk] == evaluate_plan(plan=second, as_of=as_of)
    gdp = {r["indicator"]: r for r in warm[data_plan.plan.pk]}["地区生产总值"]
    assert gdp["latest"] is None and gdp["status"] == "no_data"
    rows = [["地区生产总值", "2022", "1200", "亿元", "", ""], ["地区生产总值", "2023", "1290", "亿元", "", ""]]
    run("load_data", write_csv(tmp_path / "data.csv", rows), plan="data-plan")
    after = {plan.pk: rows for plan, rows in evaluate_plans(plans=plans, as_of=as_of)}
    gdp = {r["indicator"]: r for r in after[data_plan.plan.pk]}["地区生产总值"]
    assert gdp["latest"] == {"period": "2023", "value": 1290.0} and gdp["status"] == "on_track"
    assert after[second.pk] == warm[second.pk]
