"""Recording audit events, and JSON-safe snapshots of model rows for their before/after.

`record()` writes into whatever transaction is open: the edge (a request, a command) owns the
transaction, so a change and its event are committed together or not at all (DESIGN §3, §5).
"""

from __future__ import annotations

import datetime as dt
import getpass
import uuid
from contextvars import ContextVar
from decimal import Decimal
from typing import Any

from django.db import models
from django.utils.functional import Promise

from .models import AuditAction, AuditEvent

__all__ = [
    "audited_delete",
    "audited_save",
    "changes",
    "client_ip",
    "command_actor",
    "json_safe",
    "record",
    "snapshot",
    "stored_snapshot",
]

# Set per request by AuditContextMiddleware; None in commands.
client_ip: ContextVar[str | None] = ContextVar("planwatch_client_ip", default=None)

# Never copied into an audit row, whatever the model.
SECRET_FIELDS = frozenset({"password", "token_hash", "session_key", "session_data"})


def record(
    *,
    actor,
    action: str,
    obj: models.Model | None = None,
    before: Any = None,
    after: Any = None,
    reason: str = "",
    ip: str | None = None,
) -> AuditEvent:
    """Append one event. `actor` is a user, a plain name (commands: `command_actor()`), or None
    for the system; `before`/`after` are made JSON-safe (dates → ISO text, Decimal → text)."""
    event = audit_event(actor=actor, action=action, obj=obj, before=before, after=after, reason=reason, ip=ip)
    event.save()
    return event


def audit_event(
    *,
    actor,
    action: str,
    obj: models.Model | None = None,
    before: Any = None,
    after: Any = None,
    reason: str = "",
    ip: str | None = None,
) -> AuditEvent:
    """The event `record` appends, not saved yet: a bulk step (a 300-row import) saves its
    events with one `AuditEvent.objects.bulk_create` (append-only like every insert)."""
    user, name = _actor(actor)
    return AuditEvent(
        actor=user,
        actor_name=name[:150],
        action=str(action),
        object_type=obj._meta.label_lower if obj is not None else "",
        object_id=str(obj.pk) if obj is not None and obj.pk is not None else "",
        object_repr=str(obj)[:300] if obj is not None else "",
        before=json_safe(before),
        after=json_safe(after),
        reason=reason or "",
        ip=ip or client_ip.get(),
    )


def _actor(actor) -> tuple[Any, str]:
    if actor is None:
        return None, "系统"
    if isinstance(actor, str):
        return None, actor
    if not getattr(actor, "is_authenticated", False):
        return None, "匿名用户"
    return actor, actor.get_username()


def command_actor() -> str:
    """Who ran a command: the operating-system account, as "命令行:<name>"."""
    try:
        return f"命令行:{getpass.getuser()}"
    except (OSError, KeyError):  # no login name in some containers
        return "命令行"


def snapshot(obj: models.Model) -> dict[str, Any]:
    """The row's stored fields by name (foreign keys as ids), without secrets or `auto_now`
    timestamps (those change on every save and would make every save look like a change)."""
    values = {}
    for field in obj._meta.concrete_fields:
        if field.name in SECRET_FIELDS or getattr(field, "auto_now", False):
            continue
        values[field.name] = json_safe(field.value_from_object(obj))
    return values


def stored_snapshot(obj: models.Model) -> dict[str, Any] | None:
    """The snapshot of the row as the database still holds it (before a save), or None if new."""
    if obj._state.adding or obj.pk is None:
        return None
    stored = type(obj)._base_manager.filter(pk=obj.pk).first()
    return snapshot(stored) if stored is not None else None


def changes(before: dict | None, after: dict | None) -> tuple[dict | None, dict | None]:
    """Only the fields that differ, on each side: what an audit reader wants to see."""
    if before is None or after is None:
        return before, after
    keys = [k for k in after if before.get(k) != after.get(k)]
    return {k: before.get(k) for k in keys}, {k: after[k] for k in keys}


def json_safe(value: Any) -> Any:
    if value is None or isinstance(value, bool | int | float | str):
        return value
    if isinstance(value, dict):
        return {str(k): json_safe(v) for k, v in value.items()}
    if isinstance(value, list | tuple | set | frozenset):
        return [json_safe(v) for v in value]
    if isinstance(value, dt.date | dt.time):  # datetime is a date
        return value.isoformat()
    if isinstance(value, Decimal | uuid.UUID | Promise):
        return str(value)
    if isinstance(value, models.Model):
        return value.pk
    if isinstance(value, bytes | memoryview):
        return f"<{len(value)} bytes>"
    return str(value)


def audited_save(*, actor, obj: models.Model, reason: str = "") -> AuditEvent | None:
    """Save a row someone edited and record what changed (only the changed fields). A save that
    changes nothing records nothing."""
    before = stored_snapshot(obj)
    obj.save()
    after = snapshot(obj)
    if before is None:
        return record(actor=actor, action=AuditAction.CREATE, obj=obj, after=after, reason=reason)
    before, after = changes(before, after)
    if not after:
        return None
    return record(actor=actor, action=AuditAction.UPDATE, obj=obj, before=before, after=after, reason=reason)


def audited_delete(*, actor, obj: models.Model, reason: str = "") -> AuditEvent:
    """Delete a row and record it as it was, with the counts of rows deleted along with it."""
    before = snapshot(obj)
    pk = obj.pk
    _, counts = obj.delete()
    cascade = {label: n for label, n in counts.items() if n and label != obj._meta.label}
    if counts.get(obj._meta.label, 0) > 1:
        cascade[obj._meta.label] = counts[obj._meta.label] - 1
    if cascade:
        before["_deleted_with"] = cascade
    obj.pk = pk  # Django clears it; the event names the row that was deleted
    try:
        return record(actor=actor, action=AuditAction.DELETE, obj=obj, before=before, reason=reason)
    finally:
        obj.pk = None
