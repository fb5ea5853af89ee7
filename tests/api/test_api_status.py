"""The evaluation API carries the age of each figure, the stale flag and the verdict."""

from __future__ import annotations

import pytest

from .conftest import enter, get

pytestmark = pytest.mark.django_db


def test_stale_flag_age_and_verdict_in_the_api(office, small_plan):
    small_plan.own.indicator.frequency = "year"
    small_plan.own.indicator.save()
    enter(small_plan.own.indicator, "2022", 50)
    enter(small_plan.own.indicator, "2023", 60)
    rows = get(office.client, "/plans/small-plan/evaluation", as_of="2025-06-30").json()
    own = next(r for r in rows if r["indicator"] == "指标1")
    # the 2024 figure was due by 31 March 2025; the latest is 2023: one period behind
    assert own["stale"] is True
    assert own["age"] == {"period": "2023", "lag": 1, "frequency": "year", "stale": True,
                          "text": "最新数据：2023年（已滞后1期）"}  # fmt: skip
    assert own["explanation"].endswith("（依据的最新数据为2023年，已滞后1期）")
    after = get(office.client, "/plans/small-plan/evaluation", as_of="2026-12-01").json()
    own = next(r for r in after if r["indicator"] == "指标1")
    assert (own["verdict"], own["status_label"], own["ratio"]) == ("pending", "待最终数据", None)
