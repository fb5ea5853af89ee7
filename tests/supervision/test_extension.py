"""延期 through the API with a frozen clock: the unit asks with a reason and a date, the office
grants (the deadline moves to the date asked) or refuses (the item turns red at once, with the
reason named); only the lead unit asks and only the office decides. Dates written by hand."""

from __future__ import annotations

from datetime import date

import pytest

from .conftest import post
from .test_scripted_year import _open_by_hand

pytestmark = pytest.mark.django_db


def _item(office, reporter, clock) -> int:
    clock.set(date(2024, 4, 1))
    item = _open_by_hand(office)  # due 2024-04-30
    assert post(office, f"/supervision/items/{item}/assign").status_code == 200
    assert post(reporter, f"/supervision/items/{item}/acknowledge").status_code == 200
    return item


def test_an_extension_granted_moves_the_deadline_and_a_refused_one_turns_red(gdp, clock, office, reporter, leader):
    from planwatch.supervision.models import SupervisionItem

    item = _item(office, reporter, clock)
    clock.set(date(2024, 4, 20))
    asked = post(reporter, f"/supervision/items/{item}/extend", {"text": "征迁未完成", "deadline": "2024-05-31"})
    assert asked.status_code == 200, asked.content
    assert post(reporter, f"/supervision/items/{item}/grant").status_code == 403  # the unit cannot decide
    assert post(leader, f"/supervision/items/{item}/grant").status_code == 403  # a leader reads, never acts
    granted = post(office, f"/supervision/items/{item}/grant", {"text": "同意"})
    assert granted.status_code == 200, granted.content
    assert (granted.json()["deadline"], granted.json()["light"]) == ("2024-05-31", "")

    clock.set(date(2024, 5, 28))  # within N = 7 days of the new deadline
    again = post(reporter, f"/supervision/items/{item}/extend", {"text": "仍需时间", "deadline": "2024-06-30"})
    assert again.status_code == 200, again.content
    refused = post(office, f"/supervision/items/{item}/refuse", {"text": "已延期一次，不再延期"})
    assert refused.status_code == 200, refused.content
    body = refused.json()
    assert (body["deadline"], body["light"]) == ("2024-05-31", "red")
    row = SupervisionItem.objects.get(pk=item)
    assert [e.action for e in row.events.order_by("at", "pk")] == [
        "open", "assign", "acknowledge", "extend", "grant", "extend", "refuse"]  # fmt: skip
    assert row.events.get(action="refuse").reason == "已延期一次，不再延期"


def test_an_extension_must_ask_for_a_later_date(gdp, clock, office, reporter):
    item = _item(office, reporter, clock)
    earlier = post(reporter, f"/supervision/items/{item}/extend", {"text": "征迁未完成", "deadline": "2024-04-15"})
    assert earlier.status_code == 422
    assert earlier.json()["detail"][0]["msg"] == "延期后的时限须晚于现办理时限（2024年4月30日）"
    no_reason = post(reporter, f"/supervision/items/{item}/extend", {"deadline": "2024-05-31"})
    assert no_reason.status_code == 422 and no_reason.json()["detail"][0]["msg"] == "请填写延期理由"
