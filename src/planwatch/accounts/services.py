"""Account changes: create users, set and change passwords, tokens, unlock — each audited.

Like every service, these write into the caller's transaction (the command or the view opens
it), so a change and its audit event are stored together or not at all.
"""

from __future__ import annotations

import hashlib
import secrets

from django.contrib.auth import get_user_model, password_validation
from django.core.exceptions import ValidationError
from django.utils import timezone

from planwatch.audit.models import AuditAction
from planwatch.audit.services import record

from . import lockout
from .models import ApiToken, Profile, Role, UnknownLogin

TOKEN_PREFIX = "pw_"


class AccountError(ValueError):
    """Bad input for an account change; the message is one line of Chinese for the user."""


def get_user(username: str):
    user = get_user_model()._default_manager.filter(username=username).first()
    if user is None:
        raise AccountError(f"未找到用户：{username}")
    return user


def check_password_rules(password: str, user) -> None:
    """The configured rules (length, classes, common, similarity) as one AccountError line."""
    try:
        password_validation.validate_password(password, user)
    except ValidationError as exc:
        raise AccountError("密码不符合要求：" + "".join(exc.messages)) from exc


def create_user(
    *, actor, username: str, role: str, unit=None, password: str, must_change_password: bool = True,
    display_name: str = "",
):
    """A user with a role (and a unit for reporters). By default the first login must set a new
    password, since whoever created the account knows this one."""
    role = parse_role(role)
    User = get_user_model()
    _check_username(User, username)
    if role == Role.REPORTER and unit is None:
        raise AccountError("填报员（reporter）必须用 --unit 指定责任单位")
    if role != Role.REPORTER and unit is not None:
        raise AccountError("只有填报员（reporter）属于责任单位，其他角色不能指定 --unit")
    user = User(username=username)
    check_password_rules(password, user)
    user.set_password(password)
    user.save()
    profile = Profile.objects.create(
        user=user, role=role, unit=unit, must_change_password=must_change_password,
        display_name=display_name.strip(),
    )
    UnknownLogin.objects.filter(username=lockout.unknown_key(username)).delete()
    after = {"username": username, "display_name": profile.display_name, "role": role,
             "unit": unit.name if unit else None}  # fmt: skip
    record(actor=actor, action=AuditAction.CREATE, obj=user, after={**after, "profile": profile.pk})
    return user


def parse_role(role: str) -> Role:
    """A role by its identifier (office, reporter, leader, auditor), or a Chinese AccountError."""
    try:
        return Role(role)
    except ValueError:
        names = "、".join(r.value for r in Role)
        raise AccountError(f"未知角色：{role}（可用：{names}）") from None


def _check_username(User, username: str) -> None:
    try:
        User._meta.get_field("username").run_validators(username)
    except ValidationError as exc:
        raise AccountError(f"用户名“{username}”无效：" + "".join(exc.messages)) from exc
    if not username or User._default_manager.filter(username=username).exists():
        raise AccountError(f"用户 {username} 已存在" if username else "用户名不能为空")


def change_password(*, actor, user, password: str) -> None:
    """The user's own change (or a forced one at first login): rules apply, the flag clears."""
    check_password_rules(password, user)
    user.set_password(password)
    user.save(update_fields=["password"])
    Profile.objects.filter(user=user).update(must_change_password=False)
    record(actor=actor, action=AuditAction.PASSWORD_CHANGE, obj=user)
    revoke_all_tokens(actor=actor, user=user)


def password_was_set(*, actor, user) -> None:
    """Someone else (the office in the admin) set this user's password: the user must replace
    it at the next login. Call after the password itself was saved."""
    Profile.objects.update_or_create(user=user, defaults={"must_change_password": True})
    record(actor=actor, action=AuditAction.PASSWORD_SET, obj=user)
    revoke_all_tokens(actor=actor, user=user)


def unlock(*, actor, user) -> bool:
    """Lift a lock-out before it runs out; False when the account was not locked."""
    profile = Profile.objects.filter(user=user).first()
    if profile is None or not lockout.unlock(profile):
        return False
    record(actor=actor, action=AuditAction.UNLOCK, obj=user)
    return True


def hash_token(token: str) -> str:
    return hashlib.sha256(token.encode("utf-8")).hexdigest()


def issue_token(*, actor, user) -> tuple[ApiToken, str]:
    """A new API token for `user`: the row (hash and prefix only) and the token, to show once."""
    token = TOKEN_PREFIX + secrets.token_urlsafe(32)
    row = ApiToken.objects.create(user=user, token_hash=hash_token(token), prefix=token[:11])
    record(actor=actor, action=AuditAction.TOKEN_CREATE, obj=row, after={"prefix": row.prefix})
    return row, token


def revoke_token(*, actor, token: ApiToken) -> None:
    if token.revoked_at is None:
        token.revoked_at = timezone.now()
        token.save(update_fields=["revoked_at"])
        record(actor=actor, action=AuditAction.TOKEN_REVOKE, obj=token, after={"prefix": token.prefix})


def revoke_all_tokens(*, actor, user) -> int:
    """Revoke every live token of `user`: a new password (the user's own or one the office set)
    ends what the old one allowed, scripts included. Returns how many were revoked."""
    live = list(ApiToken.objects.filter(user=user, revoked_at__isnull=True))
    for token in live:
        revoke_token(actor=actor, token=token)
    return len(live)


def user_for_token(token: str):
    """The active user a token belongs to, or None (unknown, revoked, inactive user)."""
    if not token or not token.startswith(TOKEN_PREFIX):
        return None
    row = ApiToken.objects.select_related("user").filter(token_hash=hash_token(token)).first()
    if row is None or row.revoked_at is not None or not row.user.is_active:
        return None
    now = timezone.now()
    if row.last_used_at is None or (now - row.last_used_at).total_seconds() > 60:
        # At most one write a minute per token: "last used" need not be exact to the second.
        ApiToken.objects.filter(pk=row.pk).update(last_used_at=now)
    return row.user
