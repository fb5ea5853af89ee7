"""The record as facts for the scoring core: each row a unit answers for in the assessment year,
with its outcome as of the scheme's date (the 考核基准日). A fixed number of queries whatever the
size of the plan; what each outcome means is written beside it and in docs/assessment.md.

  targets   every target of the plan, its status from planwatch.indicators' evaluation on the
            date; the article's lead unit as lead, its co-operating units as co
  tasks     tasks due in the year by the date (their own date, or the plan's last day): 按期完成
            (销号 on or before the due date), 逾期完成, 到期未完成; lead and co-operating units
  reports   figures, progress texts and task reports due in the year by the date: 按时报送 (first
            sent by the due date), 逾期报送, 到期未报送; and each 退回 in the year, one row each
  items     督办 items due in the year by the date or closed in it: 按期办结 (by the deadline in
            force), 逾期办结, 逾期未办结; items not yet due are not scored
  problems  problems handled (主办) by the unit, co: its coordinating units: 时限内解决 (销号 in the
            year with no stage late), 超时限解决, 超时限未解决 (open, past its stage's limit)
  projects  key projects by their responsible unit: the light of the year's investment against
            序时进度 on the date (planwatch.projects.queries.ledger)
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from django.db.models import Q
from django.utils import timezone

from planwatch.indicators.evaluation import evaluate_plan
from planwatch.problems.models import ENDED, Problem, ProblemEvent
from planwatch.problems.models import State as ProblemState
from planwatch.progress import period_label
from planwatch.projects.models import Project
from planwatch.projects.queries import ledger
from planwatch.reporting.models import Action, ArticleReport, Submission, SubmissionEvent
from planwatch.supervision.models import AccountabilityMeasure, ItemState, SupervisionItem
from planwatch.tasks.models import Task, TaskReport, TaskReportEvent, TaskState
from planwatch.tasks.status import effective_due
from planwatch.units.models import ArticleUnit, Unit

from .scoring import Adjustment, Row


@dataclass
class Record:
    units: dict[int, str]
    rows: list[Row]
    measures: list[Adjustment]


def cn(day: date) -> str:
    return f"{day.month}月{day.day}日" if day else ""


def collect(*, plan, year: int, as_of: date) -> Record:
    start = date(year, 1, 1)
    rows = [*_targets(plan, as_of), *_tasks(plan, start, as_of), *_reports(plan, start, as_of),
            *_items(plan, start, as_of), *_problems(plan, start, as_of), *_projects(plan, year, as_of)]  # fmt: skip
    measures = [Adjustment(m.unit_id, "measure", m.pk, m.reason[:80], measure=m.kind.name)
                for m in AccountabilityMeasure.objects.filter(plan=plan, decided_on__range=(start, as_of))
                .select_related("kind")]  # fmt: skip
    linked = set(ArticleUnit.objects.filter(article__plan=plan).values_list("unit_id", flat=True))
    ids = linked | {r.unit for r in rows} | {m.unit for m in measures}
    units = dict(Unit.objects.filter(pk__in=ids).order_by("name").values_list("pk", "name"))
    return Record(units, rows, measures)


def _targets(plan, as_of: date):
    for result in evaluate_plan(plan=plan, as_of=as_of):
        label = f"{result['indicator']}（{result.get('year') or ''}年目标）"
        note = f"{as_of.year}年{cn(as_of)}评估"
        for unit in result["units"]:
            role = "lead" if unit["role"] == "lead" else "co"
            yield Row("targets", "target", result["target_id"], unit["id"], result["status"], label, role, note)


def _co_units(model, plan) -> dict[int, list[int]]:
    """{row id: [co-operating unit ids]} from the many-to-many table in one query: no model
    instance per row (2,000 tasks prefetched one by one cost more than the scoring itself)."""
    through = model.co_units.through
    field = model._meta.model_name
    out: dict[int, list[int]] = {}
    for row_id, unit_id in through.objects.filter(**{f"{field}__plan": plan}).values_list(f"{field}_id", "unit_id"):
        out.setdefault(row_id, []).append(unit_id)
    return out


def _tasks(plan, start: date, as_of: date):
    co = _co_units(Task, plan)
    tasks = (Task.objects.filter(plan=plan, state__in=(TaskState.ACTIVE, TaskState.DONE)).exclude(lead_unit=None)
             .values_list("pk", "text", "lead_unit_id", "due_on", "done_on", "state"))  # fmt: skip
    for pk, text, lead, due_on, done_on, state in tasks:
        due = effective_due(due_on, plan.period_end)
        if due is None or not start <= due <= as_of:
            continue
        done = state == TaskState.DONE and done_on and done_on <= as_of
        outcome = "open" if not done else "on_time" if done_on <= due else "late"
        note = f"时限{cn(due)}" + (f"，{cn(done_on)}销号" if done else "")
        yield Row("tasks", "task", pk, lead, outcome, f"任务“{text[:30]}”", "lead", note)
        for unit in co.get(pk, ()):
            yield Row("tasks", "task", pk, unit, outcome, f"任务“{text[:30]}”", "co", note)


def _reports(plan, start: date, as_of: date):
    kinds = ((Submission, "indicator__plan", "submission", lambda r: r.indicator.name, "indicator"),
             (ArticleReport, "article__plan", "report", lambda r: f"{r.article.label}进展", "article"),
             (TaskReport, "task__plan", "task_report", lambda r: f"任务“{r.task.text[:20]}”进展", "task"))  # fmt: skip
    for model, plan_field, kind, name, related in kinds:
        due = model.objects.filter(**{plan_field: plan, "due_on__range": (start, as_of)}).select_related(related)
        for r in due.only("unit_id", "period", "due_on", "first_submitted_at", f"{related}__{_name_field(related)}"):
            sent = r.first_submitted_at and timezone.localdate(r.first_submitted_at)
            sent = sent if sent and sent <= as_of else None
            outcome = "missing" if not sent else "on_time" if sent <= r.due_on else "late"
            note = f"截止{cn(r.due_on)}" + (f"，{cn(sent)}报送" if sent else "")
            yield Row("reports", kind, r.pk, r.unit_id, outcome, f"{name(r)}{period_label(r.period)}", "lead", note)
    yield from _returns(plan, start, as_of)


def _name_field(related: str) -> str:
    return {"indicator": "name", "article": "label", "task": "text"}[related]


def _returns(plan, start: date, as_of: date):
    between = {"at__date__range": (start, as_of)}
    returns = (SubmissionEvent.objects.filter(Q(submission__indicator__plan=plan) | Q(report__article__plan=plan),
                                              action=Action.RETURN, **between)
               .values_list("pk", "at", "submission__unit_id", "report__unit_id", "submission__period",
                            "report__period"))  # fmt: skip
    for pk, at, s_unit, r_unit, s_period, r_period in returns:
        yield Row("reports", "return", pk, s_unit or r_unit, "returned", f"{period_label(s_period or r_period)}报送",
                  "lead", f"{cn(timezone.localdate(at))}被退回")  # fmt: skip
    task_returns = TaskReportEvent.objects.filter(report__task__plan=plan, action="return", **between)
    for pk, at, unit, period in task_returns.values_list("pk", "at", "report__unit_id", "report__period"):
        yield Row("reports", "task_return", pk, unit, "returned", f"任务进展{period_label(period)}", "lead",
                  f"{cn(timezone.localdate(at))}被退回")  # fmt: skip


def _items(plan, start: date, as_of: date):
    co = _co_units(SupervisionItem, plan)
    items = (SupervisionItem.objects.filter(plan=plan).filter(Q(deadline__range=(start, as_of))
             | Q(closed_on__range=(start, as_of)))
             .values_list("pk", "year", "seq", "subject", "lead_unit_id", "deadline", "closed_on", "state"))  # fmt: skip
    for pk, year, seq, subject, lead, deadline, closed_on, state in items:
        closed = state == ItemState.CLOSED and closed_on and closed_on <= as_of
        if not closed and deadline >= as_of:
            continue
        outcome = "open" if not closed else "on_time" if closed_on <= deadline else "late"
        note = f"时限{cn(deadline)}" + (f"，{cn(closed_on)}办结" if closed else "")
        label = f"督办〔{year}〕{seq}号“{subject[:20]}”"
        yield Row("items", "item", pk, lead, outcome, label, "lead", note)
        for unit in co.get(pk, ()):
            yield Row("items", "item", pk, unit, outcome, label, "co", note)


def _problems(plan, start: date, as_of: date):
    late = set(ProblemEvent.objects.filter(problem__plan=plan, late=True, on__lte=as_of)
               .values_list("problem_id", flat=True))  # fmt: skip
    problems = (Problem.objects.filter(plan=plan).exclude(handling_unit=None).prefetch_related("assignments")
                .only("title", "state", "handling_unit_id", "closed_on", "stage_due"))  # fmt: skip
    for p in problems:
        if p.state == ProblemState.CLOSED and p.closed_on and start <= p.closed_on <= as_of:
            outcome, note = ("late" if p.pk in late else "on_time"), f"{cn(p.closed_on)}销号"
        elif p.state not in ENDED and p.stage_due and p.stage_due < as_of:
            outcome, note = "open", f"本环节时限{cn(p.stage_due)}"
        else:
            continue
        label = f"问题{p.pk}号“{p.title[:20]}”"
        yield Row("problems", "problem", p.pk, p.handling_unit_id, outcome, label, "lead", note)
        for unit in {a.unit_id for a in p.assignments.all()} - {p.handling_unit_id}:
            yield Row("problems", "problem", p.pk, unit, outcome, label, "co", note)


def _projects(plan, year: int, as_of: date):
    for row in ledger(Project.objects.filter(plan=plan), plan=plan, year=year, today=as_of):
        light = row.standing.light
        if light:
            note = "；".join(row.standing.reasons) or f"完成年度计划{row.standing.rate:.1%}，序时进度{row.standing.pace:.1%}"
            yield Row("projects", "project", row.project.pk, row.project.unit_id, light,
                      f"项目“{row.project.name[:20]}”", "lead", note)  # fmt: skip
