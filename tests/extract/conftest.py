"""Shared paths and the gold scorer for extraction tests.

`../shared` sits beside the repository (as in CI); the seed plan, its gold annotation and the
scorer come from there and are never copied into the repository.
"""

from __future__ import annotations

import json
import re
import subprocess
import sys
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[2]
SHARED = REPO.parent / "shared"
SEED = SHARED / "plans" / "shizhong-2023-2025.txt"
GOLD = SHARED / "gold" / "shizhong-2023-2025.gold.json"
SCORER = SHARED / "tools" / "score_extract.py"

_SUMMARY = re.compile(
    r"structure (?P<structure>[\d.]+) units-F1 (?P<units>[\d.]+) targets-F1 (?P<targets>[\d.]+) fields (?P<fields>[\d.]+)"
)
_FIELDS = re.compile(r"(comparator|basis|year|base_year) ([\d.]+)")


def score_plan(plan_dict: dict, tmp_path: Path) -> dict[str, float]:
    """Score an extraction with the shared scorer; returns its figures as floats."""
    out = tmp_path / "pred.json"
    out.write_text(json.dumps(plan_dict, ensure_ascii=False), encoding="utf-8")
    res = subprocess.run(
        [sys.executable, str(SCORER), str(GOLD), str(out)], capture_output=True, text=True, check=True
    )
    summary = _SUMMARY.search(res.stdout.strip().splitlines()[-1])
    figures = {k: float(v) for k, v in summary.groupdict().items()}
    field_line = next(line for line in res.stdout.splitlines() if line.startswith("matched targets"))
    figures.update({k: float(v) for k, v in _FIELDS.findall(field_line)})
    return figures


@pytest.fixture(scope="session")
def seed_path() -> Path:
    if not SEED.exists():
        pytest.fail(f"seed plan missing: {SEED} (../shared must sit beside the repository)")
    return SEED
