"""Static files (issue 20, web/static_files.py): collected at start-up with hashed names and gzip
copies, served compressed with a year's immutable cache header; before that, and in a process
that did not collect, the plain names the finders serve."""

from __future__ import annotations

import re

import pytest
from django.test import Client

pytestmark = pytest.mark.django_db


@pytest.fixture
def static_root(settings, tmp_path, monkeypatch):
    from planwatch.web import static_files

    monkeypatch.setattr(static_files, "_collected", False)  # undone after the test
    settings.STATIC_ROOT = str(tmp_path / "static")
    return tmp_path / "static"


def assets(client) -> list[str]:
    html = client.get("/accounts/login/").content.decode()
    return re.findall(r'(?:src|href)="(/static/[^"]+)"', html)


def test_without_collecting_pages_link_the_plain_names_and_they_are_served(static_root):
    static_root.mkdir()
    (static_root / "staticfiles.json").write_text('{"version": "1.1", "paths": {"web/app.js": "web/app.0123456789ab.js"}}')
    client = Client()
    links = assets(client)  # an old collection in STATIC_ROOT is not trusted
    assert "/static/web/app.js" in links and "/static/web/planwatch.css" in links
    for url in links:
        assert client.get(url).status_code == 200, url


def test_collected_files_are_hashed_compressed_and_cached_for_a_year(static_root):
    from planwatch.web.static_files import collect

    assert collect() is True
    assert (static_root / "vendor" / "echarts-6.1.0.min.js.gz").exists()
    client = Client()
    links = assets(client)
    app = next(url for url in links if url.startswith("/static/web/app."))
    assert re.fullmatch(r"/static/web/app\.[0-9a-f]{12}\.js", app)
    answer = client.get(app, headers={"Accept-Encoding": "gzip"})
    assert answer.status_code == 200
    assert answer["Content-Encoding"] == "gzip"
    assert answer["Cache-Control"] == "max-age=315360000, public, immutable"
    plain = client.get("/static/web/app.js")  # still served, briefly cached: its name does not change
    assert plain.status_code == 200 and "immutable" not in plain["Cache-Control"]
    assert collect() is False  # nothing changed: nothing to do
