"""A plain HTTP client for the live server the reliability tests start: cookies, CSRF, timing.

urllib from the standard library, so the tests exercise the server exactly as a browser or a
script on the office network would, through a real socket; redirects are not followed (a
login's 302 is its success).
"""

from __future__ import annotations

import http.cookiejar
import json
import re
import time
import urllib.error
import urllib.parse
import urllib.request
from dataclasses import dataclass


@dataclass
class Answer:
    status: int
    headers: dict
    body: str
    seconds: float

    def json(self):
        return json.loads(self.body)


class _NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None


class Client:
    def __init__(self, base: str, cookies: http.cookiejar.CookieJar | None = None) -> None:
        self.base = base.rstrip("/")
        self.cookies = cookies if cookies is not None else http.cookiejar.CookieJar()
        self.opener = urllib.request.build_opener(
            urllib.request.HTTPCookieProcessor(self.cookies), _NoRedirect()
        )

    def request(self, method: str, path: str, *, data: bytes | None = None, headers=None) -> Answer:
        req = urllib.request.Request(self.base + path, data=data, method=method, headers=headers or {})
        start = time.perf_counter()
        try:
            with self.opener.open(req, timeout=60) as resp:
                status, head, body = resp.status, dict(resp.headers), resp.read()
        except urllib.error.HTTPError as exc:
            status, head, body = exc.code, dict(exc.headers), exc.read()
        return Answer(status, head, body.decode("utf-8", "replace"), time.perf_counter() - start)

    def get(self, path: str) -> Answer:
        return self.request("GET", path)

    def cookie(self, name: str) -> str | None:
        return next((c.value for c in self.cookies if c.name == name), None)

    def login(self, username: str, password: str) -> Answer:
        page = self.get("/accounts/login/")
        token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page.body).group(1)
        form = urllib.parse.urlencode(
            {"username": username, "password": password, "csrfmiddlewaretoken": token}
        ).encode()
        return self.request(
            "POST", "/accounts/login/", data=form,
            headers={"Content-Type": "application/x-www-form-urlencoded", "Referer": self.base + "/"},
        )  # fmt: skip

    def api(self, method: str, path: str, token: str, body: dict | None = None) -> Answer:
        data = json.dumps(body).encode() if body is not None else None
        headers = {"Authorization": f"Bearer {token}", "Content-Type": "application/json"}
        return self.request(method, "/api/v1" + path, data=data, headers=headers)
