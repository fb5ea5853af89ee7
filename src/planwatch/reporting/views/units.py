"""The unit's pages: 待报送 (everything due, one form per item, submit all), an item's page
with its history, evidence downloads, and notifications. Thin: services decide, views show.

"Submit all" is all or nothing, like the Excel upload: if any filled-in item has an error, every
message is shown beside its field and nothing is saved, so a unit never wonders which half went.
"""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db import IntegrityError, transaction
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_http_methods, require_POST

from planwatch.accounts.permissions import Action, Role, allowed, require, role_of, unit_of
from planwatch.units.models import Unit

from .. import clock
from ..errors import LOCKED_MESSAGE, RACE_MESSAGE, UNDER_REVIEW_MESSAGE, ReportingError
from ..forms import FigureForm, ReportForm, WorkbookForm
from ..models import ArticleReport, Evidence, Notification, Status, Submission
from ..services.calendar import calendar_for
from ..services.due import due_items, open_counts
from ..services.evidence import attach_evidence, path_of
from ..services.submissions import save_article_report, save_submission

NOTIFICATIONS_SHOWN = 100


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


def _forms(items, request=None, submit: bool = True) -> list:
    """(item, form or None) per item; a form only where the item may be filled in now."""
    thresholds, rows = {}, []
    for item in items:
        form = None
        if item.editable:
            plan = item.rule.plan
            if plan.pk not in thresholds:
                thresholds[plan.pk] = calendar_for(plan).jump_share
            threshold = thresholds[plan.pk]
            cls = FigureForm if item.kind == "indicator" else ReportForm
            data = (request.POST, request.FILES) if request is not None else ()
            form = cls(*data, item=item, submit=submit, threshold=threshold)
        rows.append((item, form))
    return rows


def _save(actor, item, form, submit: bool) -> None:
    if item.kind == "indicator":
        record = save_submission(actor=actor, rule=item.rule, period=item.period.code, figure=form.figure(),
                                 submit=submit, on=item.on)  # fmt: skip
    else:
        record = save_article_report(actor=actor, rule=item.rule, period=item.period.code, text=form.text(),
                                     submit=submit, on=item.on)  # fmt: skip
    for upload in form.cleaned_data.get("evidence", []):
        attach_evidence(actor=actor, item=record, upload=upload)


def _typed(request, key: str) -> bool:
    """Whether the POST carries something typed or attached for the item with this form prefix
    (the unit and self-status choices are sent by every form, so they do not count)."""
    prefix = f"{key}-"
    fields = {k[len(prefix) :]: v for k, v in request.POST.items() if k.startswith(prefix)}
    typed = any(str(v).strip() for name, v in fields.items() if name not in ("unit", "self_status"))
    return typed or any(k.startswith(prefix) for k in request.FILES)


def _refusal(item) -> str:
    """Why an item filled in on a page opened earlier cannot be saved now."""
    where = f"“{item.rule.item_name}”{item.period.label}"
    if item.record is not None and item.record.locked:
        return f"{where}：{LOCKED_MESSAGE}"
    if item.record is not None and item.record.status == Status.SUBMITTED:
        return f"{where}：{UNDER_REVIEW_MESSAGE}"
    return f"{where}{item.state_label}，不能再次报送"


def _post(request, rows) -> bool:
    """Validate every filled-in form, then save all of them in one transaction; True if saved."""
    submit = request.POST.get("action") != "draft"
    # Filled in on a page opened before the item was submitted, approved or locked elsewhere:
    # the item has no form now; say so instead of silently dropping what was typed.
    stale = [item for item, form in rows if form is None and _typed(request, item.key)]
    if stale:
        messages.error(request, "；".join(_refusal(item) for item in stale) + "；本次未保存任何内容")
        return False
    filled = [(item, form) for item, form in rows if form is not None and form.is_filled()]
    if not filled:
        messages.error(request, "没有填写任何内容")
        return False
    invalid = [item for item, form in filled if not form.is_valid()]
    if invalid:
        messages.error(request, f"有 {len(invalid)} 项填写有误，请按提示修改；本次未保存任何内容")
        return False
    try:
        with transaction.atomic():
            for item, form in filled:
                _save(request.user, item, form, submit)
    except ReportingError as exc:
        messages.error(request, f"{exc}；本次未保存任何内容")
        return False
    except IntegrityError:  # the same item saved by someone else at the same moment
        messages.error(request, f"{RACE_MESSAGE}；本次未保存任何内容")
        return False
    verb = "报送" if submit else "保存草稿"
    messages.success(request, f"已{verb} {len(filled)} 项" + ("，等待领导小组办公室审核" if submit else ""))
    return True


def _excel_choices(items) -> list:
    """(plan, period) pairs for which a template can be downloaded (open indicator items)."""
    seen = {}
    for item in items:
        if item.kind == "indicator" and item.editable:
            seen.setdefault((item.rule.plan_id, item.period.code), (item.rule.plan, item.period))
    return list(seen.values())


@login_required
@require_http_methods(["GET", "POST"])
def unit_page(request, unit_id: int):
    unit = get_object_or_404(Unit, pk=unit_id)
    require(request.user, Action.VIEW, unit)
    may_report = allowed(request.user, Action.REPORT, unit)
    items = due_items(unit=unit, on=clock.today())
    if request.method == "POST":
        require(request.user, Action.REPORT, unit)
        rows = _forms(items, request, submit=request.POST.get("action") != "draft")
        if _post(request, rows):
            return redirect("reporting:unit", unit_id=unit.pk)
        status = 400
    else:
        rows, status = (_forms(items) if may_report else [(i, None) for i in items]), 200
    context = {
        "unit": unit, "rows": rows, "may_report": may_report, "today": clock.today(),
        "overdue": sum(i.overdue for i in items), "open": sum(i.editable for i in items),
        "excel": _excel_choices(items), "upload_form": WorkbookForm(),
    }  # fmt: skip
    return render_page(request, "reporting/unit.html", context, status=status)


def _item_page(request, item, template_item: str):
    require(request.user, Action.VIEW, item)
    events = list(item.events.select_related("actor"))
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
