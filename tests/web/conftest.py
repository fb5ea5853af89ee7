"""Fixtures for the site's pages: the seed plan with demo data, a plan whose years move with
today (so a status test means the same in any year), and a factory that loads many small plans
quickly (bulk inserts) for the query-count bounds.

Users per role come from tests/conftest.py (office, reporter, other_reporter, leader, auditor,
anonymous); `small_plan` there has one article per unit arrangement (own, shared, other).
"""

from __future__ import annotations

import re
from datetime import date
from decimal import Decimal
from io import StringIO
from pathlib import Path
from types import SimpleNamespace

import pytest
from django.core.management import call_command
from django.utils import timezone

REPO = Path(__file__).resolve().parents[2]
SEED = REPO / "src" / "planwatch" / "sample_data" / "shizhong-2023-2025.txt"


def run(command: str, *args, **options) -> str:
    out = StringIO()
    call_command(command, *[str(a) for a in args], stdout=out, stderr=StringIO(), **options)
    return out.getvalue()


def inline_code(html: str) -> list[str]:
    """Inline <script> bodies and style= attributes: the CSP would refuse them, so none may exist."""
    scripts = re.findall(r"<script(?![^>]*\bsrc=)[^>]*>", html)
    styles = re.findall(r"<[^>]+\sstyle\s*=", html)
    return scripts + styles


@pytest.fixture
def seed(db):
    """The seed plan (shipped sample), with demo data up to today."""
    from planwatch.indicators.services import replace_demo_data
    from planwatch.plans.models import Plan

    run("import_plan", SEED, name="shizhong-2023")
    plan = Plan.objects.get(name="shizhong-2023")
    replace_demo_data(actor=None, plan=plan, as_of=timezone.localdate())
    return plan


@pytest.fixture
def gdp(small_plan):
    """small_plan's own article gets 地区生产总值 (≥ 1400亿元) due next year, based two years ago
    at 1000 and flat since — off track today, whatever year the tests run in."""
    from planwatch.indicators.models import Indicator, Target
    from planwatch.indicators.observations import enter_observation

    year = timezone.localdate().year
    plan = small_plan.plan
    plan.period_start, plan.period_end = year - 1, year + 1
    plan.save()
    indicator = Indicator.objects.create(
        plan=plan, article=small_plan.own.article, name="地区生产总值", measure_unit="亿元", position=9
    )
    Target.objects.create(indicator=indicator, value=1400, unit="亿元", basis="level", year=year + 1)
    for period in (year - 2, year - 1):
        enter_observation(
            actor=None, indicator=indicator, period=str(period), value=Decimal(1000), source="区统计局"
        )
    return SimpleNamespace(indicator=indicator, year=year, plan=plan)


def make_plans(count: int, units: list) -> list:
    """`count` small plans, each with 2 chapters, 4 articles (linked to `units`), 4 indicators with
    a target and 8 quarterly figures, and 2 milestones — in a handful of bulk inserts."""
    from planwatch.plans.models import Article, Chapter, Plan

    year = timezone.localdate().year
    plans = Plan.objects.bulk_create(
        [
            Plan(name=f"bulk-{n:03d}", title=f"批量计划{n}", period_start=year - 1, period_end=year + 1)
            for n in range(count)
        ]
    )
    chapters = Chapter.objects.bulk_create(
        [Chapter(plan=p, number=c, title=f"第{c}章") for p in plans for c in (1, 2)]
    )
    articles = Article.objects.bulk_create(
        [Article(plan=ch.plan, chapter=ch, number=ch.number * 10 + a, title=f"条目{a}", text="正文",
                 position=ch.number * 10 + a) for ch in chapters for a in (1, 2)]
    )  # fmt: skip
    _article_rows(articles, units, year)
    return plans


def _article_rows(articles: list, units: list, year: int) -> None:
    """Units, a milestone, an indicator with its target and eight quarters of figures."""
    from planwatch.indicators.models import Indicator, Observation, Target
    from planwatch.indicators.observations import period_key
    from planwatch.plans.models import Milestone
    from planwatch.progress.periods import parse_period
    from planwatch.units.models import ArticleUnit

    ArticleUnit.objects.bulk_create(
        [ArticleUnit(article=a, unit=u, role="lead" if i == 0 else "co", position=i)
         for a in articles for i, u in enumerate(units)]
    )  # fmt: skip
    Milestone.objects.bulk_create(
        [Milestone(article=a, text="完成任务", year=year + 1) for a in articles[::2]]
    )
    indicators = Indicator.objects.bulk_create(
        [Indicator(plan=a.plan, article=a, name=f"指标{a.number}", measure_unit="家", kind="stock",
                   frequency="quarter") for a in articles]
    )  # fmt: skip
    Target.objects.bulk_create(
        [Target(indicator=i, value=100, unit="家", basis="level", year=year + 1) for i in indicators]
    )
    now, periods = (
        timezone.now(),
        [parse_period(f"{y}Q{q}") for y in (year - 2, year - 1) for q in (1, 2, 3, 4)],
    )
    Observation.objects.bulk_create(
        [Observation(indicator=i, period=p.code, period_end=p.end, period_key=period_key(p), value=Decimal(50 + n),
                     entered_value=Decimal(50 + n), entered_unit="家", entered_at=now)
         for i in indicators for n, p in enumerate(periods)]
    )  # fmt: skip


@pytest.fixture
def many_plans(db, reporter_unit, other_unit):
    return make_plans(50, [reporter_unit, other_unit])


@pytest.fixture
def fresh_evaluations():
    """Empty the evaluation cache and the kept page parts, so a query count includes computing
    the statuses and building the page."""
    from planwatch.indicators import evaluation_cache
    from planwatch.web import page_parts

    evaluation_cache.clear()
    page_parts.clear()
    yield
    evaluation_cache.clear()
    page_parts.clear()


def today() -> date:
    return timezone.localdate()
