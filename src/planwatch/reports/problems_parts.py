"""The report's section and the ledger of problems (问题) — the problem loop as it stood on the
period's last day.

Registered from the reports app (apps.py), so the problems app knows nothing of reports. The
period's figures (raised, 销号, solved within the time limit, median days) are the problems app's
own `metrics`, the same as `GET /api/v1/problems/metrics`; a problem's stage on a day D is the
state its last step dated on or before D left it in (every step keeps its day, `on`), so a
problem closed after D is still open in a report about D. A unit's report has the problems it
raised, those it coordinates and those of its articles — what its pages show it.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from datetime import date

from django.db.models import Prefetch, Q
from openpyxl import Workbook

from planwatch.problems.metrics import metrics
from planwatch.problems.models import Assignment, Problem, ProblemEvent, State
from planwatch.reporting.services.reminders import cn_date
from planwatch.units.models import ArticleUnit

from . import ledgers, sections
from .facts import Facts, Scope

DATE_FORMAT = 'yyyy"年"m"月"d"日"'
ENDED = (State.CLOSED, State.DECLINED, State.MERGED)
OPEN_ORDER = (State.RAISED, State.ACCEPTED, State.COORDINATING, State.RESOLVED, State.CONFIRMED)
OPEN_HEADER = ("问题", "提出单位", "类别", "所处环节")
OPEN_WIDTHS = (62, 34, 24, 36)  # mm, inside the 156 mm text block


@dataclass(frozen=True)
class Standing:
    problem: Problem
    state: str

    @property
    def label(self) -> str:
        return State(self.state).label


def problems_of(scope: Scope):
    rows = Problem.objects.filter(plan=scope.plan)
    if scope.unit is not None:
        unit = scope.unit.pk
        rows = rows.filter(Q(raised_by_id=unit) | Q(pk__in=Assignment.objects.filter(unit_id=unit).values("problem_id"))
                           | Q(article_id__in=ArticleUnit.objects.filter(unit_id=unit).values("article_id")))  # fmt: skip
    return rows


def standings(scope: Scope) -> list[Standing]:
    """The scope's problems raised by its date, each in the stage its steps up to then left it."""
    on = scope.as_of
    steps = Prefetch("events", ProblemEvent.objects.filter(on__lte=on).order_by("on", "at", "pk"), to_attr="steps")
    rows = problems_of(scope).filter(raised_on__lte=on).select_related("raised_by").prefetch_related(steps)
    out = []
    for problem in rows.order_by("raised_on", "pk"):
        moves = [e.new_state for e in problem.steps if e.new_state]
        out.append(Standing(problem, moves[-1] if moves else State.RAISED))
    return out


# ---------------------------------------------------------------- the report's section
def problems_section(facts: Facts, w: sections.Writer) -> bool:
    """The period's figures, the problems still open on its last day by stage and category."""
    scope = facts.scope
    rows = standings(scope)
    if not rows:
        return False
    figures = metrics(problems_of(scope), scope.period.code)
    on_time = figures["solved_on_time"]
    text = f"本期提出问题{figures['raised']}个，销号{figures['solved']}个"
    if figures["solved"]:
        text += f"（在时限内解决{on_time}个，从提出到销号用时中位数{figures['median_days_to_close']:g}天）"
    w.para(text + "。")
    open_rows = [r for r in rows if r.state not in ENDED]
    if not open_rows:
        w.para(f"截至{cn_date(scope.as_of)}，提出的问题均已销号或结束处理。")
        return True
    stages = Counter(r.state for r in open_rows)
    kinds = Counter(r.problem.category for r in open_rows)
    w.para(f"截至{cn_date(scope.as_of)}，尚未销号的问题{len(open_rows)}个，其中"
           + "、".join(f"{State(s).label}{stages[s]}个" for s in OPEN_ORDER if stages[s]) + "；按类别："
           + "、".join(f"{k}{n}个" for k, n in kinds.most_common()) + "。")  # fmt: skip
    table = [(r.problem.title, r.problem.raiser_label, r.problem.category, r.label) for r in open_rows]
    w.document.table(OPEN_HEADER, table, OPEN_WIDTHS)
    return True


# ---------------------------------------------------------------- the ledger
COLUMNS = [ledgers.Column("序号", 6, "0"), ledgers.Column("编号", 12), ledgers.Column("问题", 40),
           ledgers.Column("类别", 12), ledgers.Column("严重程度", 10), ledgers.Column("提出单位", 18),
           ledgers.Column("提出日期", 16, DATE_FORMAT), ledgers.Column("需要协调解决的事项", 36),
           ledgers.Column("销号日期", 16, DATE_FORMAT), ledgers.Column("所处环节", 14)]  # fmt: skip


def _fill(state: str) -> str:
    """Green once 销号, grey when declined or merged, yellow while still open."""
    return {State.CLOSED: "green", State.DECLINED: "grey", State.MERGED: "grey"}.get(state, "yellow")


def problems_ledger(scope: Scope, *, filled_by: str, on: date) -> bytes:
    """问题台账: every problem raised by the period's end and its stage on that day."""
    wb = Workbook()
    sheet = ledgers.Sheet(wb.active, "问题台账", COLUMNS, filled_by=filled_by, on=on)
    wb.active.title = "问题"
    for n, r in enumerate(standings(scope), start=1):
        p = r.problem
        closed = p.closed_on if r.state == State.CLOSED else None
        sheet.add([n, p.number, p.title, p.category, p.get_severity_display(), p.raiser_label, p.raised_on,
                   p.help_wanted, closed, r.label], fill=_fill(r.state))  # fmt: skip
    sheet.finish()
    return ledgers.to_bytes(wb)


sections.register(sections.Section("problem_loop", "问题协调解决情况", 60, problems_section))
ledgers.register(ledgers.Ledger("problems", "问题台账", problems_ledger))
