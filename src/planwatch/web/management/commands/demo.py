"""`planwatch demo [--port 8000] [--host 127.0.0.1] [--no-serve]`: the whole system in one command.

Creates the database in the data directory, imports the seed plan shipped with the package
(with its reporting calendar, so every unit can report at once),
fills demo data, creates one account per role, prints the accounts and the address, and serves.
Running it again reuses the database and the accounts (passwords in demo-accounts.txt).
"""

from __future__ import annotations

from django.conf import settings
from django.core.management import call_command
from django.utils import timezone

from planwatch.plans.management.commands._base import PlanwatchCommand
from planwatch.reporting import clock
from planwatch.web import demo_setup, server

from .serve import add_server_arguments, serve_options


class Command(PlanwatchCommand):
    help = "一条命令体验 planwatch：建库、导入示例计划、生成演示数据、创建各角色演示账号并启动网站。"

    def add_arguments(self, parser):
        add_server_arguments(parser)
        parser.add_argument("--no-serve", action="store_true", help="只准备数据和账号，不启动网站")

    def handle(self, *args, no_serve: bool, **options):
        host, port = options["host"], options["port"]
        self._say(f"准备数据库（{self._where()}）…")
        call_command("migrate", verbosity=0, interactive=False)
        self._say("导入计划…")
        plan, line = demo_setup.ensure_plan()
        self._say(f"  {line}")
        self._say(f"  {demo_setup.ensure_leads(plan)}")
        self._say("生成演示数据…")
        today = timezone.localdate()
        self._say(f"  {demo_setup.fill_demo_data(plan, today)}")
        self._say(f"  {demo_setup.ensure_projects(plan, today)}")
        self._say(f"  {demo_setup.ensure_problems(plan, today)}")
        self._say(f"  {demo_setup.ensure_assessment(plan, today)}")
        as_of = demo_setup.demo_as_of(plan, today)
        replay = as_of != today and getattr(settings, "EVALUATION_DATE", None) is None
        self._say("生成报送日历…")
        self._say(f"  {demo_setup.ensure_reporting(plan, clock.today())}")
        self._say("创建演示账号…")
        accounts, path = demo_setup.ensure_accounts(plan, settings.DATA_DIR)
        self._print_accounts(accounts, path)
        env = f"PLANWATCH_EVALUATION_DATE={as_of.isoformat()} " if replay else ""
        if no_serve:
            self._say(
                f"数据已就绪。启动网站：{env}planwatch serve --port {port}，然后打开 {server.site_url(host, port)}"
            )
            return
        if replay:  # an ended plan: shown as of its demo data's date, not as a book of 待最终数据
            settings.EVALUATION_DATE = as_of
            self._say(f"网站按{as_of.year}年{as_of.month}月{as_of.day}日评估（{env.strip()}）。")
        server.run(**serve_options(options), write=self._say)

    def _where(self) -> str:
        db = settings.DATABASES["default"]
        if db["ENGINE"].endswith("sqlite3"):
            return f"SQLite：{db['NAME']}"
        return f"PostgreSQL：{db.get('HOST') or 'localhost'}/{db.get('NAME')}"

    def _print_accounts(self, accounts, path) -> None:
        self._say("")
        self._say(f"演示账号（密码保存在 {path}，仅本人可读；再次运行 planwatch demo 会重新显示）：")
        for a in accounts:  # ASCII columns first: Chinese text is double width and would not line up
            self._say(f"  用户名 {a.username:<9} 密码 {a.password:<16}  {a.role_text}")
        self._say("")

    def _say(self, text: str) -> None:
        self.stdout.write(text)
        self.stdout.flush()
