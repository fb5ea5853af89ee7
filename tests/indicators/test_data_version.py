"""The plan's data version moves with every change an evaluation reads — whatever writes it, the
ORM, a bulk UPDATE that sends no signal, a deletion — in the same transaction, and only for the
plan concerned; a rolled-back change leaves it where it was."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.db import transaction

from planwatch.indicators.models import BaseValue, Indicator, Observation, Target
from planwatch.indicators.observations import enter_observation
from planwatch.plans.models import Article, Chapter, Plan
from planwatch.plans.versions import data_version
from planwatch.units.models import ArticleUnit, Unit

pytestmark = pytest.mark.django_db


def _gdp(small_plan):
    return Indicator.objects.create(plan=small_plan.plan, article=small_plan.own.article, name="地区生产总值")


CHANGES = {
    "a figure entered": lambda p, i: enter_observation(actor=None, indicator=i, period="2024", value=Decimal(5)),
    "a figure changed in bulk": lambda p, i: Observation.objects.filter(indicator=i).update(value=Decimal(7)),
    "a figure deleted": lambda p, i: Observation.objects.filter(indicator=i).delete(),
    "a target changed": lambda p, i: Target.objects.filter(indicator=i).update(value=99),
    "an indicator renamed": lambda p, i: Indicator.objects.filter(pk=i.pk).update(name="新名称"),
    "a base value set": lambda p, i: BaseValue.objects.create(
        indicator=i, year=2022, value=1, entered_value=1, set_at="2024-01-01T00:00Z"
    ),
    "an article retitled": lambda p, i: Article.objects.filter(pk=i.article_id).update(title="新标题"),
    "a chapter renamed": lambda p, i: Chapter.objects.filter(plan=p).update(title="新章"),
    "the plan's years changed": lambda p, i: Plan.objects.filter(pk=p.pk).update(period_end=2030),
    "a link's role changed": lambda p, i: ArticleUnit.objects.filter(article_id=i.article_id).update(role="co"),
    "a link removed": lambda p, i: ArticleUnit.objects.filter(article_id=i.article_id).delete(),
    "a unit renamed": lambda p, i: Unit.objects.filter(article_links__article_id=i.article_id).update(
        name="改名单位"
    ),
}


@pytest.mark.parametrize("change", list(CHANGES))
def test_every_change_moves_its_plans_version_and_no_other(small_plan, change):
    plan = small_plan.plan
    gdp = _gdp(small_plan)
    Target.objects.create(indicator=gdp, value=100, year=2025)
    enter_observation(actor=None, indicator=gdp, period="2023", value=Decimal(3))
    other = Plan.objects.create(name="other-plan", title="另一个计划")
    before, other_before = data_version(plan.pk), data_version(other.pk)
    assert before is not None and other_before is not None
    CHANGES[change](plan, gdp)
    assert data_version(plan.pk) != before
    assert data_version(other.pk) == other_before


def test_reading_does_not_move_it_and_a_rolled_back_change_leaves_it(small_plan):
    plan = small_plan.plan
    gdp = _gdp(small_plan)
    before = data_version(plan.pk)
    list(Observation.objects.filter(indicator=gdp))
    assert data_version(plan.pk) == before
    with pytest.raises(RuntimeError), transaction.atomic():
        enter_observation(actor=None, indicator=gdp, period="2023", value=Decimal(3))
        assert data_version(plan.pk) != before  # seen inside the writing transaction
        raise RuntimeError("回滚")
    assert data_version(plan.pk) == before


def test_a_deleted_plan_has_no_version_and_its_deletion_fails_nothing(small_plan):
    plan = small_plan.plan
    enter_observation(actor=None, indicator=_gdp(small_plan), period="2023", value=Decimal(3))
    pk = plan.pk
    plan.delete()
    assert data_version(pk) is None


def _months(indicator, count: int, value: int) -> list:
    from planwatch.indicators.observations import ObservationInput
    from planwatch.progress.periods import parse_period

    return [
        ObservationInput(indicator_id=indicator.pk, period=parse_period(f"{2000 + n // 12}-{n % 12 + 1:02d}"),
                         value=Decimal(value), entered_value=Decimal(value))
        for n in range(count)
    ]  # fmt: skip


def _observation_triggers() -> set[str]:
    """The data-version triggers on the observation table, as the database has them."""
    from django.db import connection

    if connection.vendor == "sqlite":
        sql = "SELECT name FROM sqlite_master WHERE type = 'trigger' AND tbl_name = 'indicators_observation'"
    else:
        sql = "SELECT tgname FROM pg_trigger WHERE tgrelid = 'indicators_observation'::regclass AND NOT tgisinternal"
    with connection.cursor() as cursor:
        cursor.execute(sql)
        return {name for (name,) in cursor.fetchall() if name.startswith("pw_version_")}


OBSERVATION_TRIGGERS = {f"pw_version_indicators_observation_{e}" for e in ("insert", "update", "delete")}


def test_a_bulk_write_moves_its_plans_version_once_and_leaves_the_triggers_working(small_plan):
    """1,200 figures created, then 1,200 changed — each a statement over BULK_ROWS, written
    without the row triggers on SQLite (`stamped_once`): the plan's version still moves, no
    other plan's does, the triggers are back, and a single figure afterwards moves it again."""
    from planwatch.indicators.observations import write_observations

    plan, gdp = small_plan.plan, _gdp(small_plan)
    other = Plan.objects.create(name="other-plan", title="另一个计划")
    other_before = data_version(other.pk)
    assert _observation_triggers() == OBSERVATION_TRIGGERS
    for value, counts in ((1, (1200, 0)), (2, (0, 1200))):
        before = data_version(plan.pk)
        summary = write_observations(actor=None, rows=_months(gdp, 1200, value), reason="测试")
        assert (summary.created, summary.updated) == counts
        assert data_version(plan.pk) != before
        assert data_version(other.pk) == other_before
        assert _observation_triggers() == OBSERVATION_TRIGGERS
    before = data_version(plan.pk)
    enter_observation(actor=None, indicator=gdp, period="2024", value=Decimal(5))
    assert data_version(plan.pk) != before


def test_a_rolled_back_bulk_write_leaves_the_version_and_the_triggers(small_plan):
    from planwatch.indicators.observations import write_observations

    plan, gdp = small_plan.plan, _gdp(small_plan)
    before = data_version(plan.pk)
    with pytest.raises(RuntimeError), transaction.atomic():
        write_observations(actor=None, rows=_months(gdp, 1200, 1), reason="测试")
        raise RuntimeError("回滚")
    assert data_version(plan.pk) == before
    assert _observation_triggers() == OBSERVATION_TRIGGERS
    assert not Observation.objects.filter(indicator=gdp).exists()
    enter_observation(actor=None, indicator=gdp, period="2024", value=Decimal(5))
    assert data_version(plan.pk) != before


def test_a_bulk_write_that_fails_midway_keeps_the_triggers(small_plan):
    """A statement refused by the database inside the bulk write (a figure given twice, which
    only the unique constraint catches here) rolls back with its transaction, and the triggers
    dropped for it come back."""
    from django.db import IntegrityError

    from planwatch.indicators.observations import write_observations

    gdp = _gdp(small_plan)
    rows = _months(gdp, 1200, 1)
    rows.append(_months(gdp, 1, 2)[0])  # 2000-01 a second time
    with pytest.raises(IntegrityError), transaction.atomic():
        write_observations(actor=None, rows=rows, reason="测试")
    assert _observation_triggers() == OBSERVATION_TRIGGERS
    assert not Observation.objects.filter(indicator=gdp).exists()
