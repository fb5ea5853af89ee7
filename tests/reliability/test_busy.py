"""A busy database: 503 with Retry-After and a Chinese message, never a 500; `load-data --check`
needs no write lock; a load-data that cannot get the lock ends with the one-line error.

The lock is held for real from the test process (SQLite: BEGIN IMMEDIATE on the database file;
PostgreSQL: an exclusive lock on the tables the request writes) while the live server answers.
"""

from __future__ import annotations

import threading
import time

import pytest

from .bigplan import indicator_name
from .client import Client
from .conftest import HERE, PASSWORD

WRITTEN = ("django_session", "auth_user", "audit_auditevent", "indicators_observation")
BUSY = "数据库正忙"
BIGPLAN = HERE / "bigplan.py"
WAIT = 2.0  # PLANWATCH_DB_BUSY_TIMEOUT's default


@pytest.fixture
def site(instance, tmp_path):
    token = instance.add_user("office")
    instance.python(
        BIGPLAN,
        str(tmp_path / "data.csv"), "--indicators", "40", "--rows", "400",
    )  # fmt: skip
    return instance, instance.serve(), token


def _indicator_id(instance) -> int:
    return instance.query(f"SELECT id FROM indicators_indicator WHERE name = '{indicator_name(0)}'")[0][0]


def test_login_and_api_write_answer_503_while_the_lock_is_held_and_pages_still_read(site):
    instance, url, token = site
    reader = Client(url)
    assert reader.login("office", PASSWORD).status == 302
    indicator = _indicator_id(instance)
    indicator_page = f"/indicators/{indicator}/"
    assert reader.get(indicator_page).status == 200  # the first page stores the chosen plan in the session
    figure = {"indicator": indicator, "period": "2031", "value": 1}
    with instance.hold_write_lock(*WRITTEN):
        login = Client(url).login("office", PASSWORD)
        api = Client(url).api("POST", "/observations", token, figure)
        page = reader.get(indicator_page)  # reads only: the session was saved under a minute ago
    for answer in (login, api):
        assert answer.status == 503, answer.body[:300]
        assert answer.headers["Retry-After"] == "5"
    for answer in (login, api):
        assert WAIT - 0.5 < answer.seconds < WAIT + 3  # waited for the lock, then gave up
    # a page that only reads writes nothing (its idle expiry is pushed at most once a minute;
    # tests/accounts/test_sessions_and_headers.py: when that push meets the lock the page is served)
    assert page.seconds < WAIT - 0.5
    assert BUSY in login.body and "系统繁忙" in login.body and 'class="brand"' in login.body  # the layout
    assert api.headers["Content-Type"] == "application/json"
    assert BUSY in api.json()["detail"]
    assert page.status == 200 and indicator_name(0) in page.body
    # The lock released, the same requests go through, and the reader is still logged in.
    assert Client(url).login("office", PASSWORD).status == 302
    created = Client(url).api("POST", "/observations", token, figure)
    assert created.status == 201, created.body
    assert reader.get(indicator_page).status == 200


def test_load_data_check_needs_no_write_lock(instance, tmp_path):
    instance.add_user("office")
    data = tmp_path / "data.csv"
    instance.python(BIGPLAN, str(data),
                    "--indicators", "40", "--rows", "2000")  # fmt: skip
    quick = {"PLANWATCH_DB_COMMAND_BUSY_TIMEOUT": "1"}
    with instance.hold_write_lock(*WRITTEN):
        check = instance.run("load-data", str(data), "--check", env=quick)
        load = instance.run("load-data", str(data), env=quick)
    assert check.returncode == 0, check.stderr
    assert "检查通过：2000 行" in check.stdout
    # The load itself needs the lock: it waits its second, then ends with the one-line error.
    assert load.returncode == 2
    assert load.stderr.strip().splitlines() == [
        "错误：数据库正忙：另一项写入（如其他导入）一直未完成，请稍后重新运行"
    ]
    assert instance.count("indicators_observation") == 0
    # Afterwards it goes in, all rows.
    assert instance.run("load-data", str(data)).returncode == 0
    assert instance.count("indicators_observation") == 2000


def _traffic(url: str, token: str, indicator: int, stop, answers: list) -> None:
    """Logins and API writes, one after another, until ``stop``."""
    month = 0
    while not stop.is_set():
        month += 1
        answers.append(Client(url).login("office", PASSWORD))
        figure = {"indicator": indicator, "period": f"{2100 + month // 12}-{month % 12 + 1:02d}", "value": 1}
        answers.append(Client(url).api("POST", "/observations", token, figure))


def test_logins_and_api_writes_go_on_while_a_large_file_loads(instance, tmp_path):
    """A reduced bench/bench_bulk.py: 4,000 indicators, 20,000 rows."""
    token = instance.add_user("office")
    data = tmp_path / "large.csv"
    instance.python(BIGPLAN, str(data), "--indicators", "4000", "--rows", "20000")
    url = instance.serve()
    start = time.perf_counter()
    check = instance.run("load-data", "--plan", "big", str(data), "--check")
    checked_in = time.perf_counter() - start
    assert check.returncode == 0, check.stderr
    assert checked_in < 20  # the matcher does not scan 4,000 indicators for each of 20,000 rows
    stop, answers = threading.Event(), []
    traffic = threading.Thread(target=_traffic, args=(url, token, _indicator_id(instance), stop, answers))
    traffic.start()
    try:
        load = instance.run("load-data", "--plan", "big", str(data))
    finally:
        stop.set()
        traffic.join()
    assert load.returncode == 0, load.stderr
    assert len(answers) >= 4
    for answer in answers:
        assert answer.status in (201, 302, 503), answer.body[:300]
        assert answer.seconds < WAIT + 3
        if answer.status == 503:
            assert answer.headers["Retry-After"] == "5"
