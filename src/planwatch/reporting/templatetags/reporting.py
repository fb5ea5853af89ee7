"""Template filters of the reporting pages: Chinese dates and figures as the plan writes them."""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal

from django import template
from django.db import connection
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
    """How many unread notifications `user` has (for a badge in the navigation); one query,
    written in SQL: it is on every page, and building the ORM's COUNT took 0.2 ms, fourteen
    times the query itself on SQLite (issue 20)."""
    if not getattr(user, "is_authenticated", False):
        return 0
    from planwatch.reporting.models import Notification

    table, read = Notification._meta.db_table, connection.ops.quote_name("read")
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT COUNT(*) FROM {table} WHERE user_id = %s AND NOT {read}", [user.pk])
        return cursor.fetchone()[0]


@register.filter
def removable_by(evidence, user) -> bool:
    """Whether `user` may remove this evidence file now (its uploader, before approval)."""
    return may_remove(user, evidence)
