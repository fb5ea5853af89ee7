"""Loading another unit's figures (对比单位数据) with `planwatch load-data FILE --entity NAME`:
checked like the plan's own file, stored apart from the plan's figures, all rows or none."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.core.management.base import CommandError

from .conftest import run

pytestmark = pytest.mark.django_db


def write(tmp_path, text: str, name: str = "lixia.csv"):
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def test_an_entity_file_becomes_comparison_figures_not_the_plans_own(small_plan, tmp_path):
    from planwatch.audit.models import AuditEvent
    from planwatch.indicators.models import ComparisonFigure, Observation

    plan = small_plan.plan
    small_plan.own.indicator.measure_unit = "万元"
    small_plan.own.indicator.save()
    path = write(tmp_path, "指标,期间,数值,单位\n指标1,2024,50,\n指标1,2025,0.6,亿元\n指标2,2024年第二季度,7,\n")
    out = run("load_data", path, plan=plan.name, entity=" 历下区 ")
    assert "已导入计划 small-plan对比单位 历下区 的数据：新增 3 条，更新 0 条，未变化 0 条" in out
    assert not Observation.objects.exists()
    figures = {(f.indicator.name, f.period): f.value for f in ComparisonFigure.objects.filter(entity="历下区")}
    # 0.6 亿元 in an indicator kept in 万元 is 6000: the same conversion as the plan's own figures
    assert figures == {("指标1", "2024"): Decimal(50), ("指标1", "2025"): Decimal(6000), ("指标2", "2024Q2"): Decimal(7)}
    again = run("load_data", path, plan=plan.name, entity="历下区")
    assert "新增 0 条，更新 0 条，未变化 3 条" in again
    assert AuditEvent.objects.filter(action="load_comparison").count() == 1
    run("load_data", write(tmp_path, "指标,期间,数值\n指标1,2024,55\n", "fix.csv"), plan=plan.name, entity="历下区")
    assert ComparisonFigure.objects.get(entity="历下区", period="2024").value == 55
    run("load_data", path, plan=plan.name, entity="历城区")
    assert ComparisonFigure.objects.filter(entity="历城区").count() == 3
    assert ComparisonFigure.objects.filter(entity="历下区").count() == 3


def test_a_bad_row_refuses_the_whole_entity_file(small_plan, tmp_path):
    from planwatch.indicators.models import ComparisonFigure

    path = write(tmp_path, "指标,期间,数值\n指标1,2024,50\n没有这个指标,2024,1\n指标2,2024,很多\n")
    with pytest.raises(CommandError) as caught:
        run("load_data", path, plan=small_plan.plan.name, entity="历下区")
    assert "第 3 行：未找到指标“没有这个指标”" in str(caught.value)
    assert "第 4 行：数值“很多”不是数字" in str(caught.value)
    assert not ComparisonFigure.objects.exists()


def test_an_empty_entity_name_is_refused_and_check_writes_nothing(small_plan, tmp_path):
    from planwatch.indicators.models import ComparisonFigure

    path = write(tmp_path, "指标,期间,数值\n指标1,2024,50\n")
    with pytest.raises(CommandError, match="对比单位名称不能为空"):
        run("load_data", path, plan=small_plan.plan.name, entity="  ")
    out = run("load_data", path, plan=small_plan.plan.name, entity="历下区", check=True)
    assert "检查通过：1 行数据" in out
    assert not ComparisonFigure.objects.exists()
