"""Proposals: a lead for every seed target from what it measures and what each unit does, with a
reason, never from the order the plan lists its units in."""

from __future__ import annotations

import pytest

from planwatch.units.functions import Department, load_table, merge_table, term_matches

pytestmark = pytest.mark.django_db


def proposals(plan) -> dict[str, tuple[str | None, str]]:
    """{indicator name: (proposed unit name, reason)} for every target of the plan."""
    from planwatch.responsibilities.rows import plan_rows

    return {
        r.target.indicator.name: (r.proposal.unit.name if r.proposal.unit else None, r.proposal.reason)
        for r in plan_rows(plan) if r.is_target
    }  # fmt: skip


def register(name: str):
    from planwatch.units.services import resolve_unit

    return resolve_unit(name)


# Written by hand from reading the plan: the target, the bureau that answers for it in a Chinese
# district, and the word of the indicator's name the reason must quote.
HEADLINE = {
    "地区生产总值": ("区统计局", "地区生产总值"),
    "PM2.5浓度": ("市生态环境局市中区分局", "PM2.5"),
    "全社会研发经费占GDP比重": ("区科技局", "研发经费"),
    "累计建成5G基站": ("区工业和信息化局", "5G"),
    "三年计划重点项目总投资": ("区发展改革局", "重点项目"),
    "实际使用外资": ("区商务局", "实际使用外资"),
    "单位地区生产总值能源消耗降低": ("区发展改革局", "能源消耗"),
    "新增高新技术企业": ("区科技局", "高新技术企业"),
    "粮食总产量": ("区农业农村局", "粮食"),
    "家庭医生签约服务率": ("区卫生健康局", "家庭医生"),
    "累计新增市场主体": ("区市场监管局", "市场主体"),
}


def test_every_seed_target_gets_a_lead_and_a_reason_once_the_statistics_bureau_is_registered(seed):
    register("区统计局")
    found = proposals(seed)
    assert len(found) == 38
    for name, (unit, reason) in found.items():
        assert unit is not None, f"no proposal for {name}: {reason}"
        assert reason.startswith(("指标名称含", "指标名称未对应到部门职责")), (name, reason)


def test_ten_headline_targets_get_the_bureau_that_answers_for_them(seed):
    register("区统计局")
    found = proposals(seed)
    for name, (unit, word) in HEADLINE.items():
        proposed, reason = found[name]
        assert proposed == unit, f"{name}: {proposed}（{reason}）"
        assert "指标名称含“" in reason and word in reason, (name, reason)
    assert found["PM2.5浓度"][1] == "指标名称含“PM2.5”，属生态环境部门职责"
    assert found["地区生产总值"][1] == "指标名称含“地区生产总值”，属统计部门职责"


def test_without_a_statistics_bureau_gdp_has_no_proposal_and_the_reason_says_why(seed):
    unit, reason = proposals(seed)["地区生产总值"]
    assert unit is None
    assert reason == "指标名称含“地区生产总值”，属统计部门职责；单位名录中还没有统计部门的单位，登记后即可建议"


def test_a_unit_the_article_does_not_list_is_named_as_such(seed):
    unit, reason = proposals(seed)["累计新增市场主体"]
    assert unit == "区市场监管局"
    assert reason.endswith("；本条所列单位中没有该部门，建议区市场监管局")


def test_a_target_whose_name_matches_no_duty_follows_its_article(seed):
    unit, reason = proposals(seed)["累计新培育营收过亿元企业"]
    assert unit == "区民营企业服务中心"
    assert reason == "指标名称未对应到部门职责，随本条建议：条目标题含“民营经济”，属民营经济服务部门职责"


def test_articles_are_proposed_by_title_and_text_not_by_list_order(seed):
    from planwatch.responsibilities.rows import plan_rows

    rows = {r.name: r for r in plan_rows(seed) if not r.is_target}
    digital = rows["（六）加速壮大数字经济"]  # the plan lists 区教育体育局 first
    assert digital.listed[0].name == "区教育体育局"
    assert digital.proposal.unit.name == "区工业和信息化局"
    assert digital.proposal.reason == "条目标题含“数字经济”，属工业和信息化部门职责"
    assert rows["（二十）加强环境污染防治"].proposal.unit.name == "市生态环境局市中区分局"


def test_units_are_matched_by_function_keyword_whatever_their_place():
    table = load_table()
    statistics = next(d for d in table if d.name == "统计部门")
    for name in ("区统计局", "市统计局", "长清县统计局", "济南市统计局"):
        assert statistics.owns(name)
    assert not statistics.owns("区科技局")


def test_the_longest_duty_word_wins():
    table = load_table()
    assert term_matches("单位地区生产总值能源消耗", table)[0].department.name == "发展改革部门"
    assert term_matches("地区生产总值", table)[0].department.name == "统计部门"
    assert term_matches("全社会研发经费占GDP比重", table)[0].department.name == "科技部门"
    assert term_matches("残疾儿童义务教育入学率", table)[0].department.name == "教育部门"


def test_the_office_overrides_adds_and_removes_departments():
    built_in = [Department("统计部门", ("统计",), ("GDP",)), Department("科技部门", ("科技",), ("专利",))]
    changed = merge_table(
        built_in,
        [
            (Department("统计部门", ("统计", "调查队"), ("GDP", "增加值")), True),
            (Department("科技部门", (), ()), False),
            (Department("数据部门", ("数据",), ("算力",)), True),
        ],
    )
    assert [(d.name, d.unit_keywords, d.terms) for d in changed] == [
        ("统计部门", ("统计", "调查队"), ("GDP", "增加值")),
        ("数据部门", ("数据",), ("算力",)),
    ]


def test_an_admin_row_changes_the_proposal(seed):
    from planwatch.units.models import UnitFunction

    assert proposals(seed)["累计新增市场主体"][0] == "区市场监管局"
    UnitFunction.objects.create(name="市场监管部门", unit_keywords="市场监管", terms="市场主体", active=False)
    unit, reason = proposals(seed)["累计新增市场主体"]
    assert unit == "区工业和信息化局"  # its article's proposal, the department being switched off
    assert reason.startswith("指标名称未对应到部门职责，随本条建议：")
    UnitFunction.objects.create(name="民政部门", unit_keywords="民政", terms="养老、市场主体")
    assert proposals(seed)["累计新增市场主体"] == ("区民政局", "指标名称含“市场主体”，属民政部门职责；本条所列单位中没有该部门，建议区民政局")
