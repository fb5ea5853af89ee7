"""The units registry: one unit however it is spelled, aliases, merges."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError
from django.core.management.base import CommandError

from planwatch.plans.errors import StoreError
from planwatch.plans.models import Article, Plan
from planwatch.units.models import ArticleUnit, Unit, UnitAlias
from planwatch.units.services import canonical_key, find_unit, merge_units, normalise_name, resolve_unit

from .conftest import run


@pytest.mark.parametrize(
    ("written", "expected"),
    [
        ("区发展改革局", "区发展改革局"),
        ("区 发展 改革局", "区发展改革局"),
        ("区发改局（ＡＢＣ１２３）", "区发改局(ABC123)"),
        ("\u3000市科技局 ", "市科技局"),
    ],
)
def test_normalise_name_folds_full_width_and_spaces(written, expected):
    assert normalise_name(written) == expected


@pytest.mark.parametrize(
    "spellings",
    [
        ("区发改局", "区发展改革局", "区发展和改革局"),
        ("市发改委", "市发展改革委", "市发展和改革委员会", "市发展改革委员会"),
        ("济南市发改委", "济南市发展和改革委员会"),
        ("区人社局", "区人力资源和社会保障局", "区人力资源社会保障局"),
        ("区住建局", "区住房和城乡建设局"),
        ("区工信局", "区工业和信息化局"),
        ("区教体局", "区教育体育局"),
        ("区文旅局", "区文化旅游局", "区文化和旅游局"),
        ("区卫健局", "区卫生健康局"),
        ("市卫健委", "市卫生健康委", "市卫生健康委员会"),
        ("区市场监管局", "区市场监督管理局"),
        ("区自然资源局", "区自然资源和规划局"),
        ("区科技局", "区科学技术局"),
        ("区应急局", "区应急管理局"),
        ("区委政法委", "区委政法委员会"),
        ("市中区发改局", "市中区发展改革局"),
        ("区发改局", "区发改局"),
    ],
)
def test_official_abbreviations_share_one_key(spellings):
    assert len({canonical_key(s) for s in spellings}) == 1


@pytest.mark.parametrize(
    ("a", "b"),
    [
        ("区发展改革局", "市发展改革局"),
        ("区科技局", "区工业和信息化局"),
        ("区卫健局", "区卫健委"),
        ("区发改局", "区发改委"),
        ("市生态环境局市中区分局", "市生态环境局"),
        ("区园区管理服务中心", "区企业服务中心"),
    ],
)
def test_different_units_keep_different_keys(a, b):
    assert canonical_key(a) != canonical_key(b)


def test_unrelated_names_pass_through():
    assert canonical_key("市生态环境局市中区分局") == "市生态环境局市中区分局"
    assert canonical_key("区财金集团") == "区财金集团"


@pytest.mark.django_db
def test_resolve_unit_registers_a_unit_once_whatever_the_spelling():
    first = resolve_unit("区发展改革局")
    assert resolve_unit("区发改局") == first
    assert resolve_unit("区 发展和改革局") == first
    assert Unit.objects.count() == 1
    assert first.name == "区发展改革局"
    with pytest.raises(StoreError):
        resolve_unit("  ")


def _article(plan, number, *units):
    article = Article.objects.create(plan=plan, number=number, label=f"（{number}）", title=f"条目{number}")
    for position, (unit, role) in enumerate(units):
        ArticleUnit.objects.create(article=article, unit=unit, role=role, position=position)
    return article


@pytest.mark.django_db
def test_merge_moves_links_keeps_the_name_as_alias_and_deletes_the_source():
    plan = Plan.objects.create(name="p")
    source, target = resolve_unit("区大数据中心"), resolve_unit("区大数据局")
    lead, co = ArticleUnit.Role.LEAD, ArticleUnit.Role.CO
    only_source = _article(plan, 1, (source, co))
    both = _article(plan, 2, (target, co), (source, lead))
    assert merge_units(source=source, target=target) == 1
    assert not Unit.objects.filter(pk=source.pk).exists()
    assert list(only_source.units.all()) == [target]
    assert [(link.unit, link.role) for link in both.unit_links.all()] == [(target, lead)]
    assert UnitAlias.objects.get(alias="区大数据中心").unit == target
    assert find_unit("区大数据中心") == target
    assert resolve_unit("区 大数据中心") == target
    assert Unit.objects.count() == 1


@pytest.mark.django_db
def test_merge_into_itself_is_refused():
    unit = resolve_unit("区发展改革局")
    with pytest.raises(StoreError, match="合并到它自己"):
        merge_units(source=unit, target=unit)


@pytest.mark.django_db
def test_merge_units_command(seed_plan):
    source = resolve_unit("区大数据中心")
    out = run("merge_units", "区大数据中心", "区大数据局")
    assert "合并到“区大数据局”" in out
    assert not Unit.objects.filter(pk=source.pk).exists()
    target = Unit.objects.get(name="区大数据局")
    assert run("merge_units", str(resolve_unit("区数据中心").pk), str(target.pk))
    assert find_unit("区数据中心") == target


@pytest.mark.django_db
def test_merge_units_command_refuses_self_and_unknown_units(seed_plan):
    count = Unit.objects.count()
    for args in (("区发改局", "区发展改革局"), ("区不存在局", "区发展改革局")):
        with pytest.raises(CommandError) as err:
            run("merge_units", *args)
        assert err.value.returncode == 2
    assert Unit.objects.count() == count


@pytest.mark.django_db
def test_a_second_spelling_cannot_be_added_as_a_new_unit():
    resolve_unit("区发展改革局")
    with pytest.raises(ValidationError):
        Unit(name="区发改局").full_clean()
