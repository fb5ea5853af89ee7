"""Malformed ids and numbers at the edge: a clear Chinese answer (400 / 404 / 422, JSON on the
API, the site's error page otherwise), never a 500. Ids beyond 64 bits overflow SQLite
(OverflowError) and PostgreSQL (bigint out of range); "1²" passes str.isdigit() but not int()."""

from __future__ import annotations

import re
from urllib.parse import quote

import pytest
from django.urls import URLPattern, URLResolver, get_resolver

HUGE = str(2**70)
SUPER = "1²"  # the URL-encoded form is 1%C2%B2
BAD_VALUES = (HUGE, SUPER, "abc", "-1", "1.5", "", "٣", "0x10", " 7 ")


def test_the_review_filter_with_a_bad_plan_is_a_chinese_400_page(office):
    for value in ("abc", HUGE, SUPER):
        response = office.client.get("/reporting/review/", {"plan": value})
        page = response.content.decode()
        assert response.status_code == 400
        assert "请求无法处理" in page and f"链接中的计划编号无效（“{value}”），请从页面上的链接重新进入" in page
        assert "<nav" in page  # the site's own page, with its navigation
    assert office.client.get("/reporting/review/", {"unit": SUPER}).status_code == 400
    assert office.client.get("/reporting/review/", {"plan": ""}).status_code == 200


@pytest.mark.parametrize("path", ["/api/v1/plans/1%C2%B2", "/api/v1/units/1%C2%B2"])
def test_a_superscript_digit_in_a_reference_is_a_404(office, small_plan, path):
    response = office.client.get(path)
    assert response.status_code == 404
    assert response.json()["detail"].startswith(("未找到计划：1²", "未找到责任单位：1²"))


def test_unit_filter_with_a_superscript_digit_is_a_404(office, small_plan):
    response = office.client.get("/api/v1/indicators", {"unit": SUPER})
    assert (response.status_code, response.json()) == (404, {"detail": "未找到责任单位：1²"})


@pytest.mark.parametrize(
    ("path", "field", "label"),
    [
        ("/api/v1/indicators?offset=" + HUGE, "offset", "偏移量"),
        ("/api/v1/indicators?article=" + HUGE, "article", "条目"),
        ("/api/v1/submissions?indicator=" + HUGE, "indicator", "指标"),
        ("/api/v1/indicators/" + HUGE, "indicator_id", "指标编号"),
    ],
)
def test_integers_beyond_64_bits_are_a_chinese_422(office, small_plan, path, field, label):
    response = office.client.get(path)
    assert response.status_code == 422
    (error,) = response.json()["detail"]
    assert error["loc"][-1] == field
    assert error["msg"] == f"{label}：不能大于 9223372036854775807"


def test_a_body_id_beyond_64_bits_is_a_chinese_422(office, small_plan):
    body = {"indicator": 2**70, "period": "2024", "value": "1"}
    response = office.client.post("/api/v1/observations", body, content_type="application/json")
    assert response.status_code == 422
    assert response.json()["detail"][0]["msg"] == "指标：不能大于 9223372036854775807"


def _patterns(resolver=None, prefix=""):
    for entry in (resolver or get_resolver()).url_patterns:
        route = prefix + str(entry.pattern)
        if isinstance(entry, URLResolver):
            if "admin" in route or "api/v1" in route:  # the admin is Django's; the API is fuzzed apart
                continue
            yield from _patterns(entry, route)
        elif isinstance(entry, URLPattern) and "<" in route:
            yield route


def test_every_page_with_a_bad_id_answers_without_a_server_error(office, small_plan):
    routes = sorted(set(_patterns()))
    assert len(routes) >= 10  # the site's pages with ids: indicators, units, reporting …
    answers = {}
    for route in routes:
        for value in (HUGE, quote(SUPER), "0"):
            url = "/" + re.sub(r"<(?:\w+:)?\w+>", value, route)
            answers[url] = office.client.get(url).status_code
    assert all(code < 500 for code in answers.values()), {u: c for u, c in answers.items() if c >= 500}


@pytest.mark.parametrize(
    "name", ["plan", "unit", "chapter", "status", "page", "period", "q", "as_of", "kind"]
)
def test_every_list_page_survives_bad_query_values(office, small_plan, name):
    pages = ["/", "/plans/", "/indicators/", "/units/", "/audit/", "/reporting/review/", "/reporting/calendar/",
             f"/plans/{small_plan.plan.pk}/", f"/indicators/{small_plan.own.indicator.pk}/"]  # fmt: skip
    for page in pages:
        for value in BAD_VALUES:
            code = office.client.get(page, {name: value}).status_code
            assert code in (200, 302, 400, 404), (page, name, value, code)
