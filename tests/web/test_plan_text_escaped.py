"""Plan text is shown as text: markup in an article (a hostile or broken import) never runs."""

from __future__ import annotations

import pytest

pytestmark = pytest.mark.django_db

HOSTILE = '<script>alert(1)</script><img src=x onerror="alert(2)"> 推进<b>数字</b>经济'


@pytest.fixture
def hostile(small_plan):
    article = small_plan.own.article
    article.title = "<script>alert('t')</script>标题"
    article.text = HOSTILE
    article.save()
    milestone = small_plan.own.milestone
    milestone.text = "<img src=x onerror=alert(3)>完成"
    milestone.save()
    indicator = small_plan.own.indicator
    indicator.name = "<svg onload=alert(4)>指标"
    indicator.save()
    return small_plan


def assert_inert(html: str) -> None:
    assert "<script>alert" not in html
    assert "<img src=x" not in html and "<svg onload" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html or "&lt;script&gt;alert(&#x27;t&#x27;)" in html


@pytest.mark.parametrize("actor_name", ["office", "reporter"])
def test_markup_is_escaped_on_every_page(request, actor_name, hostile):
    client = request.getfixturevalue(actor_name).client
    pages = [
        f"/plans/{hostile.plan.pk}/",
        f"/articles/{hostile.own.article.pk}/",
        f"/indicators/{hostile.own.indicator.pk}/",
        "/indicators/",
        "/",
    ]
    for url in pages:
        response = client.get(url)
        assert response.status_code == 200, url
        html = response.content.decode()
        assert "<script>alert" not in html, url
        assert "<img src=x" not in html and "<svg onload" not in html, url
    assert_inert(client.get(f"/articles/{hostile.own.article.pk}/").content.decode())


def test_search_snippet_escapes_around_the_highlight(office, hostile):
    response = office.client.get(
        f"/plans/{hostile.plan.pk}/",
        {"q": "数字"},
        headers={"HX-Request": "true", "HX-Target": "plan-search-results"},
    )
    html = response.content.decode()
    assert "<mark>数字</mark>" in html
    assert "&lt;b&gt;" in html and "<b>" not in html
    assert "<script>alert" not in html and "<img src=x" not in html
