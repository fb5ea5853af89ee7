"""Sends a user who must change the password (new account, password set by the office) to the
password page before anything else; the API answers 403 instead of redirecting."""

from __future__ import annotations

from django.http import JsonResponse
from django.shortcuts import redirect

EXEMPT_VIEWS = frozenset(
    {
        "accounts:password_change",
        "accounts:password_change_done",
        "accounts:logout",
        "accounts:login",
        "admin:logout",
    }
)


class PasswordChangeRequiredMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_view(self, request, view_func, view_args, view_kwargs):
        user = getattr(request, "user", None)
        if user is None or not user.is_authenticated or not _must_change(user):
            return None
        if request.resolver_match and request.resolver_match.view_name in EXEMPT_VIEWS:
            return None
        if request.path.startswith("/api/"):
            return JsonResponse({"detail": "请先修改初始密码"}, status=403)
        return redirect("accounts:password_change")


def _must_change(user) -> bool:
    profile = getattr(user, "profile", None)  # a missing one-to-one row reads as None here
    return bool(profile and profile.must_change_password)
