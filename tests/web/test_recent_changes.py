"""近 7 天变化 on the dashboard: kept per data version and viewer, so a reporter never sees the
office's counts (nor the other way round), a new figure shows on the next request, and a week
with more revisions than the box counts says so instead of counting them all."""

from __future__ import annotations

import re
from decimal import Decimal

import pytest

from planwatch.indicators.observations import enter_observation
from planwatch.web import overview

pytestmark = pytest.mark.django_db


def _entered(client, plan) -> str:
    html = client.get(f"/?plan={plan.pk}").content.decode()
    return re.search(r"(超过 \d+ 条，其中最近 \d+ 条：)?新录入数据 <strong>(\d+)</strong> 条", html).group(0)


def _enter(indicator, periods):
    for period in periods:
        enter_observation(actor=None, indicator=indicator, period=period, value=Decimal(1))


def test_each_viewer_sees_its_own_counts_and_a_new_figure_at_once(office, reporter, small_plan):
    plan = small_plan.plan
    _enter(small_plan.own.indicator, ["2023", "2024"])  # the reporter's unit leads `own`
    _enter(small_plan.other.indicator, ["2022", "2023", "2024"])  # another unit's alone
    assert _entered(office.client, plan).endswith("<strong>5</strong> 条")
    assert _entered(reporter.client, plan).endswith("<strong>2</strong> 条")
    assert _entered(office.client, plan).endswith("<strong>5</strong> 条")
    _enter(small_plan.own.indicator, ["2025"])
    assert _entered(reporter.client, plan).endswith("<strong>3</strong> 条")
    assert _entered(office.client, plan).endswith("<strong>6</strong> 条")


def test_a_busy_week_is_counted_up_to_the_limit(office, small_plan, monkeypatch):
    monkeypatch.setattr(overview, "COUNT_LIMIT", 3)
    _enter(small_plan.own.indicator, ["2021", "2022", "2023", "2024"])
    assert _entered(office.client, small_plan.plan) == "超过 3 条，其中最近 3 条：新录入数据 <strong>3</strong> 条"
