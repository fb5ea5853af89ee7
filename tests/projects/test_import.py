"""Importing the key-project ledger: all rows or none with every error by row and column, amounts
in their unit, a merged two-row header, re-import differences by code, timing, round trip."""

from __future__ import annotations

import time
from decimal import Decimal

import pytest

from planwatch.projects.importing import TableError

from .conftest import import_file, ledger_bytes, row, workbook

pytestmark = pytest.mark.django_db


def test_first_import_stores_every_row_with_amounts_in_wan(small_plan, categories):
    from planwatch.projects.models import Project, ProjectEvent

    result = import_file(small_plan.plan, ledger_bytes(3, r2={"total": "8000万元", "stage": "前期"}))
    assert result.applied and result.created == ["XM0001", "XM0002", "XM0003"]
    first = Project.objects.get(code="XM0001")
    assert first.total_investment == Decimal("103000.00")  # 10.3亿元
    assert first.unit.name == "区发展改革局" and first.leader == "张三" and first.category.name == "产业"
    assert first.start_on.isoformat() == "2023-03-31" and first.stage == "building"
    assert {y.year: y.amount for y in first.year_plans.all()} == {2024: Decimal(20000), 2025: Decimal(30000)}
    second = Project.objects.get(code="XM0002")
    assert second.total_investment == Decimal(8000) and second.stage == "preparing"
    assert ProjectEvent.objects.filter(action="import_building").count() == 2


def test_one_bad_row_imports_nothing_and_names_row_and_column(small_plan, categories):
    from planwatch.projects.models import Project

    data = ledger_bytes(5, r3={"total": "十亿"}, r4={"unit": "区不存在局"})
    with pytest.raises(TableError) as caught:
        import_file(small_plan.plan, data)
    assert caught.value.errors == [
        "第6行“总投资”列：“十亿”不是金额",
        "第7行“责任单位”列：未登记的单位“区不存在局”（请先在单位名录中登记或添加别名）",
    ]
    assert not Project.objects.exists()


def test_a_duplicate_code_is_refused(small_plan, categories):
    with pytest.raises(TableError) as caught:
        import_file(small_plan.plan, workbook([row(1), row(2, code="XM0001"), row(3, total="12")]))
    assert caught.value.errors == ["第5行“项目编号”列：编号“XM0001”与第4行重复"]


def test_reimport_shows_exactly_the_three_changed_rows_then_applies(small_plan, categories):
    from planwatch.projects.models import Project, ProjectEvent

    import_file(small_plan.plan, ledger_bytes(112))
    changed = ledger_bytes(112, r5={"total": "11"}, r40={"leader": "王五"}, r77={"stage": "竣工", "y2025": 1000})
    shown = import_file(small_plan.plan, changed)
    assert not shown.applied
    assert [c.text() for c in shown.changes] == [
        "XM0005 重点项目5号：总投资：103000.00 → 110000.00",
        "XM0040 重点项目40号：包挂领导：张三 → 王五",
        "XM0077 重点项目77号：项目阶段：在建 → 竣工；2025年计划投资：30000.00 → 1000.00",
    ]
    assert shown.created == [] and shown.unchanged == 109
    assert Project.objects.get(code="XM0005").total_investment == Decimal(103000)  # nothing stored yet
    applied = import_file(small_plan.plan, changed, apply=True)
    assert applied.applied
    assert Project.objects.get(code="XM0005").total_investment == Decimal(110000)
    p77 = Project.objects.get(code="XM0077")
    assert p77.stage == "completed" and p77.year_plans.get(year=2025).amount == Decimal(1000)
    assert list(p77.events.values_list("action", flat=True)) == ["import_building", "update", "to_completed"]
    assert ProjectEvent.objects.filter(action="update").count() == 3  # 5, 40 and 77's year plan
    again = import_file(small_plan.plan, changed)
    assert again.changes == [] and again.unchanged == 112


@pytest.mark.parametrize(("count", "limit"), [(112, 2.0), (2000, 10.0)])
def test_import_time(small_plan, categories, count, limit):
    from planwatch.projects.models import Project

    data = ledger_bytes(count)
    started = time.perf_counter()
    import_file(small_plan.plan, data)
    elapsed = time.perf_counter() - started
    assert Project.objects.filter(plan=small_plan.plan).count() == count
    print(f"import of {count} rows: {elapsed:.2f} s")
    assert elapsed < limit, f"{count} rows took {elapsed:.2f} s"


def test_export_imports_back_unchanged(small_plan, categories):
    from datetime import date

    from openpyxl import load_workbook

    from planwatch.projects.services import export_ledger

    import_file(small_plan.plan, ledger_bytes(6, r2={"total": "8000万元"}))
    data, count = export_ledger(plan=small_plan.plan, year=2024, today=date(2024, 6, 30))
    assert count == 6
    sheet = load_workbook(__import__("io").BytesIO(data)).active
    assert sheet.freeze_panes == "D4"
    assert sheet["C10"].value == "合计" and sheet["L10"].value == 6 * 103000 - 103000 + 8000
    again = import_file(small_plan.plan, data)
    assert again.changes == [] and again.unchanged == 6
