"""Who may see and do what in reporting: `allowed()`, narrowed by the reporting unit.

`accounts.permissions.allowed` decides a reporter's reach by the articles its unit is named on.
Reporting items belong to the unit that reports them instead: a co-operating unit must not see
the lead unit's figures, and 区统计局 reports the 发展目标 figures although the plan names no
unit there. So for a reporter an item (rule, submission, report, evidence, unit) is its own
exactly when its `unit_id` is the reporter's unit; every other role is asked `allowed()` as is.
"""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.db.models import QuerySet

from planwatch.accounts.permissions import Action, Role, allowed, role_of, unit_of
from planwatch.units.models import Unit

__all__ = ["Action", "may", "require_may", "visible"]

_REPORTER_ACTIONS = frozenset({Action.VIEW, Action.REPORT})


def _unit_id(obj) -> int | None:
    return obj.pk if isinstance(obj, Unit) else getattr(obj, "unit_id", None)


def may(user, action: str | Action, obj=None) -> bool:
    """May `user` do `action` on a reporting item (or a unit's reporting page)?"""
    action = Action(action)
    if role_of(user) is Role.REPORTER:
        if action not in _REPORTER_ACTIONS or not allowed(user, action):
            return False
        return obj is None or (_unit_id(obj) is not None and _unit_id(obj) == unit_of(user))
    if obj is None or isinstance(obj, Unit):
        return allowed(user, action)
    return allowed(user, action, obj)


def require_may(user, action: str | Action, obj=None) -> None:
    """`may` or PermissionDenied (a 403 page, a 403 answer from the API)."""
    if not may(user, action, obj):
        raise PermissionDenied("无权进行此操作")


def visible(user, queryset: QuerySet) -> QuerySet:
    """The rows of a reporting queryset (with a `unit` field) the user may view."""
    role = role_of(user)
    if role is None or not allowed(user, Action.VIEW):
        return queryset.none()
    if role is Role.REPORTER:
        return queryset.filter(unit_id=unit_of(user))
    return queryset
