"""Fixtures for 责任分解: the seed plan as imported (its units in protocol order, no lead named)."""

from __future__ import annotations

from io import StringIO
from pathlib import Path

import pytest
from django.core.management import call_command

SEED = Path(__file__).resolve().parents[2].parent / "shared" / "plans" / "shizhong-2023-2025.txt"


@pytest.fixture
def seed(db):
    from planwatch.plans.models import Plan

    if not SEED.exists():
        pytest.fail(f"seed plan missing: {SEED}")
    call_command("import_plan", str(SEED), name="shizhong-2023", stdout=StringIO())
    return Plan.objects.get(name="shizhong-2023")


def keys_of(plan) -> list[str]:
    """Every article and target of the plan as the screen names them."""
    from planwatch.responsibilities.rows import plan_rows

    return [row.key for row in plan_rows(plan)]
