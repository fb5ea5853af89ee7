"""Every page, as each role, reads as plain Chinese: no English word and no period code (2024Q4,
Q1, 2024H1) in the text a person sees — tags, scripts and styles stripped; tooltips, alt texts,
placeholders and button labels included (tests/web/visible_text.py).

The pages are the URL matrix's table (tests/web/test_url_matrix.py, which fails when a URL pattern
is missing from it) on its world, plus every page of the seed plan with demo data and reporting
items in every state (tests/web/words_world.py). Posts are sent too: the pages and messages they
answer with are read. The admin's own words are read (headings, labels, column heads, buttons),
not the stored data it lists; login names are data there (the account pages manage them).

Every table that stays a table on a phone sits in a .table-wrap--scroll (it scrolls sideways with
a visible cue); the cue itself is looked at in the phone screenshots.

Allowed Latin: the short list below, and what the stored plan itself writes (its titles, texts,
indicator and unit names: "PM2.5", "5G", a road called G104) or a user named (a file's name) —
those are quoted as written, never the application's words.
"""

from __future__ import annotations

import re

import pytest
from django.contrib.auth import get_user_model
from django.test import Client

from .test_url_matrix import (
    ADMIN_SITE,
    PAGES,
    PROBLEMS,
    PROJECTS,
    REPORTING,
    RESPONSIBILITIES,
    SUPERVISION,
    TODAY,
    Case,
    admin_model_cases,
    send,
)
from .url_world import build_world
from .visible_text import admin_chrome_text, latin_terms, period_codes, visible_text
from .words_world import seed_world

pytestmark = pytest.mark.django_db

# Terms Chinese government staff write in Latin letters themselves (the names of a file format,
# an interface, common statistics). Not a place for words a page could say in Chinese.
ALLOWED = {
    "API",  # the footer's 数据接口（API）说明: how the units' IT staff know it
    "Excel",  # the reporting template, as every unit calls it
    "PDF",  # an evidence file type, as everyone calls it
    "Word",  # the 责任分解表 download (Word 文档), beside its Excel twin
    "IP",  # IP 地址: the audit record's column (GB/T 22239 asks for it), the standard Chinese term
}
ROLES = ("office", "reporter", "leader", "auditor")


def quoted_terms() -> set[str]:
    """Latin terms the plans and the users wrote: shown as written, so allowed."""
    from planwatch.indicators.models import Indicator
    from planwatch.plans.models import Article, Chapter, Milestone, Plan
    from planwatch.projects.models import Project, ProjectPhoto
    from planwatch.reporting.models import Evidence
    from planwatch.units.models import Unit

    texts = [
        *Plan.objects.values_list("title", flat=True), *Plan.objects.values_list("source_name", flat=True),
        *Chapter.objects.values_list("title", flat=True), *Article.objects.values_list("title", flat=True),
        *Article.objects.values_list("text", flat=True), *Indicator.objects.values_list("name", flat=True),
        *Milestone.objects.values_list("text", flat=True), *Unit.objects.values_list("name", flat=True),
        *Evidence.objects.values_list("name", flat=True), *Project.objects.values_list("code", flat=True),
        *Project.objects.values_list("name", flat=True), *ProjectPhoto.objects.values_list("name", flat=True),
    ]  # fmt: skip
    return latin_terms("\n".join(t for t in texts if t))


def seed_pages(names: dict) -> list[str]:
    """Every page of the seed plan: plan, search, articles, indicators (and their filters),
    units, reporting pages of its items, the review queue and the calendar."""
    from planwatch.plans.models import Article
    from planwatch.reporting.models import ArticleReport, Submission
    from planwatch.units.models import Unit

    plan = names["seed_id"]
    articles = Article.objects.filter(plan_id=plan)
    units = Unit.objects.filter(articles__plan_id=plan).distinct()
    return [
        "/", f"/?plan={plan}", f"/plans/{plan}/", f"/plans/{plan}/?q=产业",
        f"/indicators/?plan={plan}", f"/indicators/?plan={plan}&status=behind",
        *[f"/articles/{pk}/" for pk in articles.values_list("pk", flat=True)],
        *[f"/indicators/{pk}/" for pk in articles.values_list("indicators__pk", flat=True) if pk],
        *[f"/units/{pk}/" for pk in units.values_list("pk", flat=True)],
        f"/reporting/units/{names['reporter_unit']}/",
        *[f"/reporting/submissions/{pk}/" for pk in Submission.objects.values_list("pk", flat=True)],
        *[f"/reporting/reports/{pk}/" for pk in ArticleReport.objects.values_list("pk", flat=True)],
        "/reporting/review/", f"/reporting/calendar/{plan}/", "/reporting/notifications/",
        f"/responsibilities/{plan}/", f"/responsibilities/{plan}/?unassigned=1&differs=1&chapter=2",
        "/audit/", "/audit/?action=approve", "/audit/?object_type=reporting.submission",
    ]  # fmt: skip


@pytest.fixture
def world(seed, small_plan, office, reporter, other_reporter, leader, auditor, reporter_unit, other_unit,
          settings, tmp_path, monkeypatch):  # fmt: skip
    from planwatch.reporting import clock

    settings.DATA_DIR = tmp_path  # evidence files
    monkeypatch.setattr(clock, "today", lambda: TODAY)
    names = build_world(small_plan, reporter, other_reporter, leader, reporter_unit, other_unit)
    names.update(seed_world(plan=seed, office=office, reporter=reporter, reporter_unit=reporter_unit, on=TODAY))
    return names


def foreign_words(html: str, allowed: set[str], *, admin: bool = False) -> dict[str, str]:
    """{word or code: the line of text it stands in} for everything not plain Chinese."""
    text = admin_chrome_text(html) if admin else visible_text(html)
    found = {}
    for line in text.splitlines():
        for word in (latin_terms(line) - allowed) | period_codes(line):
            found.setdefault(word, line[:80])
    return found


def unmarked_wide_tables(html: str) -> int:
    """Tables that stay tables on a phone (not .table--cards) outside a .table-wrap--scroll: they
    would be cut off on the right with no sign that they scroll."""
    count = 0
    for match in re.finditer(r'<table class="table(?![^"]*table--cards)[^"]*"', html):
        wrapper = html.rfind('<div class="table-wrap', 0, match.start())
        count += wrapper < 0 or "table-wrap--scroll" not in html[wrapper : html.find(">", wrapper)]
    return count


def read(client: Client, case: Case, names: dict):
    """The page a person ends on: redirects followed (a post's message is on the next page)."""
    response = send(client, case, names)
    while response.status_code in (301, 302) and response["Location"].startswith("/"):
        response = client.get(response["Location"])
    return response


def is_page(response) -> bool:
    return response.get("Content-Type", "").startswith("text/html")


@pytest.mark.parametrize("role", ROLES)
def test_every_page_is_plain_chinese(request, role, world):
    client = request.getfixturevalue(role).client
    allowed = ALLOWED | quoted_terms()
    cases = [c for c in PAGES + REPORTING + RESPONSIBILITIES + SUPERVISION + PROBLEMS + PROJECTS if not c.route.startswith("accounts/logout")]
    cases += [Case(url, url, {}) for url in seed_pages(world)]
    found: dict[str, dict] = {}
    for case in cases:
        response = read(client, case, world)
        if not is_page(response):
            continue
        html, where = response.content.decode(), f"{case.method.upper()} {case.url.format(**world)}"
        if words := foreign_words(html, allowed):
            found[where] = words
        if unmarked_wide_tables(html):
            found.setdefault(where, {})["表格"] = "在手机上没有左右滑动提示（缺 table-wrap--scroll）"
    logins = set(get_user_model().objects.values_list("username", flat=True))
    for case in ADMIN_SITE + admin_model_cases():
        response = read(client, case, world)
        html = response.content.decode()
        if is_page(response) and (words := foreign_words(html, allowed | logins, admin=True)):
            found[f"后台 {case.url.format(**world)}"] = words
    assert not found, "不是中文的文字：\n" + "\n".join(f"{url}: {words}" for url, words in found.items())


def test_signed_out_pages_are_plain_chinese(client):
    """The login page and what a stranger meets."""
    found = {}
    for url in ("/accounts/login/", "/admin/login/", "/no-such-page/"):
        response = client.get(url)
        if words := foreign_words(response.content.decode(), ALLOWED, admin=url.startswith("/admin")):
            found[url] = words
    assert found == {}


# ---------------------------------------------------------------- the reading rules themselves
def test_visible_text_reads_what_a_person_sees():
    html = (
        '<html><head><title>总览</title><style>.a{color:red}</style><script>var x = "hidden";</script></head>'
        '<body><p title="提示 Tip">正文 text</p><input type="submit" value="保存 Save">'
        '<input type="hidden" name="period" value="2024Q4"><img alt="图 chart"></body></html>'
    )
    text = visible_text(html)
    assert latin_terms(text) == {"Tip", "text", "Save", "chart"}
    assert "hidden" not in text and "color" not in text and "2024Q4" not in text


@pytest.mark.parametrize(
    ("text", "codes"),
    [("2024Q4", {"2024Q4"}), ("截至 Q1", {"Q1"}), ("2024H1 数据", {"2024H1"}), ("2024-06", {"2024-06"}),
     ("2024年第四季度", set()), ("PM2.5 下降", set()), ("G104 国道", set())],
)  # fmt: skip
def test_period_codes_are_found(text, codes):
    assert period_codes(text) == codes


def test_terms_keep_their_joiners():
    assert latin_terms("PM2.5、R&D 经费、5G 基站、1.5万") == {"PM2.5", "R&D", "5G"}
    assert re.fullmatch(r"\d+", "2025") and latin_terms("2025年") == set()


def test_wide_tables_are_found_without_their_scroll_cue():
    assert unmarked_wide_tables('<div class="table-wrap card"><table class="table">') == 1
    assert unmarked_wide_tables('<table class="table table--data">') == 1
    assert unmarked_wide_tables('<div class="table-wrap table-wrap--scroll"><table class="table">') == 0
    assert unmarked_wide_tables('<div class="table-wrap"><table class="table table--cards">') == 0
