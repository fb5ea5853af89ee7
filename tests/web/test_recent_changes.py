"""近 7 天变化 on the dashboard: kept per data version and viewer, so a reporter never sees the
office's counts (nor the other way round), a new figure shows on the next request, and a week
with more revisions than the box counts says so instead of counting them all."""

from __future__ import annotations

import re
import threading
import time
from decimal import Decimal

import pytest
from django.db import connection

from planwatch.indicators import evaluation_cache
from planwatch.indicators.observations import enter_observation
from planwatch.plans.versions import data_version
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


def _latest(client, plan) -> list[str]:
    """The indicators named in 近7天变化's list of the latest figures."""
    html = client.get(f"/?plan={plan.pk}").content.decode()
    box = html.split("<h2>近 7 天变化</h2>", 1)[1].split("</section>", 1)[0]
    return re.findall(r'<a href="/indicators/\d+/">([^<]+)</a>', box)


def test_the_latest_figures_kept_for_one_viewer_are_never_shown_to_another(office, reporter, small_plan):
    """The list is kept rendered (page_parts): whoever asks first, a reporter sees only its
    unit's indicators (指标1 led, 指标2 co-operated; not 指标3), the office all of them."""
    plan = small_plan.plan
    _enter(small_plan.own.indicator, ["2024"])
    _enter(small_plan.other.indicator, ["2024"])
    assert _latest(office.client, plan) == ["指标3", "指标1"]
    assert _latest(reporter.client, plan) == ["指标1"]
    _enter(small_plan.shared.indicator, ["2024"])
    assert _latest(reporter.client, plan) == ["指标2", "指标1"]
    assert _latest(office.client, plan) == ["指标2", "指标3", "指标1"]


def test_a_busy_week_is_counted_up_to_the_limit(office, small_plan, monkeypatch):
    monkeypatch.setattr(overview, "COUNT_LIMIT", 3)
    _enter(small_plan.own.indicator, ["2021", "2022", "2023", "2024"])
    assert _entered(office.client, small_plan.plan) == "超过 3 条，其中最近 3 条：新录入数据 <strong>3</strong> 条"


@pytest.mark.django_db(transaction=True)  # threads with connections of their own see the data
def test_requests_arriving_together_after_a_change_count_once(office, small_plan, monkeypatch):
    """After a change every dashboard request misses 近7天变化 at the same moment: one counts,
    the others wait for its figures (counting the week of a 100,000-figure load took ~0.3 s,
    eight at once 2.6 s each)."""
    evaluation_cache.clear()
    _enter(small_plan.own.indicator, ["2023", "2024"])
    calls, seen = [], []
    count = overview._recent_figures

    def slow(*args, **kwargs):
        calls.append(1)
        time.sleep(0.3)
        return count(*args, **kwargs)

    monkeypatch.setattr(overview, "_recent_figures", slow)
    barrier = threading.Barrier(4)
    plan, since = small_plan.plan, overview.recent_since()
    version = data_version(plan.pk)

    def request():
        try:
            barrier.wait()
            figures = overview.recent_figures(plan=plan, user=office.user, since=since, version=version)
            seen.append(figures["counts"]["entered"])
        finally:
            connection.close()

    threads = [threading.Thread(target=request) for _ in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert len(calls) == 1
    assert seen == [2] * 4
