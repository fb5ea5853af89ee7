"""Defining the index: every save of a different configuration is the plan's next version.

`save_definition(*, actor, plan, ...)` checks the whole configuration first (Chinese messages,
nothing written on an error), compares it with the latest version and writes a new version with
its dimensions and indicators, plus one audit event — or nothing when nothing changed. The
version it replaces gets its results stored first (`results.keep_results`), so it is shown
later as it was, not recomputed on corrected data. The
caller (a view or a command) holds the transaction, so version and audit event land together.
A plan target used by 目标值法 is copied into the version: editing the plan's target later does
not change what an earlier version computed.
"""

from __future__ import annotations

import math
from dataclasses import asdict, dataclass, replace

from django.utils import timezone

from planwatch.audit.services import record
from planwatch.indicators.models import Indicator, Target

from .core import METHODS, WEIGHTINGS
from .models import IndexDefinition, IndexDimension, IndexIndicator
from .results import keep_results


class DefinitionError(ValueError):
    """A configuration refused, with a message for the office."""


@dataclass(frozen=True)
class Member:
    indicator_id: int
    direction: str = "higher"
    weight: float = 1.0
    method: str = ""  # empty: the version's method
    target: float | None = None
    worst: float | None = None
    best: float | None = None


@dataclass(frozen=True)
class Dimension:
    name: str
    weight: float
    members: tuple[Member, ...]


def latest_definition(plan) -> IndexDefinition | None:
    return IndexDefinition.objects.filter(plan=plan).order_by("-version").first()


def definition_for(plan, version: int | None = None) -> IndexDefinition | None:
    """The version asked for, or the latest; None when the plan has none (or not that one)."""
    if version is None:
        return latest_definition(plan)
    return IndexDefinition.objects.filter(plan=plan, version=version).first()


def configuration(definition: IndexDefinition) -> dict:
    """A stored version as the plain data `save_definition` takes (also what the build form shows)."""
    dims = definition.dimensions.prefetch_related("members").order_by("position")
    return {
        "name": definition.name,
        "method": definition.method,
        "weighting": definition.weighting,
        "dimensions": [
            Dimension(
                name=d.name,
                weight=d.weight,
                members=tuple(
                    Member(m.indicator_id, m.direction, m.weight, m.method, m.target, m.worst, m.best)
                    for m in sorted(d.members.all(), key=lambda m: m.position)
                ),
            )
            for d in dims
        ],
    }


def save_definition(*, actor, plan, name: str, method: str, weighting: str, dimensions, note: str = ""):
    """(the version now in force, whether a new one was written)."""
    dimensions = _checked(plan, name, method, weighting, list(dimensions))
    latest = latest_definition(plan)
    wanted = {"name": name.strip(), "method": method, "weighting": weighting, "dimensions": dimensions}
    if latest is not None and configuration(latest) == wanted:
        return latest, False
    if latest is not None:
        keep_results(latest)  # the version being replaced stays viewable as it stands now
    definition = IndexDefinition.objects.create(
        plan=plan,
        version=(latest.version + 1) if latest else 1,
        name=name.strip(),
        method=method,
        weighting=weighting,
        note=note.strip()[:300],
        created_by=actor if getattr(actor, "pk", None) else None,
        created_at=timezone.now(),
    )
    for position, dim in enumerate(dimensions):
        row = IndexDimension.objects.create(
            definition=definition, name=dim.name, weight=dim.weight, position=position
        )
        IndexIndicator.objects.bulk_create(
            IndexIndicator(dimension=row, position=i, **asdict(m)) for i, m in enumerate(dim.members)
        )
    after = {k: v for k, v in wanted.items() if k != "dimensions"}
    after["dimensions"] = [asdict(d) for d in dimensions]
    record(actor=actor, action="index.version", obj=definition, after=after, reason=note)
    return definition, True


def _checked(plan, name, method, weighting, dimensions) -> list[Dimension]:
    if not name.strip():
        raise DefinitionError("请填写指数名称")
    if method not in METHODS:
        raise DefinitionError("请选择标准化方法：目标值法、功效系数法或标准化（z-score）")
    if weighting not in WEIGHTINGS:
        raise DefinitionError("请选择赋权方法：办公室设定、等权或熵值法")
    if not dimensions:
        raise DefinitionError("至少需要一个维度")
    names = [d.name.strip() for d in dimensions]
    if any(not n for n in names) or len(set(names)) != len(names):
        raise DefinitionError("维度名称不能为空，也不能重复")
    seen: set[int] = set()
    for dim in dimensions:
        if not dim.members:
            raise DefinitionError(f"维度“{dim.name}”还没有指标")
        _check_weight(dim.weight, f"维度“{dim.name}”的权重")
        for m in dim.members:
            if m.indicator_id in seen:
                raise DefinitionError("同一指标只能放在一个维度中")
            seen.add(m.indicator_id)
    known = dict(Indicator.objects.filter(plan=plan, pk__in=seen).values_list("pk", "name"))
    if set(known) != seen:
        raise DefinitionError("所选指标不属于本计划")
    targets = plan_targets(seen)
    out = []
    for dim in dimensions:
        members = tuple(_member(m, method, known[m.indicator_id], targets) for m in dim.members)
        out.append(Dimension(dim.name.strip(), float(dim.weight), members))
    if weighting == "given" and not any(d.weight > 0 for d in out):
        raise DefinitionError("各维度权重之和须大于0")
    return out


def _check_weight(value, what: str) -> None:
    if value is None or not math.isfinite(value) or value < 0:
        raise DefinitionError(f"{what}须为不小于0的数")


def _member(m: Member, method: str, name: str, targets: dict[int, float]) -> Member:
    if m.direction not in ("higher", "lower"):
        raise DefinitionError(f"指标“{name}”的方向须为越高越好或越低越好")
    if m.method and m.method not in METHODS:
        raise DefinitionError(f"指标“{name}”的标准化方法无效")
    _check_weight(m.weight, f"指标“{name}”的权重")
    m = replace(m, method="" if m.method == method else m.method, weight=float(m.weight))
    if (m.method or method) == "target":
        target = m.target if m.target is not None else targets.get(m.indicator_id)
        if target is None or not target > 0:
            raise DefinitionError(f"指标“{name}”用目标值法，但计划中没有可用的目标值：请填写大于0的目标值")
        m = replace(m, target=float(target))
    if m.worst is not None and m.best is not None and m.worst == m.best:
        raise DefinitionError(f"指标“{name}”的满意值与不允许值不能相同")
    return m


def plan_targets(indicator_ids) -> dict[int, float]:
    """{indicator id: the plan's target for 目标值法}: a level or yearly target (not a rate, not a
    change against the base), the latest year's when there are several."""
    rows = Target.objects.filter(indicator_id__in=indicator_ids, basis__in=("level", "annual"), rate="")
    out: dict[int, tuple] = {}
    for t in rows.order_by("pk"):
        key = (t.year or 0, t.pk)
        if t.indicator_id not in out or key > out[t.indicator_id][0]:
            out[t.indicator_id] = (key, t.value)
    return {k: v for k, (_, v) in out.items()}
