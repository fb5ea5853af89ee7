"""Playwright end-to-end tests in Debian's chromium, run by the normal `pytest` command.

How they run (and why):

- One chromium for the whole folder (`browser`, package scope), headless, launched from
  /usr/bin/chromium — never a downloaded browser. Without it the folder is skipped with the reason
  (CI installs it, so there they run).
- One live server for the folder (`server`): Django's LiveServerThread on the test database
  (SQLite in memory, or PostgreSQL when PLANWATCH_DATABASE_URL names one), so the pages, the
  API and the reporting clock are the very code under test. It is not pytest-django's
  `live_server` fixture, which would flush the database after every test; instead each test
  module builds its data once (`site`, module scope) and flushes the database when it ends, so
  the logged-in browser contexts of one module (`sessions`, one per role) are shared by its tests.
- Playwright's sync API keeps an event loop in this thread, so Django would refuse ORM calls
  from it: DJANGO_ALLOW_ASYNC_UNSAFE is set while the folder runs (and restored after). The tests
  themselves touch the database only while building and removing a module's data; everything
  else they check the way a user or a script would, through pages and the JSON API. Connections
  are closed before the data is flushed and when the folder ends, so PostgreSQL can drop the test
  database afterwards.
- Every page any test opens is watched: a console error, an uncaught script error or a CSP
  violation fails the test (`console`); a test that provokes a 403 or 404 on purpose says so
  with `console.expect_status(...)`.
"""

from __future__ import annotations

import contextlib
import os
import re
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from types import SimpleNamespace

import pytest

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync", "--no-first-run"]  # fmt: skip
DESKTOP = {"width": 1366, "height": 900}
PHONE = {"width": 390, "height": 844}
PASSWORD = "Kx7#planwatch-e2e"
ROLES = ("office", "reporter", "other_reporter", "leader", "auditor")
# The names the pages show (login names are the role codes).
DISPLAY_NAMES = {"office": "王敏", "reporter": "李强", "other_reporter": "赵磊", "leader": "陈静", "auditor": "刘洋"}
REPORTER_UNIT, OTHER_UNIT = "区发展改革局", "区科技局"
TODAY = date(2026, 1, 3)  # the reporting clock: 2025Q4 is due on 2026-01-05
HERE = Path(__file__).resolve().parent

# Reported by chromium itself for a response that is not 2xx: expected where a test asks for it.
HTTP_ERROR = re.compile(r"Failed to load resource: the server responded with a status of (\d{3})")
# Every page gets this before its own scripts: CSP violations also arrive as console errors.
CSP_LISTENER = """
document.addEventListener("securitypolicyviolation", function (e) {
  console.error("CSP violation: " + e.violatedDirective + " blocked " + (e.blockedURI || "inline") +
                " in " + e.sourceFile + ":" + e.lineNumber);
});
"""


def pytest_collection_modifyitems(config, items):
    """Mark this folder's tests as using the database (so pytest-django creates the test
    database even when they run alone); skip them, and only them, where chromium is missing."""
    skip = pytest.mark.skip(reason=f"{CHROMIUM} is not installed (apt-get install chromium fonts-noto-cjk)")
    for item in items:
        if HERE in Path(str(item.path)).parents:
            item.add_marker(pytest.mark.django_db)
            if not CHROMIUM.exists():
                item.add_marker(skip)


@pytest.fixture
def _django_db_helper():
    """pytest-django's per-test database handling (a transaction rolled back, or a flush, after
    every test), replaced here: the data belongs to the module (`site`) and the live server."""


# ---------------------------------------------------------------- console watch
@dataclass
class Console:
    """Console errors, page errors and CSP violations of every page of every context."""

    errors: list[str] = field(default_factory=list)
    allowed: list[re.Pattern] = field(default_factory=list)

    def watch(self, context) -> None:
        context.add_init_script(CSP_LISTENER)
        context.on("console", self._console)
        context.on("weberror", lambda e: self._add(f"{e.page.url if e.page else ''}: {e.error}"))

    def _console(self, message) -> None:
        if message.type != "error":
            return
        source = (message.location or {}).get("url", "")
        # Chromium asks every page without an icon link (the Django admin's) for /favicon.ico.
        if source.endswith("/favicon.ico") and HTTP_ERROR.search(message.text):
            return
        page = message.page.url if message.page else ""
        self._add(f"{page}: {message.text}" + (f" ({source})" if source and source != page else ""))

    def _add(self, text: str) -> None:
        if not any(pattern.search(text) for pattern in self.allowed):
            self.errors.append(text)

    def expect_status(self, *statuses: int) -> None:
        """The test provokes these HTTP answers on purpose (and asserts them itself): chromium's
        "status of 403" lines are not errors for the rest of this test. (For the rest of the
        test, not a block: chromium's line may arrive after the call that caused it returns.)"""
        self.allowed += [re.compile(rf"status of {s}\b") for s in statuses]

    def take(self) -> list[str]:
        """The errors so far; and a fresh start (for the next test)."""
        found, self.errors, self.allowed = self.errors, [], []
        return found


@pytest.fixture(scope="package")
def console() -> Console:
    return Console()


@pytest.fixture(autouse=True)
def no_console_errors(request, console):
    """Fail the test when any page it opened logged an error (checked once the test is done)."""
    console.take()
    yield
    errors = console.take()
    if errors and getattr(request.node, "rep_call_passed", False):
        pytest.fail("browser console errors:\n" + "\n".join(errors), pytrace=False)


@pytest.hookimpl(wrapper=True, tryfirst=True)
def pytest_runtest_makereport(item, call):
    report = yield
    if report.when == "call":
        item.rep_call_passed = report.passed
    return report


# ---------------------------------------------------------------- browser, server, data
@pytest.fixture(scope="package")
def browser():
    from playwright.sync_api import sync_playwright

    previous = os.environ.get("DJANGO_ALLOW_ASYNC_UNSAFE")
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    try:
        with sync_playwright() as playwright:
            chromium = playwright.chromium.launch(
                executable_path=str(CHROMIUM), headless=True, args=CHROMIUM_ARGS
            )
            yield chromium
            chromium.close()
    finally:
        if previous is None:
            os.environ.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)
        else:
            os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = previous


@pytest.fixture(scope="package")
def server(django_db_setup, django_db_blocker):
    """A live server on the test database for the whole folder (database access unblocked).

    It answers one request at a time: on SQLite the test database lives in memory and the server
    shares the tests' one connection, so two requests at once (a page's two charts fetch their
    data together) would interleave their transactions on it. The real server (waitress, a file
    database, a connection per thread) has no such limit; serving one at a time costs nothing here.
    """
    from django.core.servers.basehttp import WSGIServer
    from django.db import connections
    from pytest_django.live_server_helper import LiveServer

    class OneAtATime(WSGIServer):
        def __init__(self, *args, connections_override=None, **kwargs):
            super().__init__(*args, **kwargs)  # requests run in the server's thread, which has them

    with django_db_blocker.unblock():
        live = LiveServer("localhost", start=False)
        live.thread.server_class = OneAtATime
        live.start()
        live._live_server_modified_settings.enable()
        try:
            yield live
        finally:
            live._live_server_modified_settings.disable()
            live.stop()
            connections.close_all()


@pytest.fixture(scope="module")
def site(server, browser, request):
    """The seed plan with demo data, a reporting calendar and a user per role (all with
    PASSWORD); the clock of the reporting cycle stopped at TODAY. Flushed when the module ends."""
    from django.core.management import call_command
    from django.db import connections

    from planwatch.reporting import clock

    patch = pytest.MonkeyPatch()
    patch.setattr(clock, "today", lambda: TODAY)
    try:
        yield build_site()
    finally:
        patch.undo()
        connections.close_all()
        call_command("flush", interactive=False, verbosity=0)
        connections.close_all()


def build_site() -> SimpleNamespace:
    from django.db import transaction
    from django.utils import timezone

    from planwatch.accounts import services as accounts
    from planwatch.indicators.models import Indicator
    from planwatch.reporting.services.calendar import sync_rules, update_calendar
    from planwatch.responsibilities.services import assign_leads
    from planwatch.units.services import resolve_unit
    from planwatch.web import demo_setup

    with transaction.atomic():
        plan, _ = demo_setup.ensure_plan()
        demo_setup.fill_demo_data(plan, timezone.localdate())
        units = {"reporter": resolve_unit(REPORTER_UNIT), "other_reporter": resolve_unit(OTHER_UNIT)}
        # The office's 责任分解 (the seed names no leads): the two articles the tests report on.
        keys = [f"a{plan.articles.get(label=label).pk}" for label in ("（八）", "（二十八）")]
        assign_leads(actor="e2e", plan=plan, keys=keys, unit=units["reporter"])
        sync_rules(actor="e2e", plan=plan)
        update_calendar(actor="e2e", plan=plan, starts_on=date(2025, 10, 1))
        for role in ROLES:
            accounts.create_user(actor="e2e", username=role, role=role.replace("other_", ""),
                                 unit=units.get(role), password=PASSWORD, must_change_password=False,
                                 display_name=DISPLAY_NAMES[role])  # fmt: skip
    indicators = {i.name: i.pk for i in Indicator.objects.filter(plan=plan)}
    return SimpleNamespace(plan=plan.pk, plan_name=plan.name, indicators=indicators,
                           articles={a.label: a.pk for a in plan.articles.all()},
                           units={role: unit.pk for role, unit in units.items()})  # fmt: skip


# ---------------------------------------------------------------- logged-in contexts
class Sessions:
    """One browser context per role, logged in through the login form once and reused by every
    test of the module; more pages (another viewport) share its cookies."""

    def __init__(self, browser, base: str, console: Console) -> None:
        self.browser, self.base, self.console = browser, base, console
        self.contexts: dict[tuple[str, str], object] = {}

    def context(self, role: str | None, viewport: dict = DESKTOP):
        key = (role or "anonymous", f"{viewport['width']}x{viewport['height']}")
        if key not in self.contexts:
            desktop = self.contexts.get((role, "1366x900")) if role else None
            state = desktop.storage_state() if desktop is not None else None
            context = self.browser.new_context(viewport=viewport, locale="zh-CN", storage_state=state,
                                               accept_downloads=True)  # fmt: skip
            context.set_default_timeout(15_000)
            self.console.watch(context)
            if role and state is None:
                login(context.new_page(), self.base, role)
            self.contexts[key] = context
        return self.contexts[key]

    def page(self, role: str | None, viewport: dict = DESKTOP):
        """A page of the role's context (the context's first page is reused)."""
        context = self.context(role, viewport)
        return context.pages[0] if context.pages else context.new_page()

    def close(self) -> None:
        for context in self.contexts.values():
            context.close()
        self.contexts.clear()


def login(page, base: str, username: str, password: str = PASSWORD) -> None:
    """Through the login form, as a person would."""
    page.goto(base + "/accounts/login/")
    page.fill("#id_username", username)
    page.fill("#id_password", password)
    page.click("button[type=submit]")
    page.wait_for_url(base + "/")


@pytest.fixture(scope="module")
def sessions(site, browser, server, console):
    sessions = Sessions(browser, server.url, console)
    yield sessions
    sessions.close()


# ---------------------------------------------------------------- helpers for tests
def visit(page, base: str, path: str, status: int = 200):
    """Open `path`; the answer must be `status`, and the page fully loaded."""
    response = page.goto(base + path)
    assert response is not None and response.status == status, (path, response and response.status)
    page.wait_for_load_state("load")
    return response


def api_get(page, path: str):
    """GET /api/v1/… with the page's session (as the page's own scripts do); (status, json)."""
    return page.evaluate(
        """async (path) => {
            const r = await fetch(path, {credentials: "same-origin", headers: {Accept: "application/json"}});
            return [r.status, await r.json()];
        }""",
        "/api/v1" + path,
    )


def api_post(page, path: str, body: dict):
    """POST JSON with the session and the page's CSRF token (the docs page does the same)."""
    return page.evaluate(
        """async ([path, body]) => {
            const token = (document.cookie.match(/csrftoken=([^;]+)/) || [])[1] ||
                          (document.querySelector("[name=csrfmiddlewaretoken]") || {}).value;
            const r = await fetch(path, {method: "POST", credentials: "same-origin",
                headers: {"Content-Type": "application/json", "X-CSRFToken": token}, body: JSON.stringify(body)});
            return [r.status, await r.json()];
        }""",
        ["/api/v1" + path, body],
    )


def load_every_chapter(page) -> None:
    """Scroll to each chapter the plan page has not loaded yet; htmx brings its articles."""
    from playwright.sync_api import Error as PlaywrightError
    lazy = page.locator("section.chapter--lazy")
    for _ in range(60):
        if lazy.count() == 0:
            return
        key = lazy.first.get_attribute("id")
        chapter = page.locator(f"#{key}.chapter--lazy")
        with contextlib.suppress(PlaywrightError):  # swapped in already: in view once the one before loaded
            chapter.scroll_into_view_if_needed(timeout=5_000)
        chapter.wait_for(state="detached", timeout=10_000)
    raise AssertionError("chapters still not loaded")


def no_horizontal_overflow(page) -> None:
    width, inner = page.evaluate("[document.documentElement.scrollWidth, window.innerWidth]")
    assert width <= inner, f"{page.url}: page is {width}px wide in a {inner}px window"


def charts_drawn(page) -> list[dict]:
    """Wait for every [data-chart] to draw; each one's canvas size."""
    page.wait_for_function(
        """() => [...document.querySelectorAll("[data-chart]")].every(
               el => el.querySelector("canvas") || el.querySelector(".chart__empty"))"""
    )
    return page.evaluate(
        """() => [...document.querySelectorAll("[data-chart]")].map(el => {
               const c = el.querySelector("canvas");
               return {chart: el.dataset.chart, width: c ? c.clientWidth : 0, height: c ? c.clientHeight : 0,
                       empty: el.querySelector(".chart__empty") ? el.textContent.trim() : null};
           })"""
    )
