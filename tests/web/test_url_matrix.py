"""Every URL pattern of the project × every role × anonymous answers as the permission rules say.

The expectations are written from the rules (docs/security.md, docs/reporting.md "权限一览",
docs/api.md, accounts/permissions.py), not recorded from the app:

- pages: anonymous → the login page; the office everything; leader and auditor read everything,
  the audit log only office and auditor; a reporter only its own unit's articles, indicators,
  unit and reporting items (another unit's: 403); data entry, review and the calendar only the
  office; reports only the unit itself (and the office on its behalf);
- the admin: the office administers, the auditor reads the audit log only, everyone else is
  sent to the admin's login page; the records the system writes (audit log, revisions,
  reporting records, API tokens) can be added by nobody;
- the API: 401 without a login, the pages' object rules, 405 for a method the operation does
  not have; the OpenAPI page and document are public (they hold no data).

`test_the_table_covers_every_url_pattern` fails when a URL pattern exists that the table does not
list, so no page or endpoint ships without its expected answers. The admin is summarised: its
site-wide views, and for every registered model its list, add and change pages (history, delete
and the bare object URL for a few). The objects the URLs point at: tests/web/url_world.py.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

import pytest
from django.contrib import admin
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import URLResolver, get_resolver

from .url_world import TODAY, build_world, row

pytestmark = pytest.mark.django_db

USERS = ("office", "reporter", "other_reporter", "leader", "auditor")
ROLES = (*USERS, "anonymous")
LOGIN = "login"  # 302 to /accounts/login/?next=…
ADMIN_LOGIN = "admin-login"  # 302 to /admin/login/?next=…


def answers(default, anonymous=LOGIN, **by_role) -> dict:
    """{role: expected}: `default` for every signed-in role unless named. An expected answer is a
    status, (302, where to), LOGIN or ADMIN_LOGIN."""
    return {**dict.fromkeys(USERS, default), "anonymous": anonymous, **by_role}


PAGE = answers(200)
OWN = answers(200, other_reporter=403)  # an object of the reporter's unit
OTHER = answers(200, reporter=403)  # an object of the other unit alone
OFFICE_ONLY = answers(403, office=200)
NO_GET = answers(405)  # a POST-only view: login is checked first, then the method
MISSING = answers(404)
PUBLIC = answers(200, anonymous=200)
ADMIN_IN = answers(ADMIN_LOGIN, anonymous=ADMIN_LOGIN, office=200, auditor=200)
ADMIN_OFFICE = ADMIN_IN | {"auditor": 403}
ADMIN_NOBODY = ADMIN_IN | {"office": 403, "auditor": 403}
API = answers(200, anonymous=401)
API_OWN = API | {"other_reporter": 403}
API_OTHER = API | {"reporter": 403}
API_OFFICE = answers(403, anonymous=401, office=200)


@dataclass(frozen=True)
class Case:
    route: str  # the URL pattern as get_resolver lists it, "admin:app.model:view", or "GET /api/v1/…"
    url: str  # with {names} from the world
    expected: dict
    method: str = "get"
    data: dict | None = None  # form data (pages) or a JSON body (API)


def get(route: str, expected: dict, url: str | None = None) -> Case:
    return Case(route, url or "/" + route, expected)


def post(route: str, expected: dict, url: str | None = None, data: dict | None = None) -> Case:
    return Case(route, url or "/" + route, expected, "post", data or {})


# ---------------------------------------------------------------- the site's pages and accounts
ARTICLE, INDICATOR, UNIT = "articles/<int:pk>/", "indicators/<int:pk>/", "units/<int:pk>/"
ENTRY = "indicators/<int:pk>/observations/"
PAGES = [
    get("", PAGE),
    get("plans/", answers((302, "/plans/{plan_id}/"))),  # one plan: straight to it
    get("plans/<int:pk>/", PAGE, "/plans/{plan_id}/"),
    get("plans/<int:pk>/", MISSING, "/plans/999999/"),
    get("plans/import/", OFFICE_ONLY),
    post("plans/import/", OFFICE_ONLY),  # no file: the form again, with the error
    get("plans/import/<str:token>/", answers(403, office=(302, "/plans/import/")), "/plans/import/" + "0" * 32 + "/"),
    get(ARTICLE, OWN, "/articles/{own_article}/"),
    get(ARTICLE, PAGE, "/articles/{shared_article}/"),  # the reporter's unit co-operates
    get(ARTICLE, OTHER, "/articles/{other_article}/"),
    get(ARTICLE, MISSING, "/articles/999999/"),
    get("indicators/", PAGE),
    get(INDICATOR, OWN, "/indicators/{own_indicator}/"),
    get(INDICATOR, PAGE, "/indicators/{shared_indicator}/"),
    get(INDICATOR, OTHER, "/indicators/{other_indicator}/"),
    get(INDICATOR, MISSING, "/indicators/999999/"),
    get(ENTRY, OFFICE_ONLY, "/indicators/{own_indicator}/observations/?period=2023"),  # htmx: the 修改 form
    # An empty form: the office gets it back with its errors (200); everyone else 403.
    post(ENTRY, OFFICE_ONLY, "/indicators/{own_indicator}/observations/"),
    post(ENTRY, OFFICE_ONLY, "/indicators/{other_indicator}/observations/"),
    get("units/", answers(200, reporter=(302, "/units/{reporter_unit}/"), other_reporter=(302, "/units/{other_unit}/"))),
    get(UNIT, OWN, "/units/{reporter_unit}/"),
    get(UNIT, OTHER, "/units/{other_unit}/"),
    get(UNIT, MISSING, "/units/999999/"),
    get("audit/", answers(403, office=200, auditor=200)),
    get("accounts/login/", answers((302, "/"), anonymous=200)),
    get("accounts/logout/", answers(405, anonymous=405)),  # POST only: a link cannot log anyone out
    get("accounts/password/", PAGE),
    get("accounts/password/done/", PAGE),
    get("api/v1/openapi.json", PUBLIC),
    get("api/v1/docs", PUBLIC),
    get("api/v1/", answers(404, anonymous=404)),  # django-ninja's root: no page
]  # fmt: skip

# ---------------------------------------------------------------- the reporting cycle
R = "reporting/"
UNIT_PAGE, WORKBOOK = R + "units/<int:unit_id>/", R + "units/<int:unit_id>/excel/<int:plan_id>/<str:period>/"
REVIEW_ACTION, OPEN_NOTE = R + "review/<str:kind>/<int:pk>/<str:action>/", R + "notifications/<int:pk>/open/"
CALENDAR, RULE = R + "calendar/<int:plan_id>/", R + "calendar/rules/<int:pk>/"
ITEM, HISTORY = R + "items/<int:rule_id>/<str:period>/", R + "units/<int:unit_id>/history/<int:plan_id>/"
REMOVE_FILE = R + "evidence/<uuid:pk>/remove/"
OWN_UNIT, OTHER_UNIT = "/reporting/units/{reporter_unit}/", "/reporting/units/{other_unit}/"
REPORTING = [
    get(R, answers(200, reporter=(302, OWN_UNIT), other_reporter=(302, OTHER_UNIT))),
    get(UNIT_PAGE, OWN, OWN_UNIT),
    get(UNIT_PAGE, OTHER, OTHER_UNIT),
    get(UNIT_PAGE, MISSING, "/reporting/units/999999/"),
    # The page only shows: each item is saved on its own (ITEM).
    post(UNIT_PAGE, answers(405), OWN_UNIT, {"action": "submit"}),
    # An empty draft: refused beside its field (400) to whoever may report for the unit; 403 to the rest.
    get(ITEM, NO_GET, "/reporting/items/{own_rule}/2025Q4/"),
    post(ITEM, answers(403, office=400, reporter=400), "/reporting/items/{own_rule}/2025Q4/", {"action": "draft"}),
    post(ITEM, MISSING, "/reporting/items/{own_rule}/2027Q1/", {"action": "draft"}),  # not ended
    get(HISTORY, answers(403, office=200, reporter=200), OWN_UNIT + "history/{plan_id}/"),
    post(HISTORY, answers(403, office=400, reporter=400), OWN_UNIT + "history/{plan_id}/"),  # no file
    get(WORKBOOK, answers(403, office=200, reporter=200), OWN_UNIT + "excel/{plan_id}/2025Q4/"),
    get(WORKBOOK, answers(403, office=200, other_reporter=200), OTHER_UNIT + "excel/{plan_id}/2025Q4/"),
    post(WORKBOOK, answers(403, office=400, reporter=400), OWN_UNIT + "excel/{plan_id}/2025Q4/"),  # no file
    get(R + "submissions/<int:pk>/", OWN, "/reporting/submissions/{own_submission}/"),
    get(R + "submissions/<int:pk>/", OTHER, "/reporting/submissions/{other_submission}/"),
    get(R + "reports/<int:pk>/", OWN, "/reporting/reports/{own_report}/"),
    get(R + "evidence/<uuid:pk>/", OWN, "/reporting/evidence/{own_evidence}/"),
    get(R + "notifications/", PAGE),
    post(R + "notifications/", answers(302)),  # mark one's own as read
    get(OPEN_NOTE, NO_GET, "/reporting/notifications/{reporter_note}/open/"),
    # Only its addressee opens a notification; for anyone else there is none by that number.
    post(OPEN_NOTE, answers(404, reporter=302), "/reporting/notifications/{reporter_note}/open/"),
    get(R + "review/", OFFICE_ONLY),
    get(REVIEW_ACTION, NO_GET, "/reporting/review/submission/{own_submission}/approve/"),
    # Without the reason it needs, a return or unlock is refused with a message: nothing changes.
    post(REVIEW_ACTION, answers(403, office=302), "/reporting/review/submission/{own_submission}/return/", {"reason": ""}),
    post(REVIEW_ACTION, answers(403, office=302), "/reporting/review/report/{own_report}/unlock/"),
    post(REVIEW_ACTION, MISSING, "/reporting/review/nothing/1/approve/"),
    get(R + "calendar/", answers(403, office=(302, "/reporting/calendar/{plan_id}/"))),
    get(CALENDAR, OFFICE_ONLY, "/reporting/calendar/{plan_id}/"),
    post(CALENDAR, answers(403, office=302), "/reporting/calendar/{plan_id}/", {"action": "none"}),
    get(RULE, OFFICE_ONLY, "/reporting/calendar/rules/{own_rule}/"),
    get(CALENDAR + "rules/", NO_GET, "/reporting/calendar/{plan_id}/rules/"),
    post(CALENDAR + "rules/", answers(403, office=302), "/reporting/calendar/{plan_id}/rules/"),  # nothing ticked
    post(RULE, answers(403, office=302), "/reporting/calendar/rules/{own_rule}/"),  # invalid: message
    # Last: the reporter (its uploader) removes the file; anyone else who may see it is told no.
    get(REMOVE_FILE, NO_GET, "/reporting/evidence/{own_evidence}/remove/"),
    post(REMOVE_FILE, answers(302, other_reporter=403), "/reporting/evidence/{own_evidence}/remove/"),
]  # fmt: skip

# ---------------------------------------------------------------- 具体任务 and 政策措施 (issue 12)
TASKS = [
    get("tasks/", answers((302, "/tasks/{plan_id}/"))),
    get("tasks/<int:plan_id>/", PAGE, "/tasks/{plan_id}/"),
    get("tasks/<int:plan_id>/", PAGE, "/tasks/{plan_id}/?status=overdue&format=xlsx"),
    get("tasks/<int:plan_id>/", MISSING, "/tasks/999999/"),
    get("tasks/<int:plan_id>/review/", OFFICE_ONLY, "/tasks/{plan_id}/review/"),
    post("tasks/<int:plan_id>/review/", answers(403, office=302), "/tasks/{plan_id}/review/", {"action": "accept"}),  # nothing ticked: message
    get("tasks/<int:plan_id>/import/", NO_GET, "/tasks/{plan_id}/import/"),
    post("tasks/<int:plan_id>/import/", answers(403, office=302), "/tasks/{plan_id}/import/"),  # no file: message
    get("tasks/<int:plan_id>/policies/", PAGE, "/tasks/{plan_id}/policies/"),
    post("tasks/<int:plan_id>/policies/", answers(403, office=302), "/tasks/{plan_id}/policies/", {"action": "propose"}),
    get("tasks/task/<int:pk>/", OWN, "/tasks/task/{active_task}/"),
    get("tasks/task/<int:pk>/", MISSING, "/tasks/task/999999/"),
    get("tasks/task/<int:pk>/report/", NO_GET, "/tasks/task/{active_task}/report/"),
    # Only the lead unit reports (the office on its behalf); an empty report is refused with a message.
    post("tasks/task/<int:pk>/report/", answers(403, office=302, reporter=302), "/tasks/task/{active_task}/report/"),
    get("tasks/reports/<int:pk>/<str:action>/", NO_GET, "/tasks/reports/{task_report}/return/"),
    post("tasks/reports/<int:pk>/<str:action>/", answers(403, office=302), "/tasks/reports/{task_report}/return/"),  # no reason: message
    get("tasks/evidence/<uuid:pk>/", OWN, "/tasks/evidence/{task_evidence}/"),
    get("tasks/task/<int:pk>/milestones/", NO_GET, "/tasks/task/{fresh_task}/milestones/"),
    post("tasks/task/<int:pk>/milestones/", answers(403, office=302), "/tasks/task/{fresh_task}/milestones/"),
    get("tasks/policy/<int:pk>/", OWN, "/tasks/policy/{issued_policy}/"),
    get("tasks/policy/<int:pk>/", MISSING, "/tasks/policy/999999/"),
    get("tasks/policy/<int:pk>/document/", NO_GET, "/tasks/policy/{issued_policy}/document/"),
    post("tasks/policy/<int:pk>/document/", answers(403, office=302), "/tasks/policy/{issued_policy}/document/"),  # no file: message
    get("tasks/policy/<int:pk>/delivery/", NO_GET, "/tasks/policy/{issued_policy}/delivery/"),
    # Only the issuing unit reports (the office on its behalf); an empty report is refused with a message.
    post("tasks/policy/<int:pk>/delivery/", answers(403, office=302, reporter=302), "/tasks/policy/{issued_policy}/delivery/"),
    get("tasks/deliveries/<int:pk>/<str:action>/", NO_GET, "/tasks/deliveries/{policy_delivery}/return/"),
    post("tasks/deliveries/<int:pk>/<str:action>/", answers(403, office=302), "/tasks/deliveries/{policy_delivery}/return/"),  # no reason: message
    get("tasks/policy-files/<uuid:pk>/", OWN, "/tasks/policy-files/{policy_document}/"),
]  # fmt: skip

# ---------------------------------------------------------------- 责任分解 (the office's screen)
RESP = "responsibilities/<int:plan_id>/"
RESPONSIBILITIES = [
    get("responsibilities/", answers(403, office=(302, "/responsibilities/{plan_id}/"))),
    get(RESP, OFFICE_ONLY, "/responsibilities/{plan_id}/"),
    post(RESP, answers(403, office=302), "/responsibilities/{plan_id}/", {"action": "confirm"}),  # nothing ticked: message
    get(RESP + "export.<str:fmt>", OFFICE_ONLY, "/responsibilities/{plan_id}/export.xlsx"),
    get(RESP + "export.<str:fmt>", answers(403, office=404), "/responsibilities/{plan_id}/export.pdf"),
]  # fmt: skip

# ---------------------------------------------------------------- 报告 (reports and ledgers)
REPORTS = [
    get("reports/", PAGE),
    # An empty form: shown again with its errors (200) to everyone who may view.
    post("reports/", PAGE, "/reports/", {}),
    # A unit's report: that unit (and everyone who sees every unit), never another unit.
    get("reports/<int:pk>/download/", OWN, "/reports/{own_generated}/download/"),
    get("reports/<int:pk>/download/", MISSING, "/reports/999999/download/"),
    # The PDF beside it: the same rule, then 404 while LibreOffice has made none (the world has none).
    get("reports/<int:pk>/pdf/", answers(404, other_reporter=403), "/reports/{own_generated}/pdf/"),
]

# ---------------------------------------------------------------- 统计评价 (the composite index)
IDX = "index/<int:plan_id>/"
VIEW_INDEX = answers(200, reporter=403, other_reporter=403)  # office, leaders, auditors
INDEX_PAGES = [
    get("index/", answers((302, "/index/{plan_id}/"), reporter=403, other_reporter=403)),
    get(IDX, VIEW_INDEX, "/index/{plan_id}/"),
    get(IDX, VIEW_INDEX | {"office": 404, "leader": 404, "auditor": 404}, "/index/{plan_id}/?version=99"),
    get(IDX + "build/", OFFICE_ONLY, "/index/{plan_id}/build/"),
    post(IDX + "build/", OFFICE_ONLY, "/index/{plan_id}/build/", {"name": ""}),  # refused with its message
    get(IDX + "export.xlsx", VIEW_INDEX, "/index/{plan_id}/export.xlsx"),
]  # fmt: skip

# ---------------------------------------------------------------- 督办 and 问责 (issue 13)
SV, SV_ITEM = "supervision/<int:plan_id>/", "supervision/items/<int:pk>/"
SEE_ALL = answers(200, reporter=403, other_reporter=403)  # the office, leaders, auditors
SUPERVISION = [
    get("supervision/", answers((302, "/supervision/{plan_id}/"), reporter=(302, "/supervision/{plan_id}/todo/"),
                                other_reporter=(302, "/supervision/{plan_id}/todo/"))),
    get(SV, PAGE, "/supervision/{plan_id}/"),  # a unit's board lists its own items only
    get(SV, MISSING, "/supervision/999999/"),
    get(SV + "todo/", PAGE, "/supervision/{plan_id}/todo/"),
    get(SV + "leaders/", PAGE, "/supervision/{plan_id}/leaders/"),
    get(SV + "stats/", PAGE, "/supervision/{plan_id}/stats/"),
    get(SV + "new/", OFFICE_ONLY, "/supervision/{plan_id}/new/"),
    post(SV + "new/", OFFICE_ONLY, "/supervision/{plan_id}/new/"),  # empty: shown again with the message
    get(SV + "proposals/", OFFICE_ONLY, "/supervision/{plan_id}/proposals/"),
    post(SV + "proposals/", answers(403, office=302), "/supervision/{plan_id}/proposals/", {"key": "x"}),
    get(SV + "accountability/", PAGE, "/supervision/{plan_id}/accountability/"),  # a unit: its own rows
    post(SV + "accountability/", answers(403, office=200), "/supervision/{plan_id}/accountability/"),  # empty
    get(SV + "settings/", OFFICE_ONLY, "/supervision/{plan_id}/settings/"),
    post(SV + "settings/", OFFICE_ONLY, "/supervision/{plan_id}/settings/"),  # empty: message
    get(SV_ITEM, OWN, "/supervision/items/{own_item}/"),
    get(SV_ITEM, OTHER, "/supervision/items/{other_item}/"),
    get(SV_ITEM, MISSING, "/supervision/items/999999/"),
    get(SV_ITEM + "notice/<str:kind>/", OFFICE_ONLY, "/supervision/items/{own_item}/notice/assign/"),
    get(SV_ITEM + "<str:action>/", NO_GET, "/supervision/items/{own_item}/acknowledge/"),
    # 签收: the lead unit (the office on its behalf); a reader is refused.
    post(SV_ITEM + "<str:action>/", answers(403, office=302, reporter=302), "/supervision/items/{own_item}/acknowledge/"),
    post(SV_ITEM + "<str:action>/", answers(403, office=302), "/supervision/items/{own_item}/remind/"),
    get("supervision/files/<uuid:pk>/", OWN, "/supervision/files/{own_item_file}/"),
]  # fmt: skip
PJ, PJ_ITEM = "projects/<int:plan_id>/", "projects/items/<int:pk>/"
PROJECTS = [
    get("projects/", answers((302, "/projects/{plan_id}/"))),
    get(PJ, PAGE, "/projects/{plan_id}/"),  # a unit's ledger lists its own projects only
    get(PJ, PAGE, "/projects/{plan_id}/?format=xlsx&light=red"),
    get(PJ, MISSING, "/projects/999999/"),
    get(PJ + "import/", OFFICE_ONLY, "/projects/{plan_id}/import/"),
    post(PJ + "import/", OFFICE_ONLY, "/projects/{plan_id}/import/"),  # no file: the page again with the message
    get(PJ_ITEM, OWN, "/projects/items/{own_project}/"),
    get(PJ_ITEM, OTHER, "/projects/items/{other_project}/"),
    get(PJ_ITEM, MISSING, "/projects/items/999999/"),
    # 月报: the responsible unit (the office on its behalf); a bad form comes back as a message (302)
    post(PJ_ITEM + "report/", answers(403, office=302, reporter=302), "/projects/items/{own_project}/report/"),
    get(PJ_ITEM + "report/", NO_GET, "/projects/items/{own_project}/report/"),
    # 审核: the office only (an empty decision comes back as a message; the API case decides)
    post("projects/reports/<int:pk>/review/", answers(403, office=302), "/projects/reports/{own_project_report}/review/"),
    # 提为问题 from a report: its unit (or the office, a leader who sees it); the report has no 存在问题 (message, 302)
    post("projects/reports/<int:pk>/problem/", answers(403, office=302, reporter=302, leader=302),
         "/projects/reports/{own_project_report}/problem/"),
    get("projects/photos/<uuid:pk>/", OWN, "/projects/photos/{own_project_photo}/"),
]  # fmt: skip

# ---------------------------------------------------------------- 问题 and 领导小组会议 (issue 14)
PR, PR_P, PR_M = "problems/<int:plan_id>/", "problems/p/<int:pk>/", "problems/meetings/<int:pk>/"
PROBLEMS = [
    get("problems/", answers((302, "/problems/{plan_id}/"), reporter=(302, "/problems/{plan_id}/mine/"),
                             other_reporter=(302, "/problems/{plan_id}/mine/"))),
    get(PR, PAGE, "/problems/{plan_id}/"),  # a unit's board lists only what it may see
    get(PR, MISSING, "/problems/999999/"),
    get(PR + "mine/", PAGE, "/problems/{plan_id}/mine/"),
    get(PR + "new/", answers(200, auditor=403), "/problems/{plan_id}/new/"),  # units, the office, leaders raise
    post(PR + "new/", answers(200, auditor=403), "/problems/{plan_id}/new/"),  # empty: shown again with the message
    get(PR + "meetings/", SEE_ALL, "/problems/{plan_id}/meetings/"),
    post(PR + "meetings/", answers(403, office=200), "/problems/{plan_id}/meetings/"),  # empty: message
    get(PR_M, SEE_ALL, "/problems/meetings/{meeting}/"),
    post(PR_M, answers(403, office=302), "/problems/meetings/{meeting}/"),  # empty: message
    get(PR_M + "<str:kind>.docx", SEE_ALL, "/problems/meetings/{meeting}/agenda.docx"),
    get(PR_P, OWN, "/problems/p/{own_problem}/"),  # raised by the reporter's unit
    get(PR_P, OTHER, "/problems/p/{other_problem}/"),  # about the other unit's own article
    get(PR_P, PAGE, "/problems/p/{shared_problem}/"),  # about the article both units are on
    get(PR_P, MISSING, "/problems/p/999999/"),
    get(PR_P + "<str:action>/", NO_GET, "/problems/p/{own_problem}/accept/"),
    post(PR_P + "<str:action>/", answers(403, office=302), "/problems/p/{own_problem}/accept/"),  # 受理: the office
    get("problems/files/<uuid:pk>/", OWN, "/problems/files/{own_problem_file}/"),
]  # fmt: skip

# ---------------------------------------------------------------- 考核 (issue 16): a draft is the office's; in
# 征求意见 a unit reads its own card and appeals, leaders and auditors wait for 公布
AS, AS_C = "assessment/s/<int:pk>/", "/assessment/s/{scheme_consulting}/"
CONSULTING = answers(403, office=200, reporter=200, other_reporter=200)
ASSESSMENT = [
    get("assessment/", answers((302, "/assessment/{plan_id}/"))),
    get("assessment/<int:plan_id>/", PAGE, "/assessment/{plan_id}/"),
    post("assessment/<int:plan_id>/", OFFICE_ONLY, "/assessment/{plan_id}/"),  # empty: the message
    get(AS, answers(403, office=200, reporter=(302, AS_C + "units/{reporter_unit}/"),
                    other_reporter=(302, AS_C + "units/{other_unit}/")), AS_C),  # a unit: its own card
    get(AS, OFFICE_ONLY, "/assessment/s/{scheme_draft}/"),
    get(AS + "edit/", OFFICE_ONLY, "/assessment/s/{scheme_draft}/edit/"),
    post(AS + "edit/", OFFICE_ONLY, "/assessment/s/{scheme_draft}/edit/"),  # empty: weights sum to 0, message
    get(AS + "units/<int:unit_id>/", answers(403, office=200, reporter=200), AS_C + "units/{reporter_unit}/"),
    get(AS + "appeal/", NO_GET, AS_C + "appeal/"),
    post(AS + "appeal/", answers(403, reporter=302, other_reporter=302), AS_C + "appeal/"),  # empty: message
    get(AS + "appeals/", CONSULTING, AS_C + "appeals/"),
    get(AS + "adjust/", NO_GET, AS_C + "adjust/"),
    post(AS + "adjust/", answers(403, office=302), AS_C + "adjust/"),
    get(AS + "files/<str:kind>", CONSULTING, AS_C + "files/ranking.xlsx"),
    get(AS + "files/<str:kind>", OFFICE_ONLY, AS_C + "files/notice.docx"),
    get(AS + "files/<str:kind>", answers(403, office=200, reporter=200), AS_C + "files/card-{reporter_unit}.docx"),
    get(AS + "<str:action>/", NO_GET, AS_C + "publish/"),
    post(AS + "<str:action>/", answers(403, office=302), "/assessment/s/{scheme_draft}/nothing/"),
    get("assessment/appeals/<int:pk>/decide/", NO_GET, "/assessment/appeals/{appeal}/decide/"),
    post("assessment/appeals/<int:pk>/decide/", answers(403, office=302), "/assessment/appeals/{appeal}/decide/"),
]  # fmt: skip

# ---------------------------------------------------------------- the admin (summarised)
APP_LIST = "admin/^(?P<app_label>plans|units|indicators|auth|accounts|audit|reporting|tasks|devindex|supervision|projects|problems|reports)/$"
ADMIN_SITE = [
    get("admin/", ADMIN_IN),
    # Signed in and admitted: on to the index; anyone else gets the form (which refuses them).
    get("admin/login/", answers(200, anonymous=200, office=(302, "/admin/"), auditor=(302, "/admin/"))),
    get("admin/logout/", answers((302, "/admin/"), anonymous=(302, "/admin/"), office=405, auditor=405)),
    get("admin/password_change/", ADMIN_IN),
    get("admin/password_change/done/", ADMIN_IN),
    get("admin/autocomplete/", ADMIN_NOBODY),  # without naming a field: refused
    get("admin/jsi18n/", ADMIN_IN),
    get("admin/r/<path:content_type_id>/<path:object_id>/", ADMIN_IN | {"office": 404, "auditor": 404},
        "/admin/r/{plan_type}/{plan_id}/"),  # no model has a page of its own on the site
    get(APP_LIST, ADMIN_IN | {"auditor": 404}, "/admin/plans/"),
    get(APP_LIST, ADMIN_IN, "/admin/audit/"),
    get("admin/(?P<url>.*)$", ADMIN_IN | {"office": 404, "auditor": 404}, "/admin/nothing-here/"),
    get("admin/auth/user/<id>/password/", ADMIN_OFFICE, "/admin/auth/user/{leader_user}/password/"),
]  # fmt: skip
# Registered models nobody adds to in the admin (records written by the system itself).
READ_ONLY_MODELS = {
    "audit.auditevent", "indicators.observationrevision", "indicators.basevaluerevision",
    "accounts.apitoken", "reporting.submission", "reporting.articlereport", "reporting.notification",
    "reporting.reminderlog", "tasks.taskevent", "tasks.policyevent", "tasks.taskreport",
    "tasks.taskreportevent", "tasks.taskevidence", "reports.generatedreport",
    "devindex.indexdefinition", "indicators.comparisonfigure",
}  # fmt: skip
ADMIN_MODELS = {
    "plans.plan", "plans.chapter", "plans.section", "plans.article", "plans.milestone",
    "tasks.task", "tasks.policymeasure",
    "units.unit", "units.unitalias", "units.articleunit", "units.unitfunction", "indicators.indicator", "indicators.target",
    "indicators.observation", "indicators.basevalue", "auth.user", "reporting.reportingcalendar",
    "reporting.reportingrule", "supervision.accountabilitykind", "projects.category", "projects.projectsettings",
    "problems.category", "problems.problemsettings",
    *READ_ONLY_MODELS,
}  # fmt: skip


def admin_model_cases() -> list[Case]:
    """List, add and change pages of every registered model; history, delete and the bare object
    URL for two. The auditor sees the audit log (read-only) and nothing else."""
    cases = []
    for label in sorted(ADMIN_MODELS):
        base = "/admin/{}/{}/".format(*label.split("."))
        view = ADMIN_IN if label == "audit.auditevent" else ADMIN_OFFICE
        add = ADMIN_NOBODY if label in READ_ONLY_MODELS else ADMIN_OFFICE
        cases += [
            get(f"admin:{label}:changelist", view, base),
            get(f"admin:{label}:add", add, base + "add/"),
            get(f"admin:{label}:change", view, base + f"{{{row(label)}}}/change/"),
        ]
    event, plan = "/admin/audit/auditevent/{row_audit_auditevent}/", "/admin/plans/plan/{row_plans_plan}/"
    change = (302, plan + "change/")  # the bare object URL only redirects; the change page decides
    return cases + [
        get("admin:audit.auditevent:history", ADMIN_IN, event + "history/"),
        get("admin:audit.auditevent:delete", ADMIN_NOBODY, event + "delete/"),  # append-only
        get("admin:plans.plan:history", ADMIN_OFFICE, plan + "history/"),
        get("admin:plans.plan:delete", ADMIN_OFFICE, plan + "delete/"),
        get("admin:plans.plan:redirect", ADMIN_IN | {"office": change, "auditor": change}, plan),
    ]


# ---------------------------------------------------------------- the JSON API (OpenAPI operations)
def api(operation: str, url: str, expected: dict, body: dict | None = None) -> Case:
    """`operation` as the OpenAPI document names it: "GET /plans/{ref}" (under /api/v1)."""
    method, path = operation.split(" ", 1)
    return Case(f"{method} /api/v1{path}", "/api/v1" + url, expected, method.lower(), body)


ANY_METHOD_405 = answers(405, anonymous=405)  # the method is checked before the login
API_CASES = [
    api("GET /plans", "/plans", API),
    api("GET /plans/{ref}", "/plans/{plan_name}", API),
    api("GET /plans/{ref}", "/plans/nope", answers(404, anonymous=401)),
    api("GET /plans/{ref}/chapters", "/plans/{plan_id}/chapters", API),
    api("GET /plans/{ref}/articles", "/plans/{plan_name}/articles", API),
    api("GET /articles/{article_id}", "/articles/{own_article}", API_OWN),
    api("GET /articles/{article_id}", "/articles/{shared_article}", API),
    api("GET /articles/{article_id}", "/articles/{other_article}", API_OTHER),
    api("GET /units", "/units", API),
    api("GET /units/{ref}", "/units/{reporter_unit}", API_OWN),
    api("GET /units/{ref}", "/units/{other_unit}", API_OTHER),
    api("GET /indicators", "/indicators?plan={plan_name}", API),
    api("GET /indicators/{indicator_id}", "/indicators/{own_indicator}", API_OWN),
    api("GET /indicators/{indicator_id}", "/indicators/{other_indicator}", API_OTHER),
    api("GET /indicators/{indicator_id}", "/indicators/999999", answers(404, anonymous=401)),
    api("GET /indicators/{indicator_id}/chart", "/indicators/{own_indicator}/chart", API_OWN),
    api("GET /indicators/{indicator_id}/chart", "/indicators/{other_indicator}/chart", API_OTHER),
    api("GET /indicators/{indicator_id}/observations", "/indicators/{own_indicator}/observations", API_OWN),
    api("GET /indicators/{indicator_id}/observations", "/indicators/{other_indicator}/observations", API_OTHER),
    api("GET /plans/{ref}/evaluation", "/plans/{plan_name}/evaluation", API),
    api("GET /plans/{ref}/rollup", "/plans/{plan_name}/rollup", API),
    api("GET /plans/{ref}/index", "/plans/{plan_name}/index", API | {"reporter": 403, "other_reporter": 403}),
    api("GET /plans/{ref}/index", "/plans/{plan_id}/index?version=99", answers(404, anonymous=401, reporter=403, other_reporter=403)),
    api("GET /submissions", "/submissions?status=submitted", API),
    api("GET /submissions/{submission_id}", "/submissions/{own_submission}", API_OWN),
    api("GET /submissions/{submission_id}", "/submissions/{other_submission}", API_OTHER),
    api("GET /timeliness", "/timeliness?plan={plan_name}&periods=2025Q4,2025", API),
    # Writes, with bodies that pass validation: the answer is the permission's, not a 422.
    api("POST /observations", "/observations", API_OFFICE | {"office": 201},
        {"indicator": "{own_indicator}", "period": "2024", "value": 120}),
    api("PATCH /observations/{observation_id}", "/observations/{own_observation}", API_OFFICE,
        {"value": 160, "reason": "统计局核实后更正"}),
    # A unit reports for itself (the office may on its behalf); nobody else.
    api("POST /submissions", "/submissions", answers(403, anonymous=401, office=201, reporter=201),
        {"indicator": "{own_indicator}", "period": "2025Q2", "value": 100}),
    api("POST /submissions/{submission_id}/approve", "/submissions/{own_submission}/approve", API_OFFICE),
    api("POST /submissions/{submission_id}/return", "/submissions/{other_submission}/return", API_OFFICE,
        {"reason": "请补充来源"}),
    api("GET /tasks", "/tasks?plan={plan_name}", API),
    api("GET /tasks", "/tasks?plan={plan_name}&status=overdue&unit={reporter_unit}", API),
    api("GET /policies", "/policies?plan={plan_name}&state=candidate", API),
    api("POST /tasks/{task_id}/review", "/tasks/{own_task}/review", API_OFFICE, {"action": "accept"}),
    api("POST /policies/{policy_id}/steps", "/policies/{own_policy}/steps", API_OFFICE, {"action": "accept"}),
    api("POST /tasks/merge", "/tasks/merge", API_OFFICE, {"tasks": ["{merge_a}", "{merge_b}"]}),
    api("PUT /tasks/{task_id}/milestones", "/tasks/{fresh_task}/milestones", API_OFFICE,
        {"milestones": [{"text": "完成选址", "year": 2025}]}),
    # The lead unit reports on its task (the office on its behalf); the issuing unit on its policy.
    api("POST /tasks/{task_id}/reports", "/tasks/{fresh_task}/reports", API_OFFICE | {"reporter": 200},
        {"progress": "推进中", "claim": "in_progress"}),
    api("POST /task-reports/{report_id}/review", "/task-reports/{task_report}/review", API_OFFICE,
        {"action": "return", "reason": "请补充验收文件"}),
    api("POST /policies/{policy_id}/documents", "/policies/{issued_policy}/documents", API_OFFICE,
        {"file": lambda: SimpleUploadedFile("政策.pdf", b"%PDF-1.4\n%%EOF\n", content_type="application/pdf")}),
    api("POST /policies/{policy_id}/deliveries", "/policies/{spare_policy}/deliveries", API_OFFICE | {"reporter": 200},
        {"funds": "8", "people": "20"}),
    api("POST /policy-deliveries/{delivery_id}/review", "/policy-deliveries/{policy_delivery}/review", API_OFFICE,
        {"action": "return", "reason": "请补充兑现名单"}),
    # A unit's report: that unit or anyone who sees every unit; the other unit is refused.
    api("POST /plans/{ref}/reports", "/plans/{plan_name}/reports", API_OWN | {"office": 201, "reporter": 201,
        "leader": 201, "auditor": 201}, {"kind": "unit", "period": "2025Q4", "unit": "{reporter_unit}"}),
    api("GET /reports", "/reports", API),
    # 考核: in 征求意见 a unit reads its own card, leaders and auditors wait for 公布; a draft is the office's
    api("GET /plans/{ref}/assessments/{year}", "/plans/{plan_name}/assessments/2025",
        API | {"leader": 403, "auditor": 403}),
    api("GET /plans/{ref}/assessments/{year}", "/plans/{plan_id}/assessments/2026?scheme=年度考核", API_OFFICE),
    api("GET /plans/{ref}/assessments/{year}", "/plans/{plan_name}/assessments/2024", answers(404, anonymous=401)),
    api("GET /reports/{report_id}/file", "/reports/{own_generated}/file", API_OWN),
    # no PDF without LibreOffice: a unit may ask for its own report's and is told there is none
    api("GET /reports/{report_id}/pdf", "/reports/{own_generated}/pdf", answers(404, anonymous=401, other_reporter=403)),
    api("GET /supervision/items", "/supervision/items?plan={plan_name}", API),
    api("GET /supervision/items", "/supervision/items?plan={plan_name}&light=red&state=assigned&unit={reporter_unit}", API),
    api("GET /supervision/items/{item_id}", "/supervision/items/{own_item}", API_OWN),
    api("GET /supervision/items/{item_id}", "/supervision/items/{other_item}", API_OTHER),
    api("POST /supervision/items", "/supervision/items", API_OFFICE | {"office": 201},
        {"plan": "small-plan", "subject": "新事项", "requirements": "按期完成", "lead_unit": "区科技局", "deadline": "2026-06-30"}),
    # 延期 asked by the lead unit (or the office for it): without its date refused with a message
    # (422); other units, leaders, auditors: 403.
    api("POST /supervision/items/{item_id}/{action}", "/supervision/items/{own_item}/extend", answers(
        403, anonymous=401, office=422, reporter=422)),
    api("GET /supervision/items/{item_id}/notice", "/supervision/items/{own_item}/notice?kind=remind", API_OFFICE),
    api("GET /supervision/proposals", "/supervision/proposals?plan={plan_name}", API_OFFICE),
    api("POST /supervision/proposals/dismiss", "/supervision/proposals/dismiss", API_OFFICE | {"office": 422},
        {"plan": "small-plan", "key": "task:1:x", "reason": "已在办理"}),  # no such proposal: 422 for the office
    api("GET /supervision/accountability", "/supervision/accountability?plan={plan_name}", API),
    api("POST /supervision/accountability", "/supervision/accountability", API_OFFICE | {"office": 201},
        {"plan": "small-plan", "unit": "区科技局", "kind": "约谈", "decided_on": "2026-01-03", "reason": "逾期"}),
    api("GET /supervision/stats", "/supervision/stats?plan={plan_name}", API),
    # 重点项目: a unit sees its own projects only (the list is narrowed; another unit's project: 403).
    api("GET /projects", "/projects?plan={plan_name}", API),
    api("GET /projects/summary", "/projects/summary?plan={plan_name}&year=2026", API),
    api("GET /projects/{project_id}", "/projects/{own_project}", API_OWN),
    api("GET /projects/{project_id}", "/projects/{other_project}", API_OTHER),
    api("GET /problems", "/problems?plan={plan_name}", API),
    api("GET /problems", "/problems?plan={plan_name}&state=open&light=none&category=用地&unit={reporter_unit}", API),
    api("POST /problems", "/problems", answers(201, anonymous=401, auditor=403),
        {"plan": "small-plan", "title": "资金缺口", "description": "缺 100 万元", "category": "资金"}),
    api("GET /problems/metrics", "/problems/metrics?plan={plan_name}&period=2026Q1", API),
    api("GET /problems/{problem_id}", "/problems/{own_problem}", API_OWN),
    api("GET /problems/{problem_id}", "/problems/{other_problem}", API_OTHER),
    api("GET /problems/{problem_id}", "/problems/{shared_problem}", API),
    # 不予受理 without its reason: 422 for the office (the page's 受理 above ran first); the rest 403
    api("POST /problems/{problem_id}/{action}", "/problems/{own_problem}/decline", API_OFFICE | {"office": 422}),
    api("GET /projects/{project_id}/reports", "/projects/{own_project}/reports", API_OWN),
    api("GET /projects/{project_id}/reports", "/projects/{other_project}/reports", API_OTHER),
    api("POST /projects/{project_id}/reports", "/projects/{own_project}/reports", API_OFFICE | {"reporter": 200},
        {"period": "2025-12", "amount": "120", "progress": "主体封顶"}),
    api("POST /project-reports/{report_id}/review", "/project-reports/{own_project_report}/review", API_OFFICE,
        {"action": "return", "reason": "请补充照片"}),
    api("GET /observations", "/observations", ANY_METHOD_405),
    api("GET /submissions/{submission_id}/approve", "/submissions/{own_submission}/approve", ANY_METHOD_405),
]  # fmt: skip
# Logging out ends the session: it runs last, on a client of its own.
LOGOUT = post("accounts/logout/", answers((302, "/accounts/login/"), anonymous=(302, "/accounts/login/")))

CASES = PAGES + REPORTING + TASKS + SUPERVISION + PROBLEMS + PROJECTS + ASSESSMENT + RESPONSIBILITIES + REPORTS + INDEX_PAGES + ADMIN_SITE + admin_model_cases() + API_CASES


# ---------------------------------------------------------------- the walk
@pytest.fixture
def world(
    small_plan, reporter, other_reporter, leader, reporter_unit, other_unit, settings, tmp_path, monkeypatch
):
    from planwatch.reporting import clock

    settings.DATA_DIR = tmp_path  # evidence files
    monkeypatch.setattr(clock, "today", lambda: TODAY)
    return build_world(small_plan, reporter, other_reporter, leader, reporter_unit, other_unit)


def send(client: Client, case: Case, names: dict):
    url = case.url.format(**names)
    if case.method == "get":
        return client.get(url)
    if case.route in FORM_ROUTES:  # the API's multipart operations (files), a fresh file each time
        return client.post(url, {k: v() if callable(v) else v for k, v in case.data.items()})
    if not case.route.startswith(("POST ", "PATCH ", "PUT ")):
        return client.post(url, case.data)
    body = {k: _named(v, names) for k, v in (case.data or {}).items()}
    return getattr(client, case.method)(url, data=body, content_type="application/json")


FORM_ROUTES = {"POST /api/v1/tasks/{task_id}/reports", "POST /api/v1/policies/{policy_id}/documents",
               "POST /api/v1/projects/{project_id}/reports"}


def _named(value, names: dict):
    """A body value with the world's ids put in ("{own_task}" → 12, also inside a list)."""
    if isinstance(value, list):
        return [_named(v, names) for v in value]
    return int(value.format(**names)) if isinstance(value, str) and value.startswith("{") else value


def mismatch(case: Case, role: str, response, names: dict) -> str | None:
    """None when the answer is the expected one; else a line saying what came instead."""
    expected, location = case.expected[role], response.get("Location", "")
    if expected in (LOGIN, ADMIN_LOGIN):
        login = "/accounts/login/?next=" if expected == LOGIN else "/admin/login/?next="
        ok = response.status_code == 302 and location.startswith(login)
    elif isinstance(expected, tuple):
        ok = (response.status_code, location.split("?")[0]) == (expected[0], expected[1].format(**names))
    else:
        ok = response.status_code == expected
    if ok:
        return None
    got = f"{response.status_code} {location}".strip()
    return f"{case.method.upper()} {case.url.format(**names)} as {role}: expected {expected}, got {got}"


@pytest.mark.parametrize("role", ROLES)
def test_every_url_answers_each_role(request, role, world, anonymous):
    """Every case of the table for one role, on one world; every wrong answer is listed."""
    client = request.getfixturevalue(role).client
    wrong = [m for case in CASES if (m := mismatch(case, role, send(client, case, world), world))]
    if role != "anonymous":  # logging out ends the session: on a client of its own
        client = Client()
        client.force_login(request.getfixturevalue(role).user)
    if m := mismatch(LOGOUT, role, send(client, LOGOUT, world), world):
        wrong.append(m)
    assert wrong == [], "\n".join(wrong)


# ---------------------------------------------------------------- the table covers every pattern
def url_patterns(resolver=None, prefix: str = "") -> list[str]:
    """The route of every URL pattern of the project, resolvers walked recursively."""
    routes = []
    for entry in (resolver or get_resolver()).url_patterns:
        route = prefix + str(entry.pattern)
        routes += url_patterns(entry, route) if isinstance(entry, URLResolver) else [route]
    return routes


ADMIN_MODEL_ROUTE = re.compile(
    r"^admin/(?P<app>\w+)/(?P<model>\w+)/(?:(?P<add>add/)|<path:object_id>/(?P<view>history/|delete/|change/)?)?$"
)


def admin_key(route: str) -> str | None:
    """admin/plans/plan/add/ → admin:plans.plan:add; None for anything but a model's views."""
    match = ADMIN_MODEL_ROUTE.match(route)
    if not match or f"{match['app']}.{match['model']}" not in registered_models():
        return None
    if match["add"]:
        view = "add"
    else:
        view = (match["view"] or "").rstrip("/") or (
            "redirect" if "<path:object_id>" in route else "changelist"
        )
    return f"admin:{match['app']}.{match['model']}:{view}"


def registered_models() -> set[str]:
    return {model._meta.label_lower for model in admin.site._registry}


def test_the_table_covers_every_url_pattern():
    """A URL pattern the table does not list fails here: add its expected answers above."""
    listed = {case.route for case in CASES}
    missing = []
    for route in url_patterns():
        key = admin_key(route)
        if route.startswith("api/v1/") and route not in listed:
            continue  # operations: checked against the OpenAPI document below
        if key is not None and key.endswith((":history", ":delete", ":redirect")):
            continue  # summarised (two models)
        if (key or route) not in listed:
            missing.append(route)
    assert missing == [], "URL patterns without expectations:\n" + "\n".join(missing)
    assert registered_models() == ADMIN_MODELS, (
        "admin models changed: update ADMIN_MODELS (and READ_ONLY_MODELS)"
    )


def test_the_table_covers_every_api_operation():
    """Every operation of the OpenAPI document is in the table, and every URL pattern under
    /api/v1/ is a path of the document or one of the three pages django-ninja adds."""
    from planwatch.api.app import api as ninja_api

    schema = ninja_api.get_openapi_schema()
    operations = {f"{method.upper()} {path}" for path, ops in schema["paths"].items() for method in ops}
    listed = {case.route for case in API_CASES if case.expected is not ANY_METHOD_405}
    assert operations == listed, sorted(operations ^ listed)
    routes = {re.sub(r"<(\w+)>", r"{\1}", r) for r in url_patterns() if r.startswith("api/v1/")}
    undocumented = routes - {path.removeprefix("/") for path in schema["paths"]}
    assert undocumented == {"api/v1/openapi.json", "api/v1/docs", "api/v1/"}, undocumented


def test_every_case_names_every_role():
    for case in [*CASES, LOGOUT]:
        assert set(case.expected) == set(ROLES), case
