"""Proposals (督办提示) from the record, each with its reason: a target off track or
deteriorating, a task overdue, a report overdue more than N days, a policy past its planned date.

A proposal is computed, never stored: what is stored is the office's answer (ProposalDecision).
One whose (kind, object, cause) was answered — 立项 or 不予立项 — is not proposed again; the
cause names what made it (a target's status and the period of its latest figure, a task's due
date, a report's period, a policy's planned date), so it comes back when that changes. Nor is
an object proposed while an item about it is open.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date

from planwatch.indicators.evaluation import evaluate_plan
from planwatch.reporting.services.due import build_items, candidates
from planwatch.reporting.services.reminders import cn_date
from planwatch.tasks.models import PolicyMeasure, PolicyState, Task
from planwatch.tasks.services import task_rows
from planwatch.units.models import ArticleUnit, Unit

from .errors import SupervisionError
from .models import AboutKind, ItemLink, ItemState, ProposalDecision

WATCHED = {"off_track": "进展滞后", "deteriorating": "倒退"}
# Sources other modules register in their AppConfig.ready (problems: a problem red for too long):
# f(plan, today) -> [Proposal], answered and filtered like the built-in ones.
EXTRA_SOURCES: list[Callable] = []


@dataclass(frozen=True)
class Proposal:
    kind: str
    object_id: int
    cause: str
    source: str  # 指标预警 / 任务逾期 / 报送逾期 / 政策逾期
    subject: str  # the object, named
    reason: str
    unit: Unit | None

    @property
    def key(self) -> str:
        return f"{self.kind}:{self.object_id}:{self.cause}"

    def line(self) -> str:
        """One line of `planwatch supervision propose`: [来源] 对象 · 理由."""
        return f"[{self.source}] {self.subject} · {self.reason}"

    def requirements(self) -> str:
        return f"{self.reason}。请{self.unit.name if self.unit else '责任单位'}分析原因，提出并落实整改措施，按时限报送办理结果。"


def parse_key(key: str) -> tuple[str, int, str]:
    kind, _, rest = (key or "").partition(":")
    number, _, cause = rest.partition(":")
    if kind not in AboutKind.values or not number.isdigit() or not cause:
        raise SupervisionError(f"督办提示“{key}”无效")
    return kind, int(number), cause


def _leads(plan) -> dict[int, Unit]:
    rows = ArticleUnit.objects.filter(article__plan=plan, role=ArticleUnit.Role.LEAD).select_related("unit")
    leads: dict[int, Unit] = {}
    for row in rows.order_by("position", "pk"):
        leads.setdefault(row.article_id, row.unit)
    return leads


def _targets(plan, today: date) -> list[Proposal]:
    leads, out = _leads(plan), []
    for row in evaluate_plan(plan=plan, as_of=today):
        if row["status"] not in WATCHED:
            continue
        latest = (row.get("latest") or {}).get("period", "")
        reason = f"{WATCHED[row['status']]}：{row['explanation']}"
        out.append(Proposal(AboutKind.TARGET, row["target_id"], f"{row['status']}@{latest}", "指标预警",
                            f"指标“{row['indicator']}”{row['target_year']}年目标", reason.rstrip("。"),
                            leads.get(row["article_id"])))  # fmt: skip
    return out


def _tasks(plan, today: date) -> list[Proposal]:
    rows = task_rows(tasks=Task.objects.filter(plan=plan), today=today)
    return [
        Proposal(AboutKind.TASK, t.pk, f"overdue@{t.due}", "任务逾期", f"任务“{str(t)}”",
                 f"完成时限 {cn_date(t.due)} 已过，尚未销号（逾期 {(today - t.due).days} 天）", t.lead_unit)
        for t in rows if t.status == "overdue"
    ]  # fmt: skip


def _reports(plan, today: date, days: int) -> list[Proposal]:
    from planwatch.reporting.models import ReportingRule

    rules = list(ReportingRule.objects.filter(plan=plan, active=True, unit__isnull=False)
                 .select_related("plan", "unit", "indicator__article", "article"))  # fmt: skip
    out = []
    for item in build_items(candidates(rules, today), today):
        if item.reported or item.days_late <= days:
            continue
        out.append(Proposal(AboutKind.RULE, item.rule.pk, item.period.code, "报送逾期",
                            f"{item.rule.unit.name}“{item.rule.item_name}”{item.period.label}",
                            f"截止 {cn_date(item.due)}，逾期 {item.days_late} 天未报送（超过 {days} 天）", item.rule.unit))  # fmt: skip
    return out


def _policies(plan, today: date) -> list[Proposal]:
    rows = PolicyMeasure.objects.filter(plan=plan, state__in=(PolicyState.PLANNED, PolicyState.DRAFTING),
                                        planned_on__lt=today).select_related("issuing_unit")  # fmt: skip
    return [
        Proposal(AboutKind.POLICY, p.pk, f"late@{p.planned_on}", "政策逾期", f"政策“{p.name}”",
                 f"计划 {cn_date(p.planned_on)} 出台，至今{p.get_state_display()}", p.issuing_unit)
        for p in rows
    ]  # fmt: skip


def proposals(*, plan, today: date, report_days: int) -> list[Proposal]:
    """What the record says deserves an item today, less what was answered or is being handled."""
    found = _targets(plan, today) + _tasks(plan, today) + _reports(plan, today, report_days) + _policies(plan, today)
    found += [p for source in EXTRA_SOURCES for p in source(plan, today)]
    answered = set(ProposalDecision.objects.filter(plan=plan).values_list("kind", "object_id", "cause"))
    open_links = set(ItemLink.objects.filter(item__plan=plan).exclude(item__state=ItemState.CLOSED)
                     .values_list("kind", "object_id"))  # fmt: skip
    return [p for p in found if (p.kind, p.object_id, p.cause) not in answered and (p.kind, p.object_id) not in open_links]


def find(*, plan, key: str, today: date, report_days: int) -> Proposal:
    """The proposal with this key as it stands today; SupervisionError when it is no longer one."""
    parse_key(key)
    for proposal in proposals(plan=plan, today=today, report_days=report_days):
        if proposal.key == key:
            return proposal
    raise SupervisionError("该督办提示已不存在（可能已处理，或其原因已变化），请刷新页面")
