"""Index figures as the pages print them: two decimals, signed changes, four-decimal contributions."""

from django import template

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
