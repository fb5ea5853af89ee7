"""Index figures as the pages print them: two decimals, signed changes, four-decimal contributions."""

from datetime import datetime

from django import template
from django.utils import timezone

register = template.Library()


@register.filter
def idx(value, digits: int = 2) -> str:
    return "—" if value is None else f"{value:.{int(digits)}f}"


@register.filter
def signed(value, digits: int = 2) -> str:
    return "—" if value is None else f"{value:+.{int(digits)}f}"


@register.filter
def share(value) -> str:
    """A weight or coverage (0–1) as a percentage with one decimal."""
    return "—" if value is None else f"{value * 100:.1f}%"


@register.filter
def cell(mapping, key):
    return mapping.get(key) if mapping else None


@register.filter
def iso_date(value) -> str:
    """A date or timestamp from the result's JSON (ISO text) as 2026年12月3日, in local time."""
    if not value:
        return "—"
    moment = datetime.fromisoformat(value)
    if timezone.is_aware(moment):
        moment = timezone.localtime(moment)
    return f"{moment.year}年{moment.month}月{moment.day}日"
