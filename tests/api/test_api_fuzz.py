"""schemathesis over the whole OpenAPI document (/api/v1/openapi.json), through the WSGI app on
the test database, as the office and as a unit's reporter: whatever the generated request —
valid or deliberately malformed — the API never answers 5xx. A bounded number of examples per
operation keeps the run short; PLANWATCH_FUZZ_EXAMPLES raises it for a deeper local run."""

from __future__ import annotations

import os

import pytest
import schemathesis
from hypothesis import HealthCheck, given, settings
from schemathesis import GenerationMode

pytestmark = pytest.mark.slow

EXAMPLES = int(os.environ.get("PLANWATCH_FUZZ_EXAMPLES", "10"))


def operations():
    # Django's application, not planwatch.wsgi's: importing that collects the static files and
    # makes every later page of this test process link hashed names its live servers never indexed.
    from django.core.wsgi import get_wsgi_application

    application = get_wsgi_application()
    schema = schemathesis.openapi.from_wsgi("/api/v1/openapi.json", application)
    return [result.ok() for result in schema.get_all_operations()], application


@pytest.fixture
def keep_connection():
    """schemathesis calls the WSGI app directly, whose request signals would close the test's
    database connection after each request (Django's test Client disconnects them the same way)."""
    from django.core.signals import request_finished, request_started
    from django.db import close_old_connections

    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    yield
    request_started.connect(close_old_connections)
    request_finished.connect(close_old_connections)


@pytest.fixture
def world(keep_connection, small_plan, office, reporter, token_for):
    from decimal import Decimal

    from planwatch.indicators.observations import enter_observation

    enter_observation(actor=None, indicator=small_plan.own.indicator, period="2024", value=Decimal("5"))
    return {"office": token_for(office.user), "reporter": token_for(reporter.user)}


@pytest.mark.parametrize("role", ["office", "reporter"])
def test_no_generated_request_makes_a_server_error(world, role):
    ops, app = operations()
    headers = {"Authorization": f"Bearer {world[role]}"}
    failures = []
    for op in ops:
        for mode in (GenerationMode.POSITIVE, GenerationMode.NEGATIVE):

            @settings(max_examples=EXAMPLES, deadline=None, database=None, derandomize=True,
                      suppress_health_check=list(HealthCheck))  # fmt: skip
            @given(case=op.as_strategy(generation_mode=mode))
            def probe(case):
                response = case.call(headers=headers)
                if response.status_code >= 500:
                    failures.append(f"{case.method} {case.formatted_path} {case.query} {case.body!r:.200}")

            probe()
    assert not failures, "\n".join(failures[:20])
