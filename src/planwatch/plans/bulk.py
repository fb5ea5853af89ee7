"""A new plan's rows built in memory before the write transaction, then inserted in bulk.

Why: SQLite has one writer at a time, and every transaction here takes the write lock when it
begins (docs/operations.md). Writing a new plan article by article — an INSERT for the
article, a lookup and INSERTs for its units, indicators, targets and milestones — held the lock
for seconds on a large plan (6.3 s for 2 MB, 2,000 articles; bench/bench_import_lock.py), and
every login and API write meanwhile waited or got 503. So `build_new_plan` does all the
reading and checking first (the units already registered, names that are empty, indicator
kinds) without a transaction, and `write_new_plan` then writes each table with one
`bulk_create`, in the caller's short transaction.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from planwatch.extract import model as doc
from planwatch.indicators.models import Indicator, Target
from planwatch.indicators.services import new_target_rows
from planwatch.units.models import ArticleUnit, Unit, UnitAlias
from planwatch.units.services import UnitResolver, canonical_key, normalise_name

from .errors import StoreError
from .models import Article, Chapter, Milestone, Plan, Section


@dataclass
class NewPlanRows:
    """Every row of a new plan, unsaved; links to units not yet registered wait in `pending`."""

    plan: Plan
    chapters: list[Chapter] = field(default_factory=list)
    sections: list[Section] = field(default_factory=list)
    articles: list[Article] = field(default_factory=list)
    links: list[ArticleUnit] = field(default_factory=list)
    pending: list[tuple[ArticleUnit, str]] = field(default_factory=list)  # (link, unit key)
    new_units: dict[str, str] = field(default_factory=dict)  # key → the name as first written
    indicators: list[Indicator] = field(default_factory=list)
    targets: list[Target] = field(default_factory=list)
    milestones: list[Milestone] = field(default_factory=list)


def build_new_plan(*, plan: Plan, document: doc.PlanDocument) -> NewPlanRows:
    """The rows of `document` as the new plan `plan` (unsaved), reading only: the registered
    units once, nothing per article. Raises StoreError for a unit name that is empty."""
    rows = NewPlanRows(plan)
    chapters = {c.number: Chapter(plan=plan, number=c.number, title=c.title, label=c.label) for c in document.chapters}
    sections = {}
    for position, s in enumerate(document.sections):
        sections[(s.chapter, s.number)] = Section(
            plan=plan, number=s.number, title=s.title, label=s.label, position=position, chapter=chapters.get(s.chapter)
        )  # fmt: skip
    rows.chapters, rows.sections = list(chapters.values()), list(sections.values())
    resolver = UnitResolver()
    for position, a in enumerate(document.articles):
        article = Article(
            plan=plan, number=a.number, label=a.label, title=a.title, text=a.text, position=position,
            chapter=chapters.get(a.chapter), section=sections.get((a.chapter, a.section)),
        )  # fmt: skip
        rows.articles.append(article)
        _add_links(rows, article, a, resolver)
        indicators, targets = new_target_rows(article=article, targets=a.targets)
        rows.indicators += indicators
        rows.targets += targets
        rows.milestones += [Milestone(article=article, text=m.text, year=m.year, position=n)
                            for n, m in enumerate(a.milestones)]  # fmt: skip
    return rows


def _add_links(rows: NewPlanRows, article: Article, a: doc.Article, resolver: UnitResolver) -> None:
    """One link per distinct unit, in the article's order, as units.services.sync_article_units
    makes them; a unit not yet registered is known by its key until the write."""

    def identity(name: str) -> tuple[str, int | str]:
        normalised = normalise_name(name)
        if not normalised:
            raise StoreError(f"第{a.number}条的责任单位名称为空")
        unit = resolver.known(normalised)
        if unit is not None:
            return ("unit", unit.pk)
        key = canonical_key(normalised)
        rows.new_units.setdefault(key, normalised)
        return ("new", key)

    leads = {identity(name) for name in a.lead_units}
    seen: set = set()
    for name in [*a.units, *a.lead_units]:
        who = identity(name)
        if who in seen:
            continue
        seen.add(who)
        role = ArticleUnit.Role.LEAD if who in leads else ArticleUnit.Role.CO
        link = ArticleUnit(article=article, role=role, position=len(seen) - 1, written_as=name)
        if who[0] == "unit":
            link.unit_id = who[1]
            rows.links.append(link)
        else:
            rows.pending.append((link, who[1]))


def write_new_plan(rows: NewPlanRows) -> list[str]:
    """Insert the rows, one bulk INSERT per table, in the caller's transaction (which has made
    sure the name is still free); the names of the units registered on the way. A unit another
    import registered since the build is used, not registered twice."""
    units, created = _register_units(rows.new_units)
    for link, key in rows.pending:
        link.unit = units[key]
    rows.plan.save()
    for model, objs in (
        (Chapter, rows.chapters), (Section, rows.sections), (Article, rows.articles),
        (ArticleUnit, rows.links + [link for link, _ in rows.pending]), (Indicator, rows.indicators),
        (Target, rows.targets), (Milestone, rows.milestones),
    ):  # fmt: skip
        model.objects.bulk_create(objs)
    return created


def _register_units(wanted: dict[str, str]) -> tuple[dict[str, Unit], list[str]]:
    """Units by key for the keys `wanted`: those registered by now (by key or alias, one indexed
    query each), the rest registered here under the name as written."""
    found = {u.key: u for u in Unit.objects.filter(key__in=list(wanted))}
    for alias in UnitAlias.objects.select_related("unit").filter(key__in=list(wanted)):
        found.setdefault(alias.key, alias.unit)
    new = [Unit(name=name, key=key) for key, name in wanted.items() if key not in found]
    Unit.objects.bulk_create(new)
    return {**found, **{u.key: u for u in new}}, [u.name for u in new]
