"""Proposals on the seed plan against the hand-written lists in seed_gold.py (issue 12)."""

from __future__ import annotations

from planwatch.extract import extract_plan
from planwatch.tasks.proposals import propose_policies, propose_tasks

from .seed_gold import SEED, TASKS, score_policies, score_tasks


def _doc():
    return extract_plan(SEED)


def test_task_proposals_match_the_hand_written_lists():
    proposals = [p for a in _doc().articles for p in propose_tasks(a)]
    precision, recall, missed, extra = score_tasks(proposals)
    print(f"tasks: precision {precision:.2f} recall {recall:.2f}")
    assert len([p for p in proposals if p.article in TASKS]) >= 33
    assert recall >= 0.8, missed
    assert precision >= 0.8, extra


def test_every_article_with_commitments_gets_tasks():
    doc = _doc()
    empty = [a.number for a in doc.articles if a.chapter not in (1,) and not propose_tasks(a)]
    assert empty == []


def test_policy_candidates_match_the_hand_written_list():
    proposals = [p for a in _doc().articles for p in propose_policies(a)]
    precision, recall, missed, extra = score_policies(proposals)
    print(f"policies: precision {precision:.2f} recall {recall:.2f}")
    assert recall >= 0.9, missed
    assert precision >= 0.8, extra


def test_a_dated_commitment_keeps_its_date_and_drops_the_target_clause():
    article = next(a for a in _doc().articles if a.number == 18)
    last = propose_tasks(article)[-1]
    assert last.text == "完成省、市下达单位地区生产总值二氧化碳排放目标任务"
    assert last.due == "2025-12-31"
    assert "13.3%" in last.source
