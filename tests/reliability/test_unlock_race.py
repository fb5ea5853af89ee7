"""Concurrent unlock, and approve against unlock, through the review page on a real server: of
many clicks exactly the transitions that are possible one after the other happen, each once,
with its history row, audit row and notification; every other click is told in Chinese on the
page it returns to, never a 500. On SQLite (file) or PostgreSQL, whichever the run uses.

Unlocking is a page action only (the API has no unlock), so the clicks are form posts with a
session each; the sessions are made in the database (a password login per click would spend
the test's time hashing), and each click's message is read from the page it is sent back to.
"""

from __future__ import annotations

import http.cookiejar
import re
import secrets
import urllib.parse

import pytest

from .client import Client
from .live_site import run_site
from .test_review_race import COUNTS, seed, together

pytestmark = pytest.mark.slow

SESSIONS = """
from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY, get_user_model
from django.contrib.sessions.backends.db import SessionStore
office = get_user_model().objects.get(username="office")
result = []
for _ in range({count}):
    session = SessionStore()
    session[SESSION_KEY], session[HASH_SESSION_KEY] = str(office.pk), office.get_session_auth_hash()
    session[BACKEND_SESSION_KEY] = "planwatch.accounts.backends.LockoutBackend"
    session.create()
    result.append(session.session_key)
"""
UNLOCKED = "已解锁"
NOT_LOCKED = "未锁定，无需解锁"
APPROVED = "已审核通过"
NOT_WAITING = "不是待审核状态（当前为"  # “已审核”, or “已退回” once an unlock came in between


@pytest.fixture(scope="module")
def site(tmp_path_factory):
    yield from run_site(tmp_path_factory.mktemp("unlock-race-site"))


def _cookie(name: str, value: str) -> http.cookiejar.Cookie:
    return http.cookiejar.Cookie(
        0, name, value, None, False, "127.0.0.1", False, False, "/", True, False, None, False, None, None, {}
    )


class Clicker:
    """One office user's browser: a session of its own and the CSRF token a page would carry."""

    def __init__(self, url: str, session_key: str) -> None:
        self.csrf = secrets.token_hex(16)  # 32 characters, as Django's cookie holds
        jar = http.cookiejar.CookieJar()
        jar.set_cookie(_cookie("sessionid", session_key))
        jar.set_cookie(_cookie("csrftoken", self.csrf))
        self.client = Client(url, jar)

    def click(self, pk: int, action: str) -> tuple[int, str]:
        """POST the review action; (its status, the message on the page it sends back to)."""
        form = urllib.parse.urlencode({"reason": "数据需更正", "next": "/reporting/review/"}).encode()
        headers = {"Content-Type": "application/x-www-form-urlencoded", "X-CSRFToken": self.csrf}
        answer = self.client.request("POST", f"/reporting/review/submission/{pk}/{action}/", data=form,
                                     headers=headers)  # fmt: skip
        if answer.status != 302:
            return answer.status, answer.body[:500]
        page = self.client.get(answer.headers["Location"]).body
        found = re.search(r'<ul class="messages"[^>]*>(.*?)</ul>', page, re.S)
        return answer.status, re.sub(r"<[^>]+>", " ", found.group(1)) if found else ""


def clickers(site, count: int) -> list[Clicker]:
    return [Clicker(site.url, key) for key in site.python(SESSIONS.format(count=count))]


def test_twenty_concurrent_unlocks_make_one_decision(site):
    (pk,), token = seed(site, "unlock", 1)
    assert site.request("POST", f"/api/v1/submissions/{pk}/approve", token=token).status == 200
    people = clickers(site, 20)
    answers = together([lambda person=person: person.click(pk, "unlock") for person in people])
    assert [status for status, _ in answers] == [302] * 20
    messages = [text for _, text in answers]
    assert sum(UNLOCKED in text and NOT_LOCKED not in text for text in messages) == 1, messages
    assert sum(NOT_LOCKED in text for text in messages) == 19, messages
    (row,) = site.python(COUNTS.format(ids=[pk]))
    row["audit"].sort()  # the audit log lists the newest first
    # The approved figure stays in force until a corrected one is approved (docs/reporting.md).
    assert row == {"status": "returned", "locked": False, "observation": True, "observations": 1,
                   "events": ["approve", "unlock"], "audit": ["approve", "unlock"], "notifications": 2}  # fmt: skip


def test_approve_against_unlock_makes_only_the_steps_possible_in_turn(site):
    ids, _ = seed(site, "approve-unlock", 3)
    # one session per click: a person's concurrent clicks share one session, whose messages are
    # last-writer-wins (one click's page may show the other's message, or none)
    people = clickers(site, 6 * len(ids))
    steps = [(pk, step) for pk in ids for step in ["approve"] * 3 + ["unlock"] * 3]
    calls = [lambda p=person, pk=pk, s=step: p.click(pk, s) for person, (pk, step) in zip(people, steps, strict=True)]
    answers = together(calls)
    assert {status for status, _ in answers} == {302}
    for index, row in enumerate(site.python(COUNTS.format(ids=ids))):
        approves = [text for _, text in answers[index * 6 : index * 6 + 3]]
        unlocks = [text for _, text in answers[index * 6 + 3 : index * 6 + 6]]
        assert sum(APPROVED in text and "不能" not in text for text in approves) == 1, approves
        assert sum(NOT_WAITING in text for text in approves) == 2, approves
        unlocked = sum(UNLOCKED in text and NOT_LOCKED not in text for text in unlocks)
        assert unlocked + sum(NOT_LOCKED in text for text in unlocks) == 3, unlocks
        assert unlocked <= 1  # an unlock wins only after the approval, once
        assert row["events"] == sorted(row["audit"]) == ["approve", "unlock"][: 1 + unlocked]
        assert row["notifications"] == 1 + unlocked
        # approved ⇔ locked, and the approved figure stored once either way
        assert (row["status"], row["locked"]) == (("returned", False) if unlocked else ("approved", True))
        assert (row["observation"], row["observations"]) == (True, 1)
