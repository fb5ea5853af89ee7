"""`planwatch export-plan`: the stored plan in the extraction format, losing nothing."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from planwatch.extract import extract_plan
from planwatch.extract.model import Article, Chapter, Milestone, PlanDocument, Section, Target
from planwatch.indicators.models import Indicator
from planwatch.plans.services import import_plan, plan_to_document
from planwatch.units.models import ArticleUnit

from .conftest import PLAN_NAME, run, score

pytestmark = pytest.mark.django_db


def test_round_trip_extract_import_export_loses_nothing(seed_plan, seed_document):
    extracted = seed_document.to_dict()
    exported = plan_to_document(seed_plan).to_dict()
    assert exported.keys() == extracted.keys()
    for key in ("title", "period", "chapters", "sections"):
        assert exported[key] == extracted[key], key
    assert len(exported["articles"]) == len(extracted["articles"])
    for ours, theirs in zip(exported["articles"], extracted["articles"], strict=True):
        for field, value in theirs.items():
            assert ours[field] == value, (theirs["label"], field)
            assert type(ours[field]) is type(value), (theirs["label"], field)
    assert exported == extracted


def test_export_command_prints_the_extraction_json(seed_plan, seed_document, tmp_path):
    assert json.loads(run("export_plan", PLAN_NAME)) == seed_document.to_dict()
    out = tmp_path / "plan.json"
    run("export_plan", PLAN_NAME, "-o", out)
    assert json.loads(out.read_text(encoding="utf-8")) == seed_document.to_dict()


def test_export_scores_like_the_extraction(seed_plan, seed_document, tmp_path):
    exported = json.loads(run("export_plan", PLAN_NAME, format="json"))
    assert score(exported, tmp_path, "export") == score(seed_document.to_dict(), tmp_path, "extract")


def test_export_shows_corrections_made_after_import(seed_plan):
    """A unit moved to lead in the admin comes out in lead_units."""
    link = ArticleUnit.objects.filter(article__plan=seed_plan, article__number=3).order_by("position").first()
    link.role = ArticleUnit.Role.LEAD
    link.save()
    article = next(a for a in plan_to_document(seed_plan).articles if a.number == 3)
    assert article.lead_units == [article.units[0]]


LAYOUTS = sorted((Path(__file__).resolve().parents[1] / "extract" / "layouts").glob("*.txt"))


@pytest.mark.parametrize("path", LAYOUTS, ids=lambda p: p.stem)
def test_round_trip_of_other_plan_layouts(path):
    """Any plan of the genre, not only the seed: lead units, numbering restarting per chapter…"""
    document = extract_plan(path)
    plan = import_plan(document=document, name="layout", source_name=path.name).plan
    assert plan_to_document(plan).to_dict() == _without_doubts(document.to_dict())


def _without_doubts(doc: dict) -> dict:
    """The extractor's doubts (a target's confidence and doubt, an article's unit_doubts) are
    shown at import for the office to check, not stored: everything else comes back as extracted."""
    for article in doc["articles"]:
        article.pop("unit_doubts", None)
        for target in article["targets"]:
            target.pop("confidence", None)
            target.pop("doubt", None)
    return doc


def test_round_trip_of_a_three_level_plan_with_edge_cases():
    document = PlanDocument(
        title=None,
        period=None,
        chapters=[Chapter(1, "产业升级"), Chapter(2, "保障措施")],
        sections=[Section(1, 1, "数字经济"), Section(1, 2, "绿色低碳"), Section(2, 1, "组织保障")],
        articles=[
            Article(
                1,
                "1.",
                1,
                "建设算力中心",
                "建设算力中心。到2024年算力30P，2025年50P。",
                section=1,
                units=["省发改委", "省工信厅"],
                lead_units=["省发改委"],
                targets=[
                    Target("算力规模", 30, "P", year=2024),
                    Target("算力规模", 50, "P", year=2025, qualifiers=["力争"]),
                ],
            ),
            Article(
                2,
                "2.",
                1,
                "",
                "单位能耗下降13.5%左右，新增1-2家。",
                section=2,
                units=["省发展改革委"],
                targets=[
                    Target(
                        "单位GDP能耗降低", 13.5, "%", "≈", basis="change_vs_base", year=2025, base_year=2020
                    ),
                    Target("新增示范园区", 1, "家", "range", value_max=2, basis="cumulative"),
                ],
                milestones=[Milestone("完成评估")],
            ),
            Article(3, "3.", None, "加强组织领导", "加强组织领导。", units=[]),
        ],
    )
    plan = import_plan(document=document, name="three-levels", source_name="x.txt").plan
    assert plan_to_document(plan).to_dict() == document.to_dict()
    assert Indicator.objects.filter(plan=plan).count() == 3
    # 省发改委 and 省发展改革委 are one unit, registered under the name first met
    assert plan.articles.get(number=2).units.get().name == "省发改委"


CORPUS = Path(__file__).resolve().parents[1] / "extract" / "corpus"


def test_indicator_table_base_values_and_attributes_are_stored(tmp_path):
    """An indicator table's 基期值 and 属性 are kept on the targets and come back on export."""
    from tests.extract.docbuild import build_docx, corpus_blocks

    source = CORPUS / "05-district-indicator-table.docx.txt"
    path = build_docx(corpus_blocks(source.read_text(encoding="utf-8")), tmp_path / "plan.docx")
    document = extract_plan(path)
    plan = import_plan(document=document, name="table", source_name="plan.docx").plan
    from planwatch.indicators.models import Target as TargetRow

    rows = TargetRow.objects.filter(indicator__article__plan=plan, indicator__article__number=1).order_by("position")
    assert [(r.indicator.name, r.base_value, r.value, r.attribute) for r in rows] == [
        ("全社会研发经费投入强度", 2.1, 2.8, "预期性"),
        ("高新技术企业数量", 320, 500, "预期性"),
        ("每万人口高价值发明专利拥有量", 8.5, 12, "预期性"),
        ("技术合同成交额", 15, 25, "预期性"),
    ]
    assert plan_to_document(plan).to_dict() == _without_doubts(document.to_dict())
