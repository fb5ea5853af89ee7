"""`planwatch tasks import FILE --plan P` and the office's upload: a 任务分解表 stored whole or
not at all. Reading and checking is table.py (every error with its row and column); here the
units are matched against the registry (aliases included, nothing registered on the way) and
the rows' articles against the plan, then every task is written through the workflow (an
`import` step each, with its history row and audit event; `Workflow.create_all` stores the lot in
a few statements) in the caller's transaction."""

from __future__ import annotations

import re

from planwatch.units.models import Unit, UnitAlias
from planwatch.units.names import canonical_key

from .lifecycle import TASK_FLOW
from .models import Task, TaskOrigin
from .table import TableError, parse_rows, read_table

__all__ = ["TableError", "import_task_table"]


def _unit_finder():
    by_key = {u.key: u for u in Unit.objects.all()}
    for alias in UnitAlias.objects.select_related("unit"):
        by_key.setdefault(alias.key, alias.unit)
    return lambda name: by_key.get(canonical_key(name))


def _article_finder(plan):
    """A row's article: by its 条目 cell (（三）, 3, or the title), else by the 重点任务 text
    against the titles (equal, or one containing the other when only one article fits)."""
    articles = list(plan.articles.order_by("position"))
    by_label = {a.label: a for a in articles if a.label}
    by_number = {str(a.number): a for a in articles}
    by_title = {a.title: a for a in articles if a.title}

    def find(article_cell: str, key_task: str):
        cell = article_cell.strip()
        if cell:
            number = re.sub(r"^第|条$", "", cell)
            found = by_label.get(cell) or by_number.get(number) or by_title.get(cell)
            return found or by_label.get(f"（{number}）")
        key = key_task.strip().rstrip("。")
        if key in by_title:
            return by_title[key]
        close = [a for a in articles if a.title and (a.title in key or key in a.title)]
        return close[0] if len(close) == 1 else None

    return find


def import_task_table(*, actor, plan, name: str, data: bytes) -> list[Task]:
    """All rows as active tasks of `plan`, or TableError naming every bad row and column."""
    rows = parse_rows(read_table(name, data), find_unit=_unit_finder(), find_article=_article_finder(plan))
    tasks = [
        Task(plan=plan, article=row.article, text=row.text, lead_unit=row.lead, due_on=row.due,
             due_kind=row.due_kind, deliverable=row.deliverable[:200], kind=row.kind,
             origin=TaskOrigin.TABLE, position=1000 + position, source=f"{name} 第{row.line}行")
        for position, row in enumerate(rows)
    ]  # fmt: skip
    created = TASK_FLOW.create_all("import", actor=actor, objs=tasks)  # a handful of statements in all
    links = [Task.co_units.through(task_id=task.pk, unit_id=unit.pk)
             for task, row in zip(created, rows, strict=True) for unit in row.co]  # fmt: skip
    Task.co_units.through.objects.bulk_create(links)
    return created
