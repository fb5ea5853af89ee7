"""Precision and recall of the task and policy proposals on the seed plan (issue 12).

    .venv/bin/python bench/bench_task_proposals.py

Scores `planwatch.tasks.proposals` against the hand-written expectations in
tests/tasks/seed_gold.py (seven articles' tasks; every policy the plan promises) and prints
what was missed and what was proposed beyond them. Goals (the tests hold them too): tasks
precision and recall ≥ 0.8, policies recall ≥ 0.9 and precision ≥ 0.8. Exit status 1 when a
goal is missed.
"""

from __future__ import annotations

import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path[:0] = [str(ROOT / "src"), str(ROOT / "tests")]

from planwatch.extract import extract_plan  # noqa: E402
from planwatch.tasks.proposals import propose_policies, propose_tasks  # noqa: E402
from tasks.seed_gold import SEED, score_policies, score_tasks  # noqa: E402


def main() -> int:
    doc = extract_plan(SEED)
    tasks = [p for a in doc.articles for p in propose_tasks(a)]
    policies = [p for a in doc.articles for p in propose_policies(a)]
    ok = True
    for name, (precision, recall, missed, extra), goal in (
        ("tasks", score_tasks(tasks), (0.8, 0.8)),
        ("policies", score_policies(policies), (0.8, 0.9)),
    ):
        print(f"{name:9} precision {precision:.2f}  recall {recall:.2f}  (goal ≥ {goal[0]} / ≥ {goal[1]})")
        for item in missed:
            print(f"    missed:   {item}")
        for p in extra:
            print(f"    extra:    {p.article} {getattr(p, 'text', None) or p.name}"[:110])
        ok = ok and precision >= goal[0] and recall >= goal[1]
    print(f"all articles: {len(tasks)} task proposals, {len(policies)} policy proposals")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
