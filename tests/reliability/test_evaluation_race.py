"""Evaluations on a real multi-threaded server while the data change: never a mix of two states,
never an older state after a newer one, the final state at the end. The writer renames a unit to
单位n and enters 100 + n as its article's 2023 figure (before the first, the 2022 base alone shows no latest figure) in one transaction, 12 times; three clients read the
plan's evaluation from the API meanwhile (waitress threads share the process's cache). On SQLite
(file) or PostgreSQL, whichever the run uses (live_site.py)."""

from __future__ import annotations

import threading

import pytest

from .live_site import run_site

pytestmark = pytest.mark.slow

SEED = """
from decimal import Decimal
from django.contrib.auth import get_user_model
from planwatch.accounts.models import Profile
from planwatch.accounts.services import issue_token
from planwatch.indicators.models import Indicator, Target
from planwatch.indicators.observations import enter_observation
from planwatch.plans.models import Article, Plan
from planwatch.units.models import ArticleUnit
from planwatch.units.services import resolve_unit

plan = Plan.objects.create(name="cache-race", title="缓存测试计划", period_start=2023, period_end=2025)
chapter = plan.chapters.create(number=1, title="重点任务")
article = Article.objects.create(plan=plan, chapter=chapter, number=1, title="条目1", position=1)
unit = resolve_unit("单位0")
ArticleUnit.objects.create(article=article, unit=unit, role="lead", position=0)
indicator = Indicator.objects.create(plan=plan, article=article, name="指标1")
Target.objects.create(indicator=indicator, value=200, year=2025)
enter_observation(actor=None, indicator=indicator, period="2022", value=Decimal(100))
office = get_user_model().objects.create_user(username="cache-office")
Profile.objects.create(user=office, role="office")
_, token = issue_token(actor="test", user=office)
result = {"plan": plan.pk, "unit": unit.pk, "indicator": indicator.pk, "token": token}
"""

WRITE = """
import time
from decimal import Decimal
from django.db import transaction
from planwatch.indicators.models import Indicator
from planwatch.indicators.observations import enter_observation
from planwatch.units.models import Unit

for n in range(1, 13):
    time.sleep(0.2)  # let the readers see each state
    with transaction.atomic():
        unit = Unit.objects.get(pk={unit})
        unit.name = f"单位{{n}}"
        unit.save()
        indicator = Indicator.objects.get(pk={indicator})
        enter_observation(actor=None, indicator=indicator, period="2023", value=Decimal(100 + n))
result = n
"""


@pytest.fixture(scope="module")
def site(tmp_path_factory):
    yield from run_site(tmp_path_factory.mktemp("cache-site"))


def test_readers_never_see_a_stale_or_mixed_evaluation(site):
    made = site.python(SEED)
    path = f"/api/v1/plans/{made['plan']}/evaluation?as_of=2024-06-30"
    done, seen, errors = threading.Event(), [[] for _ in range(3)], []

    def state() -> tuple[int, float | None]:
        answer = site.request("GET", path, token=made["token"])
        assert answer.status == 200, answer.body
        (row,) = answer.body
        return int(row["unit"].removeprefix("单位")), (row["latest"] or {}).get("value")

    def read(mine: list) -> None:
        try:
            while not done.is_set():
                mine.append(state())
            mine.append(state())
        except Exception as exc:  # reported by the test, not lost in the thread
            errors.append(exc)

    readers = [threading.Thread(target=read, args=(mine,)) for mine in seen]
    for reader in readers:
        reader.start()
    try:
        assert site.python(WRITE.format(unit=made["unit"], indicator=made["indicator"])) == 12
    finally:
        done.set()
        for reader in readers:
            reader.join(timeout=120)
    assert not errors
    for mine in seen:
        assert all(value == (100 + n if n else None) for n, value in mine), f"a mixed result: {mine}"
        numbers = [n for n, _ in mine]
        assert numbers == sorted(numbers), f"an older state after a newer one: {numbers}"
        assert numbers[-1] == 12
