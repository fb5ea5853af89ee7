"""审计日志 (office and auditor: Action.VIEW_AUDIT): every recorded change, login and lock-out,
filterable by who, what, which kind of object and when; 50 a page; before/after side by side."""

from __future__ import annotations

from urllib.parse import urlencode

from django.contrib.auth.decorators import login_required

from planwatch.accounts.permissions import Action, require

from .. import audit_log
from .common import page


@login_required
def audit_log_view(request):
    require(request.user, Action.VIEW_AUDIT)
    filters = audit_log.parse_filters(request.GET)
    current = audit_log.page_of(filters, request.GET.get("page"))
    audit_log.name_people(current.object_list)
    for event in current.object_list:
        event.rows = audit_log.diff(event)
        event.is_change = event.before is not None and event.after is not None
        event.type_label = audit_log.model_label(event.object_type) if event.object_type else ""
    query = {k: v for k, v in request.GET.items() if k != "page" and v}
    context = {
        "page_obj": current, "filters": filters, "query": urlencode(query),
        "actions": audit_log.action_choices(), "types": audit_log.object_types(),
    }  # fmt: skip
    return page(request, "web/audit.html", context, nav="audit", partial="web/_audit_rows.html")
