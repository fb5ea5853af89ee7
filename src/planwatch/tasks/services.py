"""Tasks and policies: proposals stored for review, the office's decisions, and the queries the
pages and the API share. Keyword-only arguments, the actor first; the edge (view, endpoint,
command) holds the transaction, so a review of forty rows is saved whole or not at all.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date

from django.db.models import Prefetch

from planwatch.extract.model import Article as ArticleDoc
from planwatch.plans.errors import StoreError
from planwatch.plans.models import Article
from planwatch.reporting import clock
from planwatch.responsibilities.leads import PlanLeads
from planwatch.units.models import ArticleUnit, Unit
from planwatch.units.services import UnitResolver, find_unit

from . import proposals as pure
from .lifecycle import MILESTONE_FLOW, POLICY_FLOW, TASK_FLOW
from .models import (
    MilestoneState,
    PolicyKind,
    PolicyMeasure,
    PolicyState,
    Task,
    TaskKind,
    TaskMilestone,
    TaskReport,
    TaskState,
)
from .status import effective_due, missed, task_status

_DOC_NUMBER = re.compile(r"^(?P<org>[\u4e00-\u9fff]{2,20})[〔［\[（(【](?P<year>(19|20)\d\d)[〕］\]）)】](?P<no>\d{1,4})号$")


class TaskError(StoreError):
    """Bad input for a task or policy step: one line of Chinese (422 on the API, a message on
    pages, `错误：…` from commands). A step the state does not allow is the workflow's Conflict."""


def article_doc(article: Article) -> ArticleDoc:
    """A stored article as the pure splitter reads it (units in the plan's order)."""
    links = sorted(article.unit_links.all(), key=lambda link: link.position)
    return ArticleDoc(
        number=article.number, label=article.label, chapter=None, title=article.title, text=article.text,
        units=[link.unit.name for link in links],
        lead_units=[link.unit.name for link in links if link.role == ArticleUnit.Role.LEAD],
    )  # fmt: skip


def plan_articles(plan, number: int | None = None):
    articles = Article.objects.filter(plan=plan).prefetch_related(
        Prefetch("unit_links", queryset=ArticleUnit.objects.select_related("unit"))
    )
    return articles.filter(number=number) if number is not None else articles


def store_task_proposals(*, actor, plan, article=None) -> list[Task]:
    """Each commitment the text proposes that is not stored yet (by its sentence) becomes a
    task awaiting review; an article already reviewed gets only what is new in it."""
    articles = [article] if article is not None else list(plan_articles(plan))
    known = set(Task.objects.filter(plan=plan).values_list("article_id", "source"))
    resolve, leads = UnitResolver(), PlanLeads(plan)
    created = []
    for art in articles:
        for i, p in enumerate(pure.propose_tasks(article_doc(art))):
            if (art.pk, p.source) in known:
                continue
            lead = resolve(p.lead_unit) if p.lead_unit else _article_lead(leads, art, p.units)
            task = Task(plan=plan, article=art, text=p.text, source=p.source, position=i,
                        due_on=date.fromisoformat(p.due) if p.due else None, lead_unit=lead)  # fmt: skip
            created.append(TASK_FLOW.run("propose", actor=actor, obj=task))
            task.co_units.set([resolve(u) for u in p.units if u != (lead.name if lead else None)])
            for j, m in enumerate(p.milestones):
                step = TaskMilestone(task=task, text=m["text"][:500], due_on=date.fromisoformat(m["due"]), position=j)
                MILESTONE_FLOW.run("plan", actor=actor, obj=step)
    return created


def _article_lead(leads: PlanLeads, article: Article, units: list[str]):
    """A task whose sentence names no lead of its own is led by its article's lead as it stands
    (stated by the plan or decided by the office on the 责任分解 page) when that unit is among
    the task's units; otherwise the office decides on the review page."""
    current = leads.article(article.pk).unit
    return current if current is not None and current.name in units else None


@dataclass
class TaskEdit:
    """What the office may change on a proposal before accepting it (co_units None: as proposed)."""

    text: str
    lead_unit: Unit | None
    due_on: date | None
    kind: str = TaskKind.ROUTINE
    deliverable: str = ""
    starts_on: date | None = None
    co_units: list[Unit] | None = None


def accept_task(*, actor, task: Task, edit: TaskEdit | None = None) -> Task:
    if edit is not None and not edit.text.strip():
        raise TaskError("任务内容不能为空")
    if edit is not None and edit.starts_on and edit.due_on and edit.starts_on > edit.due_on:
        raise TaskError(f"任务“{edit.text.strip()[:20]}”的开始日期晚于完成时限")

    def apply(row):
        if edit is None:
            return {}
        row.text, row.lead_unit, row.due_on = edit.text.strip(), edit.lead_unit, edit.due_on
        row.kind, row.deliverable, row.starts_on = edit.kind, edit.deliverable.strip(), edit.starts_on
        return {"text": row.text, "lead_unit": str(edit.lead_unit or ""), "due_on": edit.due_on,
                "starts_on": edit.starts_on,
                "co_units": None if edit.co_units is None else [u.name for u in edit.co_units]}  # fmt: skip

    row = TASK_FLOW.run("accept", actor=actor, obj=task, apply=apply)
    if edit is not None and edit.co_units is not None:
        row.co_units.set(edit.co_units)
    if row.lead_unit_id is not None:
        row.co_units.remove(row.lead_unit_id)  # the lead is not also its own co-operating unit
    return row


def drop_task(*, actor, task: Task, reason: str = "") -> Task:
    return TASK_FLOW.run("drop", actor=actor, obj=task, reason=reason)


def merge_tasks(*, actor, tasks: list[Task]) -> Task:
    """Several proposals as one task: the first keeps the joined text and is accepted, the
    others are dropped with a reason naming it."""
    if len(tasks) < 2:
        raise TaskError("合并至少需要选择两条建议")
    first, rest = tasks[0], tasks[1:]
    text = "；".join(t.text for t in tasks)
    kept = accept_task(actor=actor, task=first, edit=TaskEdit(text, first.lead_unit, first.due_on))
    # the merged proposals' milestones are the kept task's from now on
    TaskMilestone.objects.filter(task__in=rest, state=MilestoneState.OPEN).update(task=first)
    for task in rest:
        drop_task(actor=actor, task=task, reason=f"并入任务 #{first.pk}")
    return kept


def store_policy_proposals(*, actor, plan) -> list[PolicyMeasure]:
    known = set(PolicyMeasure.objects.filter(plan=plan).values_list("article_id", "name"))
    created = []
    for art in plan_articles(plan):
        for i, p in enumerate(pure.propose_policies(article_doc(art))):
            if (art.pk, p.name) in known:
                continue
            lead = find_unit(p.units[0]) if len(p.units) == 1 else None
            policy = PolicyMeasure(plan=plan, article=art, name=p.name, kind=PolicyKind(p.kind),
                                   source=p.source, position=i, issuing_unit=lead)  # fmt: skip
            created.append(POLICY_FLOW.run("propose", actor=actor, obj=policy))
    return created


def normalise_doc_number(text: str) -> str:
    """市中政办发〔2023〕5号 in its standard brackets; TaskError for anything else."""
    m = _DOC_NUMBER.match(re.sub(r"\s+", "", text or ""))
    if not m:
        raise TaskError(f"文号“{text}”格式不正确，应如“市中政办发〔2023〕5号”")
    return f"{m['org']}〔{m['year']}〕{m['no']}号"


def policy_step(*, actor, policy: PolicyMeasure, action: str, reason: str = "",
                doc_number: str = "", issued_on: date | None = None) -> PolicyMeasure:  # fmt: skip
    """One step of a policy; 出台 needs its 文号 and date."""
    if action == "issue":
        doc_number = normalise_doc_number(doc_number)
        if issued_on is None:
            raise TaskError("出台须填写出台日期")

    def apply(row):
        if action != "issue":
            return {}
        row.doc_number, row.issued_on = doc_number, issued_on
        return {"doc_number": doc_number, "issued_on": issued_on}

    if action not in POLICY_FLOW.transitions or action == "propose":
        raise TaskError(f"未知操作：{action}")
    return POLICY_FLOW.run(action, actor=actor, obj=policy, reason=reason, apply=apply)


SENT = ("submitted", "approved")  # a report counts once sent (a draft or a returned one does not)


def sent_reports():
    return Prefetch("reports", queryset=TaskReport.objects.filter(status__in=SENT).order_by("period_key", "pk"),
                    to_attr="sent_reports")  # fmt: skip


def latest_claim(task: Task) -> str:
    """What the unit last said of its task (完成 / 推进中 / 未启动), '' before any report."""
    reports = getattr(task, "sent_reports", None)
    if reports is None:
        reports = list(task.reports.filter(status__in=SENT).order_by("period_key", "pk"))
    return reports[-1].claim if reports else ""


def live_milestones():
    """The task's milestones that count (open or met; withdrawn ones are history only)."""
    rows = TaskMilestone.objects.exclude(state=MilestoneState.WITHDRAWN)
    return Prefetch("milestones", queryset=rows, to_attr="live_milestones")


def milestones_of(task: Task) -> list[TaskMilestone]:
    rows = getattr(task, "live_milestones", None)
    if rows is None:
        rows = list(task.milestones.exclude(state=MilestoneState.WITHDRAWN))
    return rows


def status_of(task: Task, today: date | None = None) -> str:
    """The computed status (status.py) of a task whose plan is loaded."""
    today = today or clock.today()
    due = effective_due(task.due_on, task.plan.period_end)
    return task_status(done=task.state == TaskState.DONE, due=due, starts_on=task.starts_on, today=today,
                       claim=latest_claim(task), behind=missed(milestones_of(task), today))  # fmt: skip


@dataclass
class MilestoneRow:
    """One line of the office's milestone form: a 年度任务 (year set) or a dated step."""

    text: str
    due_on: date | None = None
    year: int | None = None


def set_milestones(*, actor, task: Task, rows: list[MilestoneRow]) -> list[TaskMilestone]:
    """The office's milestones and yearly breakdown of a task: unchanged open rows stay, the
    others are withdrawn and new ones planned (each a step in the task's history); met rows
    are never touched. A 年度任务 is due on 31 December of its year, within the plan's years."""
    plan, wanted = task.plan, []
    for row in rows:
        text = row.text.strip()
        if not text:
            continue
        if row.year is not None:
            if plan.period_start and plan.period_end and not plan.period_start <= row.year <= plan.period_end:
                raise TaskError(f"年度任务的年份 {row.year} 不在计划期（{plan.period_start}—{plan.period_end}年）内")
            wanted.append((text[:500], date(row.year, 12, 31), row.year))
        elif row.due_on is None:
            raise TaskError(f"阶段节点“{text[:20]}”没有填写时限")
        else:
            wanted.append((text[:500], row.due_on, None))
    current = list(task.milestones.filter(state=MilestoneState.OPEN))
    keep = {(m.text, m.due_on, m.year): m for m in current}
    for m in current:
        if (m.text, m.due_on, m.year) not in wanted:
            MILESTONE_FLOW.run("withdraw", actor=actor, obj=m)
    for i, (text, due_on, year) in enumerate(wanted):
        if (text, due_on, year) not in keep:
            MILESTONE_FLOW.run("plan", actor=actor, obj=TaskMilestone(task=task, text=text, due_on=due_on,
                                                                     year=year, position=i))  # fmt: skip
    return list(task.milestones.exclude(state=MilestoneState.WITHDRAWN))


LIVE = (TaskState.ACTIVE, TaskState.DONE)
NOT_REGISTERED = (PolicyState.CANDIDATE, PolicyState.DROPPED)  # not (or no longer) on the register


def annotate(task: Task, today: date) -> Task:
    """Set `due`, `claim` and the computed `status` on a task (its plan and reports loaded)."""
    task.due = effective_due(task.due_on, task.plan.period_end)
    task.claim = latest_claim(task)
    task.status = status_of(task, today)
    return task


def task_rows(*, tasks, today: date | None = None) -> list[Task]:
    """Live tasks with `status`, `claim` and `due` set, for pages and the API (plan, article,
    units and reports read in a fixed number of queries whatever the number of tasks)."""
    today = today or clock.today()
    rows = tasks.filter(state__in=LIVE).select_related("plan", "article", "article__chapter", "lead_unit")
    return [annotate(t, today) for t in rows.prefetch_related("co_units", sent_reports(), live_milestones())]
