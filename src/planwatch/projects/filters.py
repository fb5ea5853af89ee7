"""The ledger's filters, shared by the page and the API: fields of the row narrow the query (the
API), and `keep` applies the same filters to computed rows — the light included, which exists
only once the figures are computed (the page computes the whole ledger once for its panel)."""

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
        """The computed rows that pass every filter (fields as `narrow` does, and the light)."""
        light = None if not self.light else NONE if self.light == "none" else self.light
        return [r for r in rows if self._fields_match(r.project) and light in (None, r.standing.light)]

    def _fields_match(self, p) -> bool:
        have = {"unit": p.unit.name, "category": p.category.name if p.category else "", "kind": p.kind,
                "stage": p.stage, "street": p.street, "leader": p.leader}  # fmt: skip
        return all(getattr(self, k) in (None, v) for k, v in have.items())
