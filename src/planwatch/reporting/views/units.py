"""The unit's pages: 待报送 (what is due, by period, a page at a time; each item saved on its
own by views/items.py), an item's page with its history, evidence downloads, and notifications.
Thin: services decide, views show."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from planwatch.accounts.permissions import Action, Role, allowed, require, role_of, unit_of
from planwatch.tasks.due import due_items as task_items
from planwatch.units.models import Unit

from .. import clock
from ..forms import item_form
from ..models import ArticleReport, Evidence, Notification, Status, Submission
from ..services.calendar import jump_rule
from ..services.due import due_items, open_counts
from ..services.evidence import path_of
from ..services.history import history_offers

NOTIFICATIONS_SHOWN = 100
PAGE_SIZE = 20  # items a page: a period of a busy unit, and never a form that grows with the backlog


def render_page(request, template: str, context: dict, status: int = 200):
    return render(request, template, {"nav": "reporting", **context}, status=status)


@login_required
def home(request):
    """Reporters go to their unit's page; the office and readers see every unit's state."""
    if role_of(request.user) is Role.REPORTER:
        return redirect("reporting:unit", unit_id=unit_of(request.user))
    require(request.user, Action.VIEW)
    counts = open_counts(on=clock.today())
    units = Unit.objects.filter(pk__in=counts).order_by("name")
    rows = [(unit, counts[unit.pk]) for unit in units]
    may_review = allowed(request.user, Action.REVIEW)
    return render_page(request, "reporting/home.html", {"rows": rows, "may_review": may_review})


def _excel_choices(items) -> list:
    """(plan, period) pairs for which a template can be downloaded (open indicator items)."""
    seen = {}
    for item in items:
        if item.kind == "indicator" and item.editable:
            seen.setdefault((item.rule.plan_id, item.period.code), (item.rule.plan, item.period))
    return list(seen.values())


def grouped(rows) -> list[tuple[str, list]]:
    """[(heading, [(item, form)])]: the returned items under one heading, then one per period
    (rows come in `page_order`, so each heading appears once on a page)."""
    groups: list[tuple[str, list]] = []
    for item, form in rows:
        heading = "已退回，请修改后重新报送" if item.state == Status.RETURNED else item.period.label
        if not groups or groups[-1][0] != heading:
            groups.append((heading, []))
        groups[-1][1].append((item, form))
    return groups


@login_required
@require_GET
def unit_page(request, unit_id: int):
    """The unit's 待报送 page: returned items first, then the newest period first, PAGE_SIZE
    items a page, each item a small form of its own (views/items.py saves it)."""
    unit = get_object_or_404(Unit, pk=unit_id)
    require(request.user, Action.VIEW, unit)
    may_report, on = allowed(request.user, Action.REPORT, unit), clock.today()
    items = due_items(unit=unit, on=on)
    page = Paginator(items, PAGE_SIZE).get_page(request.GET.get("page"))
    jumps = {}
    rows = []
    for item in page:
        form = None
        if may_report and item.editable:
            jump = jumps.setdefault(item.rule.plan_id, jump_rule(item.rule.plan))
            form = item_form(item, jump=jump)
        rows.append((item, form))
    context = {
        "unit": unit, "groups": grouped(rows), "page": page, "may_report": may_report, "today": on,
        "overdue": sum(i.overdue for i in items), "open": sum(i.editable for i in items),
        "returned": sum(i.state == Status.RETURNED for i in items), "excel": _excel_choices(items),
        "history": history_offers(unit=unit, on=on) if may_report else [],
        "task_items": task_items(unit=unit, on=on),  # the quarter's task and policy reports
    }  # fmt: skip
    return render_page(request, "reporting/unit.html", context)


def _item_page(request, item, template_item: str):
    require(request.user, Action.VIEW, item)
    events = list(item.events.select_related("actor__profile__unit"))
    evidence = list(item.evidence.all())
    context = {"item": item, "events": events, "evidence": evidence, "kind": template_item,
               "may_review": allowed(request.user, Action.REVIEW, item)}  # fmt: skip
    return render_page(request, "reporting/item.html", context)


@login_required
def submission_page(request, pk: int):
    sub = get_object_or_404(Submission.objects.select_related("indicator__article", "unit"), pk=pk)
    return _item_page(request, sub, "submission")


@login_required
def report_page(request, pk: int):
    report = get_object_or_404(ArticleReport.objects.select_related("article", "unit"), pk=pk)
    return _item_page(request, report, "report")


@login_required
def evidence_file(request, pk):
    """An evidence file, to those who may view its submission; always a download, never sniffed."""
    evidence = get_object_or_404(Evidence.objects.select_related("submission", "report"), pk=pk)
    require(request.user, Action.VIEW, evidence.owner)
    return evidence_download(evidence)


def evidence_download(evidence) -> FileResponse:
    """A stored evidence file (DATA_DIR/evidence/<id>) as a download, never sniffed nor cached;
    the task reports' files are served the same way."""
    path = path_of(evidence)
    if not path.is_file():
        raise Http404("文件不存在")
    response = FileResponse(path.open("rb"), as_attachment=True, filename=evidence.name,
                            content_type=evidence.content_type)  # fmt: skip
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "private, no-store"
    return response


@login_required
@require_http_methods(["GET", "POST"])
def notifications(request):
    mine = Notification.objects.filter(user=request.user)
    if request.method == "POST":
        mine.filter(read=False).update(read=True)
        return redirect("reporting:notifications")
    shown = list(mine[:NOTIFICATIONS_SHOWN])
    unread = sum(not n.read for n in shown)
    return render_page(request, "reporting/notifications.html", {"notes": shown, "unread": unread})


@login_required
@require_POST
def notification_open(request, pk: int):
    """Mark one notification read and follow its link (links are our own paths)."""
    note = get_object_or_404(Notification, pk=pk, user=request.user)
    note.read = True
    note.save(update_fields=["read"])
    return redirect(
        note.link if note.link.startswith("/") and not note.link.startswith("//") else "reporting:home"
    )
