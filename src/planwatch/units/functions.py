"""What each kind of government unit does (部门职责对照表), and which department a text is about.

A district's plan names units by their office (区统计局, 市生态环境局市中区分局) and states targets
by what they measure (地区生产总值, PM2.5浓度). Which bureau answers for a target follows from
Chinese government practice — the statistics bureau compiles GDP, the ecology and environment
branch owns air quality — so the table below says, per department, which words in a unit's name
mark it (单位关键词) and which words in a target or article mark its duties (职责词). Matching
by keyword, not by a list of names, makes it work for any district's, city's or county's units.

The built-in table is `functions.toml` beside this module; the office adds or overrides
departments in the admin (units.UnitFunction, by name). Pure apart from `current_table`.
"""

from __future__ import annotations

import tomllib
from dataclasses import dataclass
from pathlib import Path

from .names import normalise_name

BUILT_IN = Path(__file__).with_name("functions.toml")


@dataclass(frozen=True)
class Department:
    name: str  # 生态环境部门: the word the reasons use
    unit_keywords: tuple[str, ...]  # a unit whose name contains one of these is this department
    terms: tuple[str, ...]  # words of its duties

    def owns(self, unit_name: str) -> bool:
        return any(k in unit_name for k in self.unit_keywords)


@dataclass(frozen=True)
class Match:
    """A department a text is about, by the words of its duties found there."""

    department: Department
    terms: tuple[str, ...]  # matched terms, the strongest first
    strength: int  # ranking key: longer terms (and, in long texts, more of them) are stronger


def split_words(text: str) -> tuple[str, ...]:
    """'GDP、增加值，统计' → ('GDP', '增加值', '统计'): the admin's one-line lists."""
    for sep in "，,；;\n 　":
        text = text.replace(sep, "、")
    return tuple(w.strip() for w in text.split("、") if w.strip())


def load_table(path: Path = BUILT_IN) -> list[Department]:
    data = tomllib.loads(path.read_text(encoding="utf-8"))
    return [
        Department(d["名称"], tuple(d["单位关键词"]), tuple(d["职责词"]))
        for d in data["部门"]
    ]


def merge_table(built_in: list[Department], overrides: list[tuple[Department, bool]]) -> list[Department]:
    """The built-in table with the office's rows applied: a row replaces the department of the
    same name (or is added at the end); an inactive row removes it."""
    table = {d.name: d for d in built_in}
    for department, active in overrides:
        table.pop(department.name, None)
        if active:
            table[department.name] = department
    return list(table.values())


def current_table() -> list[Department]:
    """The table in force: the built-in one with the office's admin rows applied."""
    from .models import UnitFunction  # the registry app; kept out of the pure functions above

    rows = [
        (Department(r.name, split_words(r.unit_keywords), split_words(r.terms)), r.active)
        for r in UnitFunction.objects.order_by("pk")
    ]
    return merge_table(load_table(), rows)


def _fold(text: str) -> str:
    return normalise_name(text).upper()


def term_matches(text: str, table: list[Department]) -> list[Match]:
    """Departments whose duty words occur in a short text (an indicator name, an article title),
    strongest first: the longest matched word wins (单位地区生产总值能源消耗 over 地区生产总值),
    the table's order breaks ties."""
    folded = _fold(text)
    found = []
    for order, d in enumerate(table):
        hits = sorted((t for t in d.terms if _fold(t) in folded), key=len, reverse=True)
        if hits:
            found.append((len(hits[0]), -order, Match(d, tuple(hits), len(hits[0]))))
    return [m for *_, m in sorted(found, key=lambda f: f[:2], reverse=True)]


def text_matches(text: str, table: list[Department]) -> list[Match]:
    """Departments a long text (an article's body) is about: each duty word counts its length
    times its occurrences, so a text that keeps returning to 工业 is about industry although it
    mentions 投资 once."""
    folded = _fold(text)
    found = []
    for order, d in enumerate(table):
        counts = {t: folded.count(_fold(t)) for t in d.terms}
        hits = sorted((t for t, n in counts.items() if n), key=lambda t: -counts[t] * len(t))
        if hits:
            score = sum(counts[t] * len(t) for t in hits)
            found.append((score, -order, Match(d, tuple(hits), score)))
    return [m for *_, m in sorted(found, key=lambda f: f[:2], reverse=True)]
