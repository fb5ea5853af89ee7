"""People are named by name and unit (or role), never by login name (accounts/people.py)."""

from __future__ import annotations

import pytest
from django.contrib.auth import get_user_model

from planwatch.accounts.people import actor_text, person

pytestmark = pytest.mark.django_db


def test_a_named_reporter_is_named_with_its_unit(reporter):
    reporter.user.profile.display_name = "李强"
    reporter.user.profile.save()
    assert person(reporter.user) == "李强（区发展改革局）"


def test_a_named_office_user_is_named_with_its_role(office):
    office.user.profile.display_name = "王敏"
    office.user.profile.save()
    assert person(office.user) == "王敏（领导小组办公室）"


def test_without_a_name_the_role_and_unit_say_who(reporter, leader):
    assert person(reporter.user) == "责任单位填报员（区发展改革局）"
    assert person(leader.user) == "区领导"


def test_a_superuser_without_profile_and_the_system():
    admin = get_user_model().objects.create_superuser("admin", password=None)
    assert person(admin) == "系统管理员"
    assert person(None) == "系统"


@pytest.mark.parametrize(
    ("stored", "shown"),
    [("命令行:root", "命令行（系统管理员）"), ("命令行:deploy", "命令行（服务器账号）"), ("命令行", "命令行"), ("", "系统")],
)
def test_commands_are_named_without_their_account(stored, shown):
    assert actor_text(None, stored) == shown


def test_the_login_name_never_shows(office):
    assert "office" not in person(office.user)
