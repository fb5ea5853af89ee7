"""Acceptance: the seed plan extracted by the CLI meets the issue's bounds against the gold annotation."""

from __future__ import annotations

import json
import subprocess
import sys

from .conftest import score_plan


def test_cli_json_on_seed_meets_the_gold_bounds(seed_path, tmp_path):
    out = tmp_path / "seed.json"
    res = subprocess.run(
        [
            sys.executable,
            "-m",
            "planwatch.cli",
            "extract",
            str(seed_path),
            "--format",
            "json",
            "-o",
            str(out),
        ],
        capture_output=True,
        text=True,
    )
    assert res.returncode == 0, res.stderr
    figures = score_plan(json.loads(out.read_text(encoding="utf-8")), tmp_path)
    assert figures["structure"] == 1.0
    assert figures["units"] >= 0.99
    assert figures["targets"] >= 0.95
    for field in ("comparator", "basis", "year", "base_year"):
        assert figures[field] >= 0.90, field


def test_seed_counts_and_period(seed_path):
    from planwatch.extract import extract_plan

    plan = extract_plan(seed_path)
    assert (len(plan.chapters), len(plan.articles)) == (11, 47)
    assert sum(len(a.targets) for a in plan.articles) == 38
    assert (plan.period.start, plan.period.end) == (2023, 2025)
    assert plan.title is None  # the seed's first page has lost its title line: say so, don't invent one


def test_table_format_is_a_chinese_summary(seed_path):
    res = subprocess.run(
        [sys.executable, "-m", "planwatch.cli", "extract", str(seed_path), "--format", "table"],
        capture_output=True,
        text=True,
    )
    assert res.returncode == 0
    assert "共 11 章，47 条，38 个量化目标" in res.stdout
    assert "第5章 聚力绿色低碳，发展高效循环经济" in res.stdout
    assert "单位地区生产总值能源消耗降低 >= 13.3%" in res.stdout
