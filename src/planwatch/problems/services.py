"""Problems: raise, step, light (DESIGN §2: keyword-only, actor first; the edge owns the transaction).

Who may take a step is asked at the edge (`may_step` below, on top of `allowed`); the services
check what does not depend on the state (texts, units, dates) before the workflow runs, so a
refused request writes nothing. Every stage has a limit (`stage_due`, from the office's settings
in working days, or the coordination deadline the office sets); its light is supervision's rule.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date

from planwatch.accounts.permissions import Action, allowed, unit_of
from planwatch.reporting import clock
from planwatch.reporting.services.reminders import cn_date
from planwatch.reporting.services.review import notify_unit
from planwatch.supervision import lights
from planwatch.supervision.files import attach
from planwatch.supervision.lifecycle import who
from planwatch.workflow.workdays import add_workdays

from .about import resolve
from .errors import ProblemError
from .lifecycle import FLOW, LABELS, note
from .models import ENDED, Assignment, Category, LightChange, Origin, Problem, ProblemSettings, Severity

TITLE_MAX, TEXT_MAX = 200, 4000
DEFAULT_CATEGORIES = ("用地", "资金", "审批手续", "人才", "政策", "跨部门协调", "其他")
NEEDS_TEXT = {"decline": "不予受理的原因", "answer": "协调措施", "resolve": "解决情况", "reject": "未解决的原因"}
OFFICE_STEPS = frozenset({"accept", "decline", "merge", "assign", "close"})


def settings_for(plan) -> ProblemSettings:
    return ProblemSettings.objects.get_or_create(plan=plan)[0]


def categories() -> list[str]:
    """The office's categories (admin), the defaults stored on first use."""
    if not Category.objects.exists():
        Category.objects.bulk_create([Category(name=n, position=i) for i, n in enumerate(DEFAULT_CATEGORIES)])
    return list(Category.objects.filter(active=True).values_list("name", flat=True))


def problem_link(problem) -> str:
    return f"/problems/p/{problem.pk}/"


@dataclass
class NewProblem:
    """What the raiser writes: the problem, what it blocks, the help asked for."""

    title: str
    description: str
    category: str
    about: list = field(default_factory=list)  # [(kind, id)]
    severity: str = Severity.NORMAL
    help_wanted: str = ""
    report: object = None  # the progress report (ArticleReport) its text came from

    def check(self) -> None:
        if not (self.title or "").strip():
            raise ProblemError("请填写问题名称")
        if len(self.title) > TITLE_MAX:
            raise ProblemError(f"问题名称最多 {TITLE_MAX} 个字")
        if not (self.description or "").strip():
            raise ProblemError("请填写问题描述")
        if len(self.description) > TEXT_MAX or len(self.help_wanted or "") > TEXT_MAX:
            raise ProblemError(f"问题描述和需要协调的事项各最多 {TEXT_MAX} 个字")
        if self.category not in categories():
            raise ProblemError(f"问题类别“{self.category}”无效，应为 {'、'.join(categories())} 之一")
        if self.severity not in Severity.values:
            raise ProblemError("严重程度无效")


def from_report(report) -> NewProblem:
    """The problem a progress report's 存在问题 text proposes (the unit confirms or edits it): its
    first sentence as the title, the whole text as the description, the report's article as what
    it blocks. ProblemError when the report states no problem."""
    text = (report.problems or "").strip()
    if not text or text in ("无", "暂无", "无。", "暂无。"):
        raise ProblemError("该进展报送没有填写存在问题")
    first = re.split(r"[。；;！!？?\n]", text, maxsplit=1)[0].strip() or text
    title = first if len(first) <= 60 else first[:59] + "…"
    return NewProblem(title=title, description=text, category="其他", about=[("article", report.article_id)],
                      report=report)  # fmt: skip


def raise_problem(*, actor, plan, new: NewProblem, today: date | None = None, unit=None, demo: bool = False) -> Problem:
    """提出: a unit's reporter raises it for its unit; the office or a leader for nobody's (they
    confirm). `unit` and `demo`: a command raising a unit's problem (the demo data)."""
    today = today or clock.today()
    new.check()
    links, article = resolve(plan, new.about)
    if new.report is not None:
        article = article or new.report.article
    unit_id = unit.pk if unit is not None else unit_of(actor)
    by_unit = unit is not None or allowed(actor, Action.REPORT)  # a command raising it for a unit is the unit's
    origin = Origin.REPORT if new.report is not None else (Origin.PAGE if by_unit else Origin.LEADER)
    problem = Problem(
        plan=plan, title=new.title.strip(), description=new.description.strip(), category=new.category,
        severity=new.severity, help_wanted=(new.help_wanted or "").strip(), raised_by_id=unit_id,
        raiser_name=who(actor)[:150], origin=origin, report=new.report, article=article, raised_on=today,
        stage_since=today, stage_due=add_workdays(today, settings_for(plan).accept_workdays), is_demo=demo,
    )  # fmt: skip
    detail = {"_on": today, "category": new.category, "stage_due": problem.stage_due.isoformat()}
    problem = FLOW.run("raise", actor=actor, obj=problem, reason=problem.title, apply=lambda row: detail)
    for link in links:
        link.problem = problem
        link.save()
    refresh_light(problem=problem, today=today)
    return problem


@dataclass
class StepIn:
    """A step's input: its text, the coordinating units and deadline (assign), the unit answering
    (answer, when the office types it on a unit's behalf), the problem merged into (merge)."""

    text: str = ""
    units: list = field(default_factory=list)
    deadline: date | None = None
    unit: object = None
    into: Problem | None = None
    files: list = field(default_factory=list)


def step(*, actor, problem, action: str, given: StepIn | None = None, today: date | None = None) -> Problem:
    """One step of the loop (lifecycle.py) with its text; notifies whom it concerns, recomputes the light."""
    today, given = today or clock.today(), given or StepIn()
    if action not in FLOW.transitions or action == "raise":
        raise ProblemError(f"未知的问题操作“{action}”")
    given.text = (given.text or "").strip()
    if action in NEEDS_TEXT and not given.text:
        raise ProblemError(f"请填写{NEEDS_TEXT[action]}")
    if len(given.text) > TEXT_MAX:
        raise ProblemError(f"说明最多 {TEXT_MAX} 个字")
    _check(problem, action, given, today)
    rules = settings_for(problem.plan)
    row = FLOW.run(action, actor=actor, obj=problem, reason=given.text,
                   apply=lambda row: _apply(row, action, given, today, rules))  # fmt: skip
    for upload in given.files:
        row.last_event.files.add(attach(actor=actor, upload=upload))
    _tell(row, action, given.text)
    refresh_light(problem=row, today=today, rules=rules)
    return row


def _check(problem, action: str, given: StepIn, today: date) -> None:
    if action == "assign":
        if not given.units:
            raise ProblemError("请选择至少一个协调单位（第一个为主办单位）")
        if given.deadline is None or given.deadline < today:
            raise ProblemError(f"请填写协调时限，不能早于今天（{cn_date(today)}）")
    if action == "answer" and (given.unit is None or given.unit.pk not in {a.unit_id for a in problem.assignments.all()}):
        raise ProblemError("只有协调单位可以答复协调措施")
    if action == "merge" and (given.into is None or given.into.pk == problem.pk or given.into.plan_id != problem.plan_id
                              or given.into.state in ENDED):  # fmt: skip
        raise ProblemError("请选择要合并到的、尚未办结的同一计划中的问题")


def _apply(row, action: str, given: StepIn, today: date, rules: ProblemSettings) -> dict:
    """The fields a step sets on the fresh row; returns the history row's details (with `_on`,
    and for a step that leaves a stage `_due` and `_late`)."""
    details = {"_on": today}
    if action == "answer":
        assignment = Assignment.objects.get(problem=row, unit=given.unit)
        assignment.answer, assignment.answered_on = given.text, today
        assignment.save()
        return details | {"unit": given.unit.name, "_due": assignment.deadline, "_late": today > assignment.deadline}
    details |= {"_due": row.stage_due, "_late": row.stage_due is not None and today > row.stage_due}
    row.stage_since = today
    if action == "accept":
        row.stage_due = add_workdays(today, rules.assign_workdays)
    elif action == "assign":
        row.stage_due, row.handling_unit = given.deadline, given.units[0]
        _assign(row, given.units, given.deadline)
        details["units"] = [u.name for u in given.units]
    elif action == "resolve":
        row.stage_due = add_workdays(today, rules.confirm_workdays)
    elif action == "reject":
        row.rejections += 1
        row.stage_due = add_workdays(today, rules.coordinate_workdays)
    elif action == "confirm":
        row.stage_due = add_workdays(today, rules.close_workdays)
    else:  # decline, merge, close: the loop ends
        row.stage_due = None
        row.closed_on = today if action == "close" else None
        if action == "merge":
            row.merged_into = given.into
            details["merged_into"] = given.into.number
    if row.stage_due:
        details["stage_due"] = row.stage_due.isoformat()
    return details


def _assign(row, units, deadline: date) -> None:
    """The coordinating units are exactly `units`; those kept keep their answers."""
    keep = {u.pk for u in units}
    Assignment.objects.filter(problem=row).exclude(unit_id__in=keep).delete()
    for unit in units:
        Assignment.objects.update_or_create(problem=row, unit=unit, defaults={"deadline": deadline})


def _tell(row, action: str, text: str) -> None:
    """Units hear what they must do next: the coordinating units when assigned or sent back, the
    raiser when it must confirm, everyone involved when it is declined or closed."""
    label, link = LABELS[action], problem_link(row)
    extra = f"：{text}" if text else ""
    if action in ("assign", "reject"):
        for unit_id in {a.unit_id for a in row.assignments.all()}:
            notify_unit(unit_id=unit_id, text=f"{row.number}“{row.title}”{label}，请于 {cn_date(row.stage_due)} 前协调解决{extra}", link=link)
    elif action in ("resolve", "decline", "close") and row.raised_by_id:
        notify_unit(unit_id=row.raised_by_id, text=f"{row.number}“{row.title}”{label}{extra}", link=link)


def mark_for_meeting(*, actor, problem, text: str = "", today: date | None = None) -> Problem:
    """The office puts a problem before the leading group (it joins the next agenda)."""
    today = today or clock.today()
    if problem.state in ENDED:
        raise ProblemError(f"{problem.number}已{problem.get_state_display()}，无需提请会议")
    Problem.objects.filter(pk=problem.pk).update(for_meeting=True)
    problem.for_meeting = True
    note(problem=problem, action="meeting", actor=actor, text=text.strip()[:TEXT_MAX], on=today)
    return problem


def may_step(user, problem, action: str) -> bool:
    """Office steps need the office's right; 答复 a coordinating unit, 报告解决 the handling unit,
    反馈 the raising unit (the office for a problem it or a leader raised); the office may also
    type a unit's answer or report on its behalf, never the raiser's feedback."""
    if action in OFFICE_STEPS or action == "meeting":
        return allowed(user, Action.REVIEW, problem)
    if action in ("confirm", "reject"):
        if problem.raised_by_id is None:
            return allowed(user, Action.REVIEW, problem)
        return allowed(user, Action.REPORT, problem) and unit_of(user) == problem.raised_by_id
    if allowed(user, Action.REVIEW, problem):
        return True
    mine = unit_of(user)
    if action == "resolve":
        return mine is not None and mine == problem.handling_unit_id
    return mine is not None and mine in {a.unit_id for a in problem.assignments.all()}


def facts_of(problem: Problem) -> lights.Facts | None:
    if problem.state in ENDED or problem.stage_due is None:
        return None
    return lights.Facts(deadline=problem.stage_due)


def refresh_light(*, problem: Problem, today: date, rules: ProblemSettings | None = None) -> LightChange | None:
    """Recompute the light of the stage the problem is in (supervision's rules, the office's N and
    M); a change is a LightChange row; the day it turns red is kept (`red_since`)."""
    rules = rules or settings_for(problem.plan)
    facts = facts_of(problem)
    light, reasons = (lights.light_of(facts, today, blue_days=rules.blue_days, red_after=rules.red_after)
                      if facts else (lights.NONE, []))  # fmt: skip
    why = "；".join(reasons).replace("办理时限", "本环节时限")
    if light == problem.light:
        if why != problem.light_reasons:
            Problem.objects.filter(pk=problem.pk).update(light_reasons=why)
            problem.light_reasons = why
        return None
    old = problem.light
    problem.light, problem.light_reasons = light, why
    problem.red_since = today if light == lights.RED else None
    Problem.objects.filter(pk=problem.pk).update(light=light, light_reasons=why, red_since=problem.red_since)
    return LightChange.objects.create(problem=problem, on=today, old=old, new=light, reasons=why)


def refresh_lights(*, plan=None, today: date) -> list[LightChange]:
    """The daily run (`planwatch problems lights`): every problem not ended, or with a light left."""
    rows = Problem.objects.exclude(state__in=ENDED, light="").select_related("plan").order_by("plan_id", "pk")
    if plan is not None:
        rows = rows.filter(plan=plan)
    rules = {s.plan_id: s for s in ProblemSettings.objects.all()}
    changes = []
    for problem in rows:
        if problem.plan_id not in rules:
            rules[problem.plan_id] = settings_for(problem.plan)
        if change := refresh_light(problem=problem, today=today, rules=rules[problem.plan_id]):
            changes.append(change)
    return changes
