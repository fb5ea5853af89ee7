"""A date typed in a page's form (an <input type="date">, YYYY-MM-DD): one parser for the 督办,
问题 and 重点项目 pages, so a bad date is refused in Chinese everywhere, never silently dropped."""

from __future__ import annotations

from datetime import date

from planwatch.plans.errors import StoreError


def form_date(text: str) -> date | None:
    """None for an empty field; StoreError (shown above the page) for one that is not a date."""
    try:
        return date.fromisoformat(text) if text else None
    except ValueError:
        raise StoreError(f"日期“{text[:20]}”无效") from None
