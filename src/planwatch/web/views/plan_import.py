"""导入计划: the office uploads a plan document, reads what was extracted (a new plan's counts, or
a stored plan's revision differences), confirms the targets the extractor was unsure of, and
imports — the same services and the same one transaction as `planwatch import-plan` (the
plan, its reporting calendar and the audit event together, or nothing)."""

from __future__ import annotations

import re
from datetime import date

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db import transaction
from django.shortcuts import redirect
from django.views.decorators.http import require_http_methods

from planwatch.accounts.permissions import Action, require
from planwatch.plans.diff import describe, summary
from planwatch.plans.errors import StoreError
from planwatch.plans.services import import_plan, plan_counts, plan_name_from_path, prepare_import
from planwatch.reporting.services.calendar import open_reporting

from .. import plan_upload
from ..plan_upload import UploadError
from .common import page

NAV = "plans"
_NAME = re.compile(r"[\w-]{1,100}")


@login_required
@require_http_methods(["GET", "POST"])
def upload(request):
    """Step 1: the file."""
    require(request.user, Action.CHANGE)
    error = ""
    if request.method == "POST":
        file = request.FILES.get("file")
        try:
            if file is None:
                raise UploadError("请选择要导入的计划文件")
            token = plan_upload.store(file, request.session)
        except UploadError as exc:
            error = str(exc)
        else:
            return redirect("web:plan_import_review", token=token)
    context = {"error": error, "max_mb": plan_upload.max_bytes() // (1024 * 1024)}
    return page(request, "web/plan_import.html", context, nav=NAV)


@login_required
@require_http_methods(["GET", "POST"])
def review(request, token: str):
    """Step 2: what was read, the doubtful targets and units to confirm, then 导入 (or 取消)."""
    require(request.user, Action.CHANGE)
    try:
        path, meta = plan_upload.pending(token, request.session)
    except UploadError as exc:  # not this session's upload (or gone): leave the file alone
        messages.error(request, str(exc))
        return redirect("web:plan_import")
    try:
        document = plan_upload.extract(path, meta["name"])
    except UploadError as exc:
        plan_upload.forget(token, request.session)
        messages.error(request, str(exc))
        return redirect("web:plan_import")
    if request.method == "POST" and "cancel" in request.POST:
        plan_upload.forget(token, request.session)
        messages.info(request, f"已取消导入《{meta['name']}》，没有写入任何数据。")
        return redirect("web:plan_import")
    post = request.POST if request.method == "POST" else {}
    name = (post.get("name") or plan_name_from_path(meta["name"])).strip()
    doubts, counts = plan_upload.doubts(document), _counts(document)
    unit_doubts = plan_upload.unit_doubts(document)
    confirmed = set(post.getlist("confirm")) if post else set()
    plan_upload.keep_confirmed(document, confirmed)  # what would be stored: unconfirmed doubts are not
    errors = [] if _NAME.fullmatch(name) else ["计划代号只能由字母、数字、汉字、下划线和连字符组成，最长 100 个字"]
    starts_on = _date(post.get("reporting_start", ""), errors)
    if post and not errors:
        source = {"document": document, "name": name, "source_name": meta["name"], "source_sha256": meta["sha256"]}
        try:
            done = _import(request, source, starts_on, apply="apply" in post, drop_data="drop_data" in post)
        except StoreError as exc:
            errors.append(str(exc))
        else:
            if done is not None:
                plan_upload.forget(token, request.session)
                return done
            errors.append("该代号的计划已存在且内容不同：核对下面的修订差异后，勾选“应用修订”再导入")
    diff = _revision(document, name, meta) if _NAME.fullmatch(name) else None
    context = {"token": token, "meta": meta, "name": name, "document": document, "doubts": doubts,
               "unit_doubts": unit_doubts,
               "confirmed": confirmed, "errors": errors, "diff": diff, "counts": counts,
               "reporting_start": post.get("reporting_start", "")}  # fmt: skip
    return page(request, "web/plan_import_review.html", context, nav=NAV)


def _import(request, source: dict, starts_on: date | None, *, apply: bool, drop_data: bool):
    """Store the plan as the command does; None when it is a revision not yet agreed to."""
    prepared = prepare_import(**source, apply=apply)
    if prepared.pending is not None:
        return None
    with transaction.atomic():
        result = import_plan(actor=request.user, **source, apply=apply, drop_data=drop_data, prepared=prepared)
        calendar = open_reporting(actor=request.user, plan=result.plan, starts_on=starts_on) if result.status != "unchanged" else ""
    plan = result.plan
    if result.status == "unchanged":
        messages.info(request, f"计划 {plan.name} 的内容与新文件相同，没有写入任何数据。")
    else:
        counts = plan_counts(plan)
        verb = "已导入计划" if result.status == "created" else "已应用修订，计划"
        messages.success(request, f"{verb} {plan.name}：{counts['chapters']} 章，{counts['articles']} 条，"
                                  f"{counts['units']} 个责任单位，{counts['targets']} 个目标，{counts['milestones']} 个里程碑。{calendar}")  # fmt: skip
    return redirect("web:plan", pk=plan.pk)


def _revision(document, name: str, meta: dict) -> dict | None:
    """A stored plan's differences from this document (None for a new plan or no change)."""
    prepared = prepare_import(document=document, name=name, source_name=meta["name"], source_sha256=meta["sha256"])
    result = prepared.pending
    if result is None:
        return None
    return {"lines": describe(result.diff, result.stored, document), "summary": summary(result.diff)}


def _counts(document) -> dict:
    units = {u for a in document.articles for u in a.units}
    return {"chapters": len(document.chapters), "articles": len(document.articles), "units": len(units),
            "targets": sum(len(a.targets) for a in document.articles),
            "milestones": sum(len(a.milestones) for a in document.articles)}  # fmt: skip


def _date(text: str, errors: list[str]) -> date | None:
    if not text.strip():
        return None
    try:
        return date.fromisoformat(text.strip())
    except ValueError:
        errors.append("报送起始日期格式应为 YYYY-MM-DD")
        return None
