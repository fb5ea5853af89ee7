"""The OpenAPI page in Debian's chromium: Swagger UI draws every operation, asks nothing of any
other host, and breaks no CSP rule. Skipped where Playwright or chromium is missing.

The screenshot is left in pytest's temporary folder (`--basetemp=DIR` to keep it somewhere).
"""

from __future__ import annotations

import json
import os
import shutil
from urllib.parse import urlsplit
from urllib.request import urlopen

import pytest

CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(not os.path.exists(CHROMIUM), reason="chromium is not installed"),
]


@pytest.fixture
def browser():
    sync_api = pytest.importorskip("playwright.sync_api")
    # Playwright's sync API runs an event loop in this thread; the live server's ORM use is in
    # another thread, but Django checks the calling thread, so allow it for this test.
    os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
    with sync_api.sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=["--no-sandbox"])
        yield browser
        browser.close()


def test_the_docs_page_renders_offline(live_server, browser, tmp_path):
    page = browser.new_page(viewport={"width": 1280, "height": 900})
    hosts, problems = set(), []
    page.on("request", lambda request: hosts.add(urlsplit(request.url).netloc))
    page.on("console", lambda msg: problems.append(msg.text) if msg.type == "error" else None)
    page.on("pageerror", lambda exc: problems.append(str(exc)))
    page.goto(f"{live_server.url}/api/v1/docs")
    page.wait_for_selector(".opblock-summary", timeout=20_000)
    schema = json.loads(urlopen(f"{live_server.url}/api/v1/openapi.json").read())
    operations = sum(len(ops) for ops in schema["paths"].values())
    assert operations >= 50 and page.locator(".opblock").count() == operations  # every operation, rendered
    assert page.locator(".info .title").inner_text().startswith("行动计划监测数据接口")
    assert "行动计划列表" in page.content()
    page.screenshot(path=str(tmp_path / "api-docs.png"), full_page=False)
    assert hosts == {urlsplit(live_server.url).netloc}
    assert [p for p in problems if "favicon" not in p] == []


def test_a_logged_in_office_tries_a_write_from_the_page(small_plan, office, live_server, browser, tmp_path):
    """Swagger UI's "Try it out" uses the session and sends the page's CSRF token. (No ORM calls
    while the browser runs: inside Playwright's event loop Django would open a second connection.)"""
    from django.conf import settings

    context = browser.new_context(viewport={"width": 1280, "height": 900})
    session = office.client.cookies[settings.SESSION_COOKIE_NAME].value
    context.add_cookies([{"name": settings.SESSION_COOKIE_NAME, "value": session, "url": live_server.url}])
    page = context.new_page()
    page.goto(f"{live_server.url}/api/v1/docs#/指标数据%20observations")
    operation = page.locator(".opblock-post").filter(has_text="/observations").first
    operation.locator(".opblock-summary").click()
    operation.get_by_role("button", name="Try it out").click()
    body = f'{{"indicator": {small_plan.own.indicator.pk}, "period": "2024", "value": 88}}'
    operation.locator("textarea.body-param__text").fill(body)
    operation.get_by_role("button", name="Execute").click()
    status = operation.locator(".live-responses-table tbody .response-col_status").first
    status.wait_for(timeout=20_000)
    page.screenshot(path=str(tmp_path / "api-docs-try-it-out.png"), full_page=False)
    assert status.inner_text().strip().startswith("201")
    answer = operation.locator(".live-responses-table tbody .response-col_description").first.inner_text()
    assert '"entered_by": "office"' in answer and '"value": 88' in answer
    context.close()
