"""The plan page in a browser (issue 20): the first chapters at once, the others as the reader
scrolls to them (htmx), the chapter menu leading to a chapter not yet loaded, search across all
of them, and a phone-width page that does not overflow.

`PLANWATCH_SCREENSHOTS=<dir>` also saves the page at desktop and phone width there."""

from __future__ import annotations

import os

from .conftest import PHONE, api_get, load_every_chapter, no_horizontal_overflow, visit


def shoot(page, name: str) -> None:
    folder = os.environ.get("PLANWATCH_SCREENSHOTS")
    if folder:
        page.screenshot(path=os.path.join(folder, f"plan-lazy-{name}.png"), full_page=True)


def test_chapters_load_as_the_reader_scrolls(sessions, server, site):
    page = sessions.page("office")
    visit(page, server.url, f"/plans/{site.plan}/")
    _, articles = api_get(page, f"/plans/{site.plan}/articles")
    first = page.locator("article.article").count()
    assert 0 < first < articles["count"] == 47
    assert page.locator("section.chapter--lazy").count() == 9  # 三、 to 十一、
    shoot(page, "desktop")
    load_every_chapter(page)
    assert page.locator("article.article").count() == 47


def test_the_chapter_menu_opens_a_chapter_not_yet_loaded(sessions, server, site):
    page = sessions.page("office")
    visit(page, server.url, f"/plans/{site.plan}/")
    page.locator("nav.toc a", has_text="十一、保障措施").click()
    chapter = page.locator("#chapter-11")
    chapter.locator("article.article").first.wait_for()
    assert chapter.locator("article.article").count() == 4


def test_search_finds_articles_of_chapters_not_loaded(sessions, server, site):
    page = sessions.page("office")
    visit(page, server.url, f"/plans/{site.plan}/")
    assert page.locator("#chapter-11.chapter--lazy").count() == 1
    page.fill("#plan-q", "保障")
    results = page.locator("#plan-search-results li")
    results.first.wait_for()
    assert "十一、保障措施" in page.locator("#plan-search-results").inner_text()


def test_the_lazy_plan_page_fits_a_phone(sessions, server, site):
    page = sessions.page("office", PHONE)
    visit(page, server.url, f"/plans/{site.plan}/")
    no_horizontal_overflow(page)
    shoot(page, "phone")
    load_every_chapter(page)
    no_horizontal_overflow(page)
