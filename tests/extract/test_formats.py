"""The seed plan as a Word file and as a PDF extracts exactly as the plain text does.

Offices send plans as .docx or .pdf far more often than as .txt; the format must not change a
single chapter, article, unit or target.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from planwatch.extract import extract_plan

from .conftest import score_plan
from .docbuild import build_docx, build_pdf, seed_paragraphs

HEADER = "济南市市中区深化新旧动能转换推动绿色低碳高质量发展三年行动计划"
FIELDS = ("comparator", "basis", "year", "base_year")


@pytest.fixture(scope="module")
def txt_plan(seed_path) -> dict:
    return extract_plan(seed_path).to_dict()


@pytest.fixture(scope="module")
def txt_scores(txt_plan, tmp_path_factory) -> dict[str, float]:
    return score_plan(txt_plan, tmp_path_factory.mktemp("txt"))


def _build(fmt: str, seed_path: Path, tmp_path: Path) -> Path:
    paragraphs = seed_paragraphs(seed_path.read_text(encoding="utf-8"))
    if fmt == "docx":
        return build_docx(paragraphs, tmp_path / "plan.docx", header=HEADER)
    return build_pdf(paragraphs, tmp_path / "plan.pdf", header=HEADER, fake_bold=True)


def _essentials(plan: dict) -> list[tuple]:
    """What a user checks article by article: heading, units and the figures of its targets."""
    return [
        (
            a["number"],
            a["chapter"],
            a["title"],
            a["units"],
            a["lead_units"],
            [(t["value"], t["unit"], t["comparator"], t["basis"], t["year"]) for t in a["targets"]],
        )
        for a in plan["articles"]
    ]


def test_seed_text_meets_the_gold_bar(txt_scores):
    assert txt_scores["structure"] == 1.0
    assert txt_scores["units"] >= 0.99
    assert txt_scores["targets"] >= 0.95
    assert {f: txt_scores[f] for f in FIELDS if txt_scores[f] < 0.90} == {}


@pytest.mark.parametrize("fmt", ["docx", "pdf"])
def test_seed_as_other_format_scores_like_the_text(fmt, seed_path, txt_scores, tmp_path):
    plan = extract_plan(_build(fmt, seed_path, tmp_path)).to_dict()
    assert score_plan(plan, tmp_path) == txt_scores


@pytest.mark.parametrize("fmt", ["docx", "pdf"])
def test_seed_as_other_format_gives_the_same_articles(fmt, seed_path, txt_plan, tmp_path):
    plan = extract_plan(_build(fmt, seed_path, tmp_path)).to_dict()
    assert plan["chapters"] == txt_plan["chapters"]
    assert plan["period"] == txt_plan["period"]
    assert _essentials(plan) == _essentials(txt_plan)
