"""Quantitative targets: fields read from the words around each figure, and the traps left out."""

import pytest

from planwatch.extract.milestones import extract_milestones
from planwatch.extract.targets import extract_targets


def only(text, end_year=2025):
    targets = extract_targets(text, end_year=end_year)
    assert len(targets) == 1, [(t.indicator, t.value, t.unit) for t in targets]
    return targets[0]


@pytest.mark.parametrize(
    ("text", "value", "unit", "comparator", "basis", "year", "base_year"),
    [
        ("到2025年，地区生产总值力争突破1400亿元。", 1400, "亿元", ">=", "level", 2025, None),
        ("到2025年，软件业规模突破180亿，继续增长。", 180, "亿元", ">=", "level", 2025, None),
        ("每年新增市级绿色工厂1家。", 1, "家", ">=", "annual", None, None),
        ("力争年均新增高新技术企业50家以上。", 50, "家", ">=", "annual", None, None),
        ("力争三年累计引进青年人才1000名以上。", 1000, "名", ">=", "cumulative", 2025, None),
        ("三年累计新增市场主体5万家以上。", 5, "万家", ">=", "cumulative", 2025, None),
        ("新建中小学15所。", 15, "所", ">=", "cumulative", 2025, None),
        ("新建十五所学校。", 15, "所", ">=", "cumulative", 2025, None),
        ("PM2.5浓度控制在37.1微克/立方米。", 37.1, "微克/立方米", "<=", "level", 2025, None),
        ("重污染天数控制在2天以内。", 2, "天", "<=", "level", 2025, None),
        ("城镇调查失业率控制在5.5%左右。", 5.5, "%", "≈", "level", 2025, None),
        ("到2024年实际使用外资达到5.3亿美元左右。", 5.3, "亿美元", "≈", "level", 2024, None),
        ("单位地区生产总值能源消耗比2020年降低13.3%以上。", 13.3, "%", ">=", "change_vs_base", 2025, 2020),
        ("单位GDP二氧化碳排放较2020年下降18%。", 18, "%", ">=", "change_vs_base", 2025, 2020),
        ("每年新增专精特新企业3-5家。", 3, "家", "range", "annual", None, None),
        ("千人口托位数达4.5个。", 4.5, "个", ">=", "level", 2025, None),
        ("万人有效发明专利拥有量达59件。", 59, "件", ">=", "level", 2025, None),
        ("职业学校毕业生就业率保持在95%以上。", 95, "%", ">=", "level", 2025, None),
    ],
)
def test_target_fields(text, value, unit, comparator, basis, year, base_year):
    t = only(text)
    assert (t.value, t.unit, t.comparator, t.basis, t.year, t.base_year) == (
        value,
        unit,
        comparator,
        basis,
        year,
        base_year,
    )


def test_range_keeps_its_upper_bound():
    assert only("每年新增专精特新企业3-5家。").value_max == 5


def test_portfolio_of_key_projects():
    targets = extract_targets("总投资1154亿元的112个三年计划重点项目扎实推进。", end_year=2025)
    assert [(t.value, t.unit, t.basis, t.comparator) for t in targets] == [
        (1154, "亿元", "portfolio", "="),
        (112, "个", "portfolio", "="),
    ]
    assert "重点项目" in targets[0].indicator and "总投资" in targets[0].indicator


def test_every_year_carries_to_the_next_clause():
    targets = extract_targets("力争每年新增省级以上研发机构2家，备案市级以上众创空间2家。", end_year=2025)
    assert [t.basis for t in targets] == ["annual", "annual"]


def test_list_items_share_the_verb():
    targets = extract_targets("力争年均新增高新技术企业50家以上、“专精特新”中小企业10家以上。", end_year=2025)
    assert targets[1].indicator == "新增“专精特新”中小企业"


@pytest.mark.parametrize(
    "text",
    [
        "加快构建“1＋3＋1＋N”未来网络产业体系。",
        "启动G104与党杨路立交枢纽建设。",
        "以104国道重要通道为基础。",
        "大力发展5G上下游产业。",
        "摸清世界500强、中国500强投资潜力。",
        "加快推进“胶济1899时光列车”文旅项目。",
        "申报泉城文艺高质量提升工程（2023-2027年）重点项目库。",
        "引入三甲级医院。",
        "深入贯彻党的二十大和二十届一中全会精神。",
        "落实“四个区分”，打造一批绿色工厂。",
        "对新认定企业给予最高50万元奖励。",
        "经二路老字号一条街。",
    ],
)
def test_traps_are_not_targets(text):
    assert extract_targets(text, end_year=2025) == []


def test_threshold_inside_a_name_is_not_a_target():
    targets = extract_targets("三年累计新培育营收过亿元企业15家以上、过10亿元企业5家左右。", end_year=2025)
    assert [(t.value, t.unit, t.comparator) for t in targets] == [(15, "家", ">="), (5, "家", "≈")]


def test_base_value_before_raise_to_is_not_a_target():
    targets = extract_targets("森林覆盖率由40%提高到45%。", end_year=2025)
    assert [(t.value, t.unit) for t in targets] == [(45, "%")]


def test_the_year_named_in_the_sentence_wins_over_the_plan_end():
    assert only("到2024年，新建口袋公园20个。").year == 2024


@pytest.mark.parametrize(
    ("text", "milestones"),
    [
        ("到2025年，基本完成入河排污口整治。", [("基本完成入河排污口整治", 2025)]),
        ("到2025年底前基本完成雨污分流改造和内涝治理工作。", [("基本完成雨污分流改造和内涝治理工作", 2025)]),
        ("到2025年，深化改革取得重大成果。", []),
        ("到2025年实现全区30%村庄创建成为示范村。", []),
    ],
)
def test_milestones(text, milestones):
    assert [(m.text, m.year) for m in extract_milestones(text)] == milestones


@pytest.mark.parametrize(
    ("text", "rate"),
    [
        ("到2025年，地区生产总值年均增长7%以上。", "growth"),
        ("城镇居民人均可支配收入年均增长6.5%左右。", "growth"),
        ("单位地区生产总值能耗年均下降3%。", "decline"),
        ("每年空气质量优良天数比率保持在70%以上。", "level"),
        ("力争年均新增高新技术企业50家以上。", None),  # an amount each year, not a rate
        ("到2025年，研发经费投入强度达到2.5%。", None),  # a level in the target year
    ],
)
def test_rates_kept_over_the_period_are_marked_and_basis_stays_annual(text, rate):
    (target,) = extract_targets(text, end_year=2025)
    assert target.rate == rate
    if rate:
        assert (target.basis, target.year) == ("annual", None)  # the spec's basis, unchanged


# ---------------------------------------------------------------- issue 19: limits, amounts, context


@pytest.mark.parametrize(
    ("text", "value", "unit", "comparator", "basis"),
    [
        ("施工许可审批时限压缩至10个工作日内。", 10, "个工作日", "<=", "level"),
        ("工程建设项目全流程审批时间压缩至60个工作日以内。", 60, "个工作日", "<=", "level"),
        ("统筹安排专项资金2000万元。", 2000, "万元", ">=", "cumulative"),
        ("统筹安排专项资金2000万元支持中小企业数字化改造。", 2000, "万元", ">=", "cumulative"),
    ],
)
def test_time_limits_and_budget_amounts_are_targets(text, value, unit, comparator, basis):
    t = only(text)
    assert (t.value, t.unit, t.comparator, t.basis) == (value, unit, comparator, basis)


@pytest.mark.parametrize(
    "text",
    [
        "对投资500万元以下的项目实行告知承诺制。",
        "全县现有3.2万名登记就业困难人员，实现动态清零。",
        "对企业给予最高50万元奖励。",
    ],
)
def test_thresholds_and_figures_of_the_present_are_not_targets(text):
    assert extract_targets(text, end_year=2025) == []


def test_deadline_without_a_year_takes_the_plans_year():
    milestones = extract_milestones("9月底前，县人民医院新院区建成投用。", end_year=2024)
    assert [(m.text, m.year) for m in milestones] == [("县人民医院新院区建成投用", 2024)]
    assert extract_milestones("9月底前，县人民医院新院区建成投用。") == []
