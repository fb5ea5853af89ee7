"""The office's 考核 forms — the scheme editor, the cycle's steps (征求意见, 公布, 重新计算), 加分 and
一票否决 entries, the decision on an appeal — and the exports (ranking XLSX, 通报 and a unit's card
as DOCX) for those who may read them."""

from __future__ import annotations

from datetime import date
from decimal import Decimal, InvalidOperation

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from planwatch.accounts.permissions import Action, require, visible_cards
from planwatch.plans.errors import StoreError
from planwatch.reporting import clock
from planwatch.supervision.models import AccountabilityKind
from planwatch.supervision.notices import docx_response
from planwatch.units.models import Unit
from planwatch.web.views.common import page

from . import services
from .config import rule_choices
from .export import ranking_xlsx
from .models import Appeal, SchemeState
from .notices import card_notice, ranking_notice
from .scoring import RULES
from .views import NAV, scheme_or_404

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
COMPONENT_ROWS, GRADE_ROWS = 8, 5


def _day(text: str, label: str) -> date | None:
    if not text:
        return None
    try:
        return date.fromisoformat(text)
    except ValueError as exc:
        raise StoreError(f"{label}“{text}”无效") from exc


def _number(text: str, label: str, *, blank=None):
    if (text or "").strip() == "":
        return blank
    try:
        return float(Decimal(text.strip()))
    except InvalidOperation as exc:
        raise StoreError(f"{label}“{text}”应为数字") from exc


def points_from(text: str, rule: str, name: str) -> dict:
    """“进展滞后 0.5；需加快 0.7” → {outcome: points}, the outcomes by their Chinese names; the
    rule's defaults for those not named."""
    if rule not in RULES:
        return {}
    labels = {label: key for key, label in RULES[rule].outcomes.items()}
    points = {}
    for part in filter(None, (p.strip() for p in text.replace("；", ";").replace("，", ";").replace(",", ";").split(";"))):
        label, _, value = part.replace("=", " ").rpartition(" ")
        if label.strip() not in labels:
            raise StoreError(f"“{name}”的分值“{part}”：结果应为{'、'.join(labels)}之一，写作“进展滞后 0.4”")
        points[labels[label.strip()]] = _number(value, f"“{name}”的分值")
    return {k: v for k, v in points.items() if v != RULES[rule].points.get(k)}


def points_text(component: dict) -> str:
    rule = RULES.get(component.get("rule", ""))
    if rule is None:
        return ""
    merged = {**rule.points, **(component.get("points") or {})}
    return "；".join(f"{rule.outcomes[o]} {p:g}" for o, p in merged.items())


def config_from(post) -> dict:
    """The scheme's config from the editor's rows (blank rows left out); checked by the service."""
    components = []
    for i in range(COMPONENT_ROWS):
        name = post.get(f"c{i}_name", "").strip()
        if name:
            rule = post.get(f"c{i}_rule", "")
            components.append({"name": name[:60], "weight": _number(post.get(f"c{i}_weight", ""), f"“{name}”的权重"),
                               "rule": rule, "points": points_from(post.get(f"c{i}_points", ""), rule, name),
                               "co_share": _number(post.get(f"c{i}_co", ""), f"“{name}”的配合单位份额")})  # fmt: skip
    grades = []
    for i in range(GRADE_ROWS):
        name = post.get(f"g{i}_name", "").strip()
        if name:
            grades.append({"name": name[:10], "minimum": _number(post.get(f"g{i}_min", ""), f"“{name}”的分数线", blank=0),
                           "quota": _number(post.get(f"g{i}_quota", ""), f"“{name}”的比例")})  # fmt: skip
    kinds = AccountabilityKind.objects.order_by("position", "pk")
    deductions = {k.name: _number(post.get(f"d{k.pk}", ""), f"“{k.name}”的扣分", blank=0) for k in kinds}
    vetoes = [k.name for k in kinds if post.get(f"v{k.pk}")]
    return {"components": components, "grades": grades, "deductions": {k: v for k, v in deductions.items() if v},
            "vetoes": vetoes, "bonus_cap": _number(post.get("bonus_cap", ""), "加分上限", blank=0)}  # fmt: skip


@login_required
@require_http_methods(["GET", "POST"])
def edit(request, pk: int):
    scheme = scheme_or_404(request, pk)
    require(request.user, Action.CHANGE, scheme)
    config = scheme.config
    if request.method == "POST":
        try:
            config = config_from(request.POST)
            with transaction.atomic():
                services.update_scheme(actor=request.user, scheme=scheme, config=config,
                                       as_of=_day(request.POST.get("as_of", ""), "考核基准日") or scheme.as_of,
                                       publish_ranking=bool(request.POST.get("publish_ranking")),
                                       appeal_until=_day(request.POST.get("appeal_until", ""), "申诉截止日期"))  # fmt: skip
            messages.success(request, "考核方案已保存")
            return redirect("assessment:ranking", pk=scheme.pk)
        except StoreError as exc:
            messages.error(request, str(exc))
    components = [{**c, "points_text": points_text(c)} for c in config.get("components", [])]
    components += [{}] * (COMPONENT_ROWS - len(components))
    grades = list(config.get("grades", [])) + [{}] * (GRADE_ROWS - len(config.get("grades", [])))
    kinds = [{"pk": k.pk, "name": k.name, "points": (config.get("deductions") or {}).get(k.name, ""),
              "veto": k.name in (config.get("vetoes") or [])}
             for k in AccountabilityKind.objects.order_by("position", "pk")]  # fmt: skip
    rules = [{"key": key, "label": r.label, "mode": "扣减" if r.mode == "deduct" else "比例",
              "points": "；".join(f"{r.outcomes[o]} {p:g}" for o, p in r.points.items())} for key, r in RULES.items()]  # fmt: skip
    context = {"scheme": scheme, "plan": scheme.plan, "components": components, "grades": grades, "kinds": kinds,
               "rules": rules, "rule_choices": rule_choices(), "config": config,
               "frozen": scheme.state != SchemeState.DRAFT}  # fmt: skip
    return page(request, "assessment/edit.html", context, nav=NAV)


@login_required
@require_POST
def step(request, pk: int, action: str):
    """征求意见 (with the appeal deadline), 公布, 重新计算 (with a reason): the office's."""
    scheme = scheme_or_404(request, pk)
    require(request.user, Action.CHANGE, scheme)
    try:
        with transaction.atomic():
            if action == "consult":
                until = _day(request.POST.get("appeal_until", ""), "申诉截止日期")
                if until is None:
                    raise StoreError("请填写申诉截止日期")
                version = services.consult(actor=request.user, scheme=scheme, appeal_until=until)
            elif action == "publish":
                version = services.publish(actor=request.user, scheme=scheme, reason=request.POST.get("reason", ""))
            elif action == "recompute":
                version = services.recompute(actor=request.user, scheme=scheme, reason=request.POST.get("reason", ""))
            else:
                raise StoreError("没有这个操作")
        messages.success(request, f"已生成第{version.number}版（{version.get_kind_display()}）")
    except StoreError as exc:
        messages.error(request, str(exc))
    return redirect("assessment:ranking", pk=scheme.pk)


@login_required
@require_POST
def adjust(request, pk: int):
    """加分 or 一票否决 for a unit, with its evidence."""
    scheme = scheme_or_404(request, pk)
    require(request.user, Action.CHANGE, scheme)
    post = request.POST
    try:
        unit = Unit.objects.filter(pk=post.get("unit", "")).first() if post.get("unit", "").isdigit() else None
        if unit is None:
            raise StoreError("请选择单位")
        with transaction.atomic():
            services.add_adjustment(actor=request.user, scheme=scheme, unit=unit, kind=post.get("kind", ""),
                                    reason=post.get("reason", ""), evidence=post.get("evidence", ""),
                                    points=_number(post.get("points", ""), "分值", blank=0))  # fmt: skip
        messages.success(request, f"已记录{unit.name}的{'加分' if post.get('kind') == 'bonus' else '一票否决事项'}")
    except StoreError as exc:
        messages.error(request, str(exc))
    return redirect("assessment:ranking", pk=scheme.pk)


@login_required
@require_POST
def decide(request, pk: int):
    """The office decides an appeal: 成立 (the line's new points, blank: full) or 不成立, with a reason."""
    row = get_object_or_404(Appeal.objects.select_related("scheme__plan", "version"), pk=pk)
    require(request.user, Action.REVIEW, row.scheme)
    try:
        with transaction.atomic():
            services.decide(actor=request.user, appeal=row, upheld=request.POST.get("upheld") == "1",
                            decision=request.POST.get("decision", ""), points=request.POST.get("points", ""))  # fmt: skip
        messages.success(request, "申诉已处理")
    except StoreError as exc:
        messages.error(request, str(exc))
    return redirect("assessment:appeals", pk=row.scheme_id)


def _cards(request, scheme):
    cards, _ = services.for_viewer(scheme, request.user)
    return visible_cards(request.user, scheme, cards)


@login_required
@require_GET
def export(request, pk: int, kind: str):
    """ranking.xlsx and notice.docx (the cards the user may read); card-<unit>.docx."""
    scheme = scheme_or_404(request, pk)
    cards = _cards(request, scheme)
    if kind == "ranking.xlsx":
        response = HttpResponse(ranking_xlsx(scheme, cards), content_type=XLSX)
        response["Content-Disposition"] = f"attachment; filename*=UTF-8''{scheme.year}-ranking.xlsx"
        return response
    if kind == "notice.docx":
        require(request.user, Action.CHANGE, scheme)
        return docx_response(*ranking_notice(scheme, cards, clock.today()), HttpResponse)
    unit_id = kind.removeprefix("card-").removesuffix(".docx")
    card = next((c for c in cards if str(c["unit"]) == unit_id), None) if kind.startswith("card-") else None
    if card is None:
        raise PermissionDenied("无权下载该文件")
    return docx_response(*card_notice(scheme, card, clock.today()), HttpResponse)
