"""Working days (工作日) as the State Council's holiday notices set them: weekends off, the
statutory holidays off, and the make-up Saturdays and Sundays (调休上班) on.

A deadline written in working days ("签收时限 3 个工作日") is counted here, once for every item
type with a lifecycle. The calendar comes from the well-kept `chinese-calendar` package, which
ships each year's notice; for a year it does not know yet (its notice not published when the
package was released) Monday to Friday count, which is what an office does before the notice.
Pure: no Django.
"""

from __future__ import annotations

from datetime import date, timedelta

import chinese_calendar


def is_workday(day: date) -> bool:
    try:
        return chinese_calendar.is_workday(day)
    except NotImplementedError:  # a year whose holiday notice the package does not ship
        return day.weekday() < 5


def add_workdays(start: date, days: int) -> date:
    """The `days`-th working day after `start` (`start` itself not counted): sent on Friday
    with 1 working day → due Monday (or the first working day after a holiday)."""
    day, left = start, max(days, 0)
    while left:
        day += timedelta(days=1)
        if is_workday(day):
            left -= 1
    return day
