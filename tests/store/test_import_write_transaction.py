"""A new plan is read and built before the write transaction, then written in a few bulk INSERTs
(issue 11: a large import held SQLite's write lock for seconds). bench/bench_import_lock.py
measures the lock itself; these tests keep the shape that makes it short."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from planwatch.extract import model as doc
from planwatch.plans.errors import StoreError
from planwatch.plans.models import Plan
from planwatch.plans.services import import_plan, plan_to_document, prepare_import
from planwatch.units.models import ArticleUnit, Unit
from planwatch.units.services import resolve_unit

from .test_import_plan import snapshot

pytestmark = pytest.mark.django_db


def _plan(articles: int) -> doc.PlanDocument:
    """`articles` articles, each with two units (one new, one registered in the test), a lead,
    two targets of one indicator and a milestone."""
    return doc.PlanDocument(
        title="某区测试行动计划",
        period=doc.Period(2024, 2026),
        chapters=[doc.Chapter(1, "重点任务")],
        sections=[doc.Section(1, 1, "产业发展")],
        articles=[
            doc.Article(
                n, f"（{n}）", 1, f"任务{n}", f"推进第{n}项工作。", section=1,
                units=[f"区第{n}局", "区发改局"], lead_units=[f"区第{n}局"],
                targets=[doc.Target(f"指标{n}", 10 * n, "个", year=2026), doc.Target(f"指标{n}", n, "个", year=2025)],
                milestones=[doc.Milestone(f"完成第{n}项", 2025)],
            )  # fmt: skip
            for n in range(1, articles + 1)
        ],
    )


def _write_queries(document: doc.PlanDocument, name: str) -> int:
    prepared = prepare_import(document=document, name=name, source_name=f"{name}.txt")
    with CaptureQueriesContext(connection) as queries:
        import_plan(document=document, name=name, source_name=f"{name}.txt", prepared=prepared)
    return len([q for q in queries.captured_queries if not q["sql"].startswith(("SAVEPOINT", "RELEASE"))])


def test_writing_a_new_plan_takes_as_many_queries_for_2_articles_as_for_20():
    resolve_unit("区发展改革局")
    small, large = _write_queries(_plan(2), "small"), _write_queries(_plan(20), "large")
    assert small == large
    assert small <= 25  # a query per table and a few checks, not one per article (larger plans:
    # a few more INSERTs, as SQLite takes at most 999 parameters in one)
    assert Plan.objects.get(name="large").articles.count() == 20


def test_preparing_writes_nothing_and_the_plan_round_trips():
    resolve_unit("区发展改革局")
    document = _plan(3)
    before = snapshot()
    prepared = prepare_import(document=document, name="p", source_name="p.txt")
    assert snapshot() == before
    result = import_plan(document=document, name="p", source_name="p.txt", prepared=prepared)
    assert result.status == "created"
    assert sorted(result.units_created) == ["区第1局", "区第2局", "区第3局"]
    assert plan_to_document(result.plan).to_dict() == document.to_dict()
    links = ArticleUnit.objects.filter(article__plan=result.plan, article__number=2).order_by("position")
    assert [(link.unit.name, link.role, link.written_as) for link in links] == [
        ("区第2局", "lead", "区第2局"), ("区发展改革局", "co", "区发改局")]  # fmt: skip


def test_a_unit_registered_between_reading_and_writing_is_used_not_registered_twice():
    document = _plan(1)
    prepared = prepare_import(document=document, name="p", source_name="p.txt")
    meanwhile = resolve_unit("区第1局")  # another import registered it in between
    result = import_plan(document=document, name="p", source_name="p.txt", prepared=prepared)
    assert Unit.objects.filter(name="区第1局").count() == 1
    assert result.units_created == ["区发改局"]
    assert ArticleUnit.objects.get(article__plan=result.plan, role="lead").unit == meanwhile


def test_a_plan_stored_under_the_name_between_reading_and_writing_is_compared_not_duplicated():
    document = _plan(1)
    prepared = prepare_import(document=document, name="p", source_name="p.txt")
    import_plan(document=document, name="p", source_name="p.txt")  # another import, done first
    again = import_plan(document=document, name="p", source_name="p.txt", prepared=prepared)
    assert again.status == "unchanged"
    assert Plan.objects.filter(name="p").count() == 1


def test_an_empty_unit_name_is_refused_before_anything_is_written():
    document = _plan(1)
    document.articles[0].units = ["区发改局", "　"]
    before = snapshot()
    with pytest.raises(StoreError, match="第1条的责任单位名称为空"):
        prepare_import(document=document, name="p", source_name="p.txt")
    assert snapshot() == before
