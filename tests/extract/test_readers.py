"""Reading plan documents into clean lines: encodings, formats, page furniture, characters.

These tests use only `read_lines`; they do not depend on the structure parser.
"""

from __future__ import annotations

import codecs
import zipfile
from pathlib import Path

import docx
import pytest

from planwatch.extract.errors import ExtractError
from planwatch.extract.readers import normalise_line, read_lines

from .docbuild import (
    build_corrupt_docx,
    build_docx,
    build_encrypted_pdf,
    build_pdf,
    build_scanned_pdf,
    build_unmapped_font_pdf,
    seed_paragraphs,
)

SNIPPET = """\
济南市市中区三年行动计划（2023-2025 年）

一、总体要求

（一）发展目标。到 2025 年，地区生产总值力争突破 1400 亿元，

 实际利用外资 5.3 亿美元。

- 3 -

（二）数字经济。每年新增高新技术企业 50 家。（区科技局负责）
"""

SNIPPET_LINES = [
    "济南市市中区三年行动计划（2023-2025年）",
    "一、总体要求",
    "（一）发展目标。到2025年，地区生产总值力争突破1400亿元，",
    "实际利用外资5.3亿美元。",
    "（二）数字经济。每年新增高新技术企业50家。（区科技局负责）",
]


def _write(tmp_path: Path, name: str, data: bytes) -> Path:
    path = tmp_path / name
    path.write_bytes(data)
    return path


# ---------------------------------------------------------------- encodings

ENCODINGS = {
    "utf-8": lambda t: t.encode("utf-8"),
    "utf-8-bom": lambda t: codecs.BOM_UTF8 + t.encode("utf-8"),
    "utf-16-le-bom": lambda t: codecs.BOM_UTF16_LE + t.encode("utf-16-le"),
    "utf-16-be-bom": lambda t: codecs.BOM_UTF16_BE + t.encode("utf-16-be"),
    "utf-16-le-no-bom": lambda t: t.encode("utf-16-le"),
    "utf-16-be-no-bom": lambda t: t.encode("utf-16-be"),
    "gb18030": lambda t: t.encode("gb18030"),
    "gbk": lambda t: t.encode("gbk"),
    "crlf": lambda t: t.replace("\n", "\r\n").encode("utf-8"),
}


@pytest.mark.parametrize("encoding", ENCODINGS)
def test_every_encoding_gives_the_same_lines(encoding, tmp_path):
    path = _write(tmp_path, "plan.txt", ENCODINGS[encoding](SNIPPET))
    assert read_lines(path) == SNIPPET_LINES


@pytest.mark.parametrize("encoding", ["utf-8-bom", "utf-16-le-bom", "utf-16-le-no-bom", "gb18030"])
def test_seed_plan_reads_the_same_in_other_encodings(encoding, seed_path, tmp_path):
    expected = read_lines(seed_path)
    path = _write(tmp_path, "plan.txt", ENCODINGS[encoding](seed_path.read_text(encoding="utf-8")))
    assert read_lines(path) == expected


def test_seed_plan_lines_are_clean(seed_path):
    lines = read_lines(seed_path)
    assert lines[:2] == ["（2023-2025年）", "（送审稿）"]
    assert "一、总体要求" in lines
    assert not [s for s in lines if s != s.strip() or not s]
    assert not [s for s in lines if "- 19 -" in s or "- 24 -" in s]
    assert any("到2025年，深化新旧动能转换" in s for s in lines)


def test_utf8_cut_off_in_the_last_character_still_reads(tmp_path):
    data = SNIPPET.rstrip("\n").encode("utf-8")[:-1]
    lines = read_lines(_write(tmp_path, "plan.txt", data))
    assert lines[:-1] == SNIPPET_LINES[:-1]
    assert lines[-1] == SNIPPET_LINES[-1][:-1]


# ---------------------------------------------------------------- characters


def test_full_width_digits_and_letters_become_ascii():
    assert normalise_line("到２０２５年，ＡＩ产业规模达到１８０亿元") == "到2025年，AI产业规模达到180亿元"
    assert normalise_line("占比达到４６．５％") == "占比达到46.5%"
    assert normalise_line("ｉ泉城\u3000平台") == "i泉城平台"


def test_chinese_punctuation_stays_full_width():
    line = "（一）指导思想。坚持“发展第一”，推进《规划》；目标：力争！"
    assert normalise_line(line) == line


@pytest.mark.parametrize(
    ("raw", "clean"),
    [
        ("到 2025 年", "到2025年"),
        ("实际利用外资 5.3 亿美元", "实际利用外资5.3亿美元"),
        ("（2023 - 2025 年）", "（2023-2025年）"),
        ("增长 5 .3 %", "增长5.3%"),
        ("深 化 新 旧 动 能", "深化新旧动能"),
        ("建设 5G 基站", "建设5G基站"),
        ("  前后空格  ", "前后空格"),
    ],
)
def test_stray_spaces_are_removed(raw, clean):
    assert normalise_line(raw) == clean


def test_spaces_between_latin_words_stay():
    assert normalise_line("发展 big data 产业") == "发展big data产业"
    assert normalise_line("Industry 4.0") == "Industry 4.0"


@pytest.mark.parametrize(
    ("raw", "clean"),
    [
        ("(一)指导思想", "（一）指导思想"),
        ("( 十二 )加强督导", "（十二）加强督导"),
        ("(3)推进改革", "（3）推进改革"),
        ("（四)巩固优势", "（四）巩固优势"),
        ("(2023-2025年)", "(2023-2025年)"),
        ("推进(一)项工作", "推进(一)项工作"),
    ],
)
def test_half_width_brackets_around_a_leading_numeral_become_full_width(raw, clean):
    assert normalise_line(raw) == clean


# ---------------------------------------------------------------- page furniture


@pytest.mark.parametrize(
    "furniture", ["- 19 -", "—19—", "－ 7 －", "第 3 页", "第3页 共20页", "3/20", "19", "Page 4"]
)
def test_page_number_lines_are_dropped(furniture, tmp_path):
    text = f"一、总体要求\n{furniture}\n（一）指导思想。\n"
    assert read_lines(_write(tmp_path, "plan.txt", text.encode())) == ["一、总体要求", "（一）指导思想。"]


def test_lines_with_numbers_in_them_are_kept(tmp_path):
    text = "1400亿元\n2.\n第3章\n1.加快发展\n"
    assert read_lines(_write(tmp_path, "plan.txt", text.encode())) == [
        "1400亿元",
        "2.",
        "第3章",
        "1.加快发展",
    ]


def test_running_header_in_text_pages_is_dropped(tmp_path):
    pages = [f"市中区人民政府文件\n（{n}）第{n}条。\n第{i}页\n" for i, n in enumerate("一二三四", 1)]
    lines = read_lines(_write(tmp_path, "plan.txt", "\f".join(pages).encode()))
    assert lines == ["（一）第一条。", "（二）第二条。", "（三）第三条。", "（四）第四条。"]


def test_running_header_that_looks_like_a_heading_is_kept(tmp_path):
    pages = [f"一、总体要求\n正文第{n}页内容。\n" for n in range(4)]
    lines = read_lines(_write(tmp_path, "plan.txt", "\f".join(pages).encode()))
    assert lines.count("一、总体要求") == 4


# ---------------------------------------------------------------- Word


def test_docx_gives_paragraphs_and_table_rows_in_order(tmp_path):
    """A table row is one line, its cells joined by ｜ (a cell's paragraphs by ；), so the
    parser can read indicator and task tables by column."""
    table = [
        ["任务", "责任单位"],
        ["建设5G基站", "区工业和信息化局"],
        ["培育高新技术企业", "区科技局\n区财政局"],
    ]
    path = build_docx(["一、总体要求", "（一）指导思想。", table, "（二）发展目标。"], tmp_path / "p.docx")
    assert read_lines(path) == [
        "一、总体要求",
        "（一）指导思想。",
        "任务｜责任单位",
        "建设5G基站｜区工业和信息化局",
        "培育高新技术企业｜区科技局；区财政局",
        "（二）发展目标。",
    ]


def test_docx_header_and_footer_page_number_are_left_out(tmp_path):
    path = build_docx(["一、总体要求", "（一）指导思想。"], tmp_path / "p.docx", header="市中区人民政府文件")
    assert read_lines(path) == ["一、总体要求", "（一）指导思想。"]


def test_docx_table_cell_holding_only_a_number_is_kept(tmp_path):
    path = build_docx([[["序号", "目标值"], ["1", "180"]]], tmp_path / "p.docx")
    assert read_lines(path) == ["序号｜目标值", "1｜180"]


def test_docx_one_column_table_is_text(tmp_path):
    path = build_docx([[["（一）指导思想。坚持稳中求进。"], ["（二）发展目标。"]]], tmp_path / "p.docx")
    assert read_lines(path) == ["（一）指导思想。坚持稳中求进。", "（二）发展目标。"]


def test_docx_cell_spanning_columns_keeps_the_columns(tmp_path):
    path = build_docx(
        [[["指标", "单位", "目标值"], ["经济发展", "", ""], ["地区生产总值", "亿元", "1400"]]],
        tmp_path / "p.docx",
    )
    document = docx.Document(str(path))
    row = document.tables[0].rows[1]
    row.cells[0].merge(row.cells[2])
    document.save(str(path))
    assert read_lines(path) == ["指标｜单位｜目标值", "经济发展｜｜", "地区生产总值｜亿元｜1400"]


def test_docx_tracked_changes_read_as_accepted(tmp_path):
    path = build_docx(["到2025年，规模达到180亿元。"], tmp_path / "p.docx")
    _edit_document_xml(
        path,
        "<w:t>到2025年，规模达到180亿元。</w:t></w:r>",
        "<w:t>到2025年，规模达到</w:t></w:r>"
        '<w:del w:id="1" w:author="a"><w:r><w:delText>150</w:delText></w:r></w:del>'
        '<w:ins w:id="2" w:author="a"><w:r><w:t>180</w:t></w:r></w:ins>'
        "<w:r><w:t>亿元。</w:t></w:r>",
    )
    assert read_lines(path) == ["到2025年，规模达到180亿元。"]


def _edit_document_xml(path: Path, old: str, new: str) -> None:
    with zipfile.ZipFile(path) as source:
        parts = {name: source.read(name) for name in source.namelist()}
    xml = parts["word/document.xml"].decode("utf-8")
    assert old in xml
    parts["word/document.xml"] = xml.replace(old, new).encode("utf-8")
    with zipfile.ZipFile(path, "w") as target:
        for name, data in parts.items():
            target.writestr(name, data)


def test_docx_of_the_seed_has_the_seed_text(seed_path, tmp_path):
    paragraphs = seed_paragraphs(seed_path.read_text(encoding="utf-8"))
    lines = read_lines(build_docx(paragraphs, tmp_path / "seed.docx"))
    assert "".join(lines) == "".join(read_lines(seed_path))


def test_docx_named_txt_is_read_as_word(tmp_path):
    path = build_docx(["一、总体要求"], tmp_path / "p.docx").rename(tmp_path / "p.txt")
    assert read_lines(path) == ["一、总体要求"]


# ---------------------------------------------------------------- PDF

HEADER = "济南市市中区深化新旧动能转换推动绿色低碳高质量发展三年行动计划"


def test_pdf_running_header_and_page_numbers_are_dropped(tmp_path):
    paragraphs = [f"（{n}）第{n}条任务。推进重点项目建设。" for n in range(1, 41)]
    path = build_pdf(paragraphs, tmp_path / "p.pdf", header=HEADER, lines_per_page=10)
    lines = read_lines(path)
    assert lines == [normalise_line(p) for p in paragraphs]


def test_pdf_of_the_seed_has_the_seed_text_without_furniture(seed_path, tmp_path):
    paragraphs = seed_paragraphs(seed_path.read_text(encoding="utf-8"))
    lines = read_lines(build_pdf(paragraphs, tmp_path / "seed.pdf", header=HEADER))
    assert "".join(lines) == "".join(read_lines(seed_path))


def test_pdf_fake_bold_headings_are_read_once(seed_path, tmp_path):
    paragraphs = seed_paragraphs(seed_path.read_text(encoding="utf-8"))
    lines = read_lines(build_pdf(paragraphs, tmp_path / "seed.pdf", fake_bold=True))
    assert "二、聚力动能转换，培育现代产业体系" in lines
    assert "".join(lines) == "".join(read_lines(seed_path))


@pytest.mark.parametrize("algorithm", ["RC4-128", "AES-128", "AES-256"])
def test_pdf_with_only_an_owner_password_is_read(algorithm, tmp_path):
    path = build_encrypted_pdf(tmp_path / "p.pdf", user_password="", algorithm=algorithm)
    assert read_lines(path) == ["一、总体要求", "（一）指导思想。坚持稳中求进。"]


# ---------------------------------------------------------------- refusals


def _error(path: Path) -> str:
    with pytest.raises(ExtractError) as info:
        read_lines(path)
    message = str(info.value)
    assert "\n" not in message
    return message


def test_missing_file_is_named(tmp_path):
    assert _error(tmp_path / "none.txt") == f"文件不存在：{tmp_path / 'none.txt'}"


def test_directory_is_refused(tmp_path):
    assert "文件夹" in _error(tmp_path)


@pytest.mark.parametrize(
    "data", [b"", b"  \r\n\n\t ", codecs.BOM_UTF8 + b"\n", codecs.BOM_UTF16_LE + " \n".encode("utf-16-le")]
)
def test_empty_file_is_refused(data, tmp_path):
    path = _write(tmp_path, "plan.txt", data)
    assert _error(path) == f"文件是空的：{path}"


def test_word_file_without_text_is_refused(tmp_path):
    path = build_docx(["", "   "], tmp_path / "blank.docx")
    assert _error(path) == f"文件里没有文字：{path}"


PNG = (
    bytes.fromhex("89504e470d0a1a0a0000000d49484452000000100000001008060000001ff3ff61")
    + bytes(range(256)) * 4
)
OLE_DOC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(500)


@pytest.mark.parametrize(
    ("name", "data"),
    [
        ("picture.txt", PNG),
        ("random.bin", bytes((i * 7919 + 13) % 256 for i in range(4000))),
        ("old.doc", OLE_DOC),
        ("controls.txt", ("一、总体要求\x01\x02\x03\x04\x05\x06\x07\x08" * 20).encode()),
    ],
)
def test_binary_and_unknown_formats_are_refused(name, data, tmp_path):
    assert _error(_write(tmp_path, name, data)).startswith("无法识别的文件格式")


def test_excel_file_is_refused(tmp_path):
    path = tmp_path / "table.xlsx"
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("xl/workbook.xml", "<workbook/>")
    assert _error(path) == "无法识别的文件格式：只支持 .txt、.docx 和带文字层的 .pdf（这是 Excel 表格）"


@pytest.mark.parametrize("damage", ["xml", "truncated"])
def test_corrupt_docx_is_refused(damage, tmp_path):
    path = build_corrupt_docx(tmp_path / "plan.docx", damage=damage)
    assert _error(path) == f"无法读取 Word 文件（文件已损坏）：{path}"


def test_scanned_pdf_is_refused(tmp_path):
    assert "没有文字层" in _error(build_scanned_pdf(tmp_path / "scan.pdf"))


@pytest.mark.parametrize("algorithm", ["RC4-128", "AES-256"])
def test_password_protected_pdf_is_refused(algorithm, tmp_path):
    path = build_encrypted_pdf(tmp_path / "locked.pdf", algorithm=algorithm)
    assert _error(path) == "PDF 文件已加密，请先解除密码保护"


def test_pdf_whose_font_has_no_unicode_mapping_is_refused(tmp_path):
    assert "无法识别" in _error(build_unmapped_font_pdf(tmp_path / "cid.pdf"))


def test_corrupt_pdf_is_refused(tmp_path):
    path = _write(tmp_path, "broken.pdf", b"%PDF-1.7\n" + bytes(range(256)) * 8)
    assert "PDF" in _error(path)
