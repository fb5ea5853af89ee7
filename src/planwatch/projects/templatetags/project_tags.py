"""Amounts as the ledger writes them: 万元 stored, 亿元 shown where the plan speaks in 亿元."""

from __future__ import annotations

from decimal import Decimal

from django import template

register = template.Library()


@register.filter
def yi(wan) -> str:
    """11540000 (万元) → 1,154.00."""
    return "—" if wan is None else f"{Decimal(wan) / 10000:,.2f}"


@register.filter
def wan(value) -> str:
    """103000.5 → 103,000.50; nothing → —."""
    return "—" if value is None else f"{Decimal(value):,.2f}"
