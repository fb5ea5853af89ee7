"""Successful logins and logouts go to the audit trail (failures are recorded by lockout.py);
a login starts the session's idle time-out."""

from __future__ import annotations

from django.contrib.auth.signals import user_logged_in, user_logged_out
from django.dispatch import receiver

from planwatch.audit.models import AuditAction
from planwatch.audit.services import record


@receiver(user_logged_in, dispatch_uid="planwatch_audit_login")
def _logged_in(sender, request, user, **kwargs):
    record(actor=user, action=AuditAction.LOGIN, obj=user)


@receiver(user_logged_out, dispatch_uid="planwatch_audit_logout")
def _logged_out(sender, request, user, **kwargs):
    if user is not None:
        record(actor=user, action=AuditAction.LOGOUT, obj=user)


@receiver(user_logged_in, dispatch_uid="planwatch_session_seen")
def _session_seen(sender, request, user, **kwargs):
    """A login saves the session anyway: its idle expiry counts from now, so the next page need
    not write it again (planwatch.busy.SessionMiddleware pushes it on at most once a minute)."""
    from django.utils import timezone

    from planwatch.busy import SEEN_KEY

    session = getattr(request, "session", None)
    if session is not None:
        session[SEEN_KEY] = int(timezone.now().timestamp())
