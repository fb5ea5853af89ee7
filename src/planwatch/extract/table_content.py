"""What the tables of a plan add to its extraction, once the articles are known.

A table inside an article (its placeholder among the article's lines) gives that article its
targets (indicator table) or its tasks' units and targets (task table). A table outside every
article — an annex after the body, or a table before the first chapter — gives a plan-level
article of its own for its indicators, and tasks without an article. A document that is only a
task table gives one article per row.
"""

from __future__ import annotations

from .milestones import extract_milestones
from .model import Article, PlanDocument, Target
from .tables import Table, indicator_targets, kind_of, task_rows
from .targets import extract_targets


def attach_tables(doc: PlanDocument, tables: list[Table], placement: dict[int, int], *, end_year) -> None:
    """Put each table's content where it stood: `placement` maps a table to its article's index."""
    annex_targets: list[Target] = []
    captions = []
    for i, table in enumerate(tables):
        kind, header, cols = kind_of(table)
        article = doc.articles[placement[i]] if i in placement else None
        if kind == "indicator":
            targets = indicator_targets(table, header, cols, end_year=end_year)
            if article is not None:
                article.targets += targets
            else:
                annex_targets += targets
                captions.append(table.caption)
        elif kind == "task":
            tasks = task_rows(table, header, cols, end_year=end_year)
            for task in tasks:
                task.article = article.number if article is not None else None
                if article is not None:
                    article.units = _merge(article.units, task.units)
                    article.targets += extract_targets(task.text, end_year=end_year)
            doc.tasks += tasks
    if annex_targets:
        doc.articles.append(_annex_article(doc, annex_targets, next((c for c in captions if c), "")))


def _annex_article(doc: PlanDocument, targets: list[Target], caption: str) -> Article:
    """The indicators of a table outside the body, as one article after the last one."""
    number = max((a.number for a in doc.articles), default=0) + 1
    title = caption.split("：")[-1].split(":")[-1].strip() or "主要指标"
    return Article(number=number, label="", chapter=None, title=title, text="", targets=targets)


def _merge(names: list[str], more: list[str]) -> list[str]:
    return list(dict.fromkeys(names + more))


def rows_as_articles(doc: PlanDocument, tables: list[Table], *, end_year) -> bool:
    """A document that is only a task table (with perhaps an indicator table): one article per
    task row, numbered by its 序号; False when there is no task table to read."""
    found = False
    for table in tables:
        kind, header, cols = kind_of(table)
        if kind != "task":
            continue
        found = True
        for task in task_rows(table, header, cols, end_year=end_year):
            number = len(doc.articles) + 1
            doc.articles.append(_task_article(task, number, end_year))
            task.article = number
            doc.tasks.append(task)
    if found:
        attach_tables(doc, [t for t in tables if kind_of(t)[0] == "indicator"], {}, end_year=end_year)
    return found


def _task_article(task, number: int, end_year) -> Article:
    head, sep, rest = task.text.partition("。")
    title = head if sep and len(head) <= 30 else (task.text if len(task.text) <= 30 else "")
    milestones = extract_milestones(task.text, end_year=end_year)
    return Article(
        number=number,
        label=str(task.number),
        chapter=None,
        title=title.rstrip("。"),
        text=task.text,
        units=list(task.units),
        lead_units=list(task.lead_units),
        targets=extract_targets(task.text, end_year=end_year),
        milestones=milestones,
    )
