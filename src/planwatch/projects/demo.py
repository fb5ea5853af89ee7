"""Demo ledger for `planwatch demo`: 112 plausible projects whose total investment is exactly
1154亿元 (the seed plan's headline), over the plan's streets, categories and units, with approved
monthly figures up to the demo date — every project and report marked 演示数据 (is_demo).

Deterministic (one seeded random generator: the same plan and date give the same ledger) and
fast: the projects go in through the import's `create_projects`, the reports through the
workflow's `create_all` (a `demo` step: history rows and audit events in bulk). Some projects
are made to lag, and a few never start, so the lights and 逾期未开工 have something to show.
"""

from __future__ import annotations

import calendar
import random
from datetime import date
from decimal import ROUND_DOWN, Decimal

from planwatch.units.models import Unit

from .importing import create_projects
from .ledger import LedgerRow
from .lifecycle import REPORT_FLOW
from .models import COMPLETED_STAGES, Category, Project, ProjectReport

COUNT, TOTAL = 112, Decimal(11_540_000)  # 112 projects, 1154亿元 in 万元
STREETS = ("大观园街道", "杆石桥街道", "四里村街道", "魏家庄街道", "二七新村街道", "七里山街道", "六里山街道",
           "舜玉路街道", "泺源街道", "王官庄街道", "舜耕街道", "白马山街道", "七贤街道", "十六里河街道",
           "兴隆街道", "党家街道", "陡沟街道")  # fmt: skip
LEADERS = ("王建国", "刘海涛", "陈晓敏", "赵志强", "孙丽华", "周文斌")
UNITS = {"产业": ("区发展改革局", "区工业和信息化局", "区商务局", "区投资促进局", "区科技局"),
         "基础设施": ("区住房和城乡建设局", "区城投集团", "区水务局"),
         "城市更新": ("区住房和城乡建设局", "区城市管理局", "区城投集团"),
         "民生": ("区教育体育局", "区卫生健康局", "区民政局"),
         "生态": ("区园林绿化服务中心", "市生态环境局市中区分局", "区水务局")}  # fmt: skip
NAMES = {"产业": ("智能制造产业园", "数字经济总部基地", "生物医药中试基地", "金融科技大厦", "商业综合体"),
         "基础设施": ("道路打通工程", "综合管廊工程", "雨污分流改造", "停车场建设"),
         "城市更新": ("老旧小区改造", "片区城市更新", "历史街区保护提升", "棚户区改造"),
         "民生": ("中小学新建", "社区卫生服务中心", "养老服务综合体", "全民健身中心"),
         "生态": ("山体公园建设", "河道综合治理", "口袋公园群", "绿道贯通工程")}  # fmt: skip
DEMO_MARK = "演示数据"


def _units(plan_units: dict[str, Unit], fallback: list[Unit]) -> dict[str, list[Unit]]:
    return {c: [plan_units[n] for n in names if n in plan_units] or fallback for c, names in UNITS.items()}


def _totals(rng: random.Random) -> list[Decimal]:
    """112 amounts in 万元, each at least 5,000, summing to exactly 11,540,000."""
    weights = [rng.lognormvariate(0, 0.9) for _ in range(COUNT)]
    spare = TOTAL - Decimal(5000) * COUNT
    scale = sum(weights)
    amounts = [Decimal(5000) + (spare * Decimal(w / scale)).quantize(Decimal(1), ROUND_DOWN) for w in weights]
    amounts[0] += TOTAL - sum(amounts)
    return amounts


def _month_end(year: int, month: int) -> date:
    return date(year, month, calendar.monthrange(year, month)[1])


def demo_rows(plan, *, seed: int = 1154) -> list[LedgerRow]:
    rng = random.Random(seed)
    first, last = plan.period_start or 2023, plan.period_end or 2025
    categories = {c.name: c for c in Category.objects.filter(name__in=UNITS)}
    categories.update({name: Category.objects.get_or_create(name=name)[0] for name in UNITS if name not in categories})
    units = _units({u.name: u for u in Unit.objects.all()}, list(Unit.objects.order_by("pk")[:5]))
    rows = []
    for n, total in enumerate(_totals(rng), start=1):
        category = list(UNITS)[n % len(UNITS)]
        street = STREETS[rng.randrange(len(STREETS))]
        kind = rng.choices(("new", "continuing", "finishing", "planned"), (40, 45, 10, 5))[0]
        start_year = first if kind != "new" else rng.choice((first, first, first + 1))
        start = _month_end(start_year if kind != "continuing" else first - 1, rng.randint(2, 9))
        finish = _month_end(min(last + 1, start.year + rng.randint(1, 3)), rng.randint(3, 12))
        share = total * Decimal(rng.uniform(0.5, 0.9))
        span = range(max(first, start.year), min(last, finish.year) + 1)
        years = {y: (share / len(span)).quantize(Decimal("0.01")) for y in span}
        rows.append(LedgerRow(
            line=n, code=f"SZ{first}-{n:03d}", name=f"{street[:-2]}{NAMES[category][n % len(NAMES[category])]}（{DEMO_MARK}）",
            unit=rng.choice(units[category]), total=total, years=years, owner=f"演示建设公司{n % 23 + 1}",
            leader=LEADERS[n % len(LEADERS)], category=categories[category], kind=kind, street=street,
            address=f"{street}（{DEMO_MARK}）", content=f"{DEMO_MARK}：{NAMES[category][n % len(NAMES[category])]}及配套设施",
            start=start, finish=finish, stage="preparing" if kind in ("new", "planned") else "building",
        ))  # fmt: skip
    return rows


def fill_demo_projects(*, actor, plan, as_of: date, seed: int = 1154) -> str:
    """The demo ledger and its monthly figures up to `as_of`, once: a plan that already has a
    ledger keeps it (its own or an earlier demo's)."""
    if Project.objects.filter(plan=plan).exists():
        return "重点项目台账已有数据，沿用。"
    rows = demo_rows(plan, seed=seed)
    rng = random.Random(seed + 1)
    for row in rows:
        row.stage = _stage(row, as_of, rng)
    create_projects(actor=actor, plan=plan, rows=rows, is_demo=True)
    reports = _reports(Project.objects.filter(plan=plan).prefetch_related("year_plans"), as_of, rng)
    REPORT_FLOW.create_all("demo", actor=actor, objs=reports, reason=DEMO_MARK)
    return f"演示重点项目 {len(rows)} 个，总投资 1154 亿元，月报 {len(reports)} 份（{DEMO_MARK}）。"


def _stage(row: LedgerRow, as_of: date, rng: random.Random) -> str:
    """Where a demo project stands on the demo date: most started on time (a few never did:
    逾期未开工), most of those due are completed (a few are not: 逾期未竣工)."""
    if row.start > as_of or rng.random() < 0.03:
        return row.stage
    if row.finish <= as_of:
        return rng.choice(("completed", "completed", "operating", "building"))
    return "started" if (as_of - row.start).days < 60 else "building"


def _reports(projects, as_of: date, rng: random.Random) -> list[ProjectReport]:
    """Approved monthly reports for every month a project was under way (from its start, to its
    completion or the demo date); each project keeps a pace of its own against its plan (its
    first year's plan spread over the months left), so a few lag behind."""
    out = []
    for project in projects:
        if project.stage in ("planning", "preparing"):
            continue
        pace = rng.choice((0.5, 0.85, 0.95, 1.0, 1.0, 1.05, 1.1, 1.2))
        for plan_year in project.year_plans.all():
            stop = min(as_of, project.finish_on) if project.stage in COMPLETED_STAGES else as_of
            months = [m for m in range(1, 13) if project.start_on <= _month_end(plan_year.year, m) <= stop]
            left = sum(1 for m in range(1, 13) if project.start_on <= _month_end(plan_year.year, m)
                       and date(plan_year.year, m, 1) <= project.finish_on)  # fmt: skip
            for month in months:
                end = _month_end(plan_year.year, month)
                amount = (plan_year.amount / max(left, 1) * Decimal(pace * rng.uniform(0.8, 1.2))).quantize(Decimal("0.01"))
                period = f"{plan_year.year}-{month:02d}"
                out.append(ProjectReport(project=project, unit_id=project.unit_id, period=period,
                                         period_key=plan_year.year * 100 + month, amount=amount, locked=True,
                                         progress=f"{DEMO_MARK}：按计划推进，完成{month}月形象进度", is_demo=True,
                                         due_on=end))  # fmt: skip
    return out
