"""The sections of a progress report, in a small registry (DESIGN convention 7).

A section is a level-one heading (numbered 一、二、… by its place, so a section added later
renumbers the rest) and a function writing its body from `Facts`. The built-ins below cover
what the record holds today: the overall picture, each chapter, the targets behind and why, the
problems and next steps the units reported. A later module (tasks, supervision, problems,
projects, assessment) adds its own with `register(Section(...))` in its AppConfig.ready(),
ordered by `order`; a section whose `write` returns False is left out (nothing to say).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from planwatch.progress import STANDINGS

from .charts import headline_series, status_by_chapter
from .facts import Facts
from .sentences import BEHIND, condensed, counts_sentence, table_row, target_sentence

TARGET_HEADER = ("指标", "目标", "最新数据", "状态")
TARGET_WIDTHS = (56, 36, 40, 24)  # mm, inside the 156 mm text block
HEADLINE_LIMIT = 8
SERIES_CHART_MM, STATUS_CHART_MM = 60, 30  # chart heights: a series; the status chart's frame (+9 mm a chapter)
CN_DIGITS = "一二三四五六七八九十"


def cn_number(n: int) -> str:
    """1 → 一, 10 → 十, 12 → 十二, 21 → 二十一 (heading numbers)."""
    if n <= 10:
        return CN_DIGITS[n - 1]
    tens, ones = divmod(n, 10)
    return ("" if tens == 1 else CN_DIGITS[tens - 1]) + "十" + (CN_DIGITS[ones - 1] if ones else "")


class Writer:
    """What a section writes with: level-two headings numbered （一）（二）… within the section."""

    def __init__(self, document) -> None:
        self.document = document
        self._sub = 0

    def sub(self, text: str) -> None:
        self._sub += 1
        self.document.heading(f"（{cn_number(self._sub)}）{text}", 2)

    def para(self, text: str) -> None:
        self.document.para(text)

    def targets_table(self, rows: list[dict]) -> None:
        if rows:
            self.document.table(TARGET_HEADER, [table_row(r) for r in rows], TARGET_WIDTHS)


@dataclass(frozen=True)
class Section:
    key: str
    title: str
    order: int
    write: Callable[[Facts, Writer], bool]
    kinds: frozenset[str] = frozenset({"progress", "unit"})


SECTIONS: dict[str, Section] = {}


def register(section: Section) -> None:
    SECTIONS[section.key] = section


def sections_for(kind: str) -> list[Section]:
    return sorted((s for s in SECTIONS.values() if kind in s.kinds), key=lambda s: s.order)


def counts(rows: list[dict]) -> dict[str, int]:
    out = dict.fromkeys(STANDINGS, 0)
    for row in rows:
        out[row["standing"]] += 1
    return out


# ---------------------------------------------------------------- built-in sections
def overall(facts: Facts, w: Writer) -> bool:
    rows = facts.results
    w.para(f"截至{_cn(facts.scope.as_of)}，" + counts_sentence(counts(rows), len(rows)))
    if not rows:
        return True
    if not any(r["latest"] for r in rows):
        w.para("各目标均无已审核数据，尚不能评估进展。")
    headline = _headline(facts)
    if headline:
        w.sub("主要目标")
        for row in headline:
            w.para(target_sentence(row))
        for chart in filter(None, (headline_series(facts, row) for row in headline)):
            w.document.chart(chart, height_mm=SERIES_CHART_MM)
    w.sub("各章目标状态")
    by_chapter = [(c, facts.results_of(c.number)) for c in facts.chapters]
    table = [(f"{c.label}{c.title}", str(len(rs)), *_chapter_counts(rs)) for c, rs in by_chapter if rs]
    w.document.table(("章", "目标数", "完成或顺利", "需加快", "滞后或倒退", "数据不足"), table, (60, 16, 22, 18, 22, 18))
    chart = status_by_chapter(facts)
    if chart is not None:
        w.document.chart(chart, height_mm=min(STATUS_CHART_MM + 9 * len(chart.categories), 200))
    return True


def _headline(facts: Facts) -> list[dict]:
    """The targets of the first chapter that has any: plans of this genre state their main
    targets (发展目标) before the tasks."""
    for chapter in facts.chapters:
        rows = facts.results_of(chapter.number)
        if rows:
            return rows[:HEADLINE_LIMIT]
    return []


def _chapter_counts(rows: list[dict]) -> tuple[str, str, str, str]:
    c = counts(rows)
    good = c["met"] + c["achieved"] + c["on_track"]
    late = c["off_track"] + c["deteriorating"] + c["missed"]
    return str(good), str(c["needs_acceleration"]), str(late), str(c["no_data"] + c["pending"])


def chapters(facts: Facts, w: Writer) -> bool:
    written = False
    for chapter in facts.chapters:
        rows, texts = facts.results_of(chapter.number), facts.texts_of(chapter)
        milestones = [m for m in facts.milestones if m.article.chapter_id == chapter.pk]
        if not (rows or texts or milestones):
            continue
        written = True
        w.sub(f"{chapter.title or chapter.label}")
        if rows:
            w.para("本章" + counts_sentence(counts(rows), len(rows)))
            w.targets_table(rows)
        for text in sorted(texts, key=lambda t: facts.articles[t.article_id].position):
            if text.progress.strip():
                article = facts.articles[text.article_id]
                w.para(f"{article.label}{article.title}（{text.unit.name}）：{condensed(text.progress)}")
        if not any(t.progress.strip() for t in texts):
            w.para("本期没有已审核的单位进展情况。")
        if milestones:
            due = "；".join(f"{m.text}（{m.year}年）" for m in milestones)
            w.para(f"以{facts.scope.period.year}年及以前为期限的里程碑：{due}。完成情况以各单位报送为准。")
    return written


def behind(facts: Facts, w: Writer) -> bool:
    rows = sorted((r for r in facts.results if r["standing"] in BEHIND), key=lambda r: BEHIND.index(r["standing"]))
    if not rows:
        w.para("没有进展滞后、需加快或倒退的目标。" if facts.results else "没有量化目标。")
        return True
    for row in rows:
        w.para(target_sentence(row))
        text = facts.texts.get(row["article_id"])
        reason = condensed(text.problems) if text and text.problems.strip() else ""
        unit = row["unit"] or "责任单位"
        w.para(f"原因（{text.unit.name}报送）：{reason}" if reason else f"{unit}本期未报送原因说明。")
    return True


def problems(facts: Facts, w: Writer) -> bool:
    return _unit_texts(facts, w, "problems", "本期各单位未报送存在的问题。")


def next_steps(facts: Facts, w: Writer) -> bool:
    return _unit_texts(facts, w, "next_steps", "本期各单位未报送下步打算。")


def _unit_texts(facts: Facts, w: Writer, field: str, none: str) -> bool:
    texts = [t for t in facts.texts.values() if getattr(t, field).strip()]
    if not texts:
        w.para(none)
        return True
    for text in sorted(texts, key=lambda t: facts.articles[t.article_id].position):
        article = facts.articles[text.article_id]
        w.para(f"{text.unit.name}（{article.label}{article.title}）：{condensed(getattr(text, field))}")
    return True


def _cn(day) -> str:
    return f"{day.year}年{day.month}月{day.day}日"


for _section in (
    Section("overall", "总体情况", 10, overall),
    Section("chapters", "各章进展情况", 20, chapters),
    Section("behind", "进展滞后的目标及原因", 30, behind),
    Section("problems", "存在的问题", 80, problems),
    Section("next_steps", "下一步工作", 90, next_steps),
):
    register(_section)
