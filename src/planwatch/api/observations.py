"""Indicator data: an indicator's series (with its revision history), and the office's entry and
correction of single figures.

Writes go through `indicators.observations` (the one writer: a revision row and an audit event
per changed figure) inside one transaction per request; the plan's derived indicators are
recomputed inside it too, as the admin does. Units will report through submissions (issue 6),
not here: entering and correcting need Action.CHANGE, which only the office holds.
"""

from decimal import Decimal
from typing import Annotated

from django.db import IntegrityError, transaction
from django.db.models import Prefetch
from ninja import Field, Path, Query, Router, Schema, Status
from ninja.errors import HttpError
from ninja.pagination import paginate
from pydantic import StringConstraints

from planwatch.accounts.permissions import Action
from planwatch.indicators.errors import DataError
from planwatch.indicators.measures import UnitMismatch, convert
from planwatch.indicators.models import Indicator, Observation, ObservationRevision
from planwatch.indicators.observations import edit_observation, enter_observation
from planwatch.indicators.recompute import recompute_derived
from planwatch.params import MAX_ID
from planwatch.progress.periods import parse_period

from .common import INDICATOR_ID, Pagination, check, get_or_404, invalid, user_of
from .errors import ERRORS, WRITE_ERRORS
from .schemas import ObservationOut

router = Router(tags=["指标数据 observations"])

ENTERED = "接口录入"  # the reason on the revision row and the audit event
_BODY = ("body", "data")

Text = Annotated[str, StringConstraints(strip_whitespace=True)]
Reason = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=300)]


class ObservationIn(Schema):
    indicator: int = Field(ge=1, le=MAX_ID, description="指标编号")
    period: Annotated[str, StringConstraints(strip_whitespace=True, min_length=4, max_length=10)] = Field(
        description="期间：2024（年）、2024H1（半年）、2024Q2（季）或 2024-06（月）"
    )
    value: Decimal = Field(description="数值")
    unit: Annotated[Text, StringConstraints(max_length=50)] = Field(
        "", description="数值的单位；不填即指标的计量单位，可换算的单位（如 万元→亿元）自动换算"
    )
    source: Annotated[Text, StringConstraints(max_length=200)] = Field("", description="数据来源")
    note: Annotated[Text, StringConstraints(max_length=2000)] = Field("", description="备注")


class ObservationPatch(Schema):
    value: Decimal | None = Field(None, description="新的数值（不填则不改）")
    unit: Annotated[Text, StringConstraints(max_length=50)] | None = Field(
        None, description="数值的单位（不填则沿用原填报单位）"
    )
    source: Annotated[Text, StringConstraints(max_length=200)] | None = Field(None, description="数据来源")
    note: Annotated[Text, StringConstraints(max_length=2000)] | None = Field(None, description="备注")
    reason: Reason = Field(description="修改原因（必填，记入修订记录和审计日志）")


class SeriesQuery(Schema):
    with_revisions: bool = Field(False, description="为 1 时同时返回每期数据的修订历史")


def _observations():
    return Observation.objects.select_related("indicator", "entered_by")


@router.get(
    "/indicators/{indicator_id}/observations",
    response={200: list[ObservationOut], **ERRORS},
    summary="指标的各期数据",
)
@paginate(Pagination)
def list_observations(request, indicator_id: INDICATOR_ID, params: Query[SeriesQuery]):
    """按期间先后排列；`with_revisions=1` 时每期附修订历史（谁、何时、原值、新值、原因）。"""
    indicator = get_or_404(Indicator.objects.all(), f"未找到指标：{indicator_id}", pk=indicator_id)
    check(request, Action.VIEW, indicator)
    rows = _observations().filter(indicator=indicator).order_by("period_key", "pk")
    if params.with_revisions:
        revisions = ObservationRevision.objects.select_related("actor").order_by("at", "pk")
        rows = rows.prefetch_related(Prefetch("revisions", queryset=revisions, to_attr="revision_rows"))
    return rows


def _check_unit(value: Decimal, unit: str, indicator: Indicator) -> None:
    try:
        convert(value, unit, indicator.measure_unit)
    except UnitMismatch as exc:
        raise invalid(str(exc), *_BODY, "unit") from exc


def _writable(indicator: Indicator) -> None:
    if indicator.is_derived:
        raise invalid(f"指标“{indicator.name}”是计算指标，数值由公式算出，不能直接填报", *_BODY, "indicator")


def _period_code(text: str) -> str:
    try:
        return parse_period(text).code
    except ValueError as exc:
        raise invalid(str(exc), *_BODY, "period") from exc


@router.post(
    "/observations", response={201: ObservationOut, **WRITE_ERRORS}, summary="录入一期指标数据（办公室）"
)
def create_observation(request, data: ObservationIn):
    """录入一个指标一期的数值，记入修订记录和审计日志。该期已有数据时返回 409，修改请用 PATCH。"""
    check(request, Action.CHANGE)
    indicator = Indicator.objects.select_related("plan").filter(pk=data.indicator).first()
    if indicator is None:
        raise invalid(f"未找到指标：{data.indicator}", *_BODY, "indicator")
    check(request, Action.CHANGE, indicator)
    _writable(indicator)
    period = _period_code(data.period)
    _check_unit(data.value, data.unit, indicator)
    _refuse_existing(indicator, period)
    try:
        with transaction.atomic():
            observation = _enter(user_of(request), indicator, period, data)
    except IntegrityError as exc:  # the same figure entered at the same moment by someone else
        raise _exists(indicator, period) from exc
    return Status(201, _observations().get(pk=observation.pk))


def _exists(indicator: Indicator, period: str) -> HttpError:
    existing = Observation.objects.filter(indicator=indicator, period=period).values_list("pk", flat=True)
    pk = existing.first()
    return HttpError(
        409,
        f"指标“{indicator.name}”{period} 已有数据（编号 {pk}），修改请用 PATCH /observations/{pk} 并说明原因",
    )


def _refuse_existing(indicator: Indicator, period: str) -> None:
    if Observation.objects.filter(indicator=indicator, period=period).exists():
        raise _exists(indicator, period)


def _enter(user, indicator: Indicator, period: str, data: ObservationIn) -> Observation:
    try:
        observation = enter_observation(
            actor=user, indicator=indicator, period=period, value=data.value, unit=data.unit,
            source=data.source, note=data.note, reason=ENTERED,
        )  # fmt: skip
    except DataError as exc:
        raise invalid(str(exc), *_BODY) from exc
    recompute_derived(actor=user, plan=indicator.plan)
    return observation


@router.patch(
    "/observations/{observation_id}",
    response={200: ObservationOut, **WRITE_ERRORS},
    summary="修改一期指标数据（办公室）",
)
def update_observation(
    request, observation_id: Annotated[int, Path(description="指标数据编号", ge=1, le=MAX_ID)], data: ObservationPatch
):
    """修改数值、单位、来源或备注，须说明原因（reason）；记入修订记录和审计日志。
    与现有数据相同的修改不产生任何记录。"""
    observation = get_or_404(
        _observations().select_related("indicator__plan"),
        f"未找到指标数据：{observation_id}",
        pk=observation_id,
    )
    check(request, Action.CHANGE, observation)
    if observation.derived:
        raise invalid("这期数据由公式计算得出，不能直接修改；请修改它的输入指标", *_BODY)
    if _apply(observation, data):
        with transaction.atomic():
            _save_edit(user_of(request), observation, data.reason)
    return _observations().get(pk=observation.pk)


def _apply(observation: Observation, data: ObservationPatch) -> bool:
    """Put the requested values on the row (in memory); whether anything differs."""
    unit = data.unit if data.unit != "" else observation.indicator.measure_unit  # "": the indicator's
    wanted = {
        "entered_value": data.value,
        "entered_unit": unit,
        "source": data.source,
        "note": data.note,
    }
    wanted = {f: v for f, v in wanted.items() if v is not None and getattr(observation, f) != v}
    for f, v in wanted.items():
        setattr(observation, f, v)
    if wanted:
        observation.is_demo = False  # a person's correction is no longer demo data
        _check_unit(observation.entered_value, observation.entered_unit, observation.indicator)
    return bool(wanted)


def _save_edit(user, observation: Observation, reason: str) -> None:
    try:
        changed = edit_observation(actor=user, observation=observation, reason=reason)
    except DataError as exc:
        raise invalid(str(exc), *_BODY) from exc
    if changed:
        recompute_derived(actor=user, plan=observation.indicator.plan)
