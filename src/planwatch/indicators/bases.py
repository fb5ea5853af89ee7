"""Base values (基期值): an indicator's figure in the base year.

The base year belongs to the target, not to the indicator: two targets on one indicator may
count from different years (较2020年… and 较2022年…). It is the target's own (`Target.base_year`),
else the year before the plan starts — the core's rule (`progress.model.default_base_year`).
The value is kept per indicator and year: one set by hand (`BaseValue`, source 'manual', who and
when) if there is one — a person's explicit decision, e.g. the statistics bureau's revised figure —
else it is read from that year's approved observations by the core's own year rule
(`progress.series.value_at_year_end`: a stock's figure at 31 December, a flow's total of the whole
year). A part year is no base: the rest of it is never guessed.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from django.utils import timezone

from planwatch.audit.models import AuditAction
from planwatch.audit.services import record
from planwatch.progress.model import default_base_year
from planwatch.progress.periods import parse_period
from planwatch.progress.series import Point, value_at_year_end

from .errors import DataError
from .measures import UnitMismatch, convert
from .models import BaseValue, BaseValueRevision, Indicator, Kind, Observation, ObservationStatus, Target
from .observations import actor_user, stored_decimal

MANUAL, OBSERVED, NONE = "manual", "observation", "none"
APPROVED = ObservationStatus.APPROVED  # drafts and submissions awaiting review are no base
SOURCE_LABELS = {MANUAL: "手工设定", OBSERVED: "取自当年数据", NONE: "无基期值"}


@dataclass(frozen=True)
class BaseInfo:
    year: int | None
    value: Decimal | None
    source: str  # manual | observation | none

    @property
    def label(self) -> str:
        return SOURCE_LABELS[self.source]


def base_year_for(*, indicator: Indicator, target: Target | None = None) -> int | None:
    """The target's own base year (default: the indicator's first target), else the year before
    the plan starts (None if unknown)."""
    if target is None:
        target = indicator.targets.order_by("position", "pk").first()
    return _base_year(target, indicator.plan)


def _base_year(target: Target | None, plan) -> int | None:
    return default_base_year(target.base_year if target is not None else None, plan.period_start)


def year_value(observations, year: int, kind: str) -> Decimal | None:
    """A whole year's figure from observations (any periods of any year), in exact decimals."""
    points = [Point(parse_period(o.period), o.value) for o in observations]
    return value_at_year_end(points, year, Kind.STOCK if kind == Kind.STOCK else Kind.FLOW)


def get_base_value(
    *, indicator: Indicator, year: int | None = None, target: Target | None = None
) -> BaseInfo:
    """The base value of ``indicator`` for ``year`` (default: `base_year_for`)."""
    year = year if year is not None else base_year_for(indicator=indicator, target=target)
    if year is None:
        return BaseInfo(None, None, NONE)
    manual = BaseValue.objects.filter(indicator=indicator, year=year).first()
    if manual is not None:
        return BaseInfo(year, manual.value, MANUAL)
    rows = Observation.objects.filter(indicator=indicator, period__startswith=str(year), status=APPROVED)
    value = year_value(rows, year, indicator.kind)
    return BaseInfo(year, value, OBSERVED if value is not None else NONE)


def plan_base_values(*, plan) -> dict[int, BaseInfo]:
    """{target id: its base} for every target of ``plan``, each at its own base year, in three
    queries (`get_base_value` for one)."""
    targets = list(Target.objects.filter(indicator__plan=plan).select_related("indicator__plan"))
    manual = {(b.indicator_id, b.year): b.value for b in BaseValue.objects.filter(indicator__plan=plan)}
    observed: dict[int, list[Observation]] = {}
    for obs in Observation.objects.filter(indicator__plan=plan, status=APPROVED).only(
        "indicator_id", "period", "value"
    ):
        observed.setdefault(obs.indicator_id, []).append(obs)
    out = {}
    for t in targets:
        year, indicator = _base_year(t, plan), t.indicator
        if year is None:
            out[t.pk] = BaseInfo(None, None, NONE)
        elif (indicator.pk, year) in manual:
            out[t.pk] = BaseInfo(year, manual[(indicator.pk, year)], MANUAL)
        else:
            value = year_value(observed.get(indicator.pk, []), year, indicator.kind)
            out[t.pk] = BaseInfo(year, value, OBSERVED if value is not None else NONE)
    return out


def set_base_value(
    *,
    actor,
    indicator: Indicator,
    year: int,
    value: Decimal,
    unit: str = "",
    note: str = "",
    reason: str = "手工设定基期值",
) -> BaseValue:
    """Set the base value by hand (in ``unit``, default the indicator's); the change is a
    `BaseValueRevision` row. Setting the same value again writes nothing."""
    try:
        converted = stored_decimal(convert(Decimal(value), unit, indicator.measure_unit))
    except UnitMismatch as exc:
        raise DataError(str(exc)) from exc
    now, row = timezone.now(), BaseValue.objects.filter(indicator=indicator, year=year).first()
    old = row.value if row is not None else None
    if row is not None and row.value == converted and row.note == note:
        return row
    if row is None:
        row = BaseValue(indicator=indicator, year=year)
    row.value, row.entered_value, row.entered_unit = (
        converted,
        stored_decimal(Decimal(value)),
        unit or indicator.measure_unit,
    )
    row.note, row.set_by, row.set_at, row.source = note, actor_user(actor), now, BaseValue.Source.MANUAL
    row.save()
    BaseValueRevision.objects.create(
        indicator=indicator, year=year, old_value=old, new_value=converted, actor=actor_user(actor), at=now, reason=reason
    )  # fmt: skip
    before = {"year": year, "value": old} if old is not None else None
    after = {"year": year, "value": converted, "note": note}
    action = AuditAction.CREATE if before is None else AuditAction.UPDATE
    record(actor=actor, action=action, obj=row, before=before, after=after, reason=reason)
    return row


def clear_base_value(*, actor, indicator: Indicator, year: int, reason: str = "撤销手工基期值") -> bool:
    """Remove a hand-set base value (the base then comes from the data again); kept in history."""
    row = BaseValue.objects.filter(indicator=indicator, year=year).first()
    if row is None:
        return False
    BaseValueRevision.objects.create(
        indicator=indicator,
        year=year,
        old_value=row.value,
        new_value=None,
        actor=actor_user(actor),
        at=timezone.now(),
        reason=reason,
    )
    record(
        actor=actor,
        action=AuditAction.DELETE,
        obj=row,
        before={"year": year, "value": row.value},
        reason=reason,
    )
    row.delete()
    return True
