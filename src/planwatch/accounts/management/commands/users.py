"""`planwatch users add|token|list|unlock`: accounts from the command line.

    echo '…' | planwatch users add 张三 --role reporter --unit 区发改局 --password-stdin
    planwatch users token 张三        # prints a new API token, once
    planwatch users list
    planwatch users unlock 张三

Bad input (unknown unit or role, weak password, existing name) is one line of Chinese and exit
status 2. Each change and its audit event are one transaction.
"""

from __future__ import annotations

import sys

from django.contrib.auth import get_user_model
from django.core.management.base import CommandError
from django.db import transaction
from django.utils import timezone

from planwatch.accounts import services
from planwatch.accounts.models import Profile
from planwatch.audit.services import command_actor
from planwatch.plans.management.commands._base import EXIT_BAD_INPUT, PlanwatchCommand
from planwatch.units.services import get_unit


class Command(PlanwatchCommand):
    help = "管理账号：新增（add）、签发 API 令牌（token）、列出（list）、解除锁定（unlock）。"
    stealth_options = ("stdin",)

    def add_arguments(self, parser):
        sub = parser.add_subparsers(dest="subcommand", required=True, title="子命令")
        add = sub.add_parser("add", help="新增账号")
        add.add_argument("name", help="用户名")
        add.add_argument("--role", required=True, help="角色：office、reporter、leader 或 auditor")
        add.add_argument("--unit", help="填报员所属责任单位（名称、别名或编号）")
        add.add_argument("--display-name", default="", help="页面上显示的姓名，如 张三（用户名只用于登录）")
        add.add_argument("--password-stdin", action="store_true", help="从标准输入读取密码（第一行）")
        add.add_argument(
            "--no-password-change", action="store_true", help="首次登录不要求修改密码（默认要求）"
        )
        sub.add_parser("token", help="签发一个新的 API 令牌并打印（只显示这一次）").add_argument(
            "name", help="用户名"
        )
        sub.add_parser("list", help="列出全部账号")
        sub.add_parser("unlock", help="解除账号锁定").add_argument("name", help="用户名")

    def handle(self, *args, subcommand: str, **options):
        handler = getattr(self, f"_{subcommand}")
        try:
            with transaction.atomic():
                handler(**options)
        except services.AccountError as exc:
            raise CommandError(str(exc), returncode=EXIT_BAD_INPUT) from exc

    def _add(self, *, name, role, unit, password_stdin, no_password_change, display_name="", **options):
        if not password_stdin:
            raise services.AccountError("请用 --password-stdin 从标准输入提供密码（不要写在命令行上）")
        role = services.parse_role(role)  # check the arguments before waiting for a password
        unit = get_unit(unit) if unit else None
        user = services.create_user(
            actor=command_actor(),
            username=name,
            role=role,
            unit=unit,
            password=_read_password(options.get("stdin") or sys.stdin),
            must_change_password=not no_password_change,
            display_name=display_name,
        )
        profile = user.profile
        where = f"，责任单位 {profile.unit.name}" if profile.unit else ""
        self.stdout.write(f"已新增账号 {user.username}：{profile.get_role_display()}{where}。")

    def _token(self, *, name, **options):
        user = services.get_user(name)
        row, token = services.issue_token(actor=command_actor(), user=user)
        self.stderr.write(
            f"已为 {user.username} 签发 API 令牌（前缀 {row.prefix}），请妥善保存，它只显示这一次："
        )
        self.stdout.write(token)

    def _list(self, **options):
        now = timezone.now()
        profiles = {p.user_id: p for p in Profile.objects.select_related("unit")}
        for user in get_user_model()._default_manager.order_by("username"):
            self.stdout.write("  ".join(_row(user, profiles.get(user.pk), now)))

    def _unlock(self, *, name, **options):
        user = services.get_user(name)
        if services.unlock(actor=command_actor(), user=user):
            self.stdout.write(f"已解除 {user.username} 的锁定。")
        else:
            self.stdout.write(f"{user.username} 未被锁定，无需解除。")


def _read_password(stream) -> str:
    line = stream.readline()
    password = line.rstrip("\r\n")
    if not password:
        raise services.AccountError("标准输入中没有密码")
    return password


def _row(user, profile, now) -> list[str]:
    if user.is_superuser:
        role = "超级用户（office）"
    else:
        role = profile.get_role_display() if profile and profile.role else "未分配角色"
    unit = profile.unit.name if profile and profile.unit else "-"
    if not user.is_active:
        state = "已停用"
    elif profile and profile.locked_until and profile.locked_until > now:
        state = f"锁定至 {timezone.localtime(profile.locked_until):%Y-%m-%d %H:%M}"
    else:
        state = "正常"
    last = f"{timezone.localtime(user.last_login):%Y-%m-%d %H:%M}" if user.last_login else "从未登录"
    return [user.username, role, unit, state, f"最近登录 {last}"]
