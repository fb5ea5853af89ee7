"""Problems in supervision (督办): a problem red for longer than the office allows is one of
supervision's proposals (立项 or 不予立项 there, answered per red spell); an item about a problem
names it. Registered in ProblemsConfig.ready, so supervision imports nothing from here."""

from __future__ import annotations

from datetime import date, timedelta

from planwatch.supervision import lights
from planwatch.supervision.links import LABELLERS
from planwatch.supervision.models import AboutKind
from planwatch.supervision.proposals import EXTRA_SOURCES, Proposal

from .models import ENDED, Problem
from .services import settings_for


def red_too_long(plan, today: date) -> list[Proposal]:
    """Problems red since `propose_after` days or more (the cause is the day they turned red)."""
    days = settings_for(plan).propose_after
    rows = (Problem.objects.filter(plan=plan, light=lights.RED, red_since__lte=today - timedelta(days=days))
            .exclude(state__in=ENDED).select_related("handling_unit", "raised_by").order_by("pk"))  # fmt: skip
    return [
        Proposal(AboutKind.PROBLEM, p.pk, f"red@{p.red_since}", "问题红灯", f"{p.number}“{p.title}”",
                 f"{p.get_state_display()}，{p.light_reasons}，红灯已持续 {(today - p.red_since).days} 天",
                 p.handling_unit or p.raised_by)
        for p in rows
    ]  # fmt: skip


def label(plan, object_id: int) -> str | None:
    problem = Problem.objects.filter(plan=plan, pk=object_id).first()
    return problem and f"{problem.number}“{problem.title}”"


def register() -> None:
    if red_too_long not in EXTRA_SOURCES:
        EXTRA_SOURCES.append(red_too_long)
    LABELLERS[AboutKind.PROBLEM] = label
