"""`planwatch demo-data`: every indicator filled, all marked as demo, a mix of statuses, idempotent."""

from __future__ import annotations

from collections import Counter
from datetime import date
from decimal import Decimal

import pytest

from planwatch.progress import TargetSpec, change_direction_from_text, evaluate

from .conftest import run, write_csv

pytestmark = pytest.mark.django_db


def snapshot(plan):
    from planwatch.indicators.models import Observation

    return list(
        Observation.objects.filter(indicator__plan=plan)
        .order_by("pk")
        .values_list("pk", "period", "value", "entered_at")
    )


def statuses(plan, as_of: date) -> Counter:
    """The status of every target as the evaluation core sees it (how the lead will wire it)."""
    from planwatch.indicators.models import Target
    from planwatch.indicators.services import plan_series

    series, out = plan_series(plan=plan), Counter()
    for t in Target.objects.filter(indicator__plan=plan).select_related("indicator"):
        extra = {}
        if t.basis == "change_vs_base":
            extra["change_direction"] = change_direction_from_text(t.indicator.name + t.source)
        spec = TargetSpec(
            t.value, t.comparator, t.basis, year=t.year, value_max=t.value_max, base_year=t.base_year,
            start_year=plan.period_start, end_year=plan.period_end, kind=t.indicator.kind, **extra,
        )  # fmt: skip
        out[evaluate(spec, series[t.indicator_id], as_of).status] += 1
    return out


def test_fills_every_indicator_of_the_seed_plan_marked_as_demo(seed_plan):
    from planwatch.indicators.models import Observation

    out = run("demo_data", plan=seed_plan.name, as_of="2025-12-31")
    assert "新增" in out and "演示数据" in out
    observations = Observation.objects.filter(indicator__plan=seed_plan)
    assert observations.values("indicator").distinct().count() == seed_plan.indicators.count() == 38
    assert observations.filter(is_demo=True, source="演示数据").count() == observations.count()
    assert not observations.filter(period__startswith="2026").exists()
    assert observations.filter(period="2020").exists() and observations.filter(period="2022").exists()


def test_a_realistic_mix_of_statuses_for_all_38_targets(seed_plan):
    run("demo_data", plan=seed_plan.name, as_of="2025-12-31")
    mid = statuses(seed_plan, date(2025, 6, 30))
    assert sum(mid.values()) == 38 and mid["no_data"] == 0
    assert {"achieved", "on_track", "needs_acceleration", "off_track", "deteriorating"} <= set(mid)
    assert 1 <= mid["deteriorating"] <= 3
    end = statuses(seed_plan, date(2026, 11, 25))
    assert end["no_data"] == 0 and end["achieved"] >= 10 and end["off_track"] >= 5


def test_shapes_follow_the_targets(seed_plan):
    from planwatch.indicators.models import Observation, Target

    run("demo_data", plan=seed_plan.name, as_of="2025-12-31")
    for t in Target.objects.filter(indicator__plan=seed_plan).select_related("indicator"):
        values = list(
            Observation.objects.filter(indicator=t.indicator)
            .order_by("period_key")
            .values_list("period", "value")
        )
        if t.indicator.measure_unit == "%" and t.basis != "change_vs_base":
            assert all(0 <= v <= 100 for _, v in values), t.indicator.name
        if t.indicator.measure_unit in ("家", "个", "所", "名", "处", "天"):  # counts: never 2.73 days
            assert all(v == v.to_integral_value() for _, v in values), t.indicator.name
        if t.comparator == "<=":
            by_period = dict(values)
            assert by_period["2025"] < by_period["2020"], t.indicator.name  # ceilings trend down


def test_data_stops_at_the_latest_period_ended_by_the_as_of_date(seed_plan):
    from planwatch.indicators.models import Observation

    run("demo_data", plan=seed_plan.name, as_of="2024-08-15")
    gdp = Observation.objects.filter(indicator__name="地区生产总值").order_by("period_key").last()
    firms = Observation.objects.filter(indicator__name="新增高新技术企业").order_by("period_key").last()
    assert (gdp.period, firms.period) == ("2023", "2024Q2")


def test_rerun_is_idempotent_and_never_touches_real_data(seed_plan, tmp_path):
    from planwatch.indicators.models import Observation

    run(
        "load_data",
        write_csv(tmp_path / "real.csv", [["地区生产总值", "2023", "1262.3", "", "区统计局", ""]]),
    )
    first = run("demo_data", plan=seed_plan.name, seed=7, as_of="2025-12-31")
    assert "已有真实数据的 1 个期间未生成演示数据" in first
    before = snapshot(seed_plan)
    second = run("demo_data", plan=seed_plan.name, seed=7, as_of="2025-12-31")
    assert "新增 0 条，更新 0 条" in second
    assert snapshot(seed_plan) == before
    real = Observation.objects.get(indicator__name="地区生产总值", period="2023")
    assert (real.value, real.is_demo, real.source) == (Decimal("1262.3"), False, "区统计局")

    run("demo_data", plan=seed_plan.name, seed=8, as_of="2024-12-31")  # other seed, earlier date
    real.refresh_from_db()
    assert (real.value, real.is_demo, real.revisions.count()) == (Decimal("1262.3"), False, 1)
    assert not Observation.objects.filter(is_demo=True, period__startswith="2025").exists()
    assert snapshot(seed_plan) != before


def test_any_plan_works_and_derived_values_of_demo_inputs_are_demo(data_plan):
    from planwatch.indicators.models import Observation

    run("demo_data", as_of="2025-12-31")
    filled = set(Observation.objects.values_list("indicator", flat=True).distinct())
    assert filled == set(data_plan.plan.indicators.values_list("pk", flat=True))
    derived = Observation.objects.filter(indicator=data_plan.intensity)
    assert derived.exists() and all(o.derived and o.is_demo for o in derived)


def test_demo_data_is_labelled_where_it_is_shown(data_plan):
    from planwatch.indicators.models import Observation

    run("demo_data", as_of="2025-12-31")
    assert str(Observation.objects.filter(indicator=data_plan.gdp).first()).endswith("（演示）")


def test_a_bad_as_of_date_is_refused(data_plan):
    from django.core.management.base import CommandError

    with pytest.raises(CommandError, match="日期“2025/13/01”无效"):
        run("demo_data", as_of="2025/13/01")
