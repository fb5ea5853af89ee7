"""A busy database: recognised, answered with 503 and Retry-After, never a 500.

SQLite lets one writer at a time; a request that cannot get the write lock within
`DB_BUSY_TIMEOUT` seconds fails with "database is locked". PostgreSQL fails the same way after
`lock_timeout` (SQLSTATE 55P03) or on a deadlock (40P01). Either is a moment of load, not a
fault: pages answer 503 with the site's layout, the API 503 with {"detail": "…"}, both with a
Retry-After header and a Chinese message; commands end with the one-line error and exit 2.

A request can meet the lock in its view (`BusyDatabaseMiddleware.process_exception`, and the
API's own exception handler) or after it, when the session is saved on the way out
(`SessionMiddleware` below): a session only pushed forward for the idle time-out is then left
as it was and the page is served — reading stays possible while a bulk load writes — and a
session that really changed (a login) answers 503. Anything else a middleware meets Django
turns into a 500 through `handler500`, `server_error` below, which answers 503 when the
database was busy.
"""

from __future__ import annotations

import logging
import sys
import threading
from contextlib import contextmanager

from django.conf import settings
from django.contrib.sessions import middleware as sessions
from django.contrib.sessions.exceptions import SessionInterrupted
from django.db import OperationalError, connections
from django.db.backends.signals import connection_created
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.template.loader import render_to_string
from django.utils import timezone

from planwatch.web import errors

BUSY_MESSAGE = "数据库正忙（正在写入其他数据），请稍等几秒后重试"
COMMAND_BUSY_MESSAGE = "数据库正忙：另一项写入（如其他导入）一直未完成，请稍后重新运行"
RETRY_AFTER = 5  # seconds: about the longest write a bulk load holds (docs/operations.md)
_SQLSTATES = {"55P03", "40P01"}  # PostgreSQL: lock_not_available, deadlock_detected
_SQLITE = ("database is locked", "database table is locked", "database is busy")

logger = logging.getLogger("planwatch.busy")


def is_busy(exc: BaseException | None) -> bool:
    """Whether ``exc`` means the database was busy (a lock not obtained in time)."""
    if not isinstance(exc, OperationalError):
        return False
    if getattr(exc.__cause__, "sqlstate", None) in _SQLSTATES:
        return True
    return any(text in str(exc).lower() for text in _SQLITE)


def busy_response(request: HttpRequest) -> HttpResponse:
    """503 with Retry-After: JSON under /api/, the site's page elsewhere. Logged as one line."""
    logger.warning("数据库正忙，已答复 503：%s %s", request.method, request.path)
    if errors.is_api(request):
        response = JsonResponse(
            {"detail": BUSY_MESSAGE}, status=503, json_dumps_params={"ensure_ascii": False}
        )
    else:
        page = render_to_string("503.html", {"message": BUSY_MESSAGE, "retry": RETRY_AFTER}, request=request)
        response = HttpResponse(page, status=503)
    response["Retry-After"] = str(RETRY_AFTER)
    response._has_been_logged = True  # the line above; no traceback for a moment of load
    return response


class BusyDatabaseMiddleware:
    """A view that met the lock answers 503 (see the module docstring)."""

    def __init__(self, get_response) -> None:
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_exception(self, request, exception):
        return busy_response(request) if is_busy(exception) else None


SEEN_KEY = "_pw_seen"  # when the session's idle expiry was last pushed on (epoch seconds)


class SessionMiddleware(sessions.SessionMiddleware):
    """Django's, with the idle time-out pushed on at most once every
    `SESSION_REFRESH_SECONDS`, and a session that could not be saved because the database was
    busy.

    Why not Django's SESSION_SAVE_EVERY_REQUEST: it writes the session row on every request —
    a write transaction (three statements, and the write lock on SQLite) on pages that only
    read. Here a request saves the session when something in it changed, or when its expiry was
    last pushed on `SESSION_REFRESH_SECONDS` ago or more. A session therefore ends between
    SESSION_MINUTES minus that time and SESSION_MINUTES after the last request: never later than
    before, at most a minute earlier."""

    def process_response(self, request, response):
        refresh_only = self._push_idle_expiry(request)
        try:
            return super().process_response(request, response)
        except SessionInterrupted as exc:
            if not is_busy(_cause(exc)):
                raise
            if request.session.modified and not refresh_only:
                return busy_response(request)
            return response  # only the idle time-out was to be pushed forward: next time

    @staticmethod
    def _push_idle_expiry(request) -> bool:
        """Mark the session for saving when its expiry is due to be pushed on; whether that is
        the only change to save."""
        session = getattr(request, "session", None)
        if session is None or session.is_empty():
            return False
        now = int(timezone.now().timestamp())
        seen = session.get(SEEN_KEY)  # loads the session (the login check has already)
        if session.session_key is None or (
            isinstance(seen, int) and 0 <= now - seen < settings.SESSION_REFRESH_SECONDS
        ):
            return False
        refresh_only = not session.modified
        session[SEEN_KEY] = now
        return refresh_only


def _cause(exc: BaseException) -> BaseException | None:
    """The first database error behind ``exc`` (Django raises UpdateError from it, then
    SessionInterrupted from that)."""
    while exc is not None and not isinstance(exc, OperationalError):
        exc = exc.__cause__ or exc.__context__
    return exc


def server_error(request: HttpRequest) -> HttpResponse:
    """`handler500`: the lock met after the view (saving the session) is a 503 too; anything
    else is web.errors' Chinese 500."""
    if is_busy(sys.exc_info()[1]):
        return busy_response(request)
    return errors.server_error(request)


def set_lock_wait(connection, seconds: float) -> None:
    """How long ``connection`` waits for a lock before failing as busy."""
    with connection.cursor() as cursor:
        if connection.vendor == "sqlite":
            cursor.execute(f"PRAGMA busy_timeout = {int(seconds * 1000)}")
        elif connection.vendor == "postgresql":
            cursor.execute(f"SET lock_timeout = {int(seconds * 1000)}")


@contextmanager
def command_lock_wait():
    """Inside, this thread's connections wait `DB_COMMAND_BUSY_TIMEOUT` for a lock: a command
    queues behind another writer for longer than a page would, then ends with the one-line
    error. Other threads (the server's, under `planwatch serve`) keep the requests' wait."""
    seconds, thread = settings.DB_COMMAND_BUSY_TIMEOUT, threading.get_ident()

    def longer(sender, connection, **kwargs):
        if threading.get_ident() == thread:
            set_lock_wait(connection, seconds)

    connection_created.connect(longer, weak=False)
    _each_open(seconds)
    try:
        yield
    finally:
        connection_created.disconnect(longer)
        _each_open(settings.DB_BUSY_TIMEOUT)


def _each_open(seconds: float) -> None:
    for connection in connections.all(initialized_only=True):
        if connection.connection is not None:
            set_lock_wait(connection, seconds)
