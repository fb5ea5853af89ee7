"""The extracted plan: plain dataclasses, serialisable to the public JSON format.

The JSON layout is a public interface (`shared/spec/extract-format.md`): fields may be added,
none renamed or dropped. `to_dict` is the only place that writes it (`planwatch extract` and
`planwatch export-plan` both go through it).
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field

BASES = ("level", "annual", "cumulative", "change_vs_base", "portfolio")
COMPARATORS = (">=", "<=", "≈", "=", "range")


@dataclass
class Target:
    """One quantitative target as the plan states it."""

    indicator: str
    value: float | int
    unit: str
    comparator: str = ">="
    value_max: float | int | None = None
    basis: str = "level"
    year: int | None = None
    base_year: int | None = None
    qualifiers: list[str] = field(default_factory=list)
    source: str = ""
    # A rate kept over the period (an added field; `basis` stays 'annual' as the spec defines
    # it): 'growth' for 年均增长7%, 'decline' for 年均下降3%, 'level' for 每年保持在70%以上.
    rate: str | None = None
    # Added fields, read from indicator tables (主要指标表) and written only when known: the
    # base-period value (基期值) and the indicator's attribute, 预期性 or 约束性.
    base_value: float | int | None = None
    attribute: str | None = None
    # Added fields, written only for a target the extractor is unsure of: how sure (0-1) and why,
    # so the office confirms it rather than finding it stored without a word.
    confidence: float | None = None
    doubt: str | None = None


# What a stored target row holds of an extracted Target (everything but the indicator's name).
TARGET_FIELDS = (
    "value", "value_max", "unit", "comparator", "basis", "year", "base_year", "qualifiers", "source", "rate",
    "base_value", "attribute",
)  # fmt: skip


@dataclass
class Milestone:
    """A dated qualitative commitment (到2025年，基本完成入河排污口整治)."""

    text: str
    year: int | None = None


@dataclass
class UnitDoubt:
    """A unit the extractor is unsure of (a name read only because of its label, a level
    completed from the name before it, a lead taken from the chapter heading): how sure (0-1) and
    why, so the office confirms it on the import page instead of finding it stored without a word."""

    name: str
    confidence: float
    doubt: str


@dataclass
class Article:
    """A numbered article of the plan: （六） in a two-level plan, 1. in a three-level one."""

    number: int
    label: str
    chapter: int | None
    title: str
    text: str
    section: int | None = None
    units: list[str] = field(default_factory=list)
    lead_units: list[str] = field(default_factory=list)
    targets: list[Target] = field(default_factory=list)
    milestones: list[Milestone] = field(default_factory=list)
    unit_doubts: list[UnitDoubt] = field(default_factory=list)  # added field, written only when any


@dataclass
class Chapter:
    number: int
    title: str
    label: str = ""  # the number as printed: 一、 / 第一章 (added field; older documents lack it)


@dataclass
class Section:
    """The middle level of a three-level plan (一、/（一）/1.)."""

    chapter: int | None
    number: int
    title: str
    label: str = ""  # the number as printed: （一） / 第一节


@dataclass
class Task:
    """One row of a task table (重点任务分解表): the task, its units and its time limit."""

    number: int
    text: str
    units: list[str] = field(default_factory=list)
    lead_units: list[str] = field(default_factory=list)
    due: str = ""  # the time limit as printed: 2024年6月底前, 长期坚持
    year: int | None = None  # the year of the time limit, when it names one
    article: int | None = None  # the article whose text holds the table; None for an annex


@dataclass
class Period:
    start: int
    end: int


@dataclass
class PlanDocument:
    title: str | None
    period: Period | None
    chapters: list[Chapter] = field(default_factory=list)
    articles: list[Article] = field(default_factory=list)
    sections: list[Section] = field(default_factory=list)
    tasks: list[Task] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)

    def to_dict(self) -> dict:
        """The public JSON shape, keys in the order the spec shows them.

        The added `tasks` and `warnings` lists are written only when there are any, so a plan
        without task tables or doubts reads back from the database exactly as it was extracted.
        """
        out = {
            "title": self.title,
            "period": asdict(self.period) if self.period else None,
            "chapters": [asdict(c) for c in self.chapters],
            "sections": [asdict(s) for s in self.sections],
            "articles": [_article_dict(a) for a in self.articles],
        }
        if self.tasks:
            out["tasks"] = [asdict(t) for t in self.tasks]
        if self.warnings:
            out["warnings"] = list(self.warnings)
        return out


_OPTIONAL_TARGET_FIELDS = ("base_value", "attribute", "confidence", "doubt")


def _target_dict(t: Target) -> dict:
    """A target's fields; the added ones (base value, attribute, confidence, doubt) only when set."""
    out = asdict(t)
    for key in _OPTIONAL_TARGET_FIELDS:
        if out[key] is None:
            del out[key]
    return out


def _article_dict(a: Article) -> dict:
    out = {
        "number": a.number,
        "label": a.label,
        "chapter": a.chapter,
        "section": a.section,
        "title": a.title,
        "text": a.text,
        "units": list(a.units),
        "lead_units": list(a.lead_units),
        "targets": [_target_dict(t) for t in a.targets],
        "milestones": [asdict(m) for m in a.milestones],
    }
    if a.unit_doubts:
        out["unit_doubts"] = [asdict(d) for d in a.unit_doubts]
    return out
