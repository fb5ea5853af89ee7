"""GET /api/v1/projects and /api/v1/projects/summary: the named fields, amounts in 万元 as numbers,
a unit sees only its own projects."""

from __future__ import annotations

import pytest

from .conftest import import_file, ledger_bytes

pytestmark = pytest.mark.django_db


@pytest.fixture
def projects(small_plan, categories, monkeypatch):
    from datetime import date

    from planwatch.reporting import clock

    monkeypatch.setattr(clock, "today", lambda: date(2024, 6, 30))
    import_file(small_plan.plan, ledger_bytes(4, r4={"start": "2024年3月", "stage": "前期"}))
    return small_plan.plan


def test_list_has_the_named_fields_in_wan(projects, office):
    items = office.client.get("/api/v1/projects?plan=small-plan").json()
    assert [p["code"] for p in items] == ["XM0001", "XM0002", "XM0003", "XM0004"]
    first = items[0]
    assert {"id", "code", "name", "unit", "stage", "total_investment", "year_plan", "completed_this_year",
            "completion_rate", "light"} <= set(first)  # fmt: skip
    assert first["total_investment"] == 103000.0 and first["year_plan"] == 20000.0
    assert first["completed_this_year"] == 0 and first["completion_rate"] == 0 and first["light"] == "red"
    assert first["unit"] == "区发展改革局" and first["stage"] == "building"
    late = items[3]
    assert late["not_started_late"] and "逾期未开工（计划 2024年3月31日开工）" in late["reasons"]


def test_summary(projects, leader):
    got = leader.client.get("/api/v1/projects/summary?plan=small-plan&year=2024").json()
    assert got["count"] == 4 and got["total_investment"] == 412000.0 and got["year_plan"] == 80000.0
    assert got["completed"] == 0 and got["by_stage"] == {"building": 3, "preparing": 1}
    assert got["by_light"] == {"red": 4}


def test_a_unit_sees_only_its_own_projects(projects, reporter, other_reporter):
    mine = reporter.client.get("/api/v1/projects?plan=small-plan").json()
    assert [p["code"] for p in mine] == ["XM0001", "XM0003"]
    summary = reporter.client.get("/api/v1/projects/summary?plan=small-plan&year=2024").json()
    assert summary["count"] == 2
    other = [p for p in other_reporter.client.get("/api/v1/projects?plan=small-plan").json()]
    assert reporter.client.get(f"/api/v1/projects/{other[0]['id']}").status_code == 403
    assert reporter.client.get(f"/api/v1/projects/{mine[0]['id']}").status_code == 200


def test_filters(projects, office):
    got = office.client.get("/api/v1/projects?plan=small-plan&unit=区科技局&stage=building").json()
    assert [p["code"] for p in got] == ["XM0002"]
    assert office.client.get("/api/v1/projects?plan=small-plan&light=green").json() == []
