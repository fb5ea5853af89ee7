"""Saving the office's figure from the indicator page. The indicators service writes it with its
revision row and its audit event; derived indicators are recomputed; all inside the request's one
transaction (DESIGN §3), as the API and the admin do."""

from __future__ import annotations

from dataclasses import dataclass

from django.db import transaction

from planwatch.audit.services import snapshot
from planwatch.indicators.observations import enter_observation
from planwatch.indicators.recompute import recompute_derived
from planwatch.progress import period_label

ENTERED, EDITED = "网页录入", "网页修改"


@dataclass
class Saved:
    observation: object
    created: bool
    changed: bool

    @property
    def message(self) -> str:
        period = period_label(self.observation.period)
        if self.created:
            return f"已录入{period}的数据"
        return f"已修改{period}的数据" if self.changed else f"{period}的数据与原来相同，未作修改"


def save_observation(*, actor, indicator, form) -> Saved:
    """Write the form's figure; a figure equal to the stored one writes nothing at all."""
    data, existing = form.cleaned_data, form.existing
    before = snapshot(existing) if existing else None
    reason = (data.get("reason") or "").strip() or (EDITED if existing else ENTERED)
    with transaction.atomic():
        observation = enter_observation(
            actor=actor, indicator=indicator, period=data["period"], value=data["value"],
            unit=(data.get("unit") or "").strip(), source=data.get("source") or "",
            note=data.get("note") or "", reason=reason,
        )  # fmt: skip
        changed = before is None or snapshot(observation) != before
        if changed:
            recompute_derived(actor=actor, plan=indicator.plan)
    return Saved(observation, existing is None, changed)
