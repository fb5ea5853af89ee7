"""Ids and numbers from a URL, checked at the edge: the pages and the API refuse what the
database cannot hold instead of failing inside it (an id beyond 64 bits is an OverflowError on
SQLite and "bigint out of range" on PostgreSQL; "1²" passes str.isdigit() but not int())."""

from __future__ import annotations

import re

from django.core.exceptions import BadRequest

MAX_ID = 2**63 - 1  # the largest value of a 64-bit primary key column, on both backends
_DIGITS = re.compile(r"[0-9]{1,19}")  # ASCII digits only: str.isdigit() accepts "²" and "٣"


def parse_id(text) -> int | None:
    """The id `text` names (ASCII digits within 64 bits), or None for anything else."""
    text = str(text).strip()
    if not _DIGITS.fullmatch(text):
        return None
    value = int(text)
    return value if value <= MAX_ID else None


def id_param(request, name: str, label: str) -> int | None:
    """An optional id from the query string (`label`: what it names, in Chinese): None when
    absent or empty, a 400 page (BadRequest, with a Chinese message) when it is not an id."""
    text = request.GET.get(name, "")
    if text == "":
        return None
    value = parse_id(text)
    if value is None:
        raise BadRequest(f"链接中的{label}编号无效（“{text[:40]}”），请从页面上的链接重新进入")
    return value
