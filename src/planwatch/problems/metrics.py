"""Metrics of the problem loop, computed from the rows (never typed): for one period (a quarter,
a half, a year), problems raised and solved (销号), the share solved within the time limit, the
median days per stage and to 销号 — overall, by raising unit and by category.

- raised: a 提出 step on a day of the period; solved: a 销号 step on a day of the period;
- within the time limit: a problem solved in the period none of whose stage-ending steps was late
  (each stage's limit is kept on the step that ended it);
- days per stage: calendar days from the step that entered a stage to the step that left it, for
  stages left during the period (a problem sent back to 协调 counts each visit); medians.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from datetime import date
from statistics import median

from planwatch.progress import parse_period

from .models import ENDED, ProblemEvent, State

STAGES = {State.RAISED: "受理", State.ACCEPTED: "交办", State.COORDINATING: "协调", State.RESOLVED: "反馈",
          State.CONFIRMED: "销号"}  # fmt: skip


def bounds(period: str) -> tuple[date, date]:
    p = parse_period(period)
    return date(p.year, p.start_month, 1), p.end


def _median(values: list) -> float | None:
    return round(float(median(values)), 1) if values else None


def _share(part: int, whole: int) -> float | None:
    return round(part / whole, 3) if whole else None


def metrics(problems, period: str) -> dict:
    """The figures for `problems` (a queryset the viewer may see) in `period` (2025Q2)."""
    start, end = bounds(period)
    events = (ProblemEvent.objects.filter(problem__in=problems).exclude(action__in=("meeting", "decision"))
              .select_related("problem__raised_by").order_by("problem_id", "on", "at", "pk"))  # fmt: skip
    by_problem: dict[int, list] = defaultdict(list)
    for event in events:
        by_problem[event.problem_id].append(event)
    total, units, kinds = _Tally(), defaultdict(_Tally), defaultdict(_Tally)
    stage_days: dict[str, list[int]] = {label: [] for label in STAGES.values()}
    for rows in by_problem.values():
        problem = rows[0].problem
        tallies = (total, units[problem.raiser_label], kinds[problem.category])
        _count(rows, start, end, tallies, stage_days)
    return {
        "period": parse_period(period).code, "start": start, "end": end, **total.out(),
        "median_days_per_stage": {label: _median(days) for label, days in stage_days.items()},
        "by_unit": [{"unit": name, **t.out()} for name, t in sorted(units.items()) if t.any()],
        "by_category": [{"category": name, **t.out()} for name, t in sorted(kinds.items()) if t.any()],
    }


class _Tally:
    def __init__(self) -> None:
        self.raised, self.solved, self.on_time, self.days = 0, 0, 0, []

    def any(self) -> bool:
        return bool(self.raised or self.solved)

    def out(self) -> dict:
        return {"raised": self.raised, "solved": self.solved, "solved_on_time": self.on_time,
                "on_time_share": _share(self.on_time, self.solved), "median_days_to_close": _median(self.days)}  # fmt: skip


def _count(rows: list, start: date, end: date, tallies, stage_days) -> None:
    moves = [e for e in rows if e.old_state != e.new_state]
    raised = next((e.on for e in moves if e.action == "raise"), None)
    closed = next((e for e in moves if e.action == "close"), None)
    for tally in tallies:
        tally.raised += raised is not None and start <= raised <= end
        if closed and start <= closed.on <= end:
            tally.solved += 1
            tally.on_time += not any(e.late for e in moves)
            tally.days.append((closed.on - raised).days)
    for entered, left in zip(moves, moves[1:], strict=False):
        if entered.new_state in STAGES and start <= left.on <= end:
            stage_days[STAGES[entered.new_state]].append((left.on - entered.on).days)


def open_now(problems) -> dict:
    """The dashboard's line: open problems by category and by raising unit (most first), red ones,
    and the median days from 提出 to 销号 of every problem closed so far."""
    rows = list(problems.select_related("raised_by").only("state", "light", "category", "raised_on", "closed_on",
                                                         "raiser_name", "raised_by__name"))  # fmt: skip
    live = [p for p in rows if p.state not in ENDED]
    closed = [(p.closed_on - p.raised_on).days for p in rows if p.state == State.CLOSED and p.closed_on]
    return {
        "open": len(live), "red": sum(p.light == "red" for p in live), "closed": len(closed),
        "median_days_to_close": _median(closed),
        "by_category": Counter(p.category for p in live).most_common(),
        "by_unit": Counter(p.raiser_label for p in live).most_common(),
    }  # fmt: skip
