"""`allowed()` in templates, so a page shows a button exactly when the action would be allowed.

{% load permissions %}
{% allowed "report" indicator as can_report %}{% if can_report %}…{% endif %}
{% if request.user|can:"view_audit" %}<a href="…">审计日志</a>{% endif %}
"""

from __future__ import annotations

from django import template

from planwatch.accounts import permissions

register = template.Library()


@register.simple_tag(takes_context=True)
def allowed(context, action, obj=None):
    """The current user's answer (from the request, else the `user` context variable)."""
    request = context.get("request")
    user = getattr(request, "user", None) or context.get("user")
    return permissions.allowed(user, action, obj)


@register.filter
def can(user, action):
    """`user|can:"action"` for checks without an object."""
    return permissions.allowed(user, action)
