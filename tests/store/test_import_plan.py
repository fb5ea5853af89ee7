"""`planwatch import-plan`: the seed as stored rows, re-import as a no-op, revisions, bad input."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.apps import apps
from django.core.management.base import CommandError

from planwatch.extract import extract_plan
from planwatch.extract import model as doc
from planwatch.indicators.models import Indicator, Target
from planwatch.plans.models import Article, Chapter, Plan
from planwatch.plans.services import import_plan, plan_name_from_path, plan_to_document
from planwatch.units.models import Unit
from planwatch.units.names import canonical_key
from planwatch.units.services import find_unit

from .conftest import PLAN_NAME, SEED, run

pytestmark = pytest.mark.django_db
STORE_APPS = ("plans", "units", "indicators")


def snapshot() -> dict:
    """Every stored row of the store's apps: its id and, where it has one, its updated_at."""
    state = {}
    for label in STORE_APPS:
        for model in apps.get_app_config(label).get_models():
            fields = ["pk", "updated_at"] if hasattr(model, "updated_at") else ["pk"]
            state[model.__name__] = sorted(model.objects.values_list(*fields))
    return state


def revised_copy(tmp_path, *, new_value="200"):
    """The seed with one target value changed (180 → new_value 亿) and one article appended."""
    text = SEED.read_text(encoding="utf-8")
    assert text.count("突破 180 亿") == 1
    text = text.replace("突破 180 亿", f"突破 {new_value} 亿").rstrip() + (
        "\n\n（四十八）强化宣传引导。加强政策解读和舆论引导，及时总结推广典型经验做法，"
        "营造全社会共同推动绿色低碳高质量发展的良好氛围。（区委宣传部负责） \n"
    )
    path = tmp_path / "shizhong-2023-2025-正式稿.txt"
    path.write_text(text, encoding="utf-8")
    return path


def test_seed_import_stores_chapters_articles_and_targets(db):
    out = run("import_plan", SEED, name=PLAN_NAME)
    plan = Plan.objects.get(name=PLAN_NAME)
    assert plan.chapters.count() == 11
    assert plan.articles.count() == 47
    assert Indicator.objects.filter(plan=plan, targets__isnull=False).distinct().count() == 38
    assert Target.objects.filter(indicator__plan=plan).count() == 38
    assert (plan.period_start, plan.period_end) == (2023, 2025)
    assert plan.source_name == SEED.name and len(plan.source_sha256) == 64
    assert "11 章，47 条，39 个责任单位" in out and "38 个指标" in out


def test_import_names_what_the_extractor_was_unsure_of(db):
    """A bare number (no unit) is stored, but the import says so, with its sentence."""
    layout = Path(__file__).resolve().parents[1] / "extract" / "layouts" / "04-province-three-levels.txt"
    out = run("import_plan", layout, name="three-levels")
    line = next(ln for ln in out.splitlines() if ln.startswith("待核对："))
    assert "新建大型以上数据中心平均电能利用效率 1.3" in line
    assert "数值没有计量单位" in line and "原文：" in line
    assert "待核对" not in run("import_plan", SEED, name=PLAN_NAME)


def test_import_passes_on_the_extractors_warnings(db, tmp_path):
    path = tmp_path / "scheme.txt"
    path.write_text(
        "关于开展夏季消费季活动的工作方案\n组织开展促销活动100场次以上。责任单位：区商务局\n",
        encoding="utf-8",
    )
    out = run("import_plan", path, name="scheme")
    assert "注意：没有找到可识别的章节编号" in out


def test_every_gold_unit_is_registered_exactly_once(seed_plan, gold):
    names = {u for article in gold["articles"] for u in article["units"]}
    for name in names:
        unit = find_unit(name)
        assert unit is not None, name
        assert Unit.objects.filter(key=canonical_key(name)).count() == 1
    assert Unit.objects.count() == len(names)
    article = seed_plan.articles.get(number=4)
    gold_units = next(a["units"] for a in gold["articles"] if a["number"] == 4)
    assert [link.unit.name for link in article.unit_links.order_by("position")] == gold_units


def test_default_name_is_the_file_name(db):
    run("import_plan", SEED)
    assert Plan.objects.filter(name="shizhong-2023-2025").exists()


def test_reimport_of_the_same_document_writes_nothing(seed_plan):
    before = snapshot()
    out = run("import_plan", SEED, name=PLAN_NAME)
    assert "内容未变化" in out
    assert snapshot() == before


def test_commands_accept_a_plan_by_name_or_id(seed_plan):
    assert run("export_plan", str(seed_plan.pk)) == run("export_plan", PLAN_NAME)
    assert "内容未变化" in run("import_plan", SEED, name=str(seed_plan.pk))
    assert Plan.objects.count() == 1


def test_revision_diff_shows_exactly_the_changed_target_and_the_added_article(seed_plan, tmp_path):
    result = import_plan(document=extract_plan(revised_copy(tmp_path)), name=PLAN_NAME, source_name="x.txt")
    assert result.status == "pending"
    diff = result.diff
    assert not diff.plan_changes and not diff.chapters
    [added] = diff.of_kind("added")
    assert result.stored is not None and not diff.of_kind("removed")
    assert added.title == "强化宣传引导"
    [changed] = diff.of_kind("changed")
    assert changed.label == "（六）"
    assert not (changed.units_added or changed.units_removed or changed.roles_changed)
    [target] = changed.targets
    values = {c.field: (c.old, c.new) for c in target.changes}
    assert values["value"] == (180, 200)
    assert set(values) <= {"value", "source"}


def test_revision_without_apply_shows_the_diff_and_changes_nothing(seed_plan, tmp_path):
    before = snapshot()
    with pytest.raises(CommandError) as err:
        run("import_plan", revised_copy(tmp_path), name=PLAN_NAME)
    assert err.value.returncode == 2
    assert "--apply" in str(err.value)
    assert snapshot() == before


def test_revision_applied_keeps_the_rows_of_everything_unchanged(seed_plan, tmp_path):
    before = snapshot()
    target = Target.objects.get(indicator__plan=seed_plan, value=180)
    out = run("import_plan", revised_copy(tmp_path), name=PLAN_NAME, apply=True)
    assert "+ 新增条目 （四十八）强化宣传引导" in out
    assert "目标值 180 → 200" in out
    after = snapshot()
    assert Article.objects.filter(plan=seed_plan).count() == 48
    old_articles = dict(before["Article"])
    new_articles = dict(after["Article"])
    assert set(old_articles) < set(new_articles)
    touched = {pk for pk in old_articles if old_articles[pk] != new_articles[pk]}
    assert touched == {target.indicator.article_id}
    for model in ("Indicator", "Chapter", "ArticleUnit", "Milestone"):
        assert {pk for pk, _ in before[model]} <= {pk for pk, _ in after[model]}, model
    assert [pk for pk, _ in before["Target"]] == [pk for pk, _ in after["Target"]]
    target.refresh_from_db()
    assert target.value == 200
    added = Article.objects.get(plan=seed_plan, number=48)
    assert [u.name for u in added.units.all()] == ["区委宣传部"]
    assert "内容未变化" in run("import_plan", revised_copy(tmp_path), name=PLAN_NAME, apply=True)


def _assert_refused(before, *args, **options):
    with pytest.raises(CommandError) as err:
        run(*args, **options)
    assert err.value.returncode == 2
    assert snapshot() == before
    return str(err.value)


@pytest.mark.parametrize(
    "content",
    [b"", "这不是一份计划。\n只有两行文字。\n".encode(), b"\x00\x01\x02binary\xff\xfe" * 50],
    ids=["empty", "no-structure", "binary"],
)
def test_a_document_that_cannot_be_extracted_is_refused(seed_plan, tmp_path, content):
    bad = tmp_path / "bad.txt"
    bad.write_bytes(content)
    message = _assert_refused(snapshot(), "import_plan", bad, name=PLAN_NAME)
    assert message and "\n" not in message


def test_missing_file_unknown_plan_and_bad_name_are_refused(seed_plan, tmp_path):
    before = snapshot()
    _assert_refused(before, "import_plan", tmp_path / "missing.docx")
    assert "未找到计划" in _assert_refused(before, "export_plan", "no-such-plan")
    assert "计划代号" in _assert_refused(before, "import_plan", SEED, name="bad name/with slash")
    assert "未找到计划" in _assert_refused(before, "import_plan", SEED, name="999999")


def test_command_line_error_is_one_chinese_line_with_status_2(tmp_path):
    """The real console script: no traceback, no English class name, exit status 2."""
    bad = tmp_path / "empty.txt"
    bad.write_text("", encoding="utf-8")
    env = {**os.environ, "PLANWATCH_DATA_DIR": str(tmp_path / "data")}
    code = "import sys; from planwatch.cli import main; sys.exit(main(sys.argv[1:]))"
    res = subprocess.run(
        [sys.executable, "-c", code, "import-plan", str(bad)], capture_output=True, text=True, env=env
    )
    assert res.returncode == 2
    lines = res.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("错误：")
    assert res.stdout == ""


def test_chapter_rows_follow_the_document(seed_plan):
    titles = list(Chapter.objects.filter(plan=seed_plan).values_list("number", "title"))
    assert titles[0] == (1, "总体要求") and titles[-1] == (11, "保障措施")


def _doc(**changes) -> doc.PlanDocument:
    articles = [
        doc.Article(
            1,
            "（一）",
            1,
            "发展目标",
            "到2025年GDP达到100亿元。",
            units=["区发改局", "区统计局"],
            targets=[doc.Target("地区生产总值", 100, "亿元", year=2025)],
            milestones=[doc.Milestone("完成规划", 2024)],
        ),
        doc.Article(
            2,
            "（二）",
            1,
            "数字经济",
            "建成5G基站500处，新增企业10家。",
            units=["区工信局"],
            lead_units=["区工信局"],
            targets=[
                doc.Target("5G基站", 500, "处", basis="cumulative", year=2025),
                doc.Target("新增企业", 10, "家", basis="annual"),
            ],
        ),
        doc.Article(3, "（三）", 2, "保障措施", "加强领导。", units=["区财政局"]),
    ]
    for number, edit in changes.items():
        edit(articles[int(number[1:]) - 1])
    return doc.PlanDocument(
        title="某区行动计划",
        period=doc.Period(2023, 2025),
        chapters=[doc.Chapter(1, "目标"), doc.Chapter(2, "保障")],
        articles=articles,
    )


def test_revision_of_units_targets_milestones_and_removed_articles_round_trips(db):
    import_plan(document=_doc(), name="p", source_name="a.txt")
    plan = Plan.objects.get(name="p")
    kept_target = Target.objects.get(indicator__name="5G基站")

    def edit_first(a):
        a.units, a.lead_units = ["区发展改革局", "区科技局"], ["区科技局"]
        a.milestones = [doc.Milestone("完成规划", 2024), doc.Milestone("开展中期评估", 2024)]

    def edit_second(a):
        a.targets = [
            doc.Target("5G基站数", 500, "处", basis="cumulative", year=2025),
            doc.Target("新增高新技术企业", 20, "家"),
        ]

    new = _doc(a1=edit_first, a2=edit_second)
    del new.articles[2]
    result = import_plan(document=new, name="p", source_name="b.txt", apply=True)
    assert result.status == "applied"
    first, second = result.diff.of_kind("changed")
    assert (first.units_added, first.units_removed) == (
        ["区科技局"],
        ["区统计局"],
    ) and first.milestones_changed
    assert [t.old is None for t in second.targets] == [False, True, False]
    assert [a.title for a in result.diff.of_kind("removed")] == ["保障措施"]
    assert plan_to_document(plan).to_dict() == new.to_dict()
    kept_target.refresh_from_db()
    assert (kept_target.value, kept_target.indicator.name) == (500, "5G基站数")  # same row, renamed
    assert not Indicator.objects.filter(name="新增企业").exists()
    assert import_plan(document=new, name="p", source_name="b.txt").status == "unchanged"


@pytest.mark.parametrize(
    ("file_name", "name"),
    [
        ("shizhong-2023-2025.txt", "shizhong-2023-2025"),
        ("市中区 行动计划（正式稿）.docx", "市中区-行动计划-正式稿"),
        ("2023.txt", "plan-2023"),
        ("___.pdf", "plan"),
    ],
)
def test_default_plan_name_is_a_slug_of_the_file_name(file_name, name):
    assert plan_name_from_path(file_name) == name


def test_a_revision_that_would_delete_reported_figures_needs_drop_data(seed_plan, tmp_path):
    from planwatch.indicators.models import Observation
    from planwatch.indicators.observations import enter_observation

    stations = Indicator.objects.get(plan__name=PLAN_NAME, name__contains="5G")
    enter_observation(actor=None, indicator=stations, period="2023", value="1200", unit="处")
    text = SEED.read_text(encoding="utf-8").replace("累计建成 5G 基站 5000 处以\n\n上。", "加快建设5G基站。")
    assert "5000 处" not in text
    revised = tmp_path / "revised.txt"
    revised.write_text(text, encoding="utf-8")
    before = snapshot()
    with pytest.raises(CommandError, match="将删除 1 条已录入的指标数据"):
        run("import_plan", revised, name=PLAN_NAME, apply=True)
    assert snapshot() == before and Observation.objects.count() == 1
    run("import_plan", revised, name=PLAN_NAME, apply=True, drop_data=True)
    assert Observation.objects.count() == 0
    assert not Indicator.objects.filter(plan__name=PLAN_NAME, name__contains="5G").exists()
