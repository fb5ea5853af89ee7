"""Observations, revisions and base values through the services (what the admin and loads call)."""

from __future__ import annotations

from decimal import Decimal

import pytest

from planwatch.progress import Observation as Point
from planwatch.progress.periods import parse_period

from .conftest import run, write_csv

pytestmark = pytest.mark.django_db


def row(indicator, period, value, **kw):
    from planwatch.indicators.observations import ObservationInput

    v = Decimal(str(value))
    return ObservationInput(
        indicator_id=indicator.pk, period=parse_period(period), value=v, entered_value=v, **kw
    )


def write(*rows, actor=None, reason="测试"):
    from planwatch.indicators.observations import write_observations

    return write_observations(actor=actor, rows=list(rows), reason=reason)


def test_every_state_change_is_a_revision_row_with_actor_and_reason(data_plan, django_user_model):
    from planwatch.indicators.models import Observation

    clerk = django_user_model.objects.create_user("clerk")
    write(row(data_plan.gdp, "2023", 1250), actor=clerk, reason="第一次")
    write(row(data_plan.gdp, "2023", 1262, status="submitted"), actor=None, reason="第二次")
    obs = Observation.objects.get()
    first, second = obs.revisions.order_by("pk")
    assert (first.old_value, first.new_value, first.old_status, first.new_status) == (
        None,
        1250,
        "",
        "approved",
    )
    assert (first.actor, first.reason) == (clerk, "第一次")
    assert (second.old_value, second.new_value, second.old_status, second.new_status) == (
        1250,
        1262,
        "approved",
        "submitted",
    )
    assert second.actor is None and obs.entered_by is None


def test_same_figures_write_nothing(data_plan):
    summary = write(row(data_plan.gdp, "2023", 1250))
    assert summary.astuple() == (1, 0, 0, 0)
    assert write(row(data_plan.gdp, "2023", "1250.000")).astuple() == (0, 0, 1, 0)


def test_a_real_figure_replacing_a_demo_one_is_recorded(data_plan):
    from planwatch.indicators.models import Observation

    write(row(data_plan.gdp, "2023", 1250, is_demo=True, source="演示数据"))
    write(row(data_plan.gdp, "2023", 1250, source="区统计局"))
    obs = Observation.objects.get()
    assert not obs.is_demo
    assert obs.revisions.order_by("pk").last().changes == {
        "source": ["演示数据", "区统计局"],
        "is_demo": [True, False],
    }


def test_edit_observation_converts_the_entered_figure(data_plan):
    from planwatch.indicators.models import Observation
    from planwatch.indicators.services import edit_observation

    write(row(data_plan.gdp, "2023", 1250))
    obs = Observation.objects.get()
    obs.entered_value, obs.entered_unit = Decimal("12600000"), "万元"
    assert edit_observation(actor=None, observation=obs, reason="核对更正")
    obs.refresh_from_db()
    assert obs.value == Decimal("1260")
    assert obs.revisions.order_by("pk").last().reason == "核对更正"


def test_very_large_and_very_long_numbers_are_refused(data_plan, tmp_path):
    from django.core.management.base import CommandError

    path = write_csv(
        tmp_path / "big.csv",
        [["地区生产总值", "2023", "1" + "0" * 20], ["地区生产总值", "2024", "1.23456789012345678"]],
    )
    with pytest.raises(CommandError) as err:
        run("load_data", path)
    assert "第 2 行：数值过大" in str(err.value)
    assert "第 3 行：数值“1.23456789012345678”的有效数字超过 15 位" in str(err.value)


def test_values_survive_the_database_exactly(data_plan):
    from planwatch.indicators.models import Observation

    write(row(data_plan.gdp, "2023", "123456789.123456"), row(data_plan.gdp, "2024", "0.0000001"))
    values = dict(Observation.objects.values_list("period", "value"))
    assert values == {"2023": Decimal("123456789.123456"), "2024": Decimal("0.0000001")}
    assert write(row(data_plan.gdp, "2023", "123456789.123456")).unchanged == 1


class TestBaseValues:
    def test_default_base_year_is_the_year_before_the_plan_or_the_targets_own(self, data_plan):
        from planwatch.indicators.services import base_year_for

        assert base_year_for(indicator=data_plan.gdp) == 2022
        target = data_plan.gdp.targets.get()
        target.base_year = 2020
        target.save()
        assert base_year_for(indicator=data_plan.gdp) == 2020

    def test_a_stock_base_is_the_figure_at_the_end_of_the_year(self, data_plan):
        from planwatch.indicators.services import get_base_value

        write(
            row(data_plan.gdp, "2022Q4", 1190),
            row(data_plan.gdp, "2022", 1200),
            row(data_plan.gdp, "2023", 1250),
        )
        base = get_base_value(indicator=data_plan.gdp)
        assert (base.year, base.value, base.source) == (2022, 1200, "observation")

    def test_a_flow_base_is_the_total_of_a_whole_year_never_a_part(self, data_plan):
        from planwatch.indicators.services import get_base_value

        write(*(row(data_plan.hightech, f"2022Q{q}", 10 + q) for q in (1, 2, 3)))
        assert get_base_value(indicator=data_plan.hightech).value is None
        write(row(data_plan.hightech, "2022Q4", 14))
        assert get_base_value(indicator=data_plan.hightech).value == 11 + 12 + 13 + 14

    def test_a_base_set_by_hand_wins_and_keeps_its_history(self, data_plan, django_user_model):
        from planwatch.indicators.models import BaseValueRevision
        from planwatch.indicators.services import clear_base_value, get_base_value, set_base_value

        clerk = django_user_model.objects.create_user("clerk")
        write(row(data_plan.gdp, "2022", 1200))
        set_base_value(
            actor=clerk,
            indicator=data_plan.gdp,
            year=2022,
            value=Decimal("12100000"),
            unit="万元",
            note="统计局修订",
        )
        base = get_base_value(indicator=data_plan.gdp)
        assert (base.value, base.source, base.label) == (1210, "manual", "手工设定")
        set_base_value(
            actor=clerk, indicator=data_plan.gdp, year=2022, value=Decimal("1210"), note="统计局修订"
        )
        assert BaseValueRevision.objects.count() == 1  # the same value again: nothing written
        clear_base_value(actor=clerk, indicator=data_plan.gdp, year=2022)
        assert get_base_value(indicator=data_plan.gdp).value == 1200
        history = list(
            BaseValueRevision.objects.order_by("pk").values_list("old_value", "new_value", "actor")
        )
        assert history == [(None, 1210, clerk.pk), (1210, None, clerk.pk)]

    def test_an_incompatible_unit_is_refused(self, data_plan):
        from planwatch.indicators.errors import DataError
        from planwatch.indicators.services import set_base_value

        with pytest.raises(DataError, match="单位“家”与指标单位“亿元”不一致"):
            set_base_value(actor=None, indicator=data_plan.gdp, year=2022, value=Decimal(1), unit="家")

    def test_plan_base_values_in_a_few_queries(self, data_plan, django_assert_max_num_queries):
        from planwatch.indicators.services import plan_base_values

        write(row(data_plan.gdp, "2022", 1200), row(data_plan.rate, "2022", "88.5"))
        with django_assert_max_num_queries(3):
            bases = plan_base_values(plan=data_plan.plan)
        target = {i: getattr(data_plan, i).targets.get().pk for i in ("gdp", "rate", "seats")}
        assert bases[target["gdp"]].value == 1200
        assert bases[target["rate"]].value == Decimal("88.5")
        assert bases[target["seats"]].source == "none"


def test_plan_series_gives_the_core_its_input_in_time_order(data_plan, django_assert_num_queries):
    from planwatch.indicators.services import plan_series

    write(
        row(data_plan.gdp, "2023", 1250),
        row(data_plan.gdp, "2022", 1200),
        row(data_plan.hightech, "2023Q1", 12),
    )
    with django_assert_num_queries(2):
        series = plan_series(plan=data_plan.plan)
    assert series[data_plan.gdp.pk] == [Point("2022", 1200.0), Point("2023", 1250.0)]
    assert series[data_plan.hightech.pk] == [Point("2023Q1", 12.0)]
    assert series[data_plan.rate.pk] == []


def test_only_approved_figures_make_a_base(data_plan):
    from planwatch.indicators.services import get_base_value

    write(row(data_plan.gdp, "2022", 1200, status="submitted"))
    assert get_base_value(indicator=data_plan.gdp).value is None
    write(row(data_plan.gdp, "2022", 1200))
    assert get_base_value(indicator=data_plan.gdp).value == 1200


class TestAudit:
    """One audit event per load or demo run that changed something; none for a no-op."""

    def events(self, action):
        from planwatch.audit.models import AuditEvent

        return list(AuditEvent.objects.filter(action=action).order_by("pk"))

    def test_a_load_is_one_event_and_a_reload_none(self, data_plan, tmp_path):
        path = write_csv(
            tmp_path / "data.csv", [["地区生产总值", "2022", "1200"], ["能源消费总量", "2022", "60"]]
        )
        run("load_data", path)
        run("load_data", path)
        (event,) = self.events("load_data")
        assert event.actor_name.startswith("命令行")
        assert event.object_type == "plans.plan" and event.object_id == str(data_plan.plan.pk)
        assert event.after["file"] == "data.csv" and event.after["created"] == 2
        assert event.after["derived"] == {"created": 1, "updated": 0, "deleted": 0}

    def test_a_demo_run_is_one_event(self, data_plan):
        run("demo_data", as_of="2024-12-31")
        run("demo_data", as_of="2024-12-31")
        (event,) = self.events("demo_data")
        assert event.after["seed"] == 2023 and event.after["as_of"] == "2024-12-31"

    def test_a_figure_typed_in_and_a_base_value_are_events(self, data_plan, django_user_model):
        from planwatch.indicators.observations import enter_observation
        from planwatch.indicators.services import set_base_value

        clerk = django_user_model.objects.create_user("clerk")
        enter_observation(actor=clerk, indicator=data_plan.gdp, period="2023", value=Decimal(1250))
        enter_observation(actor=clerk, indicator=data_plan.gdp, period="2023", value=Decimal(1260))
        set_base_value(actor=clerk, indicator=data_plan.gdp, year=2022, value=Decimal(1200))
        created, updated = self.events("create")[0], self.events("update")[0]
        assert created.object_type == "indicators.observation" and created.actor == clerk
        assert (updated.before, updated.after) == (
            {"value": "1250", "entered_value": "1250"},
            {"value": "1260", "entered_value": "1260"},
        )
        assert self.events("create")[1].object_type == "indicators.basevalue"
