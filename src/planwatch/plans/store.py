"""Rows ↔ PlanDocument for one plan: load it back, apply a revision to it (a new plan is
written by bulk.py).

Kept apart from services.py (the entry points) so each stays readable. The functions here write
without opening transactions; the command that calls the service is the transaction.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass

from django.db.models import Prefetch

from planwatch.extract import model as doc
from planwatch.extract.model import TARGET_FIELDS
from planwatch.indicators.models import Target
from planwatch.indicators.services import create_targets, sync_targets
from planwatch.units.models import ArticleUnit
from planwatch.units.services import UnitResolver, sync_article_units

from .diff import PlanDiff
from .models import Article, Chapter, Milestone, Plan, Section


@dataclass
class StoredPlan:
    """A stored plan as a document, with the rows behind each article and target (same order)."""

    document: doc.PlanDocument
    articles: list[Article]
    targets: list[list[Target]]


def _number(value: float | None) -> float | int | None:
    """Floats that hold whole numbers go back out as ints, as the extraction wrote them."""
    return int(value) if value is not None and float(value).is_integer() else value


def _target_doc(row: Target) -> doc.Target:
    values = {f: getattr(row, f) for f in TARGET_FIELDS}
    values.update(value=_number(row.value), value_max=_number(row.value_max), qualifiers=list(row.qualifiers))
    values["rate"] = row.rate or None
    values["attribute"] = row.attribute or None
    values["base_value"] = _number(row.base_value)
    return doc.Target(indicator=row.indicator.name, **values)


def _article_doc(row: Article, targets: list[Target]) -> doc.Article:
    links = list(row.unit_links.all())
    return doc.Article(
        number=row.number,
        label=row.label,
        chapter=row.chapter.number if row.chapter else None,
        section=row.section.number if row.section else None,
        title=row.title,
        text=row.text,
        units=[link.written_as or link.unit.name for link in links],
        lead_units=[
            link.written_as or link.unit.name for link in links if link.role == ArticleUnit.Role.LEAD
        ],
        targets=[_target_doc(t) for t in targets],
        milestones=[doc.Milestone(text=m.text, year=m.year) for m in row.milestones.all()],
    )


def load_plan(plan: Plan) -> StoredPlan:
    """Read a whole plan in a fixed number of queries, however many articles it has."""
    articles = list(
        plan.articles.select_related("chapter", "section").prefetch_related(
            Prefetch("unit_links", queryset=ArticleUnit.objects.select_related("unit").order_by("position")),
            Prefetch("milestones", queryset=Milestone.objects.order_by("position")),
        )
    )
    by_article: dict[int, list[Target]] = defaultdict(list)
    for t in (
        Target.objects.filter(indicator__article__plan=plan)
        .select_related("indicator")
        .order_by("position", "pk")
    ):
        by_article[t.indicator.article_id].append(t)
    targets = [by_article[a.pk] for a in articles]
    period = doc.Period(plan.period_start, plan.period_end) if plan.period_start is not None else None
    document = doc.PlanDocument(
        title=plan.title,
        period=period,
        chapters=[doc.Chapter(c.number, c.title, c.label) for c in plan.chapters.all()],
        sections=[
            doc.Section(
                chapter=s.chapter.number if s.chapter else None, number=s.number, title=s.title, label=s.label
            )
            for s in plan.sections.select_related("chapter")
        ],
        articles=[_article_doc(a, t) for a, t in zip(articles, targets, strict=True)],
    )
    return StoredPlan(document, articles, targets)


def plan_fields(document: doc.PlanDocument) -> dict:
    period = document.period
    return {
        "title": document.title,
        "period_start": period.start if period else None,
        "period_end": period.end if period else None,
    }


class _Structure:
    """The plan's chapters and sections by number, made to match the document."""

    def __init__(self, plan: Plan, document: doc.PlanDocument) -> None:
        self.chapters = _sync_chapters(plan, document)
        self.sections = _sync_sections(plan, document, self.chapters)

    def article_fields(self, a: doc.Article, position: int) -> dict:
        return {
            "number": a.number,
            "label": a.label,
            "title": a.title,
            "text": a.text,
            "chapter": self.chapters.get(a.chapter),
            "section": self.sections.get((a.chapter, a.section)),
            "position": position,
        }


def _sync_chapters(plan: Plan, document: doc.PlanDocument) -> dict[int, Chapter]:
    existing = {c.number: c for c in plan.chapters.all()}
    result = {}
    for c in document.chapters:
        row = existing.pop(c.number, None)
        if row is None:
            row = Chapter.objects.create(plan=plan, number=c.number, title=c.title, label=c.label)
        elif (row.title, row.label) != (c.title, c.label):
            row.title, row.label = c.title, c.label
            row.save()
        result[c.number] = row
    Chapter.objects.filter(pk__in=[c.pk for c in existing.values()]).delete()
    return result


def _sync_sections(plan: Plan, document: doc.PlanDocument, chapters: dict) -> dict[tuple, Section]:
    existing = {
        (s.chapter.number if s.chapter else None, s.number): s
        for s in plan.sections.select_related("chapter")
    }
    result = {}
    for position, s in enumerate(document.sections):
        row = existing.pop((s.chapter, s.number), None)
        wanted = {"title": s.title, "label": s.label, "position": position, "chapter": chapters.get(s.chapter)}
        if row is None:
            row = Section.objects.create(plan=plan, number=s.number, **wanted)
        elif any(getattr(row, f) != v for f, v in wanted.items()):
            for f, v in wanted.items():
                setattr(row, f, v)
            row.save()
        result[(s.chapter, s.number)] = row
    Section.objects.filter(pk__in=[s.pk for s in existing.values()]).delete()
    return result


def _create_article(
    plan: Plan, a: doc.Article, position: int, structure: _Structure, resolve: UnitResolver
) -> None:
    row = Article.objects.create(plan=plan, **structure.article_fields(a, position))
    sync_article_units(article=row, units=a.units, lead_units=a.lead_units, resolve=resolve)
    create_targets(article=row, targets=a.targets)
    Milestone.objects.bulk_create(
        [Milestone(article=row, text=m.text, year=m.year, position=n) for n, m in enumerate(a.milestones)]
    )


def apply_revision(
    *, plan: Plan, diff: PlanDiff, stored: StoredPlan, document: doc.PlanDocument, resolve: UnitResolver
) -> None:
    """Bring the stored plan to `document`, keeping the rows of matched articles and targets."""
    structure = _Structure(plan, document)
    changed = {(d.old, d.new): d for d in diff.articles if d.kind == "changed"}
    for i, j in diff.pairs:
        row, a = stored.articles[i], document.articles[j]
        d = changed.get((i, j))
        if d is None:
            if row.position != j:  # only moved by an insertion before it: not an edit of its own
                Article.objects.filter(pk=row.pk).update(position=j)
            continue
        _update_article(row, structure.article_fields(a, j))
        sync_article_units(article=row, units=a.units, lead_units=a.lead_units, resolve=resolve)
        sync_targets(article=row, rows=stored.targets[i], targets=a.targets, pairs=d.target_pairs)
        if d.milestones_changed:
            _sync_milestones(row, a.milestones)
    for d in diff.of_kind("removed"):
        stored.articles[d.old].delete()
    for d in diff.of_kind("added"):
        _create_article(plan, document.articles[d.new], d.new, structure, resolve)


def _update_article(row: Article, wanted: dict) -> None:
    if any(getattr(row, f) != v for f, v in wanted.items()):
        for f, v in wanted.items():
            setattr(row, f, v)
        row.save()


def _sync_milestones(article: Article, milestones: list[doc.Milestone]) -> None:
    """Keep the rows of milestones still in the document; drop the others, add the new ones."""
    existing: dict[tuple, list[Milestone]] = defaultdict(list)
    for m in article.milestones.order_by("position"):
        existing[(m.text, m.year)].append(m)
    new_rows = []
    for position, m in enumerate(milestones):
        rows = existing.get((m.text, m.year))
        if rows:
            row = rows.pop(0)
            if row.position != position:
                row.position = position
                row.save()
        else:
            new_rows.append(Milestone(article=article, text=m.text, year=m.year, position=position))
    Milestone.objects.filter(pk__in=[m.pk for rows in existing.values() for m in rows]).delete()
    Milestone.objects.bulk_create(new_rows)
