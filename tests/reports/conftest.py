"""Report fixtures: a plan written by hand with figures and approved unit texts (`gdp_plan`), and
the seed plan with its demo data (`seed_demo`)."""

from __future__ import annotations

import io
from datetime import date
from decimal import Decimal
from types import SimpleNamespace

import docx
import pytest
from openpyxl import load_workbook

from tests.indicators.conftest import SEED, run


@pytest.fixture
def gdp_plan(small_plan, reporter_unit, other_unit):
    """small_plan (2023–2025) with figures typed here:
    own article: 地区生产总值 ≥1400亿元 in 2025, base 2022 = 1000, 2023 = 1000 (flat → behind),
    approved 2024Q2 progress text of the reporter's unit with its problems and next steps;
    other article: 指标3 ≥300 in 2025, no figures at all."""
    from planwatch.indicators.models import Indicator, Target
    from planwatch.indicators.observations import enter_observation
    from planwatch.reporting.models import ArticleReport, Status

    plan = small_plan.plan
    own = small_plan.own.article
    gdp = Indicator.objects.create(plan=plan, article=own, name="地区生产总值", measure_unit="亿元", position=9)
    Target.objects.create(indicator=gdp, value=1400, unit="亿元", basis="level", year=2025)
    for period, value in (("2022", "1000"), ("2023", "1000")):
        enter_observation(actor=None, indicator=gdp, period=period, value=Decimal(value), source="区统计局")
    ArticleReport.objects.create(
        article=own, unit=reporter_unit, period="2024Q2", period_key=202406, status=Status.APPROVED,
        progress="完成招商引资项目12个。签约总额35亿元。", problems="重大项目开工推迟，投资增长放缓。",
        next_steps="加快推进3个重大项目开工。",
    )  # fmt: skip
    ArticleReport.objects.create(  # not yet reviewed: never quoted
        article=small_plan.other.article, unit=other_unit, period="2024Q2", period_key=202406,
        status=Status.SUBMITTED, progress="尚未审核的进展文字。",
    )  # fmt: skip
    return SimpleNamespace(plan=plan, gdp=gdp, small=small_plan)


@pytest.fixture
def seed_demo(db):
    """The seed plan with demo data up to 2024-09-30 (what `planwatch demo` shows)."""
    from planwatch.indicators.services import replace_demo_data
    from planwatch.plans.models import Plan

    run("import_plan", SEED, name="shizhong-2023")
    plan = Plan.objects.get(name="shizhong-2023")
    replace_demo_data(actor=None, plan=plan, as_of=date(2024, 9, 30))
    return plan


def open_docx(data: bytes):
    return docx.Document(io.BytesIO(data))


def open_xlsx(data: bytes):
    return load_workbook(io.BytesIO(data))


def body_text(document) -> list[str]:
    return [p.text for p in document.paragraphs]
