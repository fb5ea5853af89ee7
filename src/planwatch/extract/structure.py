"""Lines of a plan → chapters, sections and articles.

Plans of this genre number their levels with a fixed set of markers (第一章 / 一、 / （一） / 1. /
（1）); which of them a plan uses, and how deep, varies. Rather than assume the seed's 一、/（一）,
the parser looks at which markers occur in the document, ranks them, and decides the levels:
the top kind is the chapter; the next is the article unless its headings are bare titles with a
third kind below them, in which case it is the section and the third kind the article. Deeper
numbered items stay in the article's text.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache

from .errors import ExtractError
from .frontmatter import find_period, find_title
from .milestones import extract_milestones
from .model import Article, Chapter, PlanDocument, Section
from .numerals import CN_NUMERAL, cn_to_int
from .targets import extract_targets
from .units import FIRST_IS_LEAD, extract_units

# Marker kinds, highest level first. Each pattern captures the number and the rest of the line.
MARKERS: list[tuple[str, re.Pattern]] = [
    ("part", re.compile(rf"^第({CN_NUMERAL})(?:部分|篇)\s*(.*)$")),
    ("chapter", re.compile(rf"^第({CN_NUMERAL})章\s*(.*)$")),
    ("section_zh", re.compile(rf"^第({CN_NUMERAL})节\s*(.*)$")),
    ("cn", re.compile(rf"^({CN_NUMERAL})[、．.]\s*(.*)$")),
    ("article_zh", re.compile(rf"^第({CN_NUMERAL})条\s*(.*)$")),
    ("paren_cn", re.compile(rf"^[（(]({CN_NUMERAL})[）)]\s*(.*)$")),
    ("arabic", re.compile(r"^(\d{1,3})(?:[、．]|\.(?!\d))\s*(.*)$")),
    ("paren_arabic", re.compile(r"^[（(](\d{1,3})[）)]\s*(.*)$")),
    ("arabic_paren", re.compile(r"^(\d{1,3})[）)]\s*(.*)$")),
]
RANK = {kind: i for i, (kind, _) in enumerate(MARKERS)}
# Back matter after the last article: annexes, distribution lists, the printing line.
BACK_MATTER = re.compile(
    r"^(附件|附表|抄送|主题词)[：:\d一二三四五六七八九十\s]|^.{0,30}20\d\d年\d{1,2}月\d{1,2}日印发"
)
SENTENCE_END = "。！？；"
MAX_TITLE = 30


@dataclass(frozen=True)
class Marker:
    kind: str
    number: int
    label: str
    rest: str


@dataclass
class Block:
    """A heading and the lines that follow it up to the next heading of a structural level."""

    level: str  # chapter | section | article
    marker: Marker
    lines: list[str] = field(default_factory=list)


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


def join_lines(lines: list[str]) -> str:
    """Join hard-wrapped lines: no space between Chinese characters, one between Latin words."""
    out = ""
    for line in lines:
        line = line.strip()
        if (
            out
            and line
            and out[-1].isascii()
            and out[-1].isalnum()
            and line[0].isascii()
            and line[0].isalnum()
        ):
            out += " "
        out += line
    return out


def parse_lines(lines: list[str]) -> PlanDocument:
    """The whole parse: levels, front matter (title, period), blocks, then each article's content."""
    lines = [ln.strip() for ln in lines if ln.strip()]
    levels = choose_levels(lines)
    if levels.mid is None:
        raise ExtractError("没有找到可识别的章节结构（如“一、”“（一）”“1.”编号的条目），无法抽取计划")
    start = _first_index(lines, levels.chapter or levels.mid)
    front = lines[:start]
    blocks = split_blocks(lines[start:], levels)
    first_is_lead = any(FIRST_IS_LEAD.search(line) for line in lines)
    title = find_title(front, line_width(lines))
    return build_document(blocks, title=title, period=find_period(front), first_is_lead=first_is_lead)


def line_width(lines: list[str]) -> int:
    """The page's full line width: the length most long lines reach (hard-wrapped text)."""
    lengths = sorted(len(line) for line in lines)
    return lengths[int(len(lengths) * 0.9)] if lengths else 0


def _first_index(lines: list[str], kind: str) -> int:
    for i, line in enumerate(lines):
        m = match_marker(line)
        if m and m.kind == kind and m.number == 1:
            return i
    return 0


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
    if len(kinds) <= 1:
        return Levels(mid=kinds[0] if kinds else None)
    levels = Levels(chapter=kinds[0], mid=kinds[1])
    if len(kinds) >= 3 and any(_is_bare_heading(lines, i, kinds[1], kinds[2]) for i in range(len(lines))):
        levels.deep = kinds[2]
    return levels


def _is_bare_heading(lines: list[str], i: int, kind: str, below: str | None) -> bool:
    """Line i is a `kind` heading that is only a title, with a `below` item on the next line."""
    m = match_marker(lines[i])
    if not m or m.kind != kind or below is None or i + 1 >= len(lines):
        return False
    nxt = match_marker(lines[i + 1])
    short = len(m.rest) <= MAX_TITLE and not any(p in m.rest.rstrip("。") for p in SENTENCE_END)
    return short and nxt is not None and nxt.kind == below


def split_blocks(lines: list[str], levels: Levels) -> list[Block]:
    """Cut the body at structural headings whose numbering continues or restarts plausibly.

    A heading is real when it is the next number of its kind, or 1 right after a higher
    heading (numbering restarting per chapter); anything else is a line of text that happens
    to start like a heading. `deep` items are articles only inside a section.
    """
    order = [k for k in (levels.chapter, levels.mid, levels.deep) if k]
    last: dict[str, int] = {}
    restart: set[str] = set(order)
    blocks: list[Block] = []
    in_section = False
    for i, line in enumerate(lines):
        if BACK_MATTER.match(line):
            break
        m = match_marker(line)
        level = None
        if (
            m
            and m.kind in order
            and (m.number == last.get(m.kind, 0) + 1 or (m.kind in restart and m.number == 1))
        ):
            if m.kind == levels.chapter:
                level, in_section = "chapter", False
            elif m.kind == levels.mid:
                in_section = _is_bare_heading(lines, i, m.kind, levels.deep)
                level = "section" if in_section else "article"
            elif in_section:
                level = "article"
        if level:
            last[m.kind] = m.number
            restart.discard(m.kind)
            restart.update(order[order.index(m.kind) + 1 :])
            blocks.append(Block(level, m))
        elif blocks:
            blocks[-1].lines.append(line)
    return blocks


def heading_title(block: Block) -> str:
    """A chapter or section title: its heading line, without a closing full stop."""
    return block.marker.rest.rstrip("。.：:").strip()


def split_title(content: str) -> tuple[str, str]:
    """（六）加速壮大数字经济。深入实施… → ('加速壮大数字经济', '深入实施…')."""
    head, sep, rest = content.partition("。")
    if sep and 0 < len(head) <= MAX_TITLE and not re.match(r"^(到|至|截至)?20\d\d年", head):
        return head.strip(), rest.strip()
    return "", content.strip()


def build_document(
    blocks: list[Block], *, title: str | None, period, first_is_lead: bool = False
) -> PlanDocument:
    doc = PlanDocument(title=title, period=period)
    chapter = section = None
    end_year = period.end if period else None
    articles: list[tuple[Block, int | None, int | None]] = []
    for block in blocks:
        if block.level == "chapter":
            chapter = block.marker.number
            section = None
            doc.chapters.append(Chapter(number=chapter, title=heading_title(block), label=block.marker.label))
        elif block.level == "section":
            section = block.marker.number
            doc.sections.append(
                Section(chapter=chapter, number=section, title=heading_title(block), label=block.marker.label)
            )
        else:
            articles.append((block, chapter, section))
    if end_year is None:
        end_year = _latest_year(b for b, _, _ in articles)
    restarts = _numbering_restarts([b.marker.number for b, _, _ in articles])
    for position, (block, ch, sec) in enumerate(articles, start=1):
        number = position if restarts else block.marker.number
        doc.articles.append(
            build_article(
                block, number=number, chapter=ch, section=sec, end_year=end_year, first_is_lead=first_is_lead
            )
        )
    return doc


def _numbering_restarts(numbers: list[int]) -> bool:
    return any(b <= a for a, b in zip(numbers, numbers[1:], strict=False))


def _latest_year(blocks) -> int | None:
    years = [
        int(y) for b in blocks for y in re.findall(r"到(20\d\d)年", join_lines([b.marker.rest, *b.lines]))
    ]
    return max(years) if years else None


def build_article(
    block: Block,
    *,
    number: int,
    chapter: int | None,
    section: int | None,
    end_year,
    first_is_lead: bool = False,
) -> Article:
    rest = block.marker.rest
    if block.lines and 0 < len(rest) <= 20 and not re.search("[，。；：,;:]", rest):
        title, text = rest, join_lines(block.lines)  # a heading line of its own: 1.加快数字化转型
    else:
        title, text = split_title(join_lines([rest, *block.lines]))
    units, lead_units, body = extract_units(text, first_is_lead=first_is_lead)
    return Article(
        number=number,
        label=block.marker.label,
        chapter=chapter,
        section=section,
        title=title,
        text=text,
        units=units,
        lead_units=lead_units,
        targets=extract_targets(body, end_year=end_year),
        milestones=extract_milestones(body),
    )
