"""Possible duplicates (可能重复): open problems of the plan that block the same thing, or whose
title is close (difflib's ratio, on characters: Chinese titles have no spaces). Shown when a
problem is raised and to the office on a problem's page, so that it can merge them."""

from __future__ import annotations

from difflib import SequenceMatcher

from django.db.models import Q

from .models import ENDED, Problem

CLOSE = 0.5  # "产业园二期用地指标不足" vs "产业园用地指标缺口": 0.6
LIMIT = 5


def similar(plan, title: str, about: list, *, exclude: int | None = None) -> list[Problem]:
    """Up to five open problems like this one: same blocked object first, then by title."""
    title = (title or "").strip()
    if not title and not about:
        return []
    rows = Problem.objects.filter(plan=plan).exclude(state__in=ENDED).exclude(pk=exclude).only("pk", "title", "state")
    same = Q()
    for kind, object_id in about:
        same |= Q(links__kind=kind, links__object_id=object_id)
    blocked = list(rows.filter(same).distinct()) if about else []
    scored = [(SequenceMatcher(None, title, p.title).ratio(), p) for p in rows.exclude(pk__in=[p.pk for p in blocked])]
    close = [p for ratio, p in sorted(scored, key=lambda s: -s[0]) if title and ratio >= CLOSE]
    return (blocked + close)[:LIMIT]
