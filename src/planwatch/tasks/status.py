"""A task's status, computed — never typed (DESIGN §5, issue 12).

    已完成 done        the office confirmed it (销号): approved a 完成 report with evidence
    逾期   overdue     not done and today is past its due date (or, without one, the plan's
                       last day) — the day after, with nobody acting
    滞后   behind      not overdue, but a milestone of the task (阶段节点, or 年度任务 due on
                       31 December of its year) is still open the day after its date: the
                       office has not approved a report in which the unit ticked it as reached
    推进中 in_progress the unit's latest sent report says 推进中 or 完成 (not yet confirmed)
    未启动 not_started no report yet, or the latest says 未启动; or its start date is ahead

Pure: a function of the task's state and dates and of today, so pages, the API and the
dashboard agree. What the unit says (`claim`) is an input, never the answer: a unit's 完成
counts as 推进中 until the office confirms it, and a milestone the unit ticks counts as reached
only once the office approves that report. A milestone reached late stops making the task 滞后.
"""

from __future__ import annotations

from datetime import date

STATUSES = ("overdue", "behind", "in_progress", "not_started", "done")
STATUS_LABELS = {
    "done": "已完成", "overdue": "逾期", "behind": "滞后", "in_progress": "推进中", "not_started": "未启动",
}  # fmt: skip
STATUS_COLOURS = {"done": "green", "overdue": "red", "behind": "yellow", "in_progress": "blue", "not_started": "grey"}


def effective_due(due_on: date | None, plan_end_year: int | None) -> date | None:
    """The day a task is due: its own date, or the last day of the plan (长期坚持, 每年, none)."""
    if due_on is not None:
        return due_on
    return date(plan_end_year, 12, 31) if plan_end_year else None


def missed(milestones, today: date) -> bool:
    """Whether an open milestone's date has passed (rows with `state` and `due_on`)."""
    return any(m.state == "open" and today > m.due_on for m in milestones)


def task_status(*, done: bool, due: date | None, starts_on: date | None, today: date, claim: str = "",
                behind: bool = False) -> str:  # fmt: skip
    """The status of one task; `behind` is `missed(...)` of its milestones."""
    if done:
        return "done"
    if due is not None and today > due:
        return "overdue"
    if behind:
        return "behind"
    if starts_on is not None and today < starts_on:
        return "not_started"
    return "in_progress" if claim in ("in_progress", "done") else "not_started"
