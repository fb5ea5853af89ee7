"""Where a card's line leads: the page of the row behind it (drill-down), in a few queries for a
whole card. Rows without a page of their own (a return, a task report) are shown without a link."""

from __future__ import annotations

from django.urls import reverse

from planwatch.indicators.models import Target

_PAGES = {"task": "tasks:task", "submission": "reporting:submission", "report": "reporting:report",
          "item": "supervision:item", "problem": "problems:detail", "project": "projects:project"}  # fmt: skip


def line_links(parts: list[dict]) -> None:
    """Set `link` on every line of the card's parts that has a page."""
    lines = [ln for part in parts for ln in part["lines"] if ln.get("source")]
    targets = {ln["source"]["id"] for ln in lines if ln["source"]["kind"] == "target"}
    indicators = dict(Target.objects.filter(pk__in=targets).values_list("pk", "indicator_id"))
    for ln in lines:
        kind, pk = ln["source"]["kind"], ln["source"]["id"]
        if kind == "target" and pk in indicators:
            ln["link"] = reverse("web:indicator", args=[indicators[pk]])
        elif kind in _PAGES:
            ln["link"] = reverse(_PAGES[kind], args=[pk])
