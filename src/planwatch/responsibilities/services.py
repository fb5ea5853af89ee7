"""The office's decisions on lead units: confirm the proposals, set a lead, withdraw a decision.

Items are named by keys the screen and the command share: "a<article id>" for an article,
"i<indicator id>" for a target's indicator. Each change is a `LeadChange` row and an audit event
written here, in the caller's transaction (the request or the command is the transaction).
Afterwards the plan's reporting rules follow the new leads (reporting's `sync_rules`), so each
unit's 待报送 list holds what it leads.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from planwatch.audit.models import AuditAction
from planwatch.audit.services import record
from planwatch.indicators.models import Indicator
from planwatch.reporting.services.calendar import sync_rules
from planwatch.units.functions import current_table
from planwatch.units.models import Unit

from .leads import ARTICLE, PlanLeads
from .models import Lead, LeadChange
from .proposals import Proposal, Proposer


class ResponsibilityError(Exception):
    """A request the office must correct; the message is shown as is."""


@dataclass
class Item:
    """An article, or one indicator of it, as the decisions address it."""

    key: str
    article: object
    indicator: Indicator | None = None

    @property
    def name(self) -> str:
        return self.indicator.name if self.indicator else f"{self.article.label}{self.article.title}"


@dataclass
class Outcome:
    changed: int = 0
    unchanged: int = 0
    skipped: list[str] = field(default_factory=list)  # items without a proposal

    @property
    def text(self) -> str:
        text = f"已确定牵头单位 {self.changed} 项" + (f"，{self.unchanged} 项原已如此" if self.unchanged else "")
        if self.skipped:
            text += f"；{len(self.skipped)} 项没有建议单位，未改动：{'、'.join(self.skipped[:5])}"
        return text


def proposer_for(plan, leads: PlanLeads | None = None) -> Proposer:
    return Proposer(table=current_table(), units=list(Unit.objects.all()), leads=leads or PlanLeads(plan))


def resolve_items(plan, keys) -> list[Item]:
    """The plan's articles and indicators for the keys, each once, in the order given."""
    articles = {a.pk: a for a in plan.articles.all()}
    indicators = {i.pk: i for i in Indicator.objects.filter(plan=plan)}
    items: dict[str, Item] = {}
    for key in keys:
        kind, number = key[:1], key[1:]
        row = (articles if kind == "a" else indicators if kind == "i" else {}).get(
            int(number) if number.isdigit() else None
        )
        if row is None:
            raise ResponsibilityError("所选条目或目标不属于该计划，请刷新页面后重试")
        if kind == "a":
            items[key] = Item(key, row)
        else:
            items[key] = Item(key, articles[row.article_id], row)
    return list(items.values())


def confirm_proposals(*, actor, plan, keys) -> Outcome:
    """Make each item's proposed lead its lead; items without a proposal are left as they are."""
    leads = PlanLeads(plan)
    proposer = proposer_for(plan, leads)
    outcome = Outcome()
    for item in resolve_items(plan, keys):
        proposal = _proposal(proposer, item)
        if proposal.unit is None:
            outcome.skipped.append(item.name)
            continue
        changed = _decide(actor, plan, item, proposal.unit, f"采纳系统建议：{proposal.reason}", leads)
        outcome.changed += changed
        outcome.unchanged += not changed
    _follow(actor, plan, outcome)
    return outcome


def assign_leads(*, actor, plan, keys, unit: Unit | None, reason: str = "") -> Outcome:
    """Set one lead for every item (None withdraws the office's decision: the plan's own lead,
    or unassigned, applies again)."""
    leads = PlanLeads(plan)
    outcome = Outcome()
    items = resolve_items(plan, keys)
    if not items:
        raise ResponsibilityError("请先勾选条目或目标")
    for item in items:
        changed = _decide(actor, plan, item, unit, reason or "办公室指定", leads)
        outcome.changed += changed
        outcome.unchanged += not changed
    _follow(actor, plan, outcome)
    return outcome


def _proposal(proposer: Proposer, item: Item) -> Proposal:
    if item.indicator is None:
        return proposer.for_article(item.article)
    return proposer.for_indicator(item.indicator, item.article)


def _decide(actor, plan, item: Item, unit: Unit | None, reason: str, leads: PlanLeads) -> bool:
    """One decision with its history row and audit event; False when nothing changes."""
    own = leads.own_indicator_lead(item.indicator.pk) if item.indicator else leads.own_article_lead(item.article.pk)
    current = leads.indicator(item.indicator) if item.indicator else leads.article(item.article.pk)
    if (own.unit_id if own else None) == (unit.pk if unit else None):
        return False
    if unit is not None and current.unit == unit and current.source != ARTICLE:
        return False  # the plan already names it (or it is the only unit listed)
    old = current.unit.name if current.unit else ""
    user = actor if getattr(actor, "is_authenticated", False) else None
    if unit is None:
        own.delete()
        obj = item.indicator or item.article
    else:
        obj, _ = Lead.objects.update_or_create(
            article=item.article, indicator=item.indicator,
            defaults={"plan": plan, "unit": unit, "reason": reason, "decided_by": user},
        )  # fmt: skip
    LeadChange.objects.create(
        plan=plan, article=item.article, indicator=item.indicator, old_unit=old,
        new_unit=unit.name if unit else "", reason=reason, actor=user,
        actor_name=actor if isinstance(actor, str) else (user.get_username() if user else "系统"),
    )  # fmt: skip
    record(actor=actor, action=AuditAction.ASSIGN_LEAD, obj=obj, before={"牵头单位": old or "未确定"},
           after={"牵头单位": unit.name if unit else "撤销办公室确认"}, reason=reason)  # fmt: skip
    return True


def _follow(actor, plan, outcome: Outcome) -> None:
    """Reporting rules move to the new leads (those the office chose by hand stay)."""
    if outcome.changed and plan.reporting_rules.exists():
        sync_rules(actor=actor, plan=plan)
