"""`planwatch users add|token|list|unlock`."""

from __future__ import annotations

import hashlib
from io import StringIO

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.core.management.base import CommandError

from planwatch.accounts.models import ApiToken, Profile
from planwatch.accounts.services import user_for_token
from planwatch.audit.models import AuditEvent
from planwatch.units.models import Unit

from .conftest import PASSWORD

pytestmark = pytest.mark.django_db
User = get_user_model()


def users(*args, password: str | None = PASSWORD) -> tuple[str, str]:
    out, err = StringIO(), StringIO()
    stdin = StringIO(f"{password}\n" if password is not None else "")
    call_command("users", *args, stdout=out, stderr=err, stdin=stdin)
    return out.getvalue(), err.getvalue()


def refused(*args, password: str | None = PASSWORD) -> str:
    with pytest.raises(CommandError) as exc:
        users(*args, password=password)
    assert exc.value.returncode == 2
    assert "\n" not in str(exc.value)
    return str(exc.value)


def test_add_an_office_user(db):
    out, _ = users("add", "zhangsan", "--role", "office", "--password-stdin")
    assert "已新增账号 zhangsan：领导小组办公室" in out
    user = User.objects.get(username="zhangsan")
    assert user.check_password(PASSWORD) and user.password.startswith("argon2$")
    assert user.profile.role == "office" and user.profile.must_change_password
    event = AuditEvent.objects.get(action="create", object_id=str(user.pk))
    assert event.actor is None and event.actor_name.startswith("命令行")
    assert "password" not in event.after and event.after["role"] == "office"


def test_add_a_reporter_by_a_unit_alias(reporter_unit):
    out, _ = users("add", "lisi", "--role", "reporter", "--unit", "区发改局", "--password-stdin")
    assert "责任单位 区发展改革局" in out
    assert Profile.objects.get(user__username="lisi").unit == reporter_unit


def test_add_with_the_name_the_pages_show(reporter_unit):
    users("add", "lisi", "--role", "reporter", "--unit", "区发改局", "--display-name", " 李四 ", "--password-stdin")
    assert Profile.objects.get(user__username="lisi").display_name == "李四"
    event = AuditEvent.objects.get(action="create", object_type="auth.user")
    assert event.after["display_name"] == "李四"


def test_no_password_change_flag(reporter_unit):
    users("add", "demo", "--role", "leader", "--password-stdin", "--no-password-change")
    assert not Profile.objects.get(user__username="demo").must_change_password


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--role", "reporter", "--unit", "区不存在局"], "未找到责任单位：区不存在局"),
        (["--role", "reporter"], "必须用 --unit 指定责任单位"),
        (["--role", "leader", "--unit", "区发展改革局"], "其他角色不能指定 --unit"),
        (["--role", "boss"], "未知角色：boss"),
    ],
)
def test_add_refuses_bad_input_in_one_chinese_line(reporter_unit, args, message):
    units = Unit.objects.count()
    assert message in refused("add", "wangwu", *args, "--password-stdin")
    assert not User.objects.filter(username="wangwu").exists()
    assert Unit.objects.count() == units  # an unknown unit is not created
    assert not AuditEvent.objects.filter(action="create").exists()


@pytest.mark.parametrize(
    ("password", "message"),
    [("short1A!", "至少需要 10 个字符"), ("abcdefgh1234", "中的 3 类"), ("", "标准输入中没有密码")],
)
def test_add_refuses_weak_passwords(db, password, message):
    assert message in refused("add", "zhaoliu", "--role", "office", "--password-stdin", password=password)
    assert not User.objects.filter(username="zhaoliu").exists()


def test_add_requires_password_stdin(db):
    assert "--password-stdin" in refused("add", "zhaoliu", "--role", "office")


def test_add_refuses_a_duplicate_name(alice):
    assert "用户 alice 已存在" in refused("add", "alice", "--role", "office", "--password-stdin")


def test_token_is_printed_once_and_stored_hashed(alice):
    out, err = users("token", "alice")
    token = out.strip()
    row = ApiToken.objects.get(user=alice)
    assert token.startswith("pw_") and len(token) > 40 and "只显示这一次" in err
    assert row.token_hash == hashlib.sha256(token.encode()).hexdigest() and token.startswith(row.prefix)
    assert token not in str(list(ApiToken.objects.values()))
    assert user_for_token(token) == alice
    assert AuditEvent.objects.filter(action="token_create", object_id=str(row.pk)).exists()


def test_token_for_an_unknown_user(db):
    assert "未找到用户：nobody" in refused("token", "nobody")


def test_list_shows_roles_units_and_locks(alice, leader, admin_user):
    Profile.objects.filter(user=alice).update(locked_until="2999-01-01T00:00:00Z")
    out, _ = users("list")
    lines = {line.split("  ")[0]: line for line in out.splitlines()}
    assert "责任单位填报员  区发展改革局  锁定至 2999-01-01" in lines["alice"]
    assert "区领导  -  正常" in lines["leader"]
    assert "超级用户（office）" in lines["admin"]


def test_unlock_when_not_locked(alice):
    out, _ = users("unlock", "alice")
    assert "未被锁定" in out
