"""Links to reporting pages, for notifications and e-mails written outside a request.

Reversed by name when the reporting URLs are mounted; the fixed paths are the fallback, so a
reminder sent by a command still carries its link when reversing is not possible.
"""

from __future__ import annotations

from django.urls import NoReverseMatch, reverse


def _link(name: str, args: tuple, fallback: str) -> str:
    try:
        return reverse(name, args=args)
    except NoReverseMatch:
        return fallback


def item_link(item) -> str:
    """The page of a submission or an article report (its figure, history and evidence)."""
    if item.kind == "submission":
        return _link("reporting:submission", (item.pk,), f"/reporting/submissions/{item.pk}/")
    return _link("reporting:report", (item.pk,), f"/reporting/reports/{item.pk}/")


def unit_link(unit_id: int) -> str:
    return _link("reporting:unit", (unit_id,), f"/reporting/units/{unit_id}/")
