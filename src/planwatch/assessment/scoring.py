"""The scoring core of 考核: a unit's yearly score from plain facts and the scheme, every point on
a line with the row behind it. Pure (no Django): the collector (collect.py) turns the record into
`Row`s, this module turns rows + scheme into cards; tested with hand-computed cases.

A component (目标完成 40 …) scores the rows of one source (`RULES`) by their outcome:

  share mode  (比例计分)  each row the unit answers for gets a slice of the weight in proportion to
              its share (lead unit 1, a co-operating unit the component's `co_share`, 0 = not
              scored), in cents summing to the weight (`split`); the slice times the outcome's
              fraction, rounded to the cent, is the line's points. A unit with
              no row in the component gets the full weight (one line: 无考核对象，按满分计).
  deduct mode (扣减计分)  the component starts at its weight; each row loses the outcome's points
              (a late report −0.5, a return −0.5 …), never below 0.

Lines are rounded to 0.01 and the component's score is the sum of its lines, so the card adds up
on paper. Then bonus points (加分, capped at `bonus_cap`), deductions (扣分, per accountability
measure kind), the total, the rank (1, 2, 2, 4 for equal totals) and the grade: the best grade
whose minimum the total reaches and whose quota is not full. Quota tie rule: units with equal
totals form one group; when the whole group does not fit in what is left of a grade's quota, none
of the group gets that grade and the grade is closed for every lower total (a quota is never
exceeded, equal totals never get different grades, a lower total never gets a better grade).
The quota counts all units scored, vetoed ones included (30% of 10 units: at most 3). A vetoed unit (一票否决) gets the lowest grade whatever its score and takes no quota.
"""

from __future__ import annotations

import math
from collections import defaultdict
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal

CENT = Decimal("0.01")
SHARE, DEDUCT = "share", "deduct"


@dataclass(frozen=True)
class Rule:
    """A source of rows and how its outcomes score by default (fractions in share mode, points
    lost in deduct mode); an outcome missing from `points` is not scored (the row is left out)."""

    label: str
    mode: str
    outcomes: dict[str, str]  # outcome → Chinese label
    points: dict[str, float]
    co_share: float = 0.0


RULES: dict[str, Rule] = {
    "targets": Rule("指标目标状态", SHARE, {
        "achieved": "已完成", "on_track": "进展顺利", "needs_acceleration": "需加快", "off_track": "进展滞后",
        "deteriorating": "倒退", "no_data": "数据不足"},
        {"achieved": 1, "on_track": 1, "needs_acceleration": 0.6, "off_track": 0.4, "deteriorating": 0}, 0.3),
    "tasks": Rule("重点任务按期完成", SHARE, {
        "on_time": "按期完成", "late": "逾期完成", "open": "到期未完成"},
        {"on_time": 1, "late": 0.5, "open": 0}, 0.3),
    "reports": Rule("报送及时与质量", DEDUCT, {
        "on_time": "按时报送", "late": "逾期报送", "missing": "到期未报送", "returned": "被退回"},
        {"on_time": 0, "late": 0.5, "missing": 1, "returned": 0.5}),
    "items": Rule("督办事项按期办结", SHARE, {
        "on_time": "按期办结", "late": "逾期办结", "open": "逾期未办结"},
        {"on_time": 1, "late": 0.5, "open": 0}),
    "problems": Rule("问题按时限解决", SHARE, {
        "on_time": "时限内解决", "late": "超时限解决", "open": "超时限未解决"},
        {"on_time": 1, "late": 0.5, "open": 0}),
    "projects": Rule("重点项目投资完成", SHARE, {
        "green": "达到序时进度", "yellow": "滞后", "red": "严重滞后"},
        {"green": 1, "yellow": 0.6, "red": 0.2}),
}  # fmt: skip


@dataclass(frozen=True)
class Row:
    """One row of the record as a fact: which unit answers for it, as lead or co-operating unit,
    and its outcome (the collector decides the outcome from the dates and states)."""

    source: str  # a RULES key
    kind: str  # the row's kind for drill-down: target, task, submission, report, item, problem, project
    id: int
    unit: int
    outcome: str
    label: str
    role: str = "lead"  # lead | co
    note: str = ""  # why this outcome, in Chinese (截止 3月31日，4月8日报送)


@dataclass(frozen=True)
class Component:
    name: str
    weight: float
    rule: str
    points: dict[str, float] = field(default_factory=dict)  # overrides of the rule's
    co_share: float | None = None  # None: the rule's

    def scored(self) -> dict[str, float]:
        return {**RULES[self.rule].points, **self.points}

    def share_of(self, role: str) -> float:
        if role == "lead":
            return 1.0
        return RULES[self.rule].co_share if self.co_share is None else self.co_share


@dataclass(frozen=True)
class Grade:
    name: str
    minimum: float  # the total needed
    quota: float | None = None  # at most this percent of the units


@dataclass(frozen=True)
class Scheme:
    components: tuple[Component, ...]
    grades: tuple[Grade, ...] = (Grade("优秀", 90), Grade("良好", 80), Grade("一般", 60), Grade("较差", 0))
    bonus_cap: float = 5
    deductions: dict[str, float] = field(default_factory=dict)  # accountability kind → points
    vetoes: tuple[str, ...] = ()  # accountability kinds that veto (一票否决)

    def check(self) -> list[str]:
        """What is wrong with the scheme, in Chinese (empty when it can be used)."""
        errors = []
        total = sum((Decimal(str(c.weight)) for c in self.components), Decimal(0))
        if total != 100:
            errors.append(f"各项权重之和应为100，现为{total.normalize():f}")
        for c in self.components:
            if c.rule not in RULES:
                errors.append(f"“{c.name}”的计分规则“{c.rule}”不存在")
            if c.weight <= 0:
                errors.append(f"“{c.name}”的权重应大于0")
        if len({c.name for c in self.components}) != len(self.components):
            errors.append("考核项名称不能重复")
        if not self.grades or self.grades[-1].minimum != 0 or self.grades[-1].quota is not None:
            errors.append("最低一档等次的分数线应为0且不设比例")
        return errors


@dataclass(frozen=True)
class Adjustment:
    """加分 (points > 0, with its evidence), 扣分 (an accountability measure: `kind` names its
    type), or a veto condition met (`veto`: the condition's name)."""

    unit: int
    kind: str  # bonus | measure | veto
    id: int
    reason: str
    points: float = 0
    measure: str = ""  # the accountability kind's name, for measures


@dataclass(frozen=True)
class Override:
    """An appeal the office upheld: the unit's line of (component, kind, id) scores `points` instead."""

    unit: int
    component: str
    kind: str
    id: int
    points: float
    reason: str


def money(value) -> Decimal:
    return Decimal(str(value)).quantize(CENT, rounding=ROUND_HALF_UP)


def _line(points, reason: str, kind: str | None, id: int | None, of=None) -> dict:
    line = {"points": float(money(points)), "reason": reason, "source": {"kind": kind, "id": id} if kind else None}
    if of is not None:
        line["of"] = float(money(of))
    return line


def score_component(component: Component, rows: list[Row], overrides: dict) -> dict:
    """One component of one unit's card: its score and its lines (rows already the unit's)."""
    rule, points = RULES[component.rule], component.scored()
    counted = [r for r in rows if r.outcome in points and component.share_of(r.role) > 0]
    lines = []
    if rule.mode == DEDUCT:
        for r in counted:
            loss = -points[r.outcome]
            lines.append(_line(loss, _reason(rule, r, f"{loss:+g}分" if loss else "不扣分"), r.kind, r.id))
        if not counted:
            lines.append(_line(0, "无考核对象，不扣分", None, None))
    elif not counted:
        lines.append(_line(component.weight, "无考核对象，按满分计", None, None, component.weight))
    else:
        slices = split(component.weight, [component.share_of(r.role) for r in counted])
        for r, slice_ in zip(counted, slices, strict=True):
            got = money(slice_ * Decimal(str(points[r.outcome])))
            lines.append(_line(got, _reason(rule, r, f"得{got}分（满分{slice_:.2f}分）"), r.kind, r.id, slice_))
    _apply_overrides(component, lines, overrides)
    total = sum((Decimal(str(line["points"])) for line in lines), Decimal(0))
    if rule.mode == DEDUCT:
        total = max(Decimal(0), Decimal(str(component.weight)) + total)
    return {"name": component.name, "weight": component.weight, "rule": component.rule,
            "score": float(money(total)), "lines": lines}  # fmt: skip


def split(weight: float, shares: list[float]) -> list[Decimal]:
    """The weight in cents over the shares, summing to the weight exactly: each share's exact
    part rounded down to the cent, the cents left over one each to the largest remainders
    (earlier rows first among equal ones) — so a unit with everything done scores the weight,
    never 100.01."""
    total, cents = sum(Decimal(str(s)) for s in shares), int(money(weight) * 100)
    exact = [Decimal(cents) * Decimal(str(s)) / total for s in shares]
    parts = [int(x) for x in exact]
    order = sorted(range(len(shares)), key=lambda i: (-(exact[i] - parts[i]), i))
    for i in order[: cents - sum(parts)]:
        parts[i] += 1
    return [Decimal(p) / 100 for p in parts]


def _reason(rule: Rule, row: Row, result: str) -> str:
    role = "（配合单位）" if row.role == "co" else ""
    note = f"，{row.note}" if row.note else ""
    return f"{row.label}{role}：{rule.outcomes[row.outcome]}{note} → {result}"


def _apply_overrides(component: Component, lines: list[dict], overrides: dict) -> None:
    for line in lines:
        source = line["source"]
        found = source and overrides.get((component.name, source["kind"], source["id"]))
        if found:
            line["reason"] = f"{line['reason']}；申诉成立：{found.reason} → 改为{money(found.points)}分"
            line["points"] = float(money(found.points))


def score_unit(scheme: Scheme, unit: int, rows: list[Row], adjustments: list[Adjustment],
               overrides: dict | None = None) -> dict:  # fmt: skip
    """One unit's card before ranking: components, 加分, 扣分, veto and total."""
    by_source = defaultdict(list)
    for r in rows:
        by_source[r.source].append(r)
    components = [score_component(c, by_source[c.rule], overrides or {}) for c in scheme.components]
    bonus = _bonus(scheme, [a for a in adjustments if a.kind == "bonus"])
    deduction = _deductions(scheme, [a for a in adjustments if a.kind == "measure"])
    vetoes = [f"{a.measure or a.reason}" for a in adjustments
              if a.kind == "veto" or (a.kind == "measure" and a.measure in scheme.vetoes)]  # fmt: skip
    total = sum(Decimal(str(c["score"])) for c in components) + Decimal(str(bonus["score"]))
    total += Decimal(str(deduction["score"]))
    return {"unit": unit, "total": float(money(total)), "components": components, "bonus": bonus,
            "deductions": deduction, "vetoed": bool(vetoes), "vetoes": vetoes}  # fmt: skip


def _bonus(scheme: Scheme, bonuses: list[Adjustment]) -> dict:
    lines = [_line(a.points, f"加分：{a.reason}", "bonus", a.id) for a in bonuses]
    raw = sum((money(a.points) for a in bonuses), Decimal(0))
    cap = money(scheme.bonus_cap)
    if raw > cap:
        lines.append(_line(cap - raw, f"加分合计{raw}分，超过上限{cap}分的部分不计", None, None))
    return {"name": "加分", "cap": float(cap), "score": float(min(raw, cap)), "lines": lines}


def _deductions(scheme: Scheme, measures: list[Adjustment]) -> dict:
    lines = []
    for a in measures:
        loss = -money(scheme.deductions.get(a.measure, 0))
        lines.append(_line(loss, f"问责（{a.measure}）：{a.reason} → {loss:+}分" if loss else
                           f"问责（{a.measure}）：{a.reason}（本方案不扣分）", "measure", a.id))  # fmt: skip
    return {"name": "扣分", "score": float(sum((Decimal(str(x["points"])) for x in lines), Decimal(0))),
            "lines": lines}  # fmt: skip


def rank_and_grade(scheme: Scheme, cards: list[dict]) -> list[dict]:
    """Rank by total (equal totals, equal rank: 1, 2, 2, 4) and grade (module docstring); cards
    come back best first, then by unit for equal totals."""
    cards = sorted(cards, key=lambda c: (-c["total"], str(c.get("unit_name", c["unit"]))))
    for i, card in enumerate(cards):
        card["rank"] = cards[i - 1]["rank"] if i and card["total"] == cards[i - 1]["total"] else i + 1
    limits = {g.name: math.floor(len(cards) * g.quota / 100 + 1e-9) for g in scheme.grades if g.quota is not None}
    used: dict[str, int] = defaultdict(int)
    lowest = scheme.grades[-1].name
    for group in _groups([c for c in cards if not c["vetoed"]]):
        grade = _grade_for(scheme, group[0]["total"], len(group), limits, used)
        used[grade] += len(group)
        for card in group:
            card["grade"] = grade
    for card in cards:
        if card["vetoed"]:
            card["grade"] = lowest
    return cards


def _groups(cards: list[dict]) -> list[list[dict]]:
    groups: list[list[dict]] = []
    for card in cards:
        if groups and groups[-1][0]["total"] == card["total"]:
            groups[-1].append(card)
        else:
            groups.append([card])
    return groups


def _grade_for(scheme: Scheme, total: float, size: int, limits: dict, used: dict) -> str:
    for grade in scheme.grades:
        if total + 1e-9 < grade.minimum:
            continue
        if grade.name in limits and used[grade.name] + size > limits[grade.name]:
            used[grade.name] = limits[grade.name]  # closed: no lower total may take it after
            continue
        return grade.name
    return scheme.grades[-1].name


def assess(scheme: Scheme, units: dict[int, str], rows: list[Row], adjustments: list[Adjustment],
           overrides: list[Override] = ()) -> list[dict]:  # fmt: skip
    """Every unit's card, ranked and graded: the whole assessment from the facts."""
    by_unit_rows, by_unit_adj = defaultdict(list), defaultdict(list)
    for r in rows:
        by_unit_rows[r.unit].append(r)
    for a in adjustments:
        by_unit_adj[a.unit].append(a)
    tables: dict = defaultdict(dict)
    for o in overrides:
        tables[o.unit][(o.component, o.kind, o.id)] = o
    cards = []
    for unit, name in units.items():
        card = score_unit(scheme, unit, by_unit_rows[unit], by_unit_adj[unit], tables[unit])
        card["unit_name"] = name
        cards.append(card)
    return rank_and_grade(scheme, cards)
