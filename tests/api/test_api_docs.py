"""The OpenAPI page (/api/v1/docs) loads nothing from outside: our template, vendored swagger-ui,
no inline script or style, under the site's CSP."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from django.contrib.staticfiles import finders
from django.test import Client

from planwatch.api.docs import SWAGGER_UI_DIR, SWAGGER_UI_VERSION

from .conftest import url

pytestmark = pytest.mark.django_db


@pytest.fixture
def page():
    response = Client().get(url("/docs"))
    assert response.status_code == 200
    return response


def test_the_page_names_no_outside_address(page):
    html = page.content.decode()
    assert re.findall(r"(?:https?:)?//[\w.-]+", html) == []
    assert "cdn" not in html.lower()
    assert 'data-schema-url="/api/v1/openapi.json"' in html


def test_scripts_and_styles_are_our_static_files(page):
    html = page.content.decode()
    scripts = re.findall(r'<script src="/static/([^"]+)"></script>', html)
    styles = re.findall(r'<link rel="stylesheet" href="/static/([^"]+)">', html)
    assert scripts == [f"{SWAGGER_UI_DIR}/swagger-ui-bundle.js", "api/docs.js"]
    assert styles == [f"{SWAGGER_UI_DIR}/swagger-ui.css", "api/docs.css"]
    for path in scripts + styles:
        assert finders.find(path), path
    assert html.count("<script") == len(scripts)  # nothing inline
    assert "<style" not in html and " style=" not in html


def test_the_vendored_swagger_ui_is_complete():
    assert SWAGGER_UI_VERSION.startswith("5.")
    for name in ("swagger-ui-bundle.js", "swagger-ui.css", "LICENSE", "NOTICE"):
        assert finders.find(f"{SWAGGER_UI_DIR}/{name}"), name
    start = Path(finders.find("api/docs.js")).read_text(encoding="utf-8")
    assert "validatorUrl: null" in start  # no badge fetched from validator.swagger.io


def test_the_page_is_served_under_the_csp(page):
    policy = page["Content-Security-Policy"]
    assert "script-src 'self'" in policy and "style-src 'self'" in policy
    assert "unsafe-inline" not in policy


def test_the_page_carries_the_csrf_token_for_session_calls(office):
    html = office.client.get(url("/docs")).content.decode()
    token = re.search(r'data-csrf-token="([^"]+)"', html)
    assert token and len(token.group(1)) >= 32
