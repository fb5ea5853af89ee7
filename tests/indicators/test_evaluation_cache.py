"""Evaluations are never stale: every target judged on its own base year, merged and renamed
units gone from the results at once (command, page and API), the cache keyed on the data."""

from __future__ import annotations

import json
import threading
import time
from datetime import date
from decimal import Decimal
from io import StringIO

import pytest
from django.core.management import call_command

from planwatch.indicators import evaluation_cache
from planwatch.indicators.evaluation import evaluate_plan
from planwatch.indicators.models import Indicator, Kind, Target
from planwatch.indicators.observations import enter_observation
from planwatch.units.services import merge_units

pytestmark = pytest.mark.django_db

AS_OF = date(2024, 6, 30)


def test_two_targets_on_one_indicator_count_from_their_own_base_years(small_plan):
    """GDP 1000 (2020), 1210 (2022), 1331 (2023): 10% a year. Against ≥ 1600 in 2025:
    from 2020 the required growth is 1.6^(1/5) − 1 = 9.856%, ratio 10 / 9.856 = 1.0146;
    from 2022 it is (1600/1210)^(1/3) − 1 = 9.760%, ratio 1.0246."""
    gdp = Indicator.objects.create(
        plan=small_plan.plan, article=small_plan.own.article, name="地区生产总值", measure_unit="亿元",
        kind=Kind.STOCK,
    )  # fmt: skip
    old = Target.objects.create(indicator=gdp, value=1600, year=2025, base_year=2020, position=1)
    new = Target.objects.create(indicator=gdp, value=1600, year=2025, base_year=2022, position=2)
    for period, value in (("2020", 1000), ("2022", 1210), ("2023", 1331)):
        enter_observation(actor=None, indicator=gdp, period=period, value=Decimal(value))
    results = {r["target_id"]: r for r in evaluate_plan(plan=small_plan.plan, as_of=AS_OF)}
    assert results[old.pk]["base"]["year"] == 2020 and results[old.pk]["base"]["value"] == 1000
    assert results[new.pk]["base"]["year"] == 2022 and results[new.pk]["base"]["value"] == 1210
    assert results[old.pk]["ratio"] == pytest.approx(1.0146, abs=1e-4)
    assert results[new.pk]["ratio"] == pytest.approx(1.0246, abs=1e-4)


def _unit_names(results) -> set[str]:
    return {u["name"] for r in results for u in r["units"]} | {r["unit"] for r in results}


def test_after_a_merge_every_output_names_only_the_surviving_unit(
    office, small_plan, reporter_unit, other_unit
):
    """The other unit leads `shared` and `other`; merged into the reporter's unit, it is gone
    from the command's JSON, the API and the dashboard, although they were cached before."""
    gone, kept = other_unit.name, reporter_unit.name
    plan = small_plan.plan
    assert gone in _unit_names(evaluate_plan(plan=plan, as_of=AS_OF))
    office.client.get(f"/?plan={plan.pk}")  # cache what the page and the API read
    merge_units(actor=None, source=other_unit, target=reporter_unit)

    out = StringIO()
    call_command("evaluate", plan=plan.name, as_of=AS_OF.isoformat(), format="json", stdout=out)
    command = json.loads(out.getvalue())
    assert _unit_names(command) == {kept}
    api = office.client.get(f"/api/v1/plans/{plan.pk}/evaluation").json()
    assert _unit_names(api) == {kept}
    page = office.client.get(f"/?plan={plan.pk}").content.decode()
    assert gone not in page and kept in page


def test_a_rename_and_a_moved_link_are_seen_without_any_signal(small_plan, other_unit, reporter_unit):
    """Bulk updates send no signal: the data version (moved by the database) notices them."""
    from planwatch.units.models import ArticleUnit, Unit

    plan = small_plan.plan
    evaluate_plan(plan=plan, as_of=AS_OF)
    Unit.objects.filter(pk=other_unit.pk).update(name="区数据局")
    assert "区数据局" in _unit_names(evaluate_plan(plan=plan, as_of=AS_OF))
    ArticleUnit.objects.filter(unit=other_unit).update(role="co")
    shared = next(
        r for r in evaluate_plan(plan=plan, as_of=AS_OF) if r["article_id"] == small_plan.shared.article.pk
    )
    assert {u["role"] for u in shared["units"]} == {"co"}


def test_a_kept_result_is_a_copy_and_a_clear_drops_it(small_plan, django_assert_max_num_queries):
    plan = small_plan.plan
    first = evaluate_plan(plan=plan, as_of=AS_OF)
    first[0]["unit"] = "改动"
    with django_assert_max_num_queries(1):  # the data version: no recomputation
        again = evaluate_plan(plan=plan, as_of=AS_OF)
    assert again[0]["unit"] != "改动"
    evaluation_cache.clear()
    with django_assert_max_num_queries(40) as queries:
        evaluate_plan(plan=plan, as_of=AS_OF)
    assert len(queries.captured_queries) > 1  # computed again


def _compute_once(key, calls, seen, *, store_it=True):
    """What cached_results does around a miss, with a slow computation."""
    from planwatch.indicators.evaluation_cache import _only_one, _store

    kept = _store().get(key)
    if kept is None:
        with _only_one(key) as kept:
            if kept is None:
                calls.append(1)
                time.sleep(0.3)
                kept = ["result"]
                if store_it:
                    _store().set(key, kept, timeout=None)
    seen.append(kept)


def test_concurrent_misses_compute_once_and_all_get_the_result():
    from planwatch.indicators.evaluation_cache import clear

    clear()
    calls, seen = [], []
    threads = [threading.Thread(target=_compute_once, args=("k-once", calls, seen)) for _ in range(8)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert len(calls) == 1  # eight requests, one computation
    assert seen == [["result"]] * 8


def test_a_computation_that_keeps_nothing_frees_the_claim_for_the_next():
    from planwatch.indicators.evaluation_cache import clear

    clear()
    calls, seen = [], []
    first = threading.Thread(target=_compute_once, args=("k-lost", calls, seen), kwargs={"store_it": False})
    first.start()
    time.sleep(0.05)
    _compute_once("k-lost", calls, seen)  # waits, then computes itself: nothing was kept
    first.join()
    assert len(calls) == 2 and len(seen) == 2


def test_a_result_kept_between_a_miss_and_the_claim_is_taken_not_computed_again():
    """The request computing may keep its result and free the claim just after another one
    missed: that one must take the result, not compute a second time (a whole evaluation)."""
    from planwatch.indicators.evaluation_cache import _only_one, _store

    evaluation_cache.clear()
    assert _store().get("k-late") is None  # this request misses …
    _store().set("k-late", ["result"], timeout=None)  # … the other one keeps its result and leaves
    with _only_one("k-late") as kept:
        assert kept == ["result"]
    assert _store().add("k-late:computing", 1, timeout=5)  # the claim was given back


def test_computed_once_computes_once_for_requests_arriving_together():
    from planwatch.indicators.evaluation_cache import computed_once

    evaluation_cache.clear()
    calls, seen = [], []
    barrier = threading.Barrier(8)

    def compute():
        calls.append(1)
        time.sleep(0.3)
        return {"counts": 3}

    def request():
        barrier.wait()
        seen.append(computed_once("k-together", compute=compute, unchanged=lambda: True, timeout=60))

    threads = [threading.Thread(target=request) for _ in range(8)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert len(calls) == 1
    assert seen == [{"counts": 3}] * 8


def test_computed_once_keeps_nothing_when_the_data_moved_meanwhile():
    from planwatch.indicators.evaluation_cache import computed_once

    evaluation_cache.clear()
    calls = []

    def compute():
        calls.append(1)
        return len(calls)

    assert computed_once("k-moved", compute=compute, unchanged=lambda: False) == 1
    assert computed_once("k-moved", compute=compute, unchanged=lambda: True) == 2
    assert computed_once("k-moved", compute=compute, unchanged=lambda: True) == 2  # kept now
    assert len(calls) == 2
