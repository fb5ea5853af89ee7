"""Supervision fixtures: a frozen clock (`clock.set(date)`), and `gdp`, a target on the
reporter's own article (地区生产总值 ≥ 1400亿元 by 2025, 1000 in 2022) whose 2023 figure is
entered by the test when its script says."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from types import SimpleNamespace

import pytest


@pytest.fixture
def clock(monkeypatch):
    from planwatch.reporting import clock as module

    state = SimpleNamespace(today=date(2024, 1, 1))
    monkeypatch.setattr(module, "today", lambda: state.today)
    state.set = lambda day: setattr(state, "today", day)
    return state


@pytest.fixture
def gdp(small_plan):
    from planwatch.indicators.models import Indicator, Target
    from planwatch.indicators.observations import enter_observation

    indicator = Indicator.objects.create(plan=small_plan.plan, article=small_plan.own.article, name="地区生产总值",
                                         measure_unit="亿元", position=9)  # fmt: skip
    target = Target.objects.create(indicator=indicator, value=1400, unit="亿元", basis="level", year=2025)
    enter_observation(actor=None, indicator=indicator, period="2022", value=Decimal(1000), source="区统计局")

    def figure(year: int, value: int):
        enter_observation(actor=None, indicator=indicator, period=str(year), value=Decimal(value), source="区统计局")

    return SimpleNamespace(indicator=indicator, target=target, plan=small_plan.plan, figure=figure)


def post(actor, url: str, body: dict | None = None):
    """JSON to the API; a lifecycle step (…/items/N/action) as a form, which may carry files."""
    if url.count("/") == 4:
        return actor.client.post(f"/api/v1{url}", data=body or {})
    return actor.client.post(f"/api/v1{url}", data=body or {}, content_type="application/json")
