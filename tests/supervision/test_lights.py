"""The light rules, day by day, with hand-written expectations (N = 7 days, M = 10 days)."""

from __future__ import annotations

from datetime import date

import pytest

from planwatch.supervision.lights import BLUE, NONE, RED, YELLOW, Facts, light_of
from planwatch.workflow.workdays import add_workdays, is_workday

DEADLINE = date(2024, 4, 30)


@pytest.mark.parametrize(
    ("today", "expected"),
    [
        (date(2024, 4, 22), NONE),  # 8 days before
        (date(2024, 4, 23), BLUE),  # 7 days before: within N
        (date(2024, 4, 30), BLUE),  # the deadline itself
        (date(2024, 5, 1), YELLOW),  # overdue 1 day
        (date(2024, 5, 10), YELLOW),  # overdue 10 days = M
        (date(2024, 5, 11), RED),  # overdue 11 days > M
    ],
)
def test_dates_alone(today, expected):
    assert light_of(Facts(DEADLINE), today, blue_days=7, red_after=10)[0] == expected


def test_returned_once_is_yellow_twice_red_and_a_refused_extension_red():
    far = date(2024, 1, 1)
    assert light_of(Facts(DEADLINE, returns=1), far, blue_days=7, red_after=10) == (YELLOW, ["已退回 1 次"])
    assert light_of(Facts(DEADLINE, returns=2), far, blue_days=7, red_after=10)[0] == RED
    assert light_of(Facts(DEADLINE, extension_refused=True), far, blue_days=7, red_after=10) == (RED, ["延期申请未获批准"])


def test_not_acknowledged_by_its_deadline_is_yellow_the_day_after():
    facts = Facts(DEADLINE, ack_due=date(2024, 4, 7))
    assert light_of(facts, date(2024, 4, 7), blue_days=7, red_after=10)[0] == NONE
    assert light_of(facts, date(2024, 4, 8), blue_days=7, red_after=10) == (YELLOW, ["超过签收时限（4月7日）未签收"])


def test_a_closed_item_has_no_light():
    assert light_of(Facts(DEADLINE, closed=True, returns=3), date(2024, 6, 1), blue_days=7, red_after=10) == (NONE, [])


def test_working_days_skip_the_qingming_holiday_and_count_its_make_up_sunday():
    # 2024: 4月4日至6日放假，4月7日（星期日）上班.
    assert not is_workday(date(2024, 4, 4)) and is_workday(date(2024, 4, 7))
    assert add_workdays(date(2024, 4, 1), 3) == date(2024, 4, 7)
    assert add_workdays(date(2024, 1, 5), 1) == date(2024, 1, 8)  # Friday → Monday


def test_a_year_without_a_holiday_notice_counts_monday_to_friday():
    assert add_workdays(date(2099, 1, 2), 3) == date(2099, 1, 7)  # Fri 2 → Mon 5, Tue 6, Wed 7
