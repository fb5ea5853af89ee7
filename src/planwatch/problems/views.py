"""问题 pages, mounted at /problems/ (namespace "problems"): the board (by stage, light, category,
unit), a problem's page with its timeline and the steps the viewer may take, a unit's lists, and
the form that raises one (on its own or from a progress report's 存在问题).

Thin: `allowed` and `services.may_step` decide, services write, one transaction per POST; a
refused step (Conflict) or bad input comes back as a message above the page.
"""

from __future__ import annotations

from collections import Counter

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.db.models import Prefetch
from django.shortcuts import get_object_or_404, redirect
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from planwatch.accounts.permissions import (
    Action,
    Role,
    allowed,
    require,
    role_of,
    unit_of,
    visible_articles,
    visible_units,
)
from planwatch.plans.errors import StoreError
from planwatch.reporting.models import ArticleReport
from planwatch.reporting.services.evidence import ALLOWED_TEXT
from planwatch.reporting.views.units import evidence_download
from planwatch.supervision.files import attach
from planwatch.supervision.models import AboutKind, ItemFile, SupervisionItem
from planwatch.supervision.views import plan_home, plan_or_404
from planwatch.units.models import Unit
from planwatch.web.dates import form_date
from planwatch.web.views.common import page

from . import services
from .lifecycle import FLOW, LABELS
from .models import ENDED, Assignment, Meeting, Problem, ProblemEvent, Severity, State
from .queries import Filters, unit_lists, visible_problems, with_rows
from .similar import similar

NAV = "problems"
STEP_ORDER = ("accept", "decline", "assign", "answer", "resolve", "confirm", "reject", "close", "merge")
LIGHTS = [("red", "红灯"), ("yellow", "黄灯"), ("blue", "蓝灯"), ("none", "无预警")]


@login_required
@require_GET
def index(request):
    """The board for those who see every unit; a unit's own lists for a reporter."""
    return plan_home(request, board="problems:board", unit_page="problems:mine", empty="problems/board.html", nav=NAV)


def _filters(request) -> Filters:
    get = request.GET
    unit = get.get("unit", "")
    return Filters(state=get.get("state", "") if get.get("state") in ("open", *State.values) else "",
                   light=get.get("light", "") if get.get("light") in dict(LIGHTS) else "",
                   category=get.get("category", "")[:30], unit=int(unit) if unit.isdigit() and len(unit) < 12 else None,
                   q=get.get("q", "")[:100])  # fmt: skip


@login_required
@require_GET
def board(request, plan_id: int):
    plan, plans = plan_or_404(request, plan_id)
    filters = _filters(request)
    visible = visible_problems(request.user, plan)
    rows = list(with_rows(filters.apply(visible)).order_by("-pk"))
    by_state = Counter(visible.values_list("state", flat=True))
    context = {"plan": plan, "plans": plans, "problems": rows, "filters": filters, "lights": LIGHTS,
               "stages": [(v, label, by_state.get(v, 0)) for v, label in State.choices],
               "categories": services.categories(), "units": visible_units(request.user).order_by("name")}  # fmt: skip
    return page(request, "problems/board.html", context, nav=NAV)


@login_required
@require_GET
def mine(request, plan_id: int):
    """A unit's lists: raised by it, assigned to it, waiting for its 反馈. The office picks the unit."""
    plan, plans = plan_or_404(request, plan_id)
    unit_id = unit_of(request.user) or _filters(request).unit
    lists = unit_lists(visible_problems(request.user, plan), unit_id) if unit_id else None
    context = {"plan": plan, "plans": plans, "lists": lists, "unit_id": unit_id,
               "units": visible_units(request.user).order_by("name"), "is_unit": role_of(request.user) is Role.REPORTER}  # fmt: skip
    return page(request, "problems/mine.html", context, nav=NAV)


def _report(request, plan) -> ArticleReport | None:
    ref = request.POST.get("report") or request.GET.get("report") or ""
    if not ref:
        return None
    report = get_object_or_404(ArticleReport.objects.select_related("article"),
                               pk=int(ref) if ref.isdigit() and len(ref) < 12 else 0, article__plan=plan)  # fmt: skip
    require(request.user, Action.VIEW, report)
    return report


@login_required
@require_http_methods(["GET", "POST"])
def new(request, plan_id: int):
    """提出问题; from a progress report (?report=N) its 存在问题 text is proposed for the unit to confirm."""
    plan, plans = plan_or_404(request, plan_id)
    require(request.user, Action.RAISE)
    report = _report(request, plan)
    form = {}
    if report is not None:
        try:
            proposed = services.from_report(report)
            form = {"title": proposed.title, "description": proposed.description, "article": str(report.article_id)}
        except StoreError as exc:
            messages.error(request, str(exc))
    if request.method == "POST":
        form = {k: request.POST.get(k, "") for k in ("title", "description", "category", "severity", "help_wanted", "article")}
        about = [("article", int(form["article"]))] if form["article"].isdigit() else []
        new_problem = services.NewProblem(title=form["title"], description=form["description"], category=form["category"],
                                          severity=form["severity"] or Severity.NORMAL, help_wanted=form["help_wanted"],
                                          about=about, report=report)  # fmt: skip
        try:
            with transaction.atomic():
                problem = services.raise_problem(actor=request.user, plan=plan, new=new_problem)
                for upload in request.FILES.getlist("files"):
                    problem.last_event.files.add(attach(actor=request.user, upload=upload))
        except StoreError as exc:
            messages.error(request, str(exc))
        else:
            messages.success(request, f"已提出{problem.number}，等待办公室受理")
            return redirect("problems:detail", pk=problem.pk)
    context = {"plan": plan, "plans": plans, "form": form, "report": report, "categories": services.categories(),
               "severities": Severity.choices, "articles": visible_articles(request.user, plan).order_by("position"),
               "allowed_files": ALLOWED_TEXT,
               "similar": similar(plan, form.get("title", ""), [("article", int(form["article"]))] if form.get("article", "").isdigit() else [])}  # fmt: skip
    return page(request, "problems/new.html", context, nav=NAV)


def _problem(pk: int) -> Problem:
    events = ProblemEvent.objects.prefetch_related("files")
    rows = Problem.objects.select_related("plan", "raised_by", "handling_unit", "article", "merged_into").prefetch_related(
        Prefetch("assignments", queryset=Assignment.objects.select_related("unit")), "links",
        Prefetch("events", queryset=events), "light_changes")  # fmt: skip
    return get_object_or_404(rows, pk=pk)


def _steps(user, problem) -> list[tuple[str, str]]:
    return [(a, LABELS[a]) for a in STEP_ORDER
            if problem.state in FLOW.transitions[a].sources and services.may_step(user, problem, a)]  # fmt: skip


@login_required
@require_GET
def detail(request, pk: int):
    problem = _problem(pk)
    require(request.user, Action.VIEW, problem)
    office = allowed(request.user, Action.REVIEW, problem)
    context = {
        "plan": problem.plan, "p": problem, "steps": _steps(request.user, problem), "needs_text": services.NEEDS_TEXT,
        "units": Unit.objects.order_by("name") if office else [], "allowed_files": ALLOWED_TEXT,
        "may_mark": office and problem.state not in ENDED and not problem.for_meeting,
        "items": SupervisionItem.objects.filter(links__kind=AboutKind.PROBLEM, links__object_id=problem.pk).order_by("pk"),
        "similar": similar(problem.plan, problem.title, [(x.kind, x.object_id) for x in problem.links.all()],
                           exclude=problem.pk) if office and problem.state in FLOW.transitions["merge"].sources else [],
    }  # fmt: skip
    return page(request, "problems/detail.html", context, nav=NAV)


@login_required
@require_POST
def step(request, pk: int, action: str):
    problem = get_object_or_404(Problem.objects.select_related("plan").prefetch_related("assignments"), pk=pk)
    require(request.user, Action.VIEW, problem)
    if action not in (*STEP_ORDER, "meeting") or not services.may_step(request.user, problem, action):
        raise PermissionDenied("无权进行此操作")
    post = request.POST
    try:
        with transaction.atomic():
            if action == "meeting":
                services.mark_for_meeting(actor=request.user, problem=problem, text=post.get("text", ""))
            else:
                wanted = list(dict.fromkeys([post.get("lead", ""), *post.getlist("units")]))  # 主办 first
                units = {str(u.pk): u for u in Unit.objects.filter(pk__in=[v for v in wanted if v.isdigit()])}
                answering = unit_of(request.user) or post.get("unit", "")
                given = services.StepIn(
                    text=post.get("text", ""), units=[units[v] for v in wanted if v in units],
                    deadline=form_date(post.get("deadline", "")), files=request.FILES.getlist("files"),
                    unit=Unit.objects.filter(pk=answering).first() if str(answering).isdigit() else None,
                    into=Problem.objects.filter(pk=post.get("into")).first() if post.get("into", "").isdigit() else None,
                )  # fmt: skip
                services.step(actor=request.user, problem=problem, action=action, given=given)
            messages.success(request, f"已{LABELS[action]}")
    except StoreError as exc:  # Conflict included: nothing was written
        messages.error(request, str(exc))
    return redirect("problems:detail", pk=pk)


@login_required
@require_GET
def problem_file(request, pk):
    """A file of a problem's step (or a meeting's minutes), for those who may view it."""
    stored = get_object_or_404(ItemFile, pk=pk)
    event = ProblemEvent.objects.filter(files=stored).select_related("problem").first()
    if event is not None:
        require(request.user, Action.VIEW, event.problem)
    else:
        meeting = Meeting.objects.filter(minutes=stored).first()
        if meeting is None:
            raise PermissionDenied("无权查看该文件")
        require(request.user, Action.VIEW, meeting)
    return evidence_download(stored)
