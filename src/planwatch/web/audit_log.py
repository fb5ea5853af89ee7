"""The audit log page's query and its readable before/after: filters from the query string,
one page of events (a COUNT and a LIMIT query), and each event's fields side by side with the
model's own Chinese field names, stored codes read out (submitted → 已报送, 2025Q3 → 2025年第三季度,
2025-10-01 → 2025年10月1日) and people named as the pages name them (accounts/people.py).

Machine fields (checksums, token prefixes, login names) stay in the stored event, which the
admin's audit record shows as stored; the page is for reading, not for matching hashes."""

from __future__ import annotations

import datetime as dt
import json
import re

from django.apps import apps
from django.contrib.auth import get_user_model
from django.core.exceptions import FieldDoesNotExist
from django.core.paginator import Paginator
from django.db.models import Q
from django.utils import timezone

from planwatch.accounts.models import Role
from planwatch.accounts.people import actor_text, person
from planwatch.audit.models import AuditAction, AuditEvent
from planwatch.indicators.models import ObservationStatus
from planwatch.progress import STATUS_LABELS

from .formatting import cn_date, cn_datetime, period_label

PAGE_SIZE = 50
VALUE_CHARS = 400
# Keys the services record that are no model field (import summaries, account creation, demo data).
KEY_NAMES = {
    "role": "角色", "unit": "责任单位", "profile": "账号资料编号", "seed": "随机种子", "as_of": "截至日期",
    "created": "新增", "updated": "更新", "unchanged": "未变化", "deleted": "删除", "derived": "计算指标",
    "status": "结果", "counts": "数量", "units_created": "新登记单位", "chapters": "章", "articles": "条",
    "units": "责任单位", "indicators": "指标", "targets": "目标", "milestones": "里程碑", "rows": "行数",
    "file": "文件", "prefix": "令牌前缀", "source": "来源", "target": "目标单位", "moved": "移动的链接",
    "_deleted_with": "一并删除", "id": "编号", "item": "报送事项", "display_name": "姓名", "size": "大小（字节）",
    "changes": "修订内容", "date": "日期", "uploaded_by": "上传人", "uploaded_at": "上传时间", "reminders": "提醒数", "notifications": "通知数", "emails": "邮件数",
}  # fmt: skip
# Stored codes of keys that are no model field with choices: what they read as.
KEY_VALUES = {
    "role": dict(Role.choices),
    "status": {**dict(ObservationStatus.choices), "created": "新建", "applied": "已应用修订"},
    "self_status": STATUS_LABELS,
}
# Shown in the admin's audit record only (see the module docstring).
MACHINE_KEYS = frozenset(
    {"source_sha256", "content_sha256", "sha256", "prefix", "token_hash", "username", "uploaded_by_id"}
)
_ISO_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
_ISO_DATETIME = re.compile(r"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}")


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
    rows = AuditEvent.objects.select_related("actor__profile__unit")
    if filters["actor"]:
        who = filters["actor"]
        rows = rows.filter(Q(actor_name__icontains=who) | Q(actor__profile__display_name__icontains=who))
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
    """A known key's Chinese name, else the model field's, else the key as stored."""
    named = getattr(_field(model, name), "verbose_name", None)  # a reverse relation has none
    if name in KEY_NAMES and (name == "id" or named is None):
        return KEY_NAMES[name]
    return str(named or name)


def _field(model, name: str):
    try:
        return model._meta.get_field(name) if model is not None else None
    except FieldDoesNotExist:
        return None


def _code_text(model, key: str, value):
    """A stored code as it reads: a choice's label, a period's or date's Chinese name."""
    if not isinstance(value, str):
        return value
    field = _field(model, key)
    choices = dict(field.flatchoices) if field is not None and field.choices else KEY_VALUES.get(key, {})
    if value in choices:
        return str(choices[value])
    if key in ("period", "previous_period"):
        return period_label(value)
    if _ISO_DATETIME.match(value):
        return cn_datetime(dt.datetime.fromisoformat(value))
    if _ISO_DATE.match(value):
        return cn_date(dt.date.fromisoformat(value))
    return value


def _text(value) -> str:
    if value is None:
        return "—"
    if isinstance(value, bool):
        return "是" if value else "否"
    if isinstance(value, dict):
        shown = {k: _code_text(None, k, v) for k, v in value.items() if k not in MACHINE_KEYS}
        return "，".join(f"{KEY_NAMES.get(k, k)} {_text(v)}" for k, v in shown.items()) or "—"
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
    keys = [k for k in dict.fromkeys([*before, *after]) if k not in MACHINE_KEYS]
    return [
        {
            "field": _field_label(model, key),
            "before": _shown(_code_text(model, key, before.get(key))) if key in before else "",
            "after": _shown(_code_text(model, key, after.get(key))) if key in after else "",
            "changed": before.get(key) != after.get(key),
        }
        for key in keys
    ]


def name_people(events: list[AuditEvent]) -> None:
    """Each event's `actor_label`, and for an event about an account, `object_label`: the person
    as the pages name them (one query for the accounts on the page)."""
    account_ids = [e.object_id for e in events if e.object_type == "auth.user" and e.object_id.isdigit()]
    accounts = get_user_model().objects.select_related("profile__unit").in_bulk([int(i) for i in account_ids])
    for event in events:
        event.actor_label = actor_text(event.actor, event.actor_name)
        account = accounts.get(int(event.object_id)) if event.object_id.isdigit() else None
        event.object_label = person(account) if event.object_type == "auth.user" and account else event.object_repr
