"""Per-account lock-out: N failed logins in a row lock the name for M minutes (等保 2.0).

The state of a real account is in its Profile; names that are no account get the same counting
in UnknownLogin, so the login page cannot be used to find out which names exist. Every failure
and every lock-out is an audit event. A name that is no account is never stored as typed (people
type their password into the name field): UnknownLogin keys it by a keyed hash, and its audit
row says only 未知用户名, with a short fingerprint of that hash to tell repeated guesses apart. `now` is a parameter so tests can move the clock.
"""

from __future__ import annotations

import datetime as dt
import math

from django.conf import settings
from django.contrib.auth import get_user_model
from django.utils import timezone
from django.utils.crypto import salted_hmac

from planwatch.audit.models import AuditAction
from planwatch.audit.services import record

from .models import Profile, UnknownLogin

# Unknown names not tried for this long are forgotten (their table would otherwise only grow).
FORGET_UNKNOWN_AFTER = dt.timedelta(days=1)
UNKNOWN_NAME = "未知用户名"  # the actor of a failed login under a name that is no account


def attempt(*, username: str, password: str, now: dt.datetime | None = None):
    """Check a login: the user, or None (wrong password, unknown name, locked, inactive).

    Call inside a transaction: the state row is locked for update so parallel guesses all count.
    A locked name is refused without looking at the password, and without counting further.
    """
    now = now or timezone.now()
    user = get_user_model()._default_manager.filter(username=username).first()
    state = _state(user, username, now)
    if state.locked_until and state.locked_until > now:
        return None
    if user is None:
        get_user_model()().set_password(password)  # spend the hashing time a real check would
    elif user.check_password(password):
        if not user.is_active:
            return None
        if state.failed_logins or state.locked_until:
            state.failed_logins, state.locked_until = 0, None
            state.save(update_fields=["failed_logins", "locked_until"])
        return user
    _failed(state, user=user, username=username, now=now)
    return None


def _state(user, username: str, now: dt.datetime):
    if user is not None:
        state, _ = Profile.objects.select_for_update().get_or_create(user=user)
        return state
    key = unknown_key(username)
    state = UnknownLogin.objects.select_for_update().filter(username=key).first()
    return state or UnknownLogin(username=key, last_failed_at=now)


def unknown_key(username: str) -> str:
    """What UnknownLogin stores for a typed name: a keyed hash, never the text."""
    return salted_hmac("planwatch.unknown-login", username, algorithm="sha256").hexdigest()


def _failed(state, *, user, username: str, now: dt.datetime) -> None:
    state.failed_logins += 1
    actor = user or UNKNOWN_NAME
    if user is not None:
        known = {"username": user.get_username(), "attempt": state.failed_logins}
    else:  # never the typed text: it may be a password typed into the wrong field
        known = {"name_fingerprint": state.username[:12], "attempt": state.failed_logins}
    if state.failed_logins >= settings.LOCKOUT_ATTEMPTS:
        state.locked_until = now + dt.timedelta(minutes=settings.LOCKOUT_MINUTES)
        state.failed_logins = 0
        after = {**known, "locked_until": state.locked_until}
        record(actor=actor, action=AuditAction.LOCKOUT, obj=user, after=after)
    else:
        record(actor=actor, action=AuditAction.LOGIN_FAILED, obj=user, after=known)
    if isinstance(state, UnknownLogin):
        if state._state.adding:
            UnknownLogin.objects.filter(last_failed_at__lt=now - FORGET_UNKNOWN_AFTER).delete()
        state.last_failed_at = now
    state.save()


def minutes_locked(username: str, now: dt.datetime | None = None) -> int:
    """Whole minutes (rounded up) until `username` may try again; 0 when it is not locked."""
    now = now or timezone.now()
    until = (
        Profile.objects.filter(user__username=username).values_list("locked_until", flat=True).first()
        or UnknownLogin.objects.filter(username=unknown_key(username))
        .values_list("locked_until", flat=True)
        .first()
    )
    if until is None or until <= now:
        return 0
    return max(1, math.ceil((until - now).total_seconds() / 60))


def unlock(profile: Profile) -> bool:
    """Clear a lock and the failure count; True when there was anything to clear."""
    if not (profile.failed_logins or profile.locked_until):
        return False
    profile.failed_logins, profile.locked_until = 0, None
    profile.save(update_fields=["failed_logins", "locked_until"])
    return True
