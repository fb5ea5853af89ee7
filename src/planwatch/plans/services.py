"""The plan store's entry points: import (new plan, no-op, or revision), export, lookups.

Commands and the admin call these and never write models themselves; each caller owns the
transaction (`transaction.atomic` in the command), so an import is all or nothing — its audit
event included.
"""

from __future__ import annotations

import hashlib
import json
import re
from dataclasses import dataclass, field
from pathlib import Path

from django.core.exceptions import ValidationError
from django.core.validators import validate_unicode_slug
from django.db.models import Count

from planwatch.audit.models import AuditAction
from planwatch.audit.services import audited_delete, audited_save, record
from planwatch.extract.model import PlanDocument
from planwatch.indicators.models import Indicator, Target
from planwatch.params import parse_id
from planwatch.units.models import ArticleUnit
from planwatch.units.services import UnitResolver

from .bulk import NewPlanRows, build_new_plan, write_new_plan
from .diff import PlanDiff, diff_plans, summary
from .errors import StoreError
from .models import Plan
from .store import apply_revision, load_plan, plan_fields

__all__ = [
    "ImportResult",
    "StoreError",
    "content_digest",
    "delete_edit",
    "get_plan",
    "import_plan",
    "plan_counts",
    "plan_name_from_path",
    "plan_to_document",
    "prepare_import",
    "save_edit",
]


@dataclass
class ImportResult:
    """What an import did: created | unchanged | pending (a revision not applied) | applied."""

    status: str
    plan: Plan
    diff: PlanDiff | None = None
    stored: PlanDocument | None = None
    units_created: list[str] = field(default_factory=list)
    before: dict | None = None  # the plan's title and source before an applied revision


def get_plan(ref: str | int) -> Plan:
    """A plan by its name or its numeric id: every command taking a PLAN accepts both."""
    ref = str(ref).strip()
    plan = Plan.objects.filter(name=ref).first()
    if plan is None and parse_id(ref) is not None:
        plan = Plan.objects.filter(pk=parse_id(ref)).first()
    if plan is None:
        raise StoreError(f"未找到计划：{ref}（可用计划代号或编号）")
    return plan


def plan_name_from_path(path: str | Path) -> str:
    """The default handle: the file name without extension, as a slug (shizhong-2023-2025)."""
    stem = re.sub(r"[^\w-]+", "-", Path(path).stem.lower()).strip("-_")
    return f"plan-{stem}".rstrip("-") if not stem or stem.isdigit() else stem


def content_digest(document: PlanDocument) -> str:
    """A fingerprint of the extracted content: equal digests mean re-importing changes nothing."""
    text = json.dumps(document.to_dict(), ensure_ascii=False, sort_keys=True, separators=(",", ":"))
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def import_plan(
    *,
    actor=None,
    document: PlanDocument,
    name: str,
    source_name: str,
    source_sha256: str = "",
    apply: bool = False,
    drop_data: bool = False,
    prepared: PreparedImport | None = None,
) -> ImportResult:
    """Store `document` as plan `name`, and record one audit event when anything was written.

    A new name creates the plan; a number names an existing plan by its id. Importing into an
    existing plan is a revision (送审稿 → 正式稿, even with a different title): identical content
    writes nothing; otherwise the diff is returned, and written only when `apply` is true.
    A revision that removes articles or targets would delete the figures reported for them; it
    is refused unless `drop_data` says so (the caller's transaction then rolls everything back).
    `prepared` (from `prepare_import`, same arguments) saves building a new plan's rows here.
    """
    before = _observation_count(name)
    result = _import(
        document=document, name=name, source_name=source_name, source_sha256=source_sha256, apply=apply,
        prepared=prepared,
    )  # fmt: skip
    lost = before - _observation_count(name) if result.status == "applied" else 0
    if lost > 0 and not drop_data:
        raise StoreError(
            f"该修订将删除 {lost} 条已录入的指标数据（被删除的条目或目标的数据），未作修改；"
            "如确认删除，请加 --drop-data 重新运行"
        )
    if result.status in ("created", "applied"):
        _record_import(actor, result)
    return result


@dataclass
class PreparedImport:
    """An import read and checked before its write transaction (`prepare_import`): the rows of a
    new plan, or the outcome of one that writes nothing (a revision not applied), or neither
    (an existing plan: compared and revised inside the transaction)."""

    rows: NewPlanRows | None = None
    pending: ImportResult | None = None


def prepare_import(*, document: PlanDocument, name: str, source_name: str, source_sha256: str = "",
                   apply: bool = False) -> PreparedImport:  # fmt: skip
    """The reading half of `import_plan`, to run before the transaction so the write lock is
    held only for the writing (docs/operations.md §5). Writes nothing; pass the result to
    `import_plan(prepared=…)`, which rechecks inside the transaction that the plan is still new."""
    plan = _existing_plan(name)
    if plan is None:
        return PreparedImport(rows=build_new_plan(plan=_new_plan(document, name, source_name, source_sha256),
                                                  document=document))  # fmt: skip
    if apply:
        return PreparedImport()
    result = _import(document=document, name=name, source_name=source_name, source_sha256=source_sha256,
                     apply=False)  # fmt: skip
    return PreparedImport(pending=result if result.status == "pending" else None)


def _new_plan(document: PlanDocument, name: str, source_name: str, source_sha256: str) -> Plan:
    digest = content_digest(document)
    return Plan(name=name, source_name=source_name, source_sha256=source_sha256, content_sha256=digest,
                **plan_fields(document))  # fmt: skip


def _import(*, document, name, source_name, source_sha256, apply, prepared=None) -> ImportResult:
    plan = _existing_plan(name)
    digest = content_digest(document)
    source = {"source_name": source_name, "source_sha256": source_sha256, "content_sha256": digest}
    if plan is None:
        rows = prepared.rows if prepared is not None and prepared.rows is not None else None
        rows = rows or build_new_plan(plan=_new_plan(document, name, source_name, source_sha256), document=document)
        created = write_new_plan(rows)
        return ImportResult("created", rows.plan, units_created=created)
    if plan.content_sha256 == digest:
        return ImportResult("unchanged", plan)
    stored, resolve = load_plan(plan), UnitResolver()
    diff = diff_plans(stored.document, document, unit_key=resolve.key)
    if diff.is_empty:
        return ImportResult("unchanged", plan)
    if not apply:
        return ImportResult("pending", plan, diff, stored.document)
    apply_revision(plan=plan, diff=diff, stored=stored, document=document, resolve=resolve)
    before = {f: getattr(plan, f) for f in _SOURCE_FIELDS}
    for attr, value in {**plan_fields(document), **source}.items():
        setattr(plan, attr, value)
    plan.save()
    created = [u.name for u in resolve.created]
    return ImportResult("applied", plan, diff, stored.document, created, before=before)


_SOURCE_FIELDS = ("title", "source_name", "source_sha256", "content_sha256")


def _observation_count(name: str) -> int:
    from planwatch.indicators.models import Observation

    plan = _existing_plan(name)
    return Observation.objects.filter(indicator__plan=plan).count() if plan else 0


def _record_import(actor, result: ImportResult) -> None:
    """One event per import or applied revision: where it came from and what it amounted to."""
    plan = result.plan
    after = {
        "status": result.status,
        **{f: getattr(plan, f) for f in _SOURCE_FIELDS},
        "counts": plan_counts(plan),
        "units_created": result.units_created,
    }
    if result.diff is not None:
        after["changes"] = summary(result.diff)
    record(actor=actor, action=AuditAction.IMPORT, obj=plan, before=result.before, after=after)


def _existing_plan(name: str) -> Plan | None:
    """The plan a NAME designates (a number is an id, as everywhere), or None for a new name."""
    if name.isdigit():
        return get_plan(name)
    try:
        validate_unicode_slug(name)
    except ValidationError as exc:
        raise StoreError(f"计划代号“{name}”无效：只能包含字母、数字、汉字、连字符和下划线") from exc
    return Plan.objects.filter(name=name).first()


def plan_to_document(plan: Plan) -> PlanDocument:
    """The stored plan in the extraction format (shared/spec/extract-format.md)."""
    return load_plan(plan).document


def plan_counts(plan: Plan) -> dict[str, int]:
    """What a plan holds, for the summaries the commands print."""
    counts = plan.articles.aggregate(milestones=Count("milestones"))
    return {
        "chapters": plan.chapters.count(),
        "articles": plan.articles.count(),
        "units": ArticleUnit.objects.filter(article__plan=plan).values("unit").distinct().count(),
        "indicators": Indicator.objects.filter(plan=plan).count(),
        "targets": Target.objects.filter(indicator__plan=plan).count(),
        "milestones": counts["milestones"],
    }


def save_edit(*, actor, obj, reason: str = "") -> None:
    """Save a correction made by a person (the admin), recording who changed what, old and new
    values, in the caller's transaction (the admin's view is atomic)."""
    audited_save(actor=actor, obj=obj, reason=reason)


def delete_edit(*, actor, obj, reason: str = "") -> None:
    """Delete a row on a person's request; audited like `save_edit` (cascaded counts included)."""
    audited_delete(actor=actor, obj=obj, reason=reason)
