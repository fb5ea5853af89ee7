"""Fixtures for the plan store: the seed plan from ../shared, imported through the real command."""

from __future__ import annotations

import json
import subprocess
import sys
from io import StringIO
from pathlib import Path

import pytest
from django.core.management import call_command

from planwatch.extract import extract_plan

REPO = Path(__file__).resolve().parents[2]
SHARED = REPO.parent / "shared"
SEED = SHARED / "plans" / "shizhong-2023-2025.txt"
GOLD = SHARED / "gold" / "shizhong-2023-2025.gold.json"
SCORER = SHARED / "tools" / "score_extract.py"
PLAN_NAME = "shizhong-2023"


def run(command: str, *args, **options) -> str:
    """Run a management command as `planwatch` would; returns what it printed."""
    out = StringIO()
    call_command(command, *[str(a) for a in args], stdout=out, stderr=StringIO(), **options)
    return out.getvalue()


def score(plan_dict: dict, tmp_path: Path, label: str) -> str:
    """The shared scorer's report on a document, as printed."""
    path = tmp_path / f"{label}.json"
    path.write_text(json.dumps(plan_dict, ensure_ascii=False), encoding="utf-8")
    res = subprocess.run(
        [sys.executable, str(SCORER), str(GOLD), str(path)], capture_output=True, text=True, check=True
    )
    return res.stdout


@pytest.fixture(scope="session")
def seed_document():
    if not SEED.exists():
        pytest.fail(f"seed plan missing: {SEED} (../shared must sit beside the repository)")
    return extract_plan(SEED)


@pytest.fixture(scope="session")
def gold() -> dict:
    return json.loads(GOLD.read_text(encoding="utf-8"))


@pytest.fixture
def seed_plan(db):
    """The seed imported as `shizhong-2023`."""
    from planwatch.plans.models import Plan

    run("import_plan", SEED, name=PLAN_NAME)
    return Plan.objects.get(name=PLAN_NAME)
