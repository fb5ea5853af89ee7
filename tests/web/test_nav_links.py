"""The main menu is rendered once per combination of what it shows (web/templatetags/web.py,
`nav_links`): the links a role may follow, the current page, the unread badge. Whoever asks
first, each user gets the menu of their own role and their own count, and a count that
changes shows on the next request."""

from __future__ import annotations

import re

import pytest

from planwatch.reporting.models import Notification

pytestmark = pytest.mark.django_db


def _menu(client, url: str = "/") -> str:
    html = client.get(url).content.decode()
    return re.search(r'<nav id="site-nav".*?<span class="nav__sep"', html, re.S).group(0)  # the links


def test_each_role_gets_its_own_links_whoever_asks_first(office, reporter, leader, small_plan):
    office_menu = _menu(office.client)
    assert "导入计划" in office_menu and "审计日志" in office_menu
    for actor in (reporter, leader):
        menu = _menu(actor.client)
        assert "导入计划" not in menu and "审计日志" not in menu and "报送" in menu
    assert _menu(office.client) == office_menu


def test_the_unread_badge_is_the_user_s_own_and_follows_a_change(office, reporter, small_plan):
    note = Notification.objects.create(user=reporter.user, text="请报送")
    Notification.objects.create(user=reporter.user, text="已退回")
    badge = '<span class="nav__badge" title="未读提醒">2</span>'
    assert badge in _menu(reporter.client)
    assert "nav__badge" not in _menu(office.client)
    note.read = True
    note.save()
    assert '<span class="nav__badge" title="未读提醒">1</span>' in _menu(reporter.client)
    Notification.objects.filter(user=reporter.user).update(read=True)
    assert "nav__badge" not in _menu(reporter.client)


def test_the_current_page_is_marked(office, small_plan):
    assert '<a href="/" aria-current="page">总览</a>' in _menu(office.client, "/")
    units = _menu(office.client, "/units/")
    assert '<a href="/units/" aria-current="page">单位</a>' in units
    assert '<a href="/">总览</a>' in units
