"""What `planwatch demo` sets up: the database, the seed plan shipped with the package, demo data,
and one account per role — each step idempotent, so a second run reuses everything.

Demo passwords are generated (strong, passing the password rules) and kept in the data
directory's `demo-accounts.txt` (mode 0600), so every run can print them again; a run also puts
the stored password back on each demo account and lifts any lock-out, so the printed accounts
always work. Demo accounts need no password change at first login.
"""

from __future__ import annotations

import calendar
import hashlib
import os
import secrets
import string
from dataclasses import dataclass
from datetime import date
from importlib import resources
from pathlib import Path

from django.contrib.auth import get_user_model
from django.db import transaction
from django.db.models import Count

from planwatch.accounts import services as accounts
from planwatch.accounts.models import Profile, Role
from planwatch.audit.services import command_actor
from planwatch.extract import extract_plan
from planwatch.indicators.services import replace_demo_data
from planwatch.plans.models import Plan
from planwatch.plans.services import import_plan, plan_counts, prepare_import
from planwatch.reporting.services.calendar import open_reporting
from planwatch.responsibilities.leads import article_lead_counts
from planwatch.responsibilities.models import Lead
from planwatch.responsibilities.rows import plan_rows
from planwatch.responsibilities.services import confirm_proposals
from planwatch.units.models import ArticleUnit, Unit

SAMPLE_FILE = "shizhong-2023-2025.txt"
PLAN_NAME = "shizhong-2023"
ACCOUNTS_FILE = "demo-accounts.txt"
DEMO_ROLES = (Role.OFFICE, Role.REPORTER, Role.LEADER, Role.AUDITOR)
# The names the pages show for the demo accounts (the login names are the role codes).
DEMO_NAMES = {Role.OFFICE: "办公室演示账号", Role.REPORTER: "填报员演示账号", Role.LEADER: "区领导演示账号",
              Role.AUDITOR: "审计演示账号"}  # fmt: skip


@dataclass
class DemoAccount:
    role: Role
    username: str
    password: str
    unit: Unit | None = None
    created: bool = False

    @property
    def role_text(self) -> str:
        return f"{self.role.label}（{self.unit.name}）" if self.unit else str(self.role.label)


def sample_plan_path() -> Path:
    return Path(str(resources.files("planwatch") / "sample_data" / SAMPLE_FILE))


def ensure_plan() -> tuple[Plan, str]:
    """The seed plan, imported once; (plan, a line saying what happened)."""
    plan = Plan.objects.filter(name=PLAN_NAME).first()
    if plan is not None:
        return plan, f"计划 {plan.name} 已在数据库中，沿用。"
    path = sample_plan_path()
    document = extract_plan(path)
    source = {"document": document, "name": PLAN_NAME, "source_name": path.name,
              "source_sha256": hashlib.sha256(path.read_bytes()).hexdigest()}  # fmt: skip
    prepared = prepare_import(**source)  # read before the write transaction, as import-plan does
    with transaction.atomic():
        result = import_plan(actor=command_actor(), **source, prepared=prepared)
    counts = plan_counts(result.plan)
    return result.plan, (
        f"已导入计划 {result.plan.name}：{counts['chapters']} 章，{counts['articles']} 条，"
        f"{counts['units']} 个责任单位，{counts['targets']} 个量化目标。"
    )


def demo_as_of(plan: Plan, today: date) -> date:
    """The date demo data runs to: today while the plan runs; for a plan already over (the seed
    plan ended in 2025), the last quarter end 60% of the way through it, so the demo shows a plan
    in progress — expected pace, forecasts and targets still to catch up — not a closed book."""
    if not plan.period_start or not plan.period_end or today.year <= plan.period_end:
        return today
    months = round((plan.period_end - plan.period_start + 1) * 12 * 0.6)
    year, month = plan.period_start + (months - 1) // 12, (months - 1) % 12 + 1
    quarter_month = month // 3 * 3  # the last quarter ended by then
    if quarter_month == 0:
        return date(year - 1, 12, 31)
    return date(year, quarter_month, calendar.monthrange(year, quarter_month)[1])


def fill_demo_data(plan: Plan, today: date) -> str:
    as_of = demo_as_of(plan, today)
    with transaction.atomic():
        result = replace_demo_data(actor=command_actor(), plan=plan, as_of=as_of)
    note = (
        ""
        if as_of == today
        else f"（计划已于{plan.period_end}年结束，演示数据只到计划执行期间，以展示进度与预测）"
    )
    return f"演示数据（截至 {as_of.year}年{as_of.month}月{as_of.day}日）{note}：{result.written.text}。"


def ensure_projects(plan: Plan, today: date) -> str:
    """The demo key-project ledger (112 projects, 1154亿元) with monthly figures up to the demo date."""
    from planwatch.projects.demo import fill_demo_projects

    with transaction.atomic():
        return fill_demo_projects(actor=command_actor(), plan=plan, as_of=demo_as_of(plan, today))


def ensure_problems(plan: Plan, today: date) -> str:
    """Demo problems in every stage of the loop (问题协调), dated back from the demo date."""
    from planwatch.problems.demo import fill_demo_problems

    with transaction.atomic():
        return fill_demo_problems(actor=command_actor(), plan=plan, as_of=demo_as_of(plan, today))


def ensure_assessment(plan: Plan, today: date) -> str:
    """A draft 考核 scheme of the demo year (演示数据), assessed on the demo date."""
    from planwatch.assessment.demo import fill_demo_assessment

    with transaction.atomic():
        return fill_demo_assessment(actor=command_actor(), plan=plan, as_of=demo_as_of(plan, today))


def ensure_reporting(plan: Plan, today: date) -> str:
    """The reporting calendar, as an import makes it: every unit can report the current period
    at once, earlier periods are offered for 补报; a start date the office chose is kept."""
    with transaction.atomic():
        return open_reporting(actor=command_actor(), plan=plan, on=today)


def reporter_unit(plan: Plan) -> Unit:
    """The unit leading the most articles (as the plan states or the office confirmed), then
    named on the most articles (chosen by data, not by name or list order)."""
    leads = article_lead_counts(plan)
    named = dict(
        ArticleUnit.objects.filter(article__plan=plan).values_list("unit_id").annotate(n=Count("pk"))
    )
    ranked = sorted(set(leads) | set(named), key=lambda pk: (-leads.get(pk, 0), -named.get(pk, 0), pk))
    if not ranked:
        raise accounts.AccountError("计划中没有责任单位，无法创建演示填报员账号")
    return Unit.objects.get(pk=ranked[0])


def ensure_leads(plan: Plan) -> str:
    """Adopt the proposed lead of every article and target the plan leaves open, as the office
    does on its first day (责任分解), once: a later run keeps the office's decisions."""
    if Lead.objects.filter(plan=plan).exists():
        return "牵头单位已确定，沿用。"
    open_keys = [r.key for r in plan_rows(plan) if r.current.unit is None or r.current.source == "article"]
    with transaction.atomic():
        done = confirm_proposals(actor=command_actor(), plan=plan, keys=open_keys)
    return f"演示：采纳系统建议的牵头单位（责任分解）——{done.text}。"


def new_password() -> str:
    """16 characters from letters and digits, with a dash: three character classes, never common."""
    alphabet = string.ascii_letters + string.digits
    while True:
        body = "".join(secrets.choice(alphabet) for _ in range(14))
        if (
            any(c.isupper() for c in body)
            and any(c.islower() for c in body)
            and any(c.isdigit() for c in body)
        ):
            return f"{body[:7]}-{body[7:]}"


def read_passwords(path: Path) -> dict[str, str]:
    """{username: password} from demo-accounts.txt (lines: role, username, password, tab-separated)."""
    if not path.exists():
        return {}
    found = {}
    for line in path.read_text(encoding="utf-8").splitlines():
        parts = line.split("\t")
        if len(parts) >= 3 and not line.startswith("#"):
            found[parts[1]] = parts[2]
    return found


def write_passwords(path: Path, accounts_list: list[DemoAccount]) -> None:
    """Rewrite the file with mode 0600 (only the owner may read the passwords)."""
    lines = ["# planwatch 演示账号：角色\t用户名\t密码（由 planwatch demo 生成，仅供演示）"]
    lines += [f"{a.role.value}\t{a.username}\t{a.password}" for a in accounts_list]
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(fd, "w", encoding="utf-8") as fh:
        fh.write("\n".join(lines) + "\n")
    os.chmod(path, 0o600)


def _ensure_account(role: Role, password: str, unit: Unit | None) -> DemoAccount:
    username = role.value
    user = get_user_model()._default_manager.filter(username=username).first()
    actor = command_actor()
    if user is None:
        accounts.create_user(
            actor=actor,
            username=username,
            role=role,
            unit=unit,
            password=password,
            must_change_password=False,
            display_name=DEMO_NAMES[role],
        )
        return DemoAccount(role, username, password, unit, created=True)
    if not user.check_password(password):
        accounts.check_password_rules(password, user)
        user.set_password(password)
        user.save(update_fields=["password"])
        accounts.password_was_set(actor=actor, user=user)
    Profile.objects.filter(user=user).update(must_change_password=False)
    Profile.objects.filter(user=user, display_name="").update(display_name=DEMO_NAMES[role])
    accounts.unlock(actor=actor, user=user)
    profile = Profile.objects.select_related("unit").filter(user=user).first()
    return DemoAccount(Role(profile.role) if profile and profile.role else role, username, password,
                       profile.unit if profile else None)  # fmt: skip


def ensure_accounts(plan: Plan, data_dir: Path) -> tuple[list[DemoAccount], Path]:
    """One account per role, passwords reused from (or first written to) demo-accounts.txt."""
    path = data_dir / ACCOUNTS_FILE
    stored = read_passwords(path)
    unit = reporter_unit(plan)
    made = []
    with transaction.atomic():
        for role in DEMO_ROLES:
            password = stored.get(role.value) or new_password()
            made.append(_ensure_account(role, password, unit if role == Role.REPORTER else None))
    write_passwords(path, made)
    return made, path
