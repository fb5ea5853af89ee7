"""Queries and changes of 考核 (the edges hold the transaction): the draft computed from the record
now, the frozen versions, the cycle 草稿 → 征求意见 → 申诉处理 → 公布, and the office's entries."""

from __future__ import annotations

from datetime import date
from decimal import Decimal, InvalidOperation

from django.utils import timezone

from planwatch.accounts.people import person
from planwatch.accounts.permissions import Role, role_of
from planwatch.audit.services import record
from planwatch.indicators.observations import actor_user

from .collect import collect
from .config import default_config, scheme_of
from .errors import AssessmentError
from .lifecycle import APPEAL, SCHEME
from .models import Adjustment, AdjustmentKind, Appeal, AppealState, Scheme, SchemeState, Version, VersionKind
from .scoring import Adjustment as Fact
from .scoring import Override, assess


def create_scheme(*, actor, plan, year: int, name: str = "年度考核", config: dict | None = None,
                  publish_ranking: bool = True) -> Scheme:  # fmt: skip
    config = config or default_config()
    scheme_of(config)  # refuses an unusable scheme before anything is written
    if Scheme.objects.filter(plan=plan, year=year, name=name).exists():
        raise AssessmentError(f"{year}年度已有名为“{name}”的考核方案")
    scheme = Scheme.objects.create(plan=plan, year=year, name=name, config=config, as_of=date(year, 12, 31),
                                   publish_ranking=publish_ranking)  # fmt: skip
    record(actor=actor, action="create", obj=scheme, after={"config": config})
    return scheme


def update_scheme(*, actor, scheme: Scheme, config: dict, as_of: date, publish_ranking: bool,
                  appeal_until: date | None) -> Scheme:  # fmt: skip
    """The office edits a scheme while it is a draft; a published one is frozen."""
    if scheme.state != SchemeState.DRAFT:
        raise AssessmentError(f"{scheme}已{scheme.get_state_display()}，方案不能再修改")
    scheme_of(config)
    if as_of.year != scheme.year:
        raise AssessmentError(f"考核基准日应在{scheme.year}年内")
    before = {"config": scheme.config, "as_of": scheme.as_of.isoformat()}
    scheme.config, scheme.as_of, scheme.publish_ranking, scheme.appeal_until = config, as_of, publish_ranking, appeal_until
    scheme.save()
    record(actor=actor, action="update", obj=scheme, before=before, after={"config": config, "as_of": as_of.isoformat()})
    return scheme


def find_scheme(*, plan, year: int, name: str | None = None) -> Scheme:
    schemes = Scheme.objects.filter(plan=plan, year=year)
    if name:
        schemes = schemes.filter(name=name)
    found = list(schemes[:2])
    if not found:
        raise AssessmentError(f"{plan}没有{year}年度{('“' + name + '”') if name else ''}考核方案")
    if len(found) > 1:
        raise AssessmentError(f"{year}年度有多个考核方案，请指定方案名称")
    return found[0]


def compute(scheme: Scheme, *, as_of: date | None = None) -> list[dict]:
    """The draft: the cards computed from the record as it is now (and the upheld appeals)."""
    facts = collect(plan=scheme.plan, year=scheme.year, as_of=as_of or scheme.as_of)
    adjustments = [Fact(a.unit_id, a.kind, a.pk, a.reason, float(a.points), a.reason if a.kind == "veto" else "")
                   for a in scheme.adjustments.all()]  # fmt: skip
    overrides = [Override(a.unit_id, a.component, a.source_kind, a.source_id, float(a.new_points), a.decision)
                 for a in scheme.appeals.filter(state=AppealState.UPHELD)]  # fmt: skip
    units = dict(facts.units)
    for a in scheme.adjustments.select_related("unit"):
        units.setdefault(a.unit_id, a.unit.name)
    return assess(scheme_of(scheme.config), units, facts.rows, facts.measures + adjustments, overrides)


def latest(scheme: Scheme, *, published: bool = False) -> Version | None:
    versions = scheme.versions.order_by("-number")
    if published:
        versions = versions.filter(kind__in=(VersionKind.PUBLISHED, VersionKind.RECOMPUTED))
    return versions.first()


def current(scheme: Scheme) -> tuple[list[dict], Version | None]:
    """What `planwatch assess` and the API give: the published version when there is one, else
    the draft computed now."""
    version = latest(scheme, published=True)
    return (version.cards, version) if version else (compute(scheme), None)


def _freeze(scheme: Scheme, *, actor, kind: str, reason: str = "") -> Version:
    number = (latest(scheme).number if latest(scheme) else 0) + 1
    return Version.objects.create(scheme=scheme, number=number, kind=kind, as_of=scheme.as_of, config=scheme.config,
                                  cards=compute(scheme), reason=reason, actor_name=person(actor) if not
                                  isinstance(actor, str) else actor)  # fmt: skip


def consult(*, actor, scheme: Scheme, appeal_until: date) -> Version:
    """征求意见: freeze the draft as version 1; each unit sees its card and may appeal until the date."""
    def apply(row):
        row.appeal_until = appeal_until
        return {"appeal_until": appeal_until.isoformat()}

    row = SCHEME.run("consult", actor=actor, obj=scheme, apply=apply)
    return _freeze(row, actor=actor, kind=VersionKind.CONSULTATION)


def publish(*, actor, scheme: Scheme, reason: str = "") -> Version:
    """公布: freeze the cards as they are now; later changes of the record do not touch them."""
    if scheme.appeals.filter(state=AppealState.SUBMITTED).exists():
        raise AssessmentError("还有未处理的申诉，请先处理后再公布")
    row = SCHEME.run("publish", actor=actor, obj=scheme, reason=reason)
    return _freeze(row, actor=actor, kind=VersionKind.PUBLISHED, reason=reason)


def recompute(*, actor, scheme: Scheme, reason: str) -> Version:
    """A published assessment computed again (the record was corrected): a new, audited version."""
    if not (reason or "").strip():
        raise AssessmentError("请填写重新计算的原因")
    row = SCHEME.run("recompute", actor=actor, obj=scheme, reason=reason.strip())
    return _freeze(row, actor=actor, kind=VersionKind.RECOMPUTED, reason=reason.strip())


def find_line(card: dict, component: str, kind: str, source_id: int) -> dict | None:
    for c in card["components"]:
        if c["name"] == component:
            return next((ln for ln in c["lines"] if ln["source"] == {"kind": kind, "id": source_id}), None)
    return None


def appeal(*, actor, scheme: Scheme, unit, component: str, kind: str, source_id: int, reason: str,
           evidence: str = "", today: date) -> Appeal:  # fmt: skip
    """A unit appeals one line of its card in 征求意见, within the window, with a reason."""
    if scheme.state != SchemeState.CONSULTING:
        raise AssessmentError("只有征求意见期间可以申诉")
    if scheme.appeal_until and today > scheme.appeal_until:
        raise AssessmentError(f"申诉已于{scheme.appeal_until.year}年{scheme.appeal_until.month}月{scheme.appeal_until.day}日截止")
    if not (reason or "").strip():
        raise AssessmentError("请填写申诉理由")
    version = latest(scheme)
    card = next((c for c in version.cards if c["unit"] == unit.pk), None)
    line = card and find_line(card, component, kind, source_id)
    if line is None:
        raise AssessmentError("本单位的考核结果中没有这一项计分")
    row = Appeal(scheme=scheme, version=version, unit=unit, component=component, source_kind=kind,
                 source_id=source_id, line=line["reason"], points=Decimal(str(line["points"])),
                 reason=reason.strip()[:2000], evidence=(evidence or "").strip()[:300])  # fmt: skip
    return APPEAL.run("appeal", actor=actor, obj=row, reason=row.reason)


def decide(*, actor, appeal: Appeal, upheld: bool, decision: str, points=None) -> Appeal:
    """The office decides an appeal with a reason; upheld, the line scores `points` (default: as
    if nothing were lost, i.e. the line's full share or no deduction) and the cards are computed
    again as a new version."""
    decision = (decision or "").strip()
    if not decision:
        raise AssessmentError("请填写处理意见")
    new_points = _points(appeal, points) if upheld else None

    def apply(row):
        row.decision, row.new_points, row.decided_at = decision[:2000], new_points, timezone.now()
        return {"new_points": str(new_points) if upheld else None}

    row = APPEAL.run("uphold" if upheld else "reject", actor=actor, obj=appeal, reason=decision, apply=apply)
    if upheld:
        _freeze(row.scheme, actor=actor, kind=VersionKind.REVISION, reason=f"申诉成立：{row.unit}“{row.component}”")
    return row


def _points(appeal: Appeal, points) -> Decimal:
    if points in (None, ""):
        line = find_line(next(c for c in appeal.version.cards if c["unit"] == appeal.unit_id), appeal.component,
                         appeal.source_kind, appeal.source_id)  # fmt: skip
        return Decimal(str(line.get("of", 0)))
    try:
        return Decimal(str(points)).quantize(Decimal("0.01"))
    except InvalidOperation as exc:
        raise AssessmentError("改为的分值应为数字") from exc


def add_adjustment(*, actor, scheme: Scheme, unit, kind: str, reason: str, evidence: str, points=0) -> Adjustment:
    """加分 or 一票否决, with its evidence; only while the scheme is not published."""
    if scheme.state == SchemeState.PUBLISHED:
        raise AssessmentError("考核结果已公布，不能再加分或否决；请更正后重新计算")
    if kind not in AdjustmentKind.values:
        raise AssessmentError("类型应为加分或一票否决")
    if not (reason or "").strip() or not (evidence or "").strip():
        raise AssessmentError("请填写事由和依据")
    try:
        points = Decimal(str(points or 0))
    except InvalidOperation as exc:
        raise AssessmentError("分值应为数字") from exc
    if kind == AdjustmentKind.BONUS and points <= 0:
        raise AssessmentError("加分分值应大于0")
    row = Adjustment.objects.create(scheme=scheme, unit=unit, kind=kind, points=points if kind == "bonus" else 0,
                                    reason=reason.strip()[:300], evidence=evidence.strip()[:300],
                                    created_by=actor_user(actor))  # fmt: skip
    record(actor=actor, action="create", obj=row, after={"unit": unit.name, "kind": kind, "points": str(row.points)},
           reason=row.reason)  # fmt: skip
    return row


def for_viewer(scheme: Scheme, user) -> tuple[list[dict], Version | None]:
    """The cards a person reads now: the published version once there is one; in 征求意见 the
    version the units were consulted on (or revised after an appeal), the same for the office;
    a draft is computed now, for the office only. Narrowed by the caller (`visible_cards`)."""
    published = latest(scheme, published=True)
    if published is not None:
        return published.cards, published
    if scheme.state == SchemeState.DRAFT:
        return (compute(scheme), None) if role_of(user) is Role.OFFICE else ([], None)
    version = latest(scheme)
    return (version.cards if version else []), version
