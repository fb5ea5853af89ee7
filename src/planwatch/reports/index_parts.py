"""The report's section on the composite evaluation index (综合评价指数) as of the period's last day.

Registered from the reports app (apps.py). The figures are `index.results.index_as_of(plan, D)`'s —
the object `GET /api/v1/plans/{id}/index?as_of=D` returns — so the report and the index page
never disagree: the latest year with an index (a year enters once its figures are approved and
its period has ended by D), its change on the year before and the indicators that moved it most
(the contributions sum to the change), each dimension's sub-index, and the rank among the
comparison units when there are any. A coverage under 100% is said, since an index over part of
its weight is not the whole picture, and then the indicators that moved it are not named. The index is the plan's, not a unit's: not in a unit's report.
"""

from __future__ import annotations

from planwatch.index.results import index_as_of
from planwatch.index.table import last_change
from planwatch.reporting.services.reminders import cn_date

from . import sections
from .facts import Facts

MOVERS = 3


def _movers(year: dict, names: dict[str, str]) -> list[str]:
    """The largest contributions to the year's change, up and down: one sentence each."""
    moved = sorted(((v, names[k]) for k, v in year["contributions"].items() if v and k in names), reverse=True)
    up = [f"{n}（+{v:.2f}）" for v, n in moved[:MOVERS] if v > 0]
    down = [f"{n}（{v:.2f}）" for v, n in reversed(moved[-MOVERS:]) if v < 0]
    return ([f"拉动较多的指标：{'、'.join(up)}。"] if up else []) + ([f"拖累较多的指标：{'、'.join(down)}。"] if down else [])


def _fully_covered(years: list[dict], year: int) -> bool:
    """Both the year and the one before had every indicator's figure. Otherwise a contribution
    mixes an indicator's own move with the weight it took over from a missing one (an indicator
    whose score fell can "pull up" the index), which a leader would misread: the movers are left out."""
    by_year = {y["year"]: y["coverage"] for y in years}
    return all(by_year.get(y) is not None and by_year[y] >= 1 - 1e-9 for y in (year - 1, year))


def index_section(facts: Facts, w: sections.Writer) -> bool:
    scope = facts.scope
    result = index_as_of(scope.plan, scope.as_of)
    if result is None:
        return False
    head = f"按{result['name']}（第{result['version']}版，{result['method_label']}，{result['weighting_label']}赋权）"
    last = last_change(result)
    if last is None:
        w.para(f"{head}，截至{cn_date(scope.as_of)}尚无可计算指数的已审核年度数据。")
        return True
    year = next(y for y in result["years"] if y["year"] == last["year"])
    text = f"{head}，{last['year']}年综合评价指数为{last['index']:.2f}"
    change = last["change"]
    if change is not None:
        text += f"，比上年提高{change:.2f}" if change > 0 else f"，比上年下降{-change:.2f}" if change < 0 else "，与上年持平"
    if last["coverage"] is not None and last["coverage"] < 1:
        text += f"（有数据的指标占权重的{last['coverage']:.0%}）"
    w.para(text + "。")
    dims = [f"{name}{value:.2f}" for name, value in year["dimensions"].items() if value is not None]
    if dims:
        w.para(f"各维度分项指数：{'、'.join(dims)}。")
    if change is not None and _fully_covered(result["years"], last["year"]):
        names = {str(i["id"]): i["name"] for d in result["dimensions"] for i in d["indicators"]}
        for sentence in _movers(year, names):
            w.para(sentence)
    ranking = result.get("ranking")
    if ranking:
        own = next(r for r in ranking["rows"] if r["own"])
        scored = sum(1 for r in ranking["rows"] if r["rank"] is not None)
        w.para(f"与对比单位相比，{ranking['year']}年在{scored}个单位中排第{own['rank']}位。")
    return True


sections.register(sections.Section("index", "综合评价指数", 15, index_section, frozenset({"progress"})))
