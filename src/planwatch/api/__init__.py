"""The JSON API under /api/v1/ (django-ninja): plans, units, indicators, observations, evaluation.

`app.api` is the NinjaAPI instance; each area is a router module (plans, units, indicators,
observations, evaluation) that `app.py` mounts. Endpoints are thin: they ask the one permission
question (`accounts.permissions.require`), read through bounded querysets or call a service, and
write inside `transaction.atomic` together with the audit event. docs/api.md is the guide.
"""
