"""Fixtures for indicator data: a small plan built row by row, the seed plan, file writers.

`data_plan` (2023–2025) has, in three articles: 地区生产总值 (gdp, 亿元, level ≥ 1400),
新增高新技术企业 (家, annual ≥ 50), 新增“专精特新”中小企业 (家, annual ≥ 10), 普惠园覆盖率 (%),
新增学位 (万人, cumulative 2.4), 能源消费总量 (energy, 万吨标准煤, no target) and the derived
单位GDP能耗 = energy / gdp (吨标准煤/万元: 万吨 ÷ 亿元 is exactly 吨 per 万元).
"""

from __future__ import annotations

import csv
import functools
from io import StringIO
from pathlib import Path
from types import SimpleNamespace

import pytest
from django.core.management import call_command

REPO = Path(__file__).resolve().parents[2]
SEED = REPO.parent / "shared" / "plans" / "shizhong-2023-2025.txt"
HEADER = ["indicator", "period", "value", "unit", "source", "note"]


def run(command: str, *args, **options) -> str:
    """Run a management command as `planwatch` would; returns what it printed."""
    out = StringIO()
    call_command(command, *[str(a) for a in args], stdout=out, stderr=StringIO(), **options)
    return out.getvalue()


def write_csv(path: Path, rows, header=HEADER, encoding: str = "utf-8") -> Path:
    with path.open("w", encoding=encoding, newline="") as fh:
        writer = csv.writer(fh)
        if header:
            writer.writerow(header)
        writer.writerows(rows)
    return path


def write_xlsx(path: Path, rows, header=HEADER, title: str | None = None) -> Path:
    from openpyxl import Workbook

    book = Workbook()
    sheet = book.active
    if title:
        sheet.append([title])
    sheet.append(header)
    for row in rows:
        sheet.append(list(row))
    book.save(path)
    return path


def _add(rows, arts, key, article, name, unit, kind, target=None, **kw):
    from planwatch.indicators.models import Indicator, Target

    plan = rows.plan
    position = Indicator.objects.filter(plan=plan).count()
    ind = Indicator.objects.create(
        plan=plan, article=arts[article], name=name, measure_unit=unit, kind=kind, position=position, **kw
    )
    if target:
        Target.objects.create(indicator=ind, unit=unit, **target)
    setattr(rows, key, ind)


def make_plan(name: str = "data-plan"):
    from planwatch.indicators.models import Kind
    from planwatch.plans.models import Article, Plan

    plan = Plan.objects.create(name=name, title="测试行动计划", period_start=2023, period_end=2025)
    arts = {
        n: Article.objects.create(plan=plan, number=n, label=label, title=f"条目{n}", position=n)
        for n, label in ((2, "（二）"), (10, "（十）"), (40, "（四十）"))
    }
    rows = SimpleNamespace(plan=plan)
    add = functools.partial(_add, rows, arts)
    add(
        "gdp",
        2,
        "地区生产总值",
        "亿元",
        Kind.STOCK,
        {"value": 1400, "basis": "level", "year": 2025},
        code="gdp",
    )
    add(
        "hightech",
        10,
        "新增高新技术企业",
        "家",
        Kind.FLOW,
        {"value": 50, "basis": "annual"},
        frequency="quarter",
    )
    add("zhuanjing", 10, "新增“专精特新”中小企业", "家", Kind.FLOW, {"value": 10, "basis": "annual"})
    add("rate", 40, "普惠园覆盖率", "%", Kind.STOCK, {"value": 93, "basis": "level", "year": 2025})
    add("seats", 40, "新增学位", "万人", Kind.FLOW, {"value": 2.4, "basis": "cumulative", "year": 2025})
    add("energy", 2, "能源消费总量", "万吨标准煤", Kind.FLOW, code="energy")
    add("intensity", 2, "单位GDP能耗", "吨标准煤/万元", Kind.STOCK, formula="energy / gdp")
    return rows


@pytest.fixture
def data_plan(db) -> SimpleNamespace:
    return make_plan()


@pytest.fixture
def seed_plan(db):
    from planwatch.plans.models import Plan

    if not SEED.exists():
        pytest.fail(f"seed plan missing: {SEED} (../shared must sit beside the repository)")
    run("import_plan", SEED, name="shizhong-2023")
    return Plan.objects.get(name="shizhong-2023")
