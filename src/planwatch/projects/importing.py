"""`planwatch import-projects FILE.xlsx --plan P [--apply]` and the office's upload: a ledger
stored whole or not at all. The first import of a plan's ledger stores every row; a re-import
matches rows by 项目编号 and first shows the differences (like a plan revision) — applied only
when asked, in the caller's transaction: new projects through the workflow's `create_all`, a
changed stage through its `to_<stage>` step, other changed fields as an `update` history row and
audit event each. Projects missing from the file are named and kept (never deleted by an import).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal

from planwatch.audit.services import audit_event
from planwatch.indicators.models import Target
from planwatch.indicators.observations import actor_user
from planwatch.reporting.services.lifecycle import actor_name
from planwatch.tasks.importing import _article_finder, _unit_finder
from planwatch.tasks.table import TableError, read_table

from .ledger import LABELS, LedgerRow, Lookups, parse_ledger
from .lifecycle import PROJECT_FLOW
from .models import Category, Kind, Project, ProjectEvent, Stage, YearPlan

__all__ = ["ImportResult", "TableError", "import_ledger"]
_FIELDS = ("name", "owner", "unit", "leader", "category", "kind", "street", "address", "content", "total",
           "start", "finish", "stage", "articles", "targets")  # fmt: skip
_MODEL_FIELDS = {"total": "total_investment", "start": "start_on", "finish": "finish_on"}


@dataclass
class Change:
    code: str
    name: str
    fields: list[tuple[str, str, str]]  # (column, old, new)

    def text(self) -> str:
        parts = "；".join(f"{column}：{old or '（空）'} → {new or '（空）'}" for column, old, new in self.fields)
        return f"{self.code} {self.name}：{parts}"


@dataclass
class ImportResult:
    created: list[str] = field(default_factory=list)  # codes
    changes: list[Change] = field(default_factory=list)
    missing: list[str] = field(default_factory=list)  # codes stored but not in the file
    unchanged: int = 0
    applied: bool = False

    def lines(self) -> list[str]:
        out = [f"新增项目 {len(self.created)} 个" + (f"：{'、'.join(self.created[:20])}" if self.created else "")]
        out.append(f"有变化的项目 {len(self.changes)} 个" + ("：" if self.changes else ""))
        out += [f"  {c.text()}" for c in self.changes]
        out.append(f"无变化的项目 {self.unchanged} 个")
        if self.missing:
            out.append(f"表中没有、系统中保留的项目 {len(self.missing)} 个：{'、'.join(self.missing[:20])}")
        return out


def _lookups(plan) -> Lookups:
    categories = {c.name: c for c in Category.objects.all()}
    find_article = _article_finder(plan)
    by_indicator: dict[str, list] = {}
    for target in Target.objects.filter(indicator__plan=plan).select_related("indicator"):
        by_indicator.setdefault(target.indicator.name, []).append(target)
    return Lookups(unit=_unit_finder(), category=categories.get, article=lambda cell: find_article(cell, ""),
                   targets=by_indicator.get)  # fmt: skip


def _money(value: Decimal | None) -> str:
    return "" if value is None else f"{value:.2f}"


def _shown(kind: str, value) -> str:
    if value is None or value == "":
        return ""
    if kind == "kind":
        return Kind(value).label
    if kind == "stage":
        return Stage(value).label
    if kind in ("unit", "category"):
        return value.name
    if kind == "total":
        return _money(value)
    if kind in ("start", "finish"):
        return value.isoformat()
    if kind == "articles":
        return "、".join(sorted(a.label or str(a.number) for a in value))
    if kind == "targets":
        return "、".join(sorted({t.indicator.name for t in value}))
    return str(value)


def _row_view(row: LedgerRow) -> dict[str, str]:
    view = {LABELS[f]: _shown(f, getattr(row, f)) for f in _FIELDS}
    view.update({f"{y}年计划投资": _money(a) for y, a in row.years.items()})
    return view


def _project_view(project: Project) -> dict[str, str]:
    view = {LABELS[f]: _shown(f, getattr(project, _MODEL_FIELDS.get(f, f))) for f in _FIELDS if f not in
            ("articles", "targets")}  # fmt: skip
    view[LABELS["articles"]] = _shown("articles", project.articles.all())
    view[LABELS["targets"]] = _shown("targets", project.targets.all())
    view.update({f"{p.year}年计划投资": _money(p.amount) for p in project.year_plans.all()})
    return view


def _diff(project: Project, row: LedgerRow) -> list[tuple[str, str, str]]:
    old, new = _project_view(project), _row_view(row)
    return [(k, old.get(k, ""), new.get(k, "")) for k in dict.fromkeys([*new, *old]) if old.get(k, "") != new.get(k, "")]


def import_ledger(*, actor, plan, name: str, data: bytes, apply: bool = False, is_demo: bool = False) -> ImportResult:
    """Read the ledger; store it (first import, or `apply`), or only report the differences.
    TableError names every bad row and column; nothing is stored then."""
    rows = parse_ledger(read_table(name, data), _lookups(plan))
    stored = {p.code: p for p in Project.objects.filter(plan=plan).select_related("unit", "category")
              .prefetch_related("year_plans", "articles", "targets__indicator")}  # fmt: skip
    result = ImportResult(missing=[code for code in stored if code not in {r.code for r in rows}])
    new_rows, changed = [], []
    for row in rows:
        project = stored.get(row.code)
        if project is None:
            new_rows.append(row)
            result.created.append(row.code)
        elif fields := _diff(project, row):
            changed.append((project, row))
            result.changes.append(Change(row.code, row.name, fields))
        else:
            result.unchanged += 1
    if stored and not apply:
        return result
    create_projects(actor=actor, plan=plan, rows=new_rows, is_demo=is_demo, start=len(stored))
    for project, row in changed:
        _update(actor, project, row, next(c for c in result.changes if c.code == row.code))
    result.applied = True
    return result


def _fill(project: Project, row: LedgerRow) -> None:
    project.name, project.owner, project.unit, project.leader = row.name, row.owner, row.unit, row.leader
    project.category, project.kind, project.street, project.address = row.category, row.kind, row.street, row.address
    project.content, project.total_investment = row.content, row.total
    project.start_on, project.finish_on = row.start, row.finish


def create_projects(*, actor, plan, rows: list[LedgerRow], is_demo: bool = False, start: int = 0) -> None:
    """New projects, grouped by the stage they arrive in (one creating transition per stage):
    a handful of statements for any number of rows."""
    made: list[tuple[Project, LedgerRow]] = []
    for stage in Stage.values:
        group = [r for r in rows if r.stage == stage]
        if not group:
            continue
        objs = []
        for row in group:
            project = Project(plan=plan, code=row.code, is_demo=is_demo, position=start + row.line)
            _fill(project, row)
            objs.append(project)
        created = PROJECT_FLOW.create_all(f"import_{stage}", actor=actor, objs=objs, reason="导入重点项目台账")
        made += zip(created, group, strict=True)
    _children(made)


def _children(pairs: list[tuple[Project, LedgerRow]]) -> None:
    YearPlan.objects.bulk_create(
        [YearPlan(project=p, year=y, amount=a) for p, row in pairs for y, a in row.years.items()]
    )
    Project.articles.through.objects.bulk_create(
        [Project.articles.through(project_id=p.pk, article_id=a.pk) for p, row in pairs for a in set(row.articles)]
    )
    Project.targets.through.objects.bulk_create(
        [Project.targets.through(project_id=p.pk, target_id=t.pk) for p, row in pairs for t in set(row.targets)]
    )


def _update(actor, project: Project, row: LedgerRow, change: Change) -> None:
    """One changed ledger row: its fields (an `update` step), then its stage if that changed."""
    fields = [f for f in change.fields if f[0] != LABELS["stage"]]
    if fields:
        _fill(project, row)
        project.save()
        project.year_plans.all().delete()
        project.articles.clear()
        project.targets.clear()
        _children([(project, row)])
        details = {column: {"old": old, "new": new} for column, old, new in fields}
        ProjectEvent.objects.create(project=project, action="update", label="台账更新", old_state=project.stage,
                                    new_state=project.stage, actor=actor_user(actor), actor_name=actor_name(actor)[:150],
                                    reason="重新导入重点项目台账", details=details)  # fmt: skip
        audit_event(actor=actor, action="project.update", obj=project, after=details, reason="重新导入重点项目台账").save()
    if row.stage != project.stage:
        PROJECT_FLOW.run(f"to_{row.stage}", actor=actor, obj=project, reason="重新导入重点项目台账")
