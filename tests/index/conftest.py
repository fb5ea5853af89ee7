"""Fixtures for the index: the seed plan with its demo data, and a five-dimension definition of
at least twenty of its indicators, built through the service the build page uses."""

from __future__ import annotations

from datetime import date
from io import StringIO
from pathlib import Path

import pytest
from django.core.management import call_command

from .dimensions import FIVE_DIMENSIONS, LOWER  # noqa: F401  (the tests import them from here)

REPO = Path(__file__).resolve().parents[2]
SEED = REPO / "src" / "planwatch" / "sample_data" / "shizhong-2023-2025.txt"
AS_OF = date(2026, 3, 31)  # the demo's figures run to the end of 2025


def run(command: str, *args, **options) -> str:
    out = StringIO()
    call_command(command, *[str(a) for a in args], stdout=out, stderr=StringIO(), **options)
    return out.getvalue()


@pytest.fixture
def seed(db, settings):
    from planwatch.indicators.services import replace_demo_data
    from planwatch.plans.models import Plan

    settings.EVALUATION_DATE = AS_OF
    run("import_plan", SEED, name="shizhong-2023")
    plan = Plan.objects.get(name="shizhong-2023")
    replace_demo_data(actor=None, plan=plan, as_of=AS_OF)
    return plan


def build_form(plan, dimensions: dict, *, name="高质量发展综合指数", method="efficacy", weighting="given",
               dimension_weights=None, weights=None, note="") -> dict:
    """The build page's POST for `dimensions` {name: [indicator names]}; weights by indicator name."""
    from planwatch.indicators.models import Indicator

    by_name = {i.name: i for i in Indicator.objects.filter(plan=plan)}
    data = {"name": name, "method": method, "weighting": weighting, "note": note}
    for k, (dim, names) in enumerate(dimensions.items()):
        data[f"dim_name_{k}"] = dim
        data[f"dim_weight_{k}"] = str((dimension_weights or {}).get(dim, 1))
        for n in names:
            pk = by_name[n].pk
            data[f"dim_{pk}"] = str(k)
            data[f"dir_{pk}"] = "lower" if n in LOWER else "higher"
            data[f"weight_{pk}"] = str((weights or {}).get(n, 1))
    return data
