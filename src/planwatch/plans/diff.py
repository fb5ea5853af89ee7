"""What changed between two versions of a plan (送审稿 → 正式稿). Pure: no Django.

The stored plan (exported as a PlanDocument) is compared with a newly extracted one. Matching
decides what keeps its identity: an article matched here keeps its database row, and with it
everything attached later (reports, supervision items). So matching prefers stability:

- articles: same (chapter, number) and same title; then same (chapter, title) — an article
  renumbered because another was inserted before it; then same (chapter, number) — a retitled
  article; whatever is left is added or removed.
- targets within a matched article: identical; same indicator, year and basis; same indicator;
  then same value and unit — an indicator renamed by the editors.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import asdict, dataclass, field
from typing import Any

from planwatch.extract.model import TARGET_FIELDS as TARGET_VALUE_FIELDS
from planwatch.extract.model import Article, PlanDocument, Target
from planwatch.units.names import canonical_key

ARTICLE_FIELDS = ("number", "label", "chapter", "section", "title", "text")
TARGET_FIELDS = ("indicator", *TARGET_VALUE_FIELDS)


@dataclass
class FieldChange:
    field: str
    old: Any
    new: Any


@dataclass
class TargetDiff:
    """A target added (old is None), removed (new is None) or changed (both, with `changes`)."""

    old: int | None
    new: int | None
    indicator: str
    changes: list[FieldChange] = field(default_factory=list)


@dataclass
class ArticleDiff:
    """One article's changes; `old`/`new` index into the two documents' article lists."""

    old: int | None
    new: int | None
    label: str
    title: str
    changes: list[FieldChange] = field(default_factory=list)
    units_added: list[str] = field(default_factory=list)
    units_removed: list[str] = field(default_factory=list)
    roles_changed: list[str] = field(default_factory=list)
    units_rewritten: bool = False
    targets: list[TargetDiff] = field(default_factory=list)
    target_pairs: list[tuple[int, int]] = field(default_factory=list)
    milestones_changed: bool = False

    @property
    def kind(self) -> str:
        return "added" if self.old is None else "removed" if self.new is None else "changed"

    @property
    def is_empty(self) -> bool:
        visible = self.changes or self.units_added or self.units_removed or self.roles_changed or self.targets
        return self.kind == "changed" and not (visible or self.units_rewritten or self.milestones_changed)


@dataclass
class PlanDiff:
    plan_changes: list[FieldChange] = field(default_factory=list)
    chapters: list[FieldChange] = field(default_factory=list)  # field = chapter number
    sections_changed: bool = False
    articles: list[ArticleDiff] = field(default_factory=list)  # non-empty diffs, document order
    pairs: list[tuple[int, int]] = field(default_factory=list)  # every matched (old, new) article

    @property
    def is_empty(self) -> bool:
        return not (self.plan_changes or self.chapters or self.sections_changed or self.articles)

    def of_kind(self, kind: str) -> list[ArticleDiff]:
        return [a for a in self.articles if a.kind == kind]


def diff_plans(
    old: PlanDocument, new: PlanDocument, *, unit_key: Callable[[str], str] = canonical_key
) -> PlanDiff:
    """Compare two versions of a plan; `unit_key` says when two unit names are one unit."""
    result = PlanDiff()
    for name in ("title", "period"):
        a, b = getattr(old, name), getattr(new, name)
        if a != b:
            result.plan_changes.append(FieldChange(name, a, b))
    result.chapters = _diff_chapters(old, new)
    result.sections_changed = [asdict(s) for s in old.sections] != [asdict(s) for s in new.sections]
    result.pairs = match_articles(old.articles, new.articles)
    matched_old = {i for i, _ in result.pairs}
    matched_new = {j for _, j in result.pairs}
    diffs = [_diff_article(i, j, old.articles[i], new.articles[j], unit_key) for i, j in result.pairs]
    diffs += [_whole_article(None, j, a) for j, a in enumerate(new.articles) if j not in matched_new]
    diffs += [_whole_article(i, None, a) for i, a in enumerate(old.articles) if i not in matched_old]
    result.articles = sorted((d for d in diffs if not d.is_empty), key=_order)
    return result


def _order(d: ArticleDiff) -> tuple[int, int]:
    return (d.new if d.new is not None else d.old, 0 if d.new is not None else 1)


def _diff_chapters(old: PlanDocument, new: PlanDocument) -> list[FieldChange]:
    before = {c.number: c.title for c in old.chapters}
    after = {c.number: c.title for c in new.chapters}
    return [
        FieldChange(n, before.get(n), after.get(n))
        for n in sorted(before.keys() | after.keys())
        if before.get(n) != after.get(n)
    ]


def _greedy(
    pairs: list[tuple[int, int]], candidates: Iterable[tuple[int, int]], taken_old: set, taken_new: set
):
    for i, j in candidates:
        if i not in taken_old and j not in taken_new:
            pairs.append((i, j))
            taken_old.add(i)
            taken_new.add(j)


def _match(old: list, new: list, keys: list[Callable[[Any], Any]]) -> list[tuple[int, int]]:
    """Pair items pass by pass: each key function in turn, first come first served; None never matches."""
    pairs: list[tuple[int, int]] = []
    taken_old: set[int] = set()
    taken_new: set[int] = set()
    for key in keys:
        index: dict[Any, list[int]] = {}
        for i, item in enumerate(old):
            k = key(item)
            if k is not None and i not in taken_old:
                index.setdefault(k, []).append(i)
        candidates = [
            (i, j) for j, item in enumerate(new) for i in index.get(key(item), []) if key(item) is not None
        ]
        _greedy(pairs, candidates, taken_old, taken_new)
    return sorted(pairs, key=lambda p: p[1])


def match_articles(old: list[Article], new: list[Article]) -> list[tuple[int, int]]:
    return _match(
        old,
        new,
        [
            lambda a: (a.chapter, a.number, a.title),
            lambda a: (a.chapter, a.title) if a.title else None,
            lambda a: (a.chapter, a.number),
        ],
    )


def match_targets(old: list[Target], new: list[Target]) -> list[tuple[int, int]]:
    return _match(
        old,
        new,
        [
            lambda t: tuple(_target_values(t)),
            lambda t: (t.indicator, t.year, t.basis),
            lambda t: t.indicator,
            lambda t: (t.value, t.unit),
        ],
    )


def _target_values(t: Target) -> list:
    return [tuple(v) if isinstance(v, list) else v for v in (getattr(t, f) for f in TARGET_FIELDS)]


def _changes(a: Any, b: Any, names: Iterable[str]) -> list[FieldChange]:
    return [FieldChange(n, getattr(a, n), getattr(b, n)) for n in names if getattr(a, n) != getattr(b, n)]


def _whole_article(i: int | None, j: int | None, a: Article) -> ArticleDiff:
    return ArticleDiff(i, j, a.label, a.title)


def _diff_article(i: int, j: int, a: Article, b: Article, unit_key: Callable[[str], str]) -> ArticleDiff:
    d = ArticleDiff(i, j, b.label, b.title, changes=_changes(a, b, ARTICLE_FIELDS))
    _diff_units(d, a, b, unit_key)
    d.target_pairs = match_targets(a.targets, b.targets)
    for ti, tj in d.target_pairs:
        changes = _changes(a.targets[ti], b.targets[tj], TARGET_FIELDS)
        if changes:
            d.targets.append(TargetDiff(ti, tj, b.targets[tj].indicator, changes))
    old_matched = {ti for ti, _ in d.target_pairs}
    new_matched = {tj for _, tj in d.target_pairs}
    d.targets += [
        TargetDiff(None, tj, t.indicator) for tj, t in enumerate(b.targets) if tj not in new_matched
    ]
    d.targets += [
        TargetDiff(ti, None, t.indicator) for ti, t in enumerate(a.targets) if ti not in old_matched
    ]
    d.milestones_changed = [asdict(m) for m in a.milestones] != [asdict(m) for m in b.milestones]
    return d


def _diff_units(d: ArticleDiff, a: Article, b: Article, unit_key: Callable[[str], str]) -> None:
    before = {unit_key(u): u for u in a.units}
    after = {unit_key(u): u for u in b.units}
    d.units_added = [u for k, u in after.items() if k not in before]
    d.units_removed = [u for k, u in before.items() if k not in after]
    lead_before = {unit_key(u) for u in a.lead_units}
    lead_after = {unit_key(u) for u in b.lead_units}
    d.roles_changed = [u for k, u in after.items() if k in before and (k in lead_before) != (k in lead_after)]
    d.units_rewritten = (a.units, a.lead_units) != (b.units, b.lead_units)


# ---------------------------------------------------------------- rendering for the command line

_FIELD_ZH = {
    "title": "标题",
    "period": "期限",
    "number": "序号",
    "label": "编号",
    "chapter": "所属章",
    "section": "所属节",
    "text": "正文",
    "indicator": "指标名称",
    "value": "目标值",
    "value_max": "上限",
    "unit": "单位",
    "comparator": "比较方式",
    "basis": "口径",
    "rate": "比率类型",
    "year": "目标年份",
    "base_year": "基期年份",
    "base_value": "基期值",
    "attribute": "属性",
    "qualifiers": "限定词",
    "source": "原文",
}
_LONG = {"text", "source"}


def _fmt(value: Any) -> str:
    if value is None or value == []:
        return "（空）"
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, dict):  # period
        return f"{value.get('start')}—{value.get('end')}年"
    return "、".join(value) if isinstance(value, list) else str(value)


def _fmt_change(c: FieldChange) -> str:
    name = _FIELD_ZH.get(c.field, c.field)
    if c.field in _LONG:
        return f"{name}已修改"
    old, new = (asdict(v) if hasattr(v, "__dataclass_fields__") else v for v in (c.old, c.new))
    return f"{name} {_fmt(old)} → {_fmt(new)}"


def _fmt_target(t: Target) -> str:
    upper = f"–{_fmt(t.value_max)}" if t.value_max is not None else ""
    year = f"{t.year}年" if t.year else "每年"
    return f"{t.indicator} {t.comparator} {_fmt(t.value)}{upper}{t.unit}（{year}）"


def describe(diff: PlanDiff, old: PlanDocument, new: PlanDocument) -> list[str]:
    """The diff as Chinese lines: + added, - removed, ~ changed."""
    lines = [f"~ 计划{_fmt_change(c)}" for c in diff.plan_changes]
    for c in diff.chapters:
        if c.old is None:
            lines.append(f"+ 新增第{c.field}章 {c.new}")
        elif c.new is None:
            lines.append(f"- 删除第{c.field}章 {c.old}")
        else:
            lines.append(f"~ 第{c.field}章标题 {c.old} → {c.new}")
    if diff.sections_changed:
        lines.append("~ 节的划分有变化")
    for d in diff.articles:
        lines += _describe_article(d, old, new)
    return lines


def _describe_article(d: ArticleDiff, old: PlanDocument, new: PlanDocument) -> list[str]:
    if d.kind == "added":
        a = new.articles[d.new]
        return [
            f"+ 新增条目 {a.label}{a.title}（第{a.chapter}章；责任单位 {_fmt(a.units)}；目标 {len(a.targets)} 个）"
        ]
    if d.kind == "removed":
        a = old.articles[d.old]
        return [f"- 删除条目 {a.label}{a.title}（第{a.chapter}章）"]
    head = "；".join(_fmt_change(c) for c in d.changes)
    lines = [f"~ 修改条目 {d.label}{d.title}" + (f"：{head}" if head else "")]
    lines += [f"    + 责任单位 {u}" for u in d.units_added]
    lines += [f"    - 责任单位 {u}" for u in d.units_removed]
    lines += [f"    ~ 牵头/配合角色调整 {u}" for u in d.roles_changed]
    if d.units_rewritten and not (d.units_added or d.units_removed or d.roles_changed):
        lines.append("    ~ 责任单位的写法或顺序调整")
    a, b = old.articles[d.old], new.articles[d.new]
    for t in d.targets:
        if t.old is None:
            lines.append(f"    + 目标 {_fmt_target(b.targets[t.new])}")
        elif t.new is None:
            lines.append(f"    - 目标 {_fmt_target(a.targets[t.old])}")
        else:
            lines.append(f"    ~ 目标 {t.indicator}：" + "；".join(_fmt_change(c) for c in t.changes))
    if d.milestones_changed:
        lines.append("    ~ 里程碑有变化")
    return lines


def summary(diff: PlanDiff) -> str:
    counts = [len(diff.of_kind(k)) for k in ("added", "removed", "changed")]
    changed = [a for a in diff.articles if a.kind == "changed"]
    targets = [
        sum(1 for a in changed for t in a.targets if t.old is None),
        sum(1 for a in changed for t in a.targets if t.new is None),
    ]
    targets.append(sum(1 for a in changed for t in a.targets if t.old is not None and t.new is not None))
    return "条目：新增 {} 条，删除 {} 条，修改 {} 条；目标：新增 {} 个，删除 {} 个，修改 {} 个".format(
        *counts, *targets
    )
