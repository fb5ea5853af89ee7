"""Template filters of the reporting pages: Chinese dates and figures as the plan writes them."""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal

from django import template
from django.utils import timezone

from planwatch.indicators.observations import plain
from planwatch.progress import period_label
from planwatch.reporting.services.evidence import may_remove

register = template.Library()
register.filter("period", period_label)  # 2025Q3 → 2025年第三季度, as on every other page


@register.filter
def cn_date(value) -> str:
    """2025年3月31日 (a datetime in local time, with its minutes)."""
    if isinstance(value, datetime):
        local = timezone.localtime(value) if timezone.is_aware(value) else value
        return f"{local.year}年{local.month}月{local.day}日 {local:%H:%M}"
    if isinstance(value, date):
        return f"{value.year}年{value.month}月{value.day}日"
    return ""


@register.filter
def num(value) -> str:
    """A figure without trailing zeros (1400, 0.77); a dash when there is none."""
    if value is None or value == "":
        return "—"
    return plain(value if isinstance(value, Decimal) else Decimal(str(value)))


@register.simple_tag
def unread_notifications(user) -> int:
    """How many unread notifications `user` has (for a badge in the navigation); one query."""
    if not getattr(user, "is_authenticated", False):
        return 0
    from planwatch.reporting.models import Notification

    return Notification.objects.filter(user=user, read=False).count()


@register.filter
def removable_by(evidence, user) -> bool:
    """Whether `user` may remove this evidence file now (its uploader, before approval)."""
    return may_remove(user, evidence)
