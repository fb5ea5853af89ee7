"""Lines of a plan → chapters, sections and articles.

The levels come from `markers.choose_levels`: the top marker kind is the chapter; the next is
the article unless its headings are bare titles with a third kind below them, in which case it
is the section and the third kind the article. Deeper numbered items stay in the article's text.
Everything before the first chapter is front matter (an issuing notice is skipped first).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from .errors import ExtractError
from .frontmatter import find_period, find_title, single_year_period
from .markers import MAX_TITLE, SENTENCE_END, Levels, Marker, choose_levels, is_bare_heading, match_marker
from .milestones import extract_milestones
from .model import Article, Chapter, PlanDocument, Section, UnitDoubt
from .notice import notice_end
from .table_content import attach_tables, rows_as_articles
from .tables import is_placeholder, placeholder_index, take_tables
from .targets import extract_targets
from .units import CHAPTER_LEAD, FIRST_IS_LEAD, LABEL_ONLY, chapter_lead, extract_units

# Back matter after the last article: annexes, distribution lists, the printing line.
BACK_MATTER = re.compile(
    r"^(附件|附表|抄送|主题词)([：:\d一二三四五六七八九十\s]|$)|^.{0,30}20\d\d年\d{1,2}月\d{1,2}日印发"
)


@dataclass
class Block:
    """A heading and the lines that follow it up to the next heading of a structural level."""

    level: str  # chapter | section | article
    marker: Marker
    lines: list[str] = field(default_factory=list)


def join_lines(lines: list[str]) -> str:
    """Join hard-wrapped lines: no space between Chinese characters, one between Latin words.

    A number wrapped across two lines (a PDF breaks "3000" into "30" and "00") is joined
    without a space: digits on both sides of the break are one number."""
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
            and not (out[-1].isdigit() and line[0].isdigit())
        ):
            out += " "
        out += line
    return out


def parse_lines(lines: list[str]) -> PlanDocument:
    """The whole parse: levels, front matter (title, period), blocks, then each article's content.

    Structure is looked for after the issuing notice, if any (its own 一、二、 are no chapters).
    Tables are taken out of the line stream first and put back as placeholders, so their rows
    never look like headings; the article that holds a placeholder reads the table.
    """
    lines, tables = take_tables([ln.strip() for ln in lines if ln.strip()])
    skip = notice_end(lines)
    body = lines[skip:]
    levels = choose_levels(body)
    if levels.mid is None or not any(match_marker(ln) for ln in body):
        return unnumbered_document(lines, skip, tables)
    start = skip + _first_index(body, levels.chapter or levels.mid)
    front = lines[:start]
    blocks = split_blocks(lines[start:], levels)
    first_is_lead = any(FIRST_IS_LEAD.search(line) for line in lines)
    title = find_title(front, line_width(lines))
    period = find_period(front) or single_year_period(title)
    doc, placement = build_document(blocks, title=title, period=period, first_is_lead=first_is_lead)
    attach_tables(doc, tables, placement, end_year=_end_year(doc))
    return doc


def _end_year(doc: PlanDocument) -> int | None:
    if doc.period:
        return doc.period.end
    years = [t.year for a in doc.articles for t in a.targets if t.year]
    return max(years) if years else None


def unnumbered_document(lines: list[str], skip: int, tables) -> PlanDocument:
    """A document without recognisable numbering: one chapter, one article with all its text.

    A short scheme or an excerpt still gives its units and targets; a document that is only a
    task table gives one article per row instead. Either way a warning asks for a check.
    """
    body = lines[skip:]
    head = body[: next((i for i, ln in enumerate(body) if not _is_front_line(ln)), len(body))]
    title = find_title(lines[: skip + len(head)], line_width(lines))
    doc = PlanDocument(
        title=title, period=find_period(lines[: skip + len(head)]) or single_year_period(title)
    )
    end_year = doc.period.end if doc.period else _latest_year([Block("article", Marker("", 1, "", ""), body)])
    if rows_as_articles(doc, tables, end_year=end_year):
        doc.warnings.append("没有找到章节编号，按任务表逐行作为条目，请核对")
        return doc
    doc.chapters.append(Chapter(number=1, title="全文", label=""))
    block = Block("article", Marker("", 1, "", ""), body[len(head) :])
    article, ids = build_article(block, number=1, chapter=1, section=None, end_year=end_year)
    if not (title or article.units or article.targets or ids):
        raise ExtractError(
            "没有找到可识别的章节结构（如“一、”“（一）”“1.”编号的条目），也没有计划标题、责任单位或量化目标，无法抽取计划"
        )
    doc.articles.append(article)
    doc.warnings.append("没有找到可识别的章节编号（如“一、”“（一）”），全文作为一条处理，请核对")
    attach_tables(doc, tables, dict.fromkeys(ids, 0), end_year=end_year)
    return doc


def _is_front_line(line: str) -> bool:
    """A title, draft mark or period line above the text: short, no sentence in it."""
    return len(line) <= 40 and not re.search("[，。；：,;:]", line) and not is_placeholder(line)


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
            and _continues(m, last.get(m.kind), m.kind in restart, lines[i - 1] if i else "")
        ):
            if m.kind == levels.chapter:
                level, in_section = "chapter", False
            elif m.kind == levels.mid:
                in_section = is_bare_heading(lines, i, m.kind, levels.deep)
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


MAX_GAP = 3  # numbers a plan may skip (items deleted between drafts): 1. 2. 4.


def _continues(m: Marker, last: int | None, may_restart: bool, previous: str) -> bool:
    """Is this marker the next heading of its kind? The next number, 1 after a higher heading,
    any number for the first of its kind (an excerpt starts at 三、), or a small gap forward
    after a line that ends a paragraph (a wrapped line starting with "4." follows none)."""
    if last is None or m.number == last + 1 or (may_restart and m.number == 1):
        return True
    ended = previous.endswith(tuple(SENTENCE_END + "：:")) or match_marker(previous) is not None
    return last + 1 < m.number <= last + MAX_GAP and ended


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
) -> tuple[PlanDocument, dict[int, int]]:
    """The document, and where each table placeholder stood (table → index of its article).

    A chapter's opening paragraph becomes an unnumbered article of its own when the chapter has
    no articles or the paragraph states targets (到2025年，全县新增城镇就业6000人以上…); articles
    are then numbered by position, as where numbering restarts."""
    doc = PlanDocument(title=title, period=period)
    chapter = section = None
    articles: list[tuple[Block, int | None, int | None]] = []
    leads: dict[int | None, list[str]] = {}
    for i, block in enumerate(blocks):
        if block.level == "chapter":
            chapter, section = block.marker.number, None
            doc.chapters.append(Chapter(number=chapter, title=heading_title(block), label=block.marker.label))
            leads[chapter] = chapter_lead(heading_title(block))
            if _opening_is_article(block, blocks[i + 1 : i + 2]):
                articles.append((Block("article", Marker("", 0, "", ""), block.lines), chapter, None))
        elif block.level == "section":
            section = block.marker.number
            doc.sections.append(
                Section(chapter=chapter, number=section, title=heading_title(block), label=block.marker.label)
            )
        else:
            articles.append((block, chapter, section))
    end_year = period.end if period else _latest_year(b for b, _, _ in articles)
    numbers = [b.marker.number for b, _, _ in articles]
    positional = _numbering_restarts(numbers) or 0 in numbers
    placement: dict[int, int] = {}
    for position, (block, ch, sec) in enumerate(articles, start=1):
        number = position if positional else block.marker.number
        article, ids = build_article(
            block, number=number, chapter=ch, section=sec, end_year=end_year, first_is_lead=first_is_lead
        )
        if not article.units and leads.get(ch):
            article.units, article.lead_units = list(leads[ch]), list(leads[ch])
            article.unit_doubts = [UnitDoubt(name, 0.7, CHAPTER_LEAD) for name in leads[ch]]
        placement.update(dict.fromkeys(ids, len(doc.articles)))
        doc.articles.append(article)
    return doc, placement


def _opening_is_article(chapter: Block, following: list[Block]) -> bool:
    """Is the text under a chapter heading (before its first article) an article of its own?"""
    text = join_lines([ln for ln in chapter.lines if not is_placeholder(ln)])
    has_table = any(is_placeholder(ln) for ln in chapter.lines)
    if not text and not has_table:
        return False
    alone = not following or following[0].level == "chapter"
    return alone or has_table or bool(extract_targets(text, end_year=None))


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
) -> tuple[Article, list[int]]:
    """The article of a block, and the tables whose placeholders stand among its lines.

    A title that states a figure is a target too: （二）社会消费品零售总额增长6%左右 with
    责任单位：县商务局 on the next line is an item that is itself a target."""
    lines = [ln for ln in block.lines if not is_placeholder(ln)]
    tables = [placeholder_index(ln) for ln in block.lines if is_placeholder(ln)]
    rest = block.marker.rest
    if 0 < len(rest) <= 20 and not re.search("[，。；：,;:]", rest):
        # a heading line of its own (1.加快数字化转型), with or without text under it
        title, text = rest, join_lines(lines)
    else:
        title, text = split_title(join_lines([rest, *lines]))
    units, lead_units, body, doubts = extract_units(text, first_is_lead=first_is_lead)
    if title and _states_figure(title):
        body = f"{title}。{body}"
    article = Article(
        number=number,
        label=block.marker.label,
        chapter=chapter,
        section=section,
        title=title,
        text=text or title,
        units=units,
        lead_units=lead_units,
        targets=extract_targets(body, end_year=end_year),
        milestones=extract_milestones(body, end_year=end_year),
        unit_doubts=[UnitDoubt(name, 0.5 if why == LABEL_ONLY else 0.7, why) for name, why in doubts.items()],
    )
    return article, tables


def _states_figure(title: str) -> bool:
    return bool(re.search(r"\d", title)) and bool(extract_targets(title, end_year=None))
