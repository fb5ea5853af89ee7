"""Heading markers (第一章 / 一、 / （一） / 1. / （1）) and which of them are this plan's levels.

Plans of this genre number their levels with a fixed set of markers; which of them a plan uses,
and how deep, varies. `choose_levels` looks at which markers occur in the document, ranks them,
and decides the levels (see `structure` for how the body is then cut).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from .numerals import CN_NUMERAL, cn_to_int

# Marker kinds, highest level first. Each pattern captures the number and the rest of the line.
MARKERS: list[tuple[str, re.Pattern]] = [
    ("part", re.compile(rf"^第({CN_NUMERAL})(?:部分|篇)\s*(.*)$")),
    ("chapter", re.compile(rf"^第({CN_NUMERAL})章\s*(.*)$")),
    ("section_zh", re.compile(rf"^第({CN_NUMERAL})节\s*(.*)$")),
    ("cn", re.compile(rf"^({CN_NUMERAL})[、．.﹒]\s*(.*)$")),
    ("article_zh", re.compile(rf"^第({CN_NUMERAL})条\s*(.*)$")),
    ("paren_cn", re.compile(rf"^[（(]({CN_NUMERAL})[）)]\s*(.*)$")),
    ("arabic", re.compile(r"^(\d{1,3})(?:[、．﹒]|\.(?!\d))\s*(.*)$")),
    ("paren_arabic", re.compile(r"^[（(](\d{1,3})[）)]\s*(.*)$")),
    ("arabic_paren", re.compile(r"^(\d{1,3})[）)]\s*(.*)$")),
]
RANK = {kind: i for i, (kind, _) in enumerate(MARKERS)}
SENTENCE_END = "。！？；"
MAX_TITLE = 30


@dataclass(frozen=True)
class Marker:
    kind: str
    number: int
    label: str
    rest: str


@lru_cache(maxsize=8192)
def match_marker(line: str) -> Marker | None:
    """The heading marker a line starts with (cached: the parse asks about each line several times)."""
    for kind, pattern in MARKERS:
        m = pattern.match(line)
        if m:
            raw = m.group(1)
            number = int(raw) if raw.isdigit() else cn_to_int(raw)
            if number:
                label = line[: m.start(2)].strip()
                return Marker(kind, number, label, m.group(2).strip())
    return None


@dataclass
class Levels:
    """The marker kinds of this document's levels.

    `mid` headings are articles, except bare ones (a short title with items of the `deep` kind
    right below) which are sections whose `deep` items are the articles. Plans mix the two: a
    保障措施 chapter of （一） articles beside a 重点任务 chapter of （一） sections with 1. articles.
    """

    chapter: str | None = None
    mid: str | None = None
    deep: str | None = None


def choose_levels(lines: list[str]) -> Levels:
    """Decide which marker kind is chapter, mid level and deep level in this document."""
    counts: dict[str, int] = {}
    for line in lines:
        m = match_marker(line)
        if m:
            counts[m.kind] = counts.get(m.kind, 0) + 1
    kinds = sorted((k for k, n in counts.items() if n >= 2), key=RANK.__getitem__)
    single = _single_chapter(lines, counts, kinds)
    if single:
        kinds.insert(0, single)
    if not kinds:
        kinds = _printed_once(lines)
    kinds += _lower_once(lines, counts, kinds)
    if len(kinds) <= 1:
        return Levels(mid=kinds[0] if kinds else None)
    levels = Levels(chapter=kinds[0], mid=kinds[1])
    if len(kinds) >= 3 and any(is_bare_heading(lines, i, kinds[1], kinds[2]) for i in range(len(lines))):
        levels.deep = kinds[2]
    return levels


def _single_chapter(lines: list[str], counts: dict[str, int], kinds: list[str]) -> str | None:
    """The marker kind of a lone chapter heading (一、重点任务 above （一）（二）…): a short bare
    heading of a higher kind, printed once, before the first item of the most frequent kind."""
    if not kinds:
        return None
    first = next(i for i, line in enumerate(lines) if (m := match_marker(line)) and m.kind == kinds[0])
    for line in lines[:first]:
        m = match_marker(line)
        if m and counts[m.kind] == 1 and RANK[m.kind] < RANK[kinds[0]] and _is_short_heading(m):
            return m.kind
    return None


def _printed_once(lines: list[str]) -> list[str]:
    """An excerpt or a short scheme may print each level once (一、 above one （一）): the first
    kind's only heading is a short title line; a lower kind printed after it is the next level."""
    kinds: list[str] = []
    for line in lines:
        m = match_marker(line)
        if not m or m.kind in kinds or (kinds and RANK[m.kind] < RANK[kinds[-1]]):
            continue
        if kinds or _is_short_heading(m):
            kinds.append(m.kind)
    return kinds


def _lower_once(lines: list[str], counts: dict[str, int], kinds: list[str]) -> list[str]:
    """The first item of a level printed once below the known ones (二、重点任务 above a lone
    （一）): a kind of lower rank, numbered 1, after the first heading of the lowest known kind."""
    if not kinds:
        return []
    lowest = kinds[-1]
    first = next(i for i, line in enumerate(lines) if (m := match_marker(line)) and m.kind == lowest)
    for line in lines[first + 1 :]:
        m = match_marker(line)
        if m and counts[m.kind] == 1 and m.number == 1 and RANK[m.kind] > RANK[lowest]:
            return [m.kind]
    return []


def _is_short_heading(m: Marker) -> bool:
    """A title line (聚力创新赋能，打造教科人一体试验区 may hold a comma), not a sentence."""
    rest = m.rest.rstrip("。.")
    return 0 < len(rest) <= MAX_TITLE and not re.search("[。；;：:]", rest)


def is_bare_heading(lines: list[str], i: int, kind: str, below: str | None) -> bool:
    """Line i is a `kind` heading that is only a title, with a `below` item on the next line."""
    m = match_marker(lines[i])
    if not m or m.kind != kind or below is None or i + 1 >= len(lines):
        return False
    nxt = match_marker(lines[i + 1])
    short = len(m.rest) <= MAX_TITLE and not any(p in m.rest.rstrip("。") for p in SENTENCE_END)
    return short and nxt is not None and nxt.kind == below
