"""The units registry: find or register a unit by any of its names, link units to articles, merge.

Names are compared by `canonical_key` (names.py: full-width/half-width, official abbreviations)
and then by the aliases merges leave behind, so each unit is registered once however the plans
write it. Writes happen here only; the caller (a command, the admin) owns the transaction.
Merges are audited here (plain registrations during an import are part of the import's event).
"""

from __future__ import annotations

from collections.abc import Sequence

from planwatch.audit.models import AuditAction
from planwatch.audit.services import record, snapshot
from planwatch.params import parse_id
from planwatch.plans.errors import StoreError

from .models import ArticleUnit, Unit, UnitAlias
from .names import canonical_key, normalise_name

__all__ = [
    "UnitResolver",
    "canonical_key",
    "find_unit",
    "get_unit",
    "merge_units",
    "normalise_name",
    "resolve_unit",
    "sync_article_units",
]


def find_unit(name: str) -> Unit | None:
    """The registered unit for any spelling of its name or of one of its aliases."""
    key = canonical_key(name)
    unit = Unit.objects.filter(key=key).first()
    if unit is None:
        alias = UnitAlias.objects.select_related("unit").filter(key=key).first()
        unit = alias.unit if alias else None
    return unit


def resolve_unit(name: str) -> Unit:
    """The unit `name` designates, registered under the name as written when it is new."""
    normalised = normalise_name(name)
    if not normalised:
        raise StoreError("责任单位名称为空")
    return find_unit(normalised) or Unit.objects.create(name=normalised)


def get_unit(ref: str) -> Unit:
    """A unit by any of its names, or by its numeric id (commands accept both)."""
    unit = find_unit(ref)
    if unit is None and parse_id(ref) is not None:
        unit = Unit.objects.filter(pk=parse_id(ref)).first()
    if unit is None:
        raise StoreError(f"未找到责任单位：{ref}")
    return unit


class UnitResolver:
    """Resolves the many names of one import with two queries, registering new units as met."""

    def __init__(self) -> None:
        self._by_key = {u.key: u for u in Unit.objects.all()}
        for alias in UnitAlias.objects.select_related("unit"):
            self._by_key.setdefault(alias.key, alias.unit)
        self.created: list[Unit] = []

    def __call__(self, name: str) -> Unit:
        key = canonical_key(name)
        unit = self._by_key.get(key)
        if unit is None:
            unit = resolve_unit(name)
            self._by_key[key] = unit
            self.created.append(unit)
        return unit

    def known(self, name: str) -> Unit | None:
        """The registered unit for `name` as read when the resolver was made; registers nothing."""
        return self._by_key.get(canonical_key(name))

    def key(self, name: str) -> str:
        """A comparison key that is equal for two names of one registered unit (for diffs)."""
        unit = self._by_key.get(canonical_key(name))
        return f"unit:{unit.pk}" if unit else canonical_key(name)


def _wanted_links(units: Sequence[str], lead_units: Sequence[str], resolve: UnitResolver) -> list[dict]:
    """One row per distinct unit, in the article's order; lead units the plan lists apart come last."""
    leads = {resolve(name).pk for name in lead_units}
    wanted: dict[int, dict] = {}
    for name in [*units, *lead_units]:
        unit = resolve(name)
        if unit.pk not in wanted:
            role = ArticleUnit.Role.LEAD if unit.pk in leads else ArticleUnit.Role.CO
            wanted[unit.pk] = {"unit": unit, "role": role, "position": len(wanted), "written_as": name}
    return list(wanted.values())


def sync_article_units(
    *, article, units: Sequence[str], lead_units: Sequence[str], resolve: UnitResolver
) -> None:
    """Make the article's unit links match the document, touching only the links that differ."""
    existing = {link.unit_id: link for link in article.unit_links.all()}
    new_links = []
    for row in _wanted_links(units, lead_units, resolve):
        link = existing.pop(row["unit"].pk, None)
        if link is None:
            new_links.append(ArticleUnit(article=article, **row))
        elif any(getattr(link, f) != row[f] for f in ("role", "position", "written_as")):
            link.role, link.position, link.written_as = row["role"], row["position"], row["written_as"]
            link.save()
    ArticleUnit.objects.filter(pk__in=[link.pk for link in existing.values()]).delete()
    ArticleUnit.objects.bulk_create(new_links)


def merge_units(*, actor=None, source: Unit, target: Unit) -> int:
    """Fold `source` into `target`: its article links, aliases, children and reporters move, its
    name becomes an alias of `target` (so the next import finds `target`), and `source` is
    deleted. Recorded as one audit event in the caller's transaction.

    Returns the number of article links moved. An article that named both keeps one link, lead
    if either was lead.
    """
    if source.pk == target.pk:
        raise StoreError(f"不能把责任单位“{source.name}”合并到它自己")
    before = {"source": snapshot(source), "target": snapshot(target)}
    moved = _move_links(source, target)
    source.aliases.update(unit=target)
    source.children.exclude(pk=target.pk).update(parent=target)
    reporters = source.reporters.update(unit=target)  # accounts.Profile: reporters follow their unit
    name = source.name
    source.delete()
    UnitAlias.objects.create(alias=name, unit=target)
    after = {"target": snapshot(target), "alias": name, "links_moved": moved, "reporters_moved": reporters}
    record(actor=actor, action=AuditAction.MERGE, obj=target, before=before, after=after)
    return moved


def _move_links(source: Unit, target: Unit) -> int:
    moved = 0
    target_links = {link.article_id: link for link in target.article_links.all()}
    for link in source.article_links.all():
        kept = target_links.get(link.article_id)
        if kept is None:
            link.unit = target
            link.save()
            moved += 1
            continue
        if link.role == ArticleUnit.Role.LEAD and kept.role != ArticleUnit.Role.LEAD:
            kept.role = ArticleUnit.Role.LEAD
            kept.save()
        link.delete()
    return moved
