"""Makes the client's address available to `services.record` without passing requests around.

Services take no request (they are called from commands too); the address is per request, so
it sits in a context variable for the request's duration. Only REMOTE_ADDR is trusted: behind a
proxy, the WSGI server must be told the proxy's address (waitress `trusted_proxy`) to set it.
"""

from __future__ import annotations

from .services import client_ip


class AuditContextMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        token = client_ip.set(request.META.get("REMOTE_ADDR") or None)
        try:
            return self.get_response(request)
        finally:
            client_ip.reset(token)
