"""Problem fixtures: the frozen clock of supervision's tests, a third unit with its reporter
(区财政局, a second coordinating unit), a progress report of the reporter's unit whose 存在问题
names a problem, and `api`, which posts JSON to /api/v1."""

from __future__ import annotations

import pytest

from tests.conftest import logged_in, make_user
from tests.supervision.conftest import clock  # noqa: F401  (the fixture, shared)


@pytest.fixture
def finance(db):
    from planwatch.units.services import resolve_unit

    unit = resolve_unit("区财政局")
    return logged_in(make_user("finance", "reporter", unit))


@pytest.fixture
def report(small_plan, reporter_unit):
    from planwatch.reporting.models import ArticleReport

    return ArticleReport.objects.create(
        article=small_plan.own.article, unit=reporter_unit, period="2025Q1", period_key=20251, status="approved",
        progress="推进中", problems="产业园二期用地指标不足，影响项目落地。需区自然资源局协调。",
    )  # fmt: skip


def api(actor, url: str, body: dict | None = None):
    return actor.client.post(f"/api/v1{url}", data=body or {}, content_type="application/json")
