"""The only authentication backend: Django's model backend with lock-out, and Django's
permission checks answered by `allowed()` so the admin obeys the same roles as the site."""

from __future__ import annotations

from django.contrib.auth import get_user_model
from django.contrib.auth.backends import ModelBackend
from django.db import transaction

from . import lockout
from .permissions import Action, allowed


class LockoutBackend(ModelBackend):
    def authenticate(self, request, username=None, password=None, **kwargs):
        username = username if username is not None else kwargs.get(get_user_model().USERNAME_FIELD)
        if not username or password is None:
            return None
        # Its own (nested) transaction: the admin's login view has none, and the failure count
        # and its audit event must be stored together.
        with transaction.atomic():
            return lockout.attempt(username=username, password=password)

    def get_user(self, user_id):
        """The session's user with its profile (role, unit and its name) in the same query: every page
        asks for the role, and a second query for it was a round trip on every request."""
        try:
            user = get_user_model()._default_manager.select_related("profile__unit").get(pk=user_id)
        except get_user_model().DoesNotExist:
            return None
        return user if self.user_can_authenticate(user) else None

    def has_perm(self, user_obj, perm, obj=None):
        """Office may do everything in the admin; the audit log may also be read by auditors.
        Django groups and per-user permissions are not used: roles are the only grant."""
        if allowed(user_obj, Action.ADMIN):
            return True
        return perm == "audit.view_auditevent" and allowed(user_obj, Action.VIEW_AUDIT)

    def has_module_perms(self, user_obj, app_label):
        if allowed(user_obj, Action.ADMIN):
            return True
        return app_label == "audit" and allowed(user_obj, Action.VIEW_AUDIT)

    def get_all_permissions(self, user_obj, obj=None):
        return set()
