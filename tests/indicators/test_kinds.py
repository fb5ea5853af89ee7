"""Flow or stock, and how often reported, guessed from the target at import."""

from __future__ import annotations

import pytest

from planwatch.indicators.kinds import infer_frequency, infer_kind


@pytest.mark.parametrize(
    ("basis", "name", "kind"),
    [
        ("annual", "新增高新技术企业", "flow"),
        ("annual", "备案市级以上众创空间、科技孵化器", "flow"),
        ("cumulative", "累计建成5G基站", "stock"),
        ("cumulative", "累计新增市场主体", "flow"),
        ("cumulative", "累计引进硕士、博士等青年人才", "flow"),
        ("cumulative", "新建中小学", "flow"),
        ("cumulative", "区级示范村建设", "flow"),
        ("cumulative", "某某工作", "flow"),
        ("level", "地区生产总值", "stock"),
        ("change_vs_base", "单位地区生产总值能源消耗降低", "stock"),
        ("portfolio", "三年计划重点项目", "stock"),
    ],
)
def test_infer_kind(basis, name, kind):
    assert infer_kind(basis=basis, name=name) == kind


def test_frequency_is_yearly_for_levels_quarterly_for_counts():
    assert infer_frequency(basis="level") == "year"
    assert infer_frequency(basis="change_vs_base") == "year"
    assert infer_frequency(basis="annual") == "quarter"
    assert infer_frequency(basis="cumulative") == "quarter"


@pytest.mark.django_db
def test_import_sets_kind_and_frequency_on_the_seed_plan(seed_plan):
    from planwatch.indicators.models import Indicator

    kinds = {i.name: (i.kind, i.frequency) for i in Indicator.objects.filter(plan=seed_plan)}
    assert kinds["地区生产总值"] == ("stock", "year")
    assert kinds["新增高新技术企业"] == ("flow", "quarter")
    assert kinds["累计建成5G基站"] == ("stock", "quarter")
    assert kinds["累计新增市场主体"] == ("flow", "quarter")
