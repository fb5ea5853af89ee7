"""The ledger's filters, shared by the page and the API: fields of the row narrow the query; the
light, being computed, is kept or dropped after the figures are computed."""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import QuerySet

from .pace import NONE


@dataclass
class LedgerFilters:
    unit: str | None = None
    category: str | None = None
    kind: str | None = None
    stage: str | None = None
    street: str | None = None
    leader: str | None = None
    light: str | None = None

    def narrow(self, projects: QuerySet) -> QuerySet:
        lookups = {"unit__name": self.unit, "category__name": self.category, "kind": self.kind,
                   "stage": self.stage, "street": self.street, "leader": self.leader}  # fmt: skip
        return projects.filter(**{k: v for k, v in lookups.items() if v})

    def keep(self, rows: list) -> list:
        if not self.light:
            return rows
        wanted = NONE if self.light == "none" else self.light
        return [r for r in rows if r.standing.light == wanted]
