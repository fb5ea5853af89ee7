"""`planwatch load-data` on hostile files ends with the one-line Chinese error and exit status 2,
never a traceback: an .xlsx whose sheet XML declares entities (billion laughs) or a DTD, a CSV
field longer than the csv module's limit (131,072 characters)."""

from __future__ import annotations

import pytest

from planwatch.spreadsheets import UNSAFE_XML
from spreadsheet_xml import DTD_ONLY, LAUGHS, with_prolog

from .conftest import write_csv, write_xlsx

GOOD = ["地区生产总值", "2023", "1200", "亿元", "区统计局", ""]


def refused_on_the_command_line(path, capsys) -> list[str]:
    from planwatch.indicators.management.commands.load_data import Command

    with pytest.raises(SystemExit) as exit_:
        Command().run_from_argv(["planwatch", "load_data", str(path)])
    assert exit_.value.code == 2
    captured = capsys.readouterr()
    assert "Traceback" not in captured.err
    return captured.err.splitlines()


@pytest.mark.parametrize("prolog", [LAUGHS, DTD_ONLY], ids=["entities", "dtd"])
def test_an_xlsx_declaring_a_dtd_is_refused(data_plan, tmp_path, capsys, prolog):
    plain = write_xlsx(tmp_path / "plain.xlsx", [GOOD])
    hostile = tmp_path / "evil.xlsx"
    hostile.write_bytes(with_prolog(plain.read_bytes(), prolog))
    assert refused_on_the_command_line(hostile, capsys) == [
        "错误：文件 evil.xlsx 未导入：发现 1 处错误，数据库未作任何修改",
        UNSAFE_XML,
    ]


def test_a_field_of_131k_characters_is_refused(data_plan, tmp_path, capsys):
    path = write_csv(
        tmp_path / "long.csv", [GOOD, ["地区生产总值", "2024", "1300", "亿元", "x" * 131_073, ""]]
    )
    lines = refused_on_the_command_line(path, capsys)
    assert lines[0] == "错误：文件 long.csv 未导入：发现 1 处错误，数据库未作任何修改"
    assert lines[1].startswith("第3行无法读取：单元格内容过长或格式错误")
    assert len(lines) == 2
