"""`allowed()` in templates, so a page shows a button exactly when the action would be allowed.

{% load permissions %}
{% allowed "report" indicator as can_report %}{% if can_report %}…{% endif %}
{% if request.user|can:"view_audit" %}<a href="…">审计日志</a>{% endif %}
"""

from __future__ import annotations

from django import template

from planwatch.accounts import people, permissions

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


@register.filter
def person(user):
    """`{{ user|person }}`: 张三（区发展改革局） — never the login name (accounts/people.py)."""
    return people.person(user)


@register.filter
def actor(row):
    """`{{ event|actor }}`: who did what an audit or history row records (a user, a command)."""
    return people.actor_text(row.actor, row.actor_name)
