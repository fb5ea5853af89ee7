"""A proposed lead for every article and target, with a one-sentence reason in Chinese.

From what the item is about (its indicator name; an article's title, then its text) and what
each kind of unit does (units/functions.py), never from the order the plan lists its units in.
Where the article lists units, a listed unit whose department matches is preferred; where the
department's unit is not in the registry (no statistics bureau yet), the reason says so and the
next matching registered unit — or none — is proposed.
"""

from __future__ import annotations

from dataclasses import dataclass

from planwatch.units.functions import Department, Match, term_matches, text_matches
from planwatch.units.models import Unit

from .leads import PlanLeads


@dataclass(frozen=True)
class Proposal:
    unit: Unit | None
    reason: str


class Proposer:
    """Proposals for one plan: the table, the registered units and the plan's listed units."""

    def __init__(self, *, table: list[Department], units: list[Unit], leads: PlanLeads) -> None:
        self.table = table
        self.units = sorted(units, key=lambda u: (len(u.name), u.name))  # 区企业服务中心 before 区民营企业服务中心
        self.leads = leads
        self._articles: dict[int, Proposal] = {}

    def for_article(self, article) -> Proposal:
        if article.pk not in self._articles:
            listed = self.leads.listed_units(article.pk)
            found = [("条目标题", m) for m in term_matches(article.title, self.table)]
            found += [("条目正文", m) for m in text_matches(article.text, self.table)]
            self._articles[article.pk] = self._choose(found, listed) or Proposal(
                None, "条目标题和正文中没有对应部门职责的词，请办公室指定牵头单位"
            )
        return self._articles[article.pk]

    def for_indicator(self, indicator, article) -> Proposal:
        found = [("指标名称", m) for m in term_matches(indicator.name, self.table)]
        chosen = self._choose(found, self.leads.listed_units(article.pk))
        if chosen is not None:
            return chosen
        current = self.leads.article(article.pk)
        if current.unit is not None:
            return Proposal(current.unit, f"指标名称未对应到部门职责，随本条牵头单位（{current.source_label}）")
        of_article = self.for_article(article)
        return Proposal(of_article.unit, f"指标名称未对应到部门职责，随本条建议：{of_article.reason}")

    def _owners(self, department: Department, units: list[Unit]) -> list[Unit]:
        return [u for u in units if department.owns(u.name)]

    def _choose(self, found: list[tuple[str, Match]], listed: list[Unit]) -> Proposal | None:
        """The strongest match whose department has a listed unit, else a registered one."""
        if not found:
            return None
        for pool in (listed, self.units):
            for where, match in found:
                owners = self._owners(match.department, pool)
                if owners:
                    return Proposal(owners[0], self._reason(found, where, match, owners[0], listed))
        where, top = found[0]
        return Proposal(
            None, f"{_because(where, top)}；单位名录中还没有{top.department.name}的单位，登记后即可建议"
        )

    def _reason(self, found, where: str, match: Match, unit: Unit, listed: list[Unit]) -> str:
        top_where, top = found[0]
        text = _because(where, match)
        if top.department != match.department and not self._owners(top.department, self.units):
            text = f"{_because(top_where, top)}，但单位名录中还没有该部门的单位；{text}"
        if listed and unit not in listed:
            text += f"；本条所列单位中没有该部门，建议{unit.name}"
        return text


def _because(where: str, match: Match) -> str:
    return f"{where}含“{match.terms[0]}”，属{match.department.name}职责"
