"""The audit log page's query and its readable before/after: filters from the query string,
one page of events (a COUNT and a LIMIT query), and each event's fields side by side with the
model's own Chinese field names."""

from __future__ import annotations

import datetime as dt
import json

from django.apps import apps
from django.core.exceptions import FieldDoesNotExist
from django.core.paginator import Paginator
from django.utils import timezone

from planwatch.audit.models import AuditAction, AuditEvent

PAGE_SIZE = 50
VALUE_CHARS = 400
# Keys the services record that are no model field (import summaries, account creation, demo data).
KEY_NAMES = {
    "role": "角色", "unit": "责任单位", "profile": "账号资料编号", "seed": "随机种子", "as_of": "截至日期",
    "created": "新增", "updated": "更新", "unchanged": "未变化", "deleted": "删除", "derived": "计算指标",
    "status": "结果", "counts": "数量", "units_created": "新登记单位", "chapters": "章", "articles": "条",
    "units": "责任单位", "indicators": "指标", "targets": "目标", "milestones": "里程碑", "rows": "行数",
    "file": "文件", "prefix": "令牌前缀", "source": "来源", "target": "目标单位", "moved": "移动的链接",
    "_deleted_with": "一并删除",
}  # fmt: skip


def _date(text: str | None) -> dt.date | None:
    try:
        return dt.date.fromisoformat(text) if text else None
    except ValueError:
        return None


def parse_filters(params) -> dict:
    return {
        "actor": (params.get("actor") or "").strip()[:150],
        "action": (params.get("action") or "").strip()[:40],
        "object_type": (params.get("object_type") or "").strip()[:100],
        "start": _date(params.get("start")),
        "end": _date(params.get("end")),
    }


def _day_start(day: dt.date) -> dt.datetime:
    return timezone.make_aware(dt.datetime.combine(day, dt.time.min))


def events(filters: dict):
    rows = AuditEvent.objects.all()
    if filters["actor"]:
        rows = rows.filter(actor_name__icontains=filters["actor"])
    if filters["action"]:
        rows = rows.filter(action=filters["action"])
    if filters["object_type"]:
        rows = rows.filter(object_type=filters["object_type"])
    if filters["start"]:
        rows = rows.filter(at__gte=_day_start(filters["start"]))
    if filters["end"]:
        rows = rows.filter(at__lt=_day_start(filters["end"] + dt.timedelta(days=1)))
    return rows.order_by("-at", "-id")


def page_of(filters: dict, number) -> object:
    return Paginator(events(filters), PAGE_SIZE).get_page(number)


def model_label(object_type: str) -> str:
    """indicators.observation → 指标数据 (the model's Chinese name), else the type as stored."""
    try:
        return str(apps.get_model(object_type)._meta.verbose_name)
    except (LookupError, ValueError):
        return object_type


def object_types() -> list[tuple[str, str]]:
    """Every model as (label, Chinese name), for the filter: no query needed."""
    found = [(m._meta.label_lower, str(m._meta.verbose_name)) for m in apps.get_models()]
    return sorted(found, key=lambda item: item[1])


def action_choices() -> list[tuple[str, str]]:
    return [(a.value, a.label) for a in AuditAction]


def _field_label(model, name: str) -> str:
    """The model field's Chinese name, else a known summary key's, else the key as stored."""
    try:
        field = model._meta.get_field(name) if model is not None else None
    except FieldDoesNotExist:
        field = None
    return str(getattr(field, "verbose_name", None) or KEY_NAMES.get(name, name))


def _text(value) -> str:
    if value is None:
        return "—"
    if isinstance(value, bool):
        return "是" if value else "否"
    if isinstance(value, dict):
        return "，".join(f"{KEY_NAMES.get(k, k)} {_text(v)}" for k, v in value.items()) or "—"
    if isinstance(value, list):
        return "、".join(_text(v) for v in value) or "—"
    return value if isinstance(value, str) else json.dumps(value, ensure_ascii=False)


def _shown(value) -> str:
    text = _text(value)
    return text if len(text) <= VALUE_CHARS else text[:VALUE_CHARS] + "…"


def diff(event: AuditEvent) -> list[dict]:
    """[{field, before, after, changed}] over the keys of both sides, in their stored order."""
    before = event.before if isinstance(event.before, dict) else {}
    after = event.after if isinstance(event.after, dict) else {}
    if not before and not after and (event.before or event.after):
        return [
            {"field": "内容", "before": _shown(event.before), "after": _shown(event.after), "changed": True}
        ]
    try:
        model = apps.get_model(event.object_type) if event.object_type else None
    except (LookupError, ValueError):
        model = None
    keys = list(dict.fromkeys([*before, *after]))
    return [
        {
            "field": _field_label(model, key),
            "before": _shown(before.get(key)) if key in before else "",
            "after": _shown(after.get(key)) if key in after else "",
            "changed": before.get(key) != after.get(key),
        }
        for key in keys
    ]
