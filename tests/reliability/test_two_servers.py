"""Two app servers (two `planwatch serve` processes, each with its own memory) on one database:
a change written by a third process is visible on the very next request to either, although
both had the evaluation cached (the plan's data version, moved by the database's triggers in
the change's own transaction, is part of every cache key). SQLite file or PostgreSQL, whichever
the run uses (live_site.py)."""

from __future__ import annotations

import subprocess

import pytest

from .live_site import PLANWATCH, Site, _wait, free_port, run_site
from .test_evaluation_race import SEED

pytestmark = pytest.mark.slow

CHANGE = """
from decimal import Decimal
from django.db import transaction
from planwatch.indicators.models import Indicator
from planwatch.indicators.observations import enter_observation
from planwatch.units.models import Unit

with transaction.atomic():
    Unit.objects.filter(pk={unit}).update(name="改名后的单位")  # a bulk update: no signal, no save()
    enter_observation(actor=None, indicator=Indicator.objects.get(pk={indicator}), period="2023",
                      value=Decimal("123.5"))
result = 1
"""


@pytest.fixture(scope="module")
def sites(tmp_path_factory):
    for first in run_site(tmp_path_factory.mktemp("two-servers")):
        port = free_port()
        second = subprocess.Popen([PLANWATCH, "serve", "--port", str(port), "--threads", "4"],
                                  env=first.env, stdout=subprocess.DEVNULL)  # fmt: skip
        try:
            other = Site(f"http://127.0.0.1:{port}", first.env)
            _wait(other.url)
            yield first, other
        finally:
            second.terminate()
            second.wait(timeout=20)


def test_a_change_is_seen_on_the_next_request_by_every_server(sites):
    first, second = sites
    made = first.python(SEED)
    path = f"/api/v1/plans/{made['plan']}/evaluation?as_of=2024-06-30"

    def row(site):
        answer = site.request("GET", path, token=made["token"])
        assert answer.status == 200, answer.body
        (only,) = answer.body
        return only["unit"], (only["latest"] or {}).get("value")

    for site in (first, second, first, second):  # cached in both processes
        assert row(site) == ("单位0", None)
    assert first.python(CHANGE.format(unit=made["unit"], indicator=made["indicator"])) == 1
    assert row(second) == ("改名后的单位", 123.5)
    assert row(first) == ("改名后的单位", 123.5)
