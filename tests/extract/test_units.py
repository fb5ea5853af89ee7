"""Responsible units in each notation the spec lists."""

import pytest

from planwatch.extract.units import extract_units, split_units


@pytest.mark.parametrize(
    ("text", "units", "lead"),
    [
        ("加快建设。（区发展改革局、区科技局等有关单位按职责分工负责）", ["区发展改革局", "区科技局"], []),
        ("开展活动。（区委宣传部）", ["区委宣传部"], []),
        ("扩大规模。（区商务局、区投资促进局按责任分工负责）", ["区商务局", "区投资促进局"], []),
        (
            "推进试点。(牵头单位:市科技局,参与单位:市财政局、市发展改革委)",
            ["市科技局", "市财政局", "市发展改革委"],
            ["市科技局"],
        ),
        ("推进试点。（牵头单位：市科技局；配合单位：市财政局）", ["市科技局", "市财政局"], ["市科技局"]),
        (
            "推进试点。（市教育局牵头，市财政局、市人社局配合）",
            ["市教育局", "市财政局", "市人社局"],
            ["市教育局"],
        ),
        ("推进试点。（县住建局负责）", ["县住建局"], []),
        ("推进试点。责任单位：市商务局、市文旅局", ["市商务局", "市文旅局"], []),
        (
            "推进试点。（省科技厅、工业和信息化厅、财政厅按职责分工负责）",
            ["省科技厅", "省工业和信息化厅", "省财政厅"],
            [],
        ),
        ("推进试点。（区发展改革局、各街道、区级相关部门按职责分工负责）", ["区发展改革局"], []),
    ],
)
def test_notations(text, units, lead):
    found_units, found_lead, _, _ = extract_units(text)
    assert found_units == units
    assert found_lead == lead


@pytest.mark.parametrize(
    "text", ["全面完成原供热自管站（网）设备设施的改造提升。", "落实计划（2023-2027年）重点项目库。"]
)
def test_parentheses_that_are_not_unit_lists(text):
    assert extract_units(text)[0] == []


def test_catch_alls_only_is_an_empty_list():
    assert split_units("各有关单位、区级相关部门") == []


def test_unit_clause_is_removed_from_the_body():
    _, _, body, _ = extract_units("新增5家。（区科技局负责）")
    assert "区科技局" not in body


def test_a_unit_whose_name_was_completed_or_read_only_by_its_label_is_doubted():
    found = extract_units("推进试点。（省科技厅、工业和信息化厅负责）")
    assert found.units == ["省科技厅", "省工业和信息化厅"]
    assert list(found.doubts) == ["省工业和信息化厅"]
    assert "原文写作“工业和信息化厅”，按前一单位补为省级" in found.doubts["省工业和信息化厅"]
    found = extract_units("增长5%左右。责任单位：某某经济开发区、区财政局")
    assert found.units == ["某某经济开发区", "区财政局"]
    assert found.doubts == {"某某经济开发区": "名称不像机构名称，因列在“责任单位”一类标签后读作单位，请确认"}


def test_full_names_raise_no_doubt():
    assert extract_units("推进试点。（市教育局牵头，市财政局、市人社局配合）").doubts == {}
