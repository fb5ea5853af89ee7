"""Template helpers of the site: `{% load web %}`.

{{ day|cn_date }} · {{ when|cn_datetime }} · {{ value|num }} · {{ "2024Q2"|period }}
{{ ratio|percent }} · {% status_light result.status %} (a coloured light with its label, never
the colour alone) · {% demo_badge %}
"""

from __future__ import annotations

import json
from functools import lru_cache

from django import template
from django.template.loader import render_to_string
from django.urls import get_script_prefix
from django.utils.html import format_html, format_html_join

from planwatch.accounts import permissions
from planwatch.reporting.templatetags.reporting import unread_notifications
from planwatch.web import formatting

register = template.Library()

register.filter("cn_date", formatting.cn_date)
register.filter("cn_datetime", formatting.cn_datetime)
register.filter("num", formatting.number)
register.filter("period", formatting.period_label)
register.filter("period_in_year", formatting.period_in_year)
register.filter("percent", formatting.percent)
register.filter("status_label", formatting.status_label)
register.filter("latest_text", formatting.latest_text)
register.filter("progress_text", formatting.progress_text)


_NAV_ACTIONS = ("view", "view_index", "view_audit", "change", "admin")  # what the menu asks


@register.simple_tag(takes_context=True)
def nav_links(context) -> str:
    """The main menu's links (web/_nav_links.html) for this user on this page: the links the
    user's role may follow, the current page marked, the unread notifications' badge. The HTML is
    a function of exactly those answers (and the site's URL prefix), so it is rendered once per
    combination and reused (`_nav_html`): its 20 `{% url %}` tags and permission checks were a
    millisecond of every page (issue 20). The user's name and the logout form (csrf token) stay
    in base.html, rendered per request."""
    user = context["user"]
    may = tuple(permissions.allowed(user, action) for action in _NAV_ACTIONS)
    unread = unread_notifications(user) if may[0] else 0
    return _nav_html(get_script_prefix(), context.get("nav"), may, unread)


@lru_cache(maxsize=256)
def _nav_html(prefix: str, nav: str | None, may: tuple[bool, ...], unread: int) -> str:
    """web/_nav_links.html for these answers; `prefix` is in the key because `{% url %}` writes it."""
    return render_to_string("web/_nav_links.html", {"nav": nav, "may": dict(zip(_NAV_ACTIONS, may, strict=True)), "unread": unread})


@register.simple_tag
def plan_options(plans, plan):
    """The plan switcher's `<option>`s, the current plan selected: written here rather than by a
    template loop, on every page that has the switcher (50 plans: 0.35 ms instead of 0.65 ms,
    the same HTML; issue 20)."""
    current = getattr(plan, "pk", None)
    return format_html_join(
        "", '<option value="{}"{}>{}</option>', ((p.pk, " selected" if p.pk == current else "", p) for p in plans)
    )


@register.inclusion_tag("web/_status.html")
def status_light(status, label=None, small=False, age=None):
    """The status light: glyph + colour + Chinese label, so colour is never the only cue; with
    ``age`` (a result's age), the age of the figure it rests on beside it: 最新数据：2023年（已滞后2期）."""
    status = status or "no_data"
    return {
        "status": status,
        "label": label or formatting.status_label(status),
        "glyph": formatting.STATUS_GLYPHS.get(status, "○"),
        "small": small,
        "age": age if age else ({"text": "暂无数据", "stale": False} if age is not None else None),
    }


@register.inclusion_tag("web/_demo_badge.html")
def demo_badge(show=True):
    return {"show": show}


@register.filter
def get_item(mapping, key):
    """`counts|get_item:status` — dictionary lookup by a variable key."""
    try:
        return mapping.get(key, "")
    except AttributeError:
        return ""


@register.filter
def to_json(value):
    """JSON for a data-* attribute (autoescaping makes it attribute-safe; charts.js parses it)."""
    return json.dumps(value, ensure_ascii=False)


@register.simple_tag
def ratio_term():
    """进度比 with its one definition as a tooltip (docs/methodology.md), the same on every page."""
    return format_html('<abbr class="term" title="{}">进度比</abbr>', formatting.RATIO_HELP)


@register.simple_tag
def target_text(result):
    """≥ 1400亿元（2025年）: what the plan asks, in one short phrase."""
    return formatting.target_text(result)


@register.inclusion_tag("web/_units.html", takes_context=True)
def unit_chips(context, links):
    """An article's units as chips: 牵头 / 配合 where the plan says so (when it names no lead,
    all are simply responsible units), each linked when the user may open that unit's page."""
    user = getattr(context.get("request"), "user", None)
    links = list(links)
    for link in links:
        link.may_view = permissions.allowed(user, "view", link.unit)
    return {"links": links, "lead_known": any(link.role == "lead" for link in links)}
