"""Loading another unit's figures (对比单位数据, e.g. 历下区) for comparison in the index.

The file is the ordinary data file (docs/data-format.md), checked row by row exactly as for the
plan's own figures (`load.check_file`: the indicator named, the period, the number, the unit
converted to the indicator's); only the write differs: the rows become `ComparisonFigure`s of
``entity`` instead of the plan's observations, so nothing the plan reports, reviews or evaluates
changes. A figure already there for the same indicator, unit and period is replaced; all rows or
none (the caller's transaction), one audit event.
"""

from __future__ import annotations

from pathlib import Path

from django.utils import timezone

from planwatch.audit.services import record

from .errors import LoadError
from .load import LoadResult, Progress, check_file
from .models import ComparisonFigure
from .observations import WriteSummary, actor_user, period_key

LOAD_COMPARISON = "load_comparison"  # audit action (导入对比单位数据)
MAX_ENTITY_CHARS = 50
_WRITTEN = ("period_end", "period_key", "value", "entered_value", "entered_unit", "source", "entered_by",
            "entered_at")  # fmt: skip


def entity_name(text: str | None) -> str:
    """The unit's name as stored, or a `LoadError` in Chinese."""
    name = " ".join((text or "").split())
    if not name:
        raise LoadError(["对比单位名称不能为空"])
    if len(name) > MAX_ENTITY_CHARS:
        raise LoadError([f"对比单位名称超过 {MAX_ENTITY_CHARS} 个字"])
    return name


def load_comparison(
    *, actor, plan, path: str | Path, entity: str, dry_run: bool = False, progress: Progress | None = None
) -> LoadResult:
    """Check a data file against ``plan`` and store its rows as ``entity``'s figures."""
    entity = entity_name(entity)
    checked = check_file(plan=plan, path=path, progress=progress)
    if dry_run:
        return LoadResult(checked.count, None, None, checked.partial)
    ids = {r.indicator_id for r in checked.rows}
    stored = {
        (f.indicator_id, f.period): f
        for f in ComparisonFigure.objects.filter(indicator_id__in=ids, entity=entity)
    }
    now, user = timezone.now(), actor_user(actor)
    created, changed, unchanged = [], [], 0
    for row in checked.rows:
        fields = {
            "period_end": row.period.end, "period_key": period_key(row.period), "value": row.value,
            "entered_value": row.entered_value, "entered_unit": row.entered_unit, "source": row.source,
        }  # fmt: skip
        old = stored.get((row.indicator_id, row.period.code))
        if old is None:
            created.append(ComparisonFigure(indicator_id=row.indicator_id, entity=entity, period=row.period.code,
                                            entered_by=user, entered_at=now, **fields))  # fmt: skip
        elif any(getattr(old, k) != v for k, v in fields.items()):
            for k, v in {**fields, "entered_by": user, "entered_at": now}.items():
                setattr(old, k, v)
            changed.append(old)
        else:
            unchanged += 1
    ComparisonFigure.objects.bulk_create(created, batch_size=1000)
    ComparisonFigure.objects.bulk_update(changed, _WRITTEN, batch_size=1000)
    written = WriteSummary(created=len(created), updated=len(changed), unchanged=unchanged)
    if created or changed:
        facts = {"file": checked.name, "entity": entity, "rows": checked.count,
                 "created": len(created), "updated": len(changed), "unchanged": unchanged}  # fmt: skip
        record(actor=actor, action=LOAD_COMPARISON, obj=plan, after=facts, reason=f"导入文件 {checked.name}")
    return LoadResult(checked.count, written, None, checked.partial)
