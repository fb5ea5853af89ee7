"""How the pages name a person: by name and unit (张三（区发展改革局）), never by login name.

The login name is a credential's half; pages, the audit log and notifications name people the way
colleagues do. An account without a name on file is named by its role (and unit), so it still
reads as Chinese and says who acted.
"""

from __future__ import annotations

from django.core.exceptions import ObjectDoesNotExist

from .models import Role

SYSTEM = "系统"
# The operating-system account most commands run under.
COMMAND_LINE = "命令行"


def _profile(user):
    try:
        return user.profile
    except (ObjectDoesNotExist, AttributeError):
        return None


def person(user) -> str:
    """张三（区发展改革局）, 李四（领导小组办公室）; without a name: 责任单位填报员（区发展改革局）,
    区领导; a superuser without a profile: 系统管理员; no user: 系统."""
    if user is None:
        return SYSTEM
    profile = _profile(user)
    role = Role(profile.role).label if profile and profile.role else ""
    if profile and profile.unit_id:
        where = profile.unit.name
    else:
        where = role or ("系统管理员" if getattr(user, "is_superuser", False) else "未分配角色")
    name = profile.display_name if profile else ""
    if name:
        return f"{name}（{where}）"
    return f"{role}（{where}）" if role and where != role else where


def actor_text(user, stored_name: str) -> str:
    """Who did something, from an audit or history row: the user as `person` names them, else the
    stored name — a command's "命令行:root" read as 命令行（系统管理员）."""
    if user is not None:
        return person(user)
    if stored_name.startswith(f"{COMMAND_LINE}:"):
        account = stored_name.split(":", 1)[1]
        return f"{COMMAND_LINE}（{'系统管理员' if account == 'root' else '服务器账号'}）"
    return stored_name or SYSTEM
