"""Every error answer in Chinese in the site's layout (JSON under /api/): 400 (a form with 3,000
fields), 413 (a body over the limit), 403, 404, 500, and a refused CSRF token."""

from __future__ import annotations

import json

from django.test import Client, RequestFactory

from planwatch.web import errors

LAYOUT = ('<header class="topbar" id="topbar">', '<footer class="footer">')  # the site's base template


def page_of(response) -> str:
    return response.content.decode()


def assert_site_page(response, status: int, *phrases: str) -> None:
    text = page_of(response)
    assert response.status_code == status, text[:500]
    assert response["Content-Type"].startswith("text/html")
    assert all(part in text for part in LAYOUT) and f'<div class="code">{status}</div>' in text
    for phrase in phrases:
        assert phrase in text
    for english in ("Bad Request", "Forbidden", "Not Found", "Server Error", "CSRF verification failed"):
        assert english not in text


def browser_like(reporter_unit) -> Client:
    """A signed-in client that checks CSRF as the site does for a browser: the middleware reads
    every form posted, so the limits apply before any view runs."""
    from tests.conftest import make_user

    client = Client(enforce_csrf_checks=True)
    client.force_login(make_user("browser-reporter", "reporter", reporter_unit))
    client.get("/reporting/notifications/")  # a page first: its CSRF cookie, as a browser has
    return client


def test_a_form_with_3000_fields_gets_the_chinese_400_page(reporter_unit):
    data = {f"f{i}": "1" for i in range(3000)}
    response = browser_like(reporter_unit).post("/reporting/notifications/", data)
    assert_site_page(response, 400, "一次提交的内容过多", "请分批保存", "退出")  # 退出: logged-in nav


def test_a_body_over_the_limit_gets_the_chinese_413_page(reporter_unit, settings):
    settings.DATA_UPLOAD_MAX_MEMORY_SIZE = 1000
    response = browser_like(reporter_unit).post("/reporting/notifications/", {"note": "字" * 2000})
    assert_site_page(response, 413, "提交的内容过大")


def test_403_and_404_pages(reporter, other_unit):
    assert_site_page(reporter.client.get(f"/reporting/units/{other_unit.pk}/"), 403, "无权进行此操作")
    assert_site_page(reporter.client.get("/no/such/page/"), 404, "页面不存在")


def test_a_missing_csrf_token_gets_the_chinese_page(reporter_unit):
    response = browser_like(reporter_unit).post("/reporting/notifications/", {"action": "submit"})
    assert_site_page(response, 403, "页面已过期", "请刷新页面后重新提交")


def test_the_500_page_needs_no_request_and_no_database(db):
    response = errors.server_error(RequestFactory().get("/indicators/"))
    assert_site_page(response, 500, "系统出错", "请稍后重试")
    assert "退出" not in page_of(response)  # rendered without the user: no database needed


def test_api_errors_stay_json(office):
    response = office.client.get("/api/v1/no-such-endpoint")
    assert response.status_code == 404 and response["Content-Type"].startswith("application/json")
    assert json.loads(response.content)["detail"]
    fields = {f"f{i}": "1" for i in range(3000)}
    response = errors.bad_request(RequestFactory().post("/api/v1/observations", fields),
                                  errors.TooManyFieldsSent("too many"))  # fmt: skip
    assert response.status_code == 400 and json.loads(response.content) == {"detail": errors.TOO_MANY_FIELDS}
    response = errors.server_error(RequestFactory().get("/api/v1/plans"))
    assert response.status_code == 500 and json.loads(response.content) == {"detail": errors.SERVER_ERROR}
