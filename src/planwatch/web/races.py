"""A write lost to a concurrent request on a unique constraint: a Chinese 409 page, never a 500.

Two people can store the same thing at the same moment: one period's figure from the indicator
page while the office approves the unit's submission of it, the same lead from two windows of
the 责任分解 screen, a unit registered on the calendar page while an import registers it, one
workbook uploaded twice. The services look for the existing row first, but between that look and
the INSERT another request may commit an equal row (always possible on PostgreSQL; on SQLite
when the look happened before the request's transaction). The database's unique constraint then
refuses the INSERT, the view's `transaction.atomic()` rolls back everything the request did, and
this middleware tells the person so on the site's page (HTTP 409) instead of the 500 page. The
API answers the same sentence as JSON (api/errors.py).

Only a unique violation is a lost race: any other IntegrityError (NOT NULL, a foreign key) is a
fault and stays a 500 with its traceback.
"""

from __future__ import annotations

from django.db import IntegrityError

from . import errors

RACE = "数据刚刚被他人同时修改，本次未保存任何内容；请刷新后查看"
_UNIQUE_SQLSTATE = "23505"  # PostgreSQL's unique_violation
_SQLITE_UNIQUE = "UNIQUE constraint failed"


def is_unique_violation(exc: BaseException | None) -> bool:
    """Whether ``exc`` is the database refusing a row equal to one already stored."""
    if not isinstance(exc, IntegrityError):
        return False
    return getattr(exc.__cause__, "sqlstate", None) == _UNIQUE_SQLSTATE or str(exc).startswith(_SQLITE_UNIQUE)


class UniqueRaceMiddleware:
    """A page view that lost such a race answers 409 (see the module docstring)."""

    def __init__(self, get_response) -> None:
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_exception(self, request, exception):
        if errors.is_api(request) or not is_unique_violation(exception):
            return None
        return errors.conflict(request, RACE)
