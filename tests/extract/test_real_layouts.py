"""Layouts first seen on the real corpus documents (issue 19), each checked on a small text
written here with its expected values typed by hand."""

from __future__ import annotations

from planwatch.extract.markers import choose_levels
from planwatch.extract.quantities import find_quantities
from planwatch.extract.structure import parse_lines
from planwatch.extract.units import chapter_lead, extract_units


def test_labelled_list_keeps_names_that_do_not_end_like_an_organisation():
    units, lead, _, _ = extract_units("增长5%左右。牵头单位：区财政局。责任单位：某某经济开发区，各街道，税务局")
    assert units == ["区财政局", "某某经济开发区", "税务局"]
    assert lead == ["区财政局"]


def test_catch_alls_with_each_inside_the_name_are_dropped():
    units, _, _, _ = extract_units("责任单位：甲区发改局、区直各部门、全区经济运行各专班")
    assert units == ["甲区发改局"]


def test_lead_and_cooperating_labels_with_zeren():
    text = "增长9%左右。牵头负责领导：张三。牵头责任单位：省商务厅。协同责任单位：省财政厅、某某海关等。"
    units, lead, _, _ = extract_units(text)
    assert units == ["省商务厅", "省财政厅", "某某海关"]
    assert lead == ["省商务厅"]


def test_a_parenthesis_glossing_a_noun_mid_sentence_is_no_unit():
    units, _, _, _ = extract_units("建成社区服务综合体(社区服务中心);其他城区达到30%。")
    assert units == []
    units, _, _, _ = extract_units("建成社区服务综合体。(市民政局)")
    assert units == ["市民政局"]


def test_a_chapter_heading_that_names_its_lead():
    assert chapter_lead("某县示范区管委会牵头工作(8项)") == ["某县示范区管委会"]
    assert chapter_lead("聚力创新赋能，打造试验区") == []


def test_meeting_ordinals_are_no_targets():
    assert find_quantities("计划已经市九届人大五次会议审议批准") == []


def test_jin_and_amount_first():
    [grain] = find_quantities("粮食产量500亿斤左右")
    assert (grain.value, grain.unit) == (500, "亿斤")
    [money] = find_quantities("投资3000万元建设养殖基地。")
    assert (money.value, money.unit) == (3000, "万元")


def test_a_share_of_a_set_before_de():
    [share] = find_quantities("确保甲区、乙区50%的城市社区建成服务综合体")
    assert (share.value, share.unit) == (50, "%")


def test_levels_printed_once():
    lines = ["一、聚力创新赋能，打造试验区", "（一）高水平建设科技强市。深化试验区建设。"]
    levels = choose_levels(lines)
    assert (levels.chapter, levels.mid) == ("cn", "paren_cn")


def test_items_numbered_with_a_small_full_stop():
    doc = parse_lines(["一、确保完成全年主要预期目标", "1﹒全省生产总值增长7%以上。", "2﹒固定资产投资增长10%以上。"])
    assert [(a.label, a.chapter) for a in doc.articles] == [("1﹒", 1), ("2﹒", 1)]
    assert [t.value for a in doc.articles for t in a.targets] == [7, 10]


def test_an_item_given_its_chapter_headings_lead_says_so_for_the_office_to_confirm():
    text = "某县实施方案\n一、县示范区管委会牵头工作(2项)\n1.建设产业园。\n2.完善配套设施。\n"
    document = parse_lines(text.splitlines())
    assert [a.units for a in document.articles] == [["县示范区管委会"], ["县示范区管委会"]]
    doubts = [(d.name, d.confidence, d.doubt) for a in document.articles for d in a.unit_doubts]
    assert doubts == [("县示范区管委会", 0.7, "条目未写责任单位，取自章标题中的牵头单位，请确认")] * 2
    assert document.to_dict()["articles"][0]["unit_doubts"] == [
        {"name": "县示范区管委会", "confidence": 0.7, "doubt": "条目未写责任单位，取自章标题中的牵头单位，请确认"}
    ]


def test_a_lead_by_verb_after_any_short_label_on_its_own_line():
    """Held-out set: the （X牵头，Y配合） notation also stands after a label of its own."""
    text = "技术合同成交额增长10%。分管领导：李四任务分工：市科技局牵头，市财政局、各区配合。"
    units, lead, body, _ = extract_units(text)
    assert units == ["市科技局", "市财政局"]
    assert lead == ["市科技局"]
    assert "市科技局" not in body
    units, _, _, _ = extract_units("举办专题培训3期。联系人：王五")  # a person after a label is no unit
    assert units == []


def test_a_note_in_parentheses_after_a_unit_is_not_part_of_its_name():
    units, _, _, _ = extract_units("新建公园2个。责任单位：市林业局（列第一位者为牵头单位，以下同）、市住建局")
    assert units == ["市林业局", "市住建局"]
    units, _, _, _ = extract_units("责任单位：各县（市、区）人民政府、市民政局")  # a list of divisions is no note
    assert units == ["各县（市、区）人民政府", "市民政局"]


def test_a_heading_line_without_text_under_it_keeps_its_title():
    lines = ["某局2020年实施方案", "一、总体要求", "坚持稳中求进。", "二、重点任务", "三、工作保障", "加强组织领导。"]
    doc = parse_lines(lines)
    assert [(a.label, a.title) for a in doc.articles] == [("一、", "总体要求"), ("二、", "重点任务"), ("三、", "工作保障")]
