"""Ledger workbooks as offices keep them: a title row, a two-row header (年度计划投资（万元）
merged over its years, the other headers merged down), amounts in 亿元 or 万元."""

from __future__ import annotations

import io

import pytest

from tests.conftest import OTHER_UNIT, REPORTER_UNIT

HEAD = ["序号", "项目代码", "项目名称", "项目业主", "责任单位", "包保领导", "项目类别", "建设性质", "所在街道",
        "建设内容", "总投资（亿元）", None, None, "计划开工时间", "计划竣工时间", "项目阶段"]  # fmt: skip


def row(n: int, **changes) -> list:
    """Project n: in the reporter's unit when n is odd, the other unit's when even."""
    values = {
        "code": f"XM{n:04d}", "name": f"重点项目{n}号", "owner": f"建设公司{n}", "unit": REPORTER_UNIT if n % 2 else OTHER_UNIT,
        "leader": "张三" if n % 3 else "李四", "category": "产业" if n % 2 else "民生", "kind": "续建",
        "street": "大观园街道", "content": "厂房及配套", "total": "10.3", "y2024": 20000, "y2025": 30000,
        "start": "2023年3月", "finish": "2025年12月", "stage": "在建",
    }  # fmt: skip
    values.update(changes)
    return [n, *values.values()]


def workbook(rows: list[list]) -> bytes:
    from openpyxl import Workbook

    wb = Workbook()
    ws = wb.active
    ws.append(["市中区三年计划重点项目台账"])
    ws.merge_cells("A1:P1")
    ws.append([*HEAD[:11], "年度计划投资（万元）", None, *HEAD[13:]])
    ws.append([None] * 11 + ["2024年", "2025年"] + [None] * 3)
    for col in "ABCDEFGHIJKNOP":
        ws.merge_cells(f"{col}2:{col}3")
    ws.merge_cells("L2:M2")
    for values in rows:
        ws.append(values)
    buffer = io.BytesIO()
    wb.save(buffer)
    return buffer.getvalue()


def ledger_bytes(count: int, **changed_rows) -> bytes:
    """`count` projects; changed_rows maps 'r5' → {field: value} for row 5."""
    return workbook([row(n, **changed_rows.get(f"r{n}", {})) for n in range(1, count + 1)])


@pytest.fixture
def categories(db):
    """The migration's categories (a transactional test's flush removes seeded rows)."""
    from planwatch.projects.migrations import CATEGORIES
    from planwatch.projects.models import Category

    return [Category.objects.get_or_create(name=name, defaults={"position": i})[0] for i, name in enumerate(CATEGORIES)]


def import_file(plan, data: bytes, *, apply: bool = False):
    from django.db import transaction

    from planwatch.projects.importing import import_ledger

    with transaction.atomic():
        return import_ledger(actor=None, plan=plan, name="台账.xlsx", data=data, apply=apply)
