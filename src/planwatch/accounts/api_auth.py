"""Authentication for the django-ninja API: bearer tokens and the browser session.

    from planwatch.accounts.api_auth import API_AUTH
    api = NinjaAPI(auth=API_AUTH, ...)

Either way `request.user` is the user afterwards, so endpoints ask `allowed(request.user, …)`
exactly like views. Session requests keep Django's CSRF check (ninja's SessionAuth does it).
"""

from __future__ import annotations

from ninja.security import HttpBearer, SessionAuth

from .services import user_for_token


class TokenAuth(HttpBearer):
    """`Authorization: Bearer <token>` (ninja parses the header): the token's user, or None."""

    def authenticate(self, request, token):
        user = user_for_token(token)
        if user is not None:
            request.user = user
        return user


API_AUTH = [TokenAuth(), SessionAuth()]
