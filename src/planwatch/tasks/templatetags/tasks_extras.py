"""{% task_status code %}: the computed status as a coloured badge; dates as 2025年3月31日."""

from django import template
from django.template.loader import render_to_string

from planwatch.progress import period_label
from planwatch.web.formatting import cn_date

from ..models import TaskClaim
from ..status import STATUS_LABELS

register = template.Library()


@register.simple_tag
def task_status(status: str) -> str:
    return render_to_string("tasks/_status.html", {"status": status, "label": STATUS_LABELS[status]})


@register.filter
def cn_date_or_dash(value) -> str:
    return cn_date(value) if value else "—"


@register.filter
def claim_label(value: str) -> str:
    return TaskClaim(value).label if value else ""


@register.filter
def period_name(code: str) -> str:
    return period_label(code)
