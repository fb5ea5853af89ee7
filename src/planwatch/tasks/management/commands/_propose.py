"""What `planwatch tasks propose` and `planwatch policies propose` share: PLAN is a stored plan
(代号 or id) or a plan document (txt/docx/pdf, read without the database); nothing is stored."""

from __future__ import annotations

import json
from pathlib import Path

from planwatch.extract import extract_plan
from planwatch.plans.errors import StoreError
from planwatch.plans.services import get_plan


def plan_articles(ref: str, article: int | None):
    """The extraction-format articles of PLAN (all, or number `article`)."""
    if Path(ref).is_file():
        articles = extract_plan(ref).articles
    else:
        from ...services import article_doc
        from ...services import plan_articles as stored

        articles = [article_doc(a) for a in stored(get_plan(ref), article)]
    chosen = [a for a in articles if article is None or a.number == article]
    if not chosen:
        raise StoreError(f"计划中没有第 {article} 条")
    return chosen


def render(proposals, fmt: str, columns) -> str:
    if fmt == "json":
        return json.dumps([p.to_dict() for p in proposals], ensure_ascii=False, indent=2) + "\n"
    lines = ["\t".join(title for title, _ in columns)]
    lines += ["\t".join(str(get(p) or "") for _, get in columns) for p in proposals]
    return "\n".join(lines) + "\n"
