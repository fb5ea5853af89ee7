"""Word's automatic numbering: headings numbered by Word read as if the numbers were typed.

The documents are built with python-docx and real numbering definitions (w:abstractNum and w:num
in word/numbering.xml, w:numPr on paragraphs or styles), as Word saves them.
"""

from __future__ import annotations

from pathlib import Path

import docx
import pytest
from docx.enum.style import WD_STYLE_TYPE
from docx.oxml import parse_xml
from docx.oxml.ns import nsdecls

from planwatch.extract import extract_plan
from planwatch.extract.docx_numbering import format_number
from planwatch.extract.readers import read_lines
from planwatch.extract.structure import match_marker

from .docbuild import seed_paragraphs

LAYOUTS = Path(__file__).parent / "layouts"
# The outline of a Chinese plan: 一、 / （一） / 1. (in w:lvlText, %N is level N's number).
OUTLINE = [("chineseCounting", "%1、"), ("chineseCounting", "（%2）"), ("decimal", "%3.")]
CHAPTERS = [("chineseCounting", "%1、")]  # one-level lists, for chapters and articles apart
ARTICLES = [("chineseCounting", "（%1）")]


# ---------------------------------------------------------------- building numbered documents


def add_list(document, levels, *, restart: dict[int, int] | None = None, start: int = 1) -> str:
    """A w:abstractNum with `levels` (numFmt, lvlText); `restart` gives levels a w:lvlRestart."""
    numbering = document.part.numbering_part.element
    abstract_id = str(100 + len(numbering.findall(f"{{{numbering.nsmap['w']}}}abstractNum")))
    lvls = "".join(
        f'<w:lvl w:ilvl="{i}"><w:start w:val="{start}"/><w:numFmt w:val="{fmt}"/>'
        + (f'<w:lvlRestart w:val="{restart[i]}"/>' if restart and i in restart else "")
        + f'<w:lvlText w:val="{text}"/><w:lvlJc w:val="left"/></w:lvl>'
        for i, (fmt, text) in enumerate(levels)
    )
    abstract = parse_xml(
        f'<w:abstractNum {nsdecls("w")} w:abstractNumId="{abstract_id}">'
        f'<w:multiLevelType w:val="multilevel"/>{lvls}</w:abstractNum>'
    )
    first_num = numbering.find(f"{{{numbering.nsmap['w']}}}num")
    first_num.addprevious(abstract)  # the schema puts every abstractNum before the nums
    return abstract_id


def add_num(document, abstract_id: str, *, start_overrides: dict[int, int] | None = None) -> int:
    """A w:num over `abstract_id`, with w:startOverride per level if given; returns its numId."""
    numbering = document.part.numbering_part.element
    num_id = 200 + len(numbering.findall(f"{{{numbering.nsmap['w']}}}num"))
    overrides = "".join(
        f'<w:lvlOverride w:ilvl="{lvl}"><w:startOverride w:val="{value}"/></w:lvlOverride>'
        for lvl, value in (start_overrides or {}).items()
    )
    numbering.append(
        parse_xml(
            f'<w:num {nsdecls("w")} w:numId="{num_id}"><w:abstractNumId w:val="{abstract_id}"/>'
            f"{overrides}</w:num>"
        )
    )
    return num_id


def set_numbering(p_pr, num_id: int, ilvl: int | None = 0) -> None:
    """w:numPr on a paragraph's or a style's w:pPr."""
    num_pr = p_pr.get_or_add_numPr()
    if ilvl is not None:
        num_pr.get_or_add_ilvl().val = ilvl
    num_pr.get_or_add_numId().val = num_id


def numbered(document, text: str, num_id: int, ilvl: int = 0):
    paragraph = document.add_paragraph(text)
    set_numbering(paragraph._p.get_or_add_pPr(), num_id, ilvl)
    return paragraph


def outline_document(items, *, restart: dict[int, int] | None = None):
    """A document whose (level, text) items are numbered by one three-level Chinese outline."""
    document = docx.Document()
    num_id = add_num(document, add_list(document, OUTLINE, restart=restart))
    for level, text in items:
        numbered(document, text, num_id, level)
    return document


def lines_of(document, tmp_path: Path, name: str = "plan.docx") -> list[str]:
    path = tmp_path / name
    document.save(str(path))
    return read_lines(path)


# ---------------------------------------------------------------- labels as read_lines gives them

ITEMS = [
    (0, "总体要求"),
    (1, "指导思想。坚持稳中求进。"),
    (1, "主要目标。到2025年，地区生产总值突破1400亿元。"),
    (0, "重点任务"),
    (1, "推进企业数字化改造"),
    (2, "实施智能化改造提升工程。"),
    (2, "推广工业互联网平台应用。"),
    (1, "夯实数字基础设施"),
    (2, "加快5G网络建设。"),
]


def test_levels_restart_under_a_higher_level_by_default(tmp_path):
    assert lines_of(outline_document(ITEMS), tmp_path) == [
        "一、总体要求",
        "（一）指导思想。坚持稳中求进。",
        "（二）主要目标。到2025年，地区生产总值突破1400亿元。",
        "二、重点任务",
        "（一）推进企业数字化改造",
        "1.实施智能化改造提升工程。",
        "2.推广工业互联网平台应用。",
        "（二）夯实数字基础设施",
        "1.加快5G网络建设。",
    ]


CONTINUING = [(0, "总体要求"), (1, "指导思想。"), (1, "主要目标。"), (0, "重点任务"), (1, "推进改造。")]
CONTINUED = ["一、总体要求", "（一）指导思想。", "（二）主要目标。", "二、重点任务", "（三）推进改造。"]


def test_lvl_restart_0_continues_articles_across_chapters(tmp_path):
    document = outline_document(CONTINUING, restart={1: 0})
    assert lines_of(document, tmp_path) == CONTINUED


def test_separate_lists_for_chapters_and_articles_continue(tmp_path):
    document = docx.Document()
    chapters = add_num(document, add_list(document, CHAPTERS))
    articles = add_num(document, add_list(document, ARTICLES))
    for level, text in CONTINUING:
        numbered(document, text, articles if level else chapters)
    assert lines_of(document, tmp_path) == CONTINUED


def test_start_override_restarts_and_plain_instances_share_the_count(tmp_path):
    """Word's "restart at 1" makes a new w:num with a startOverride over the same abstractNum;
    another plain w:num of that abstractNum continues the one count."""
    document = docx.Document()
    chapters = add_num(document, add_list(document, CHAPTERS))
    article_list = add_list(document, ARTICLES)
    first, restarted = (
        add_num(document, article_list),
        add_num(document, article_list, start_overrides={0: 1}),
    )
    again = add_num(document, article_list)
    numbered(document, "总体要求", chapters)
    numbered(document, "指导思想。", first)
    numbered(document, "主要目标。", first)
    numbered(document, "重点任务", chapters)
    numbered(document, "推进改造。", restarted)
    numbered(document, "加快建设。", again)
    assert lines_of(document, tmp_path)[4:] == ["（一）推进改造。", "（二）加快建设。"]


def test_start_value_and_other_formats(tmp_path):
    document = docx.Document()
    levels = [
        ("chineseCountingThousand", "第%1章"),
        ("decimalFullWidth", "%2."),
        ("decimalEnclosedCircle", "%3"),
    ]
    num_id = add_num(document, add_list(document, levels, start=9))
    for level, text in [(0, "总则"), (1, "Alpha"), (0, "分则"), (1, "Beta"), (2, "Gamma")]:
        numbered(document, text, num_id, level)
    assert lines_of(document, tmp_path) == ["第九章总则", "9. Alpha", "第十章分则", "9. Beta", "⑨ Gamma"]


def test_multi_level_text_and_start_override_on_first_use(tmp_path):
    document = docx.Document()
    abstract = add_list(document, [("decimal", "%1."), ("decimal", "%1.%2")])
    num_id = add_num(document, abstract, start_overrides={0: 3})
    for level, text in [(0, "Scope"), (1, "Terms"), (1, "Rules"), (0, "Duties"), (1, "Staff")]:
        numbered(document, text, num_id, level)
    assert lines_of(document, tmp_path) == ["3. Scope", "3.1 Terms", "3.2 Rules", "4. Duties", "4.1 Staff"]


@pytest.mark.parametrize(
    ("fmt", "values", "expected"),
    [
        ("chineseCounting", [1, 9, 10, 11, 20, 21, 46, 100], "一 九 十 十一 二十 二十一 四十六 一百"),
        ("japaneseCounting", [3, 12], "三 十二"),
        ("ideographTraditional", [1, 4, 11], "甲 丁 甲"),
        ("decimalEnclosedCircle", [1, 20, 21], "① ⑳ 21"),
        ("decimalFullWidth", [7, 12], "７ １２"),
        ("upperLetter", [1, 26, 27], "A Z AA"),
        ("lowerRoman", [4, 9, 14], "iv ix xiv"),
        ("decimalZero", [5], "05"),
        ("someFormatNotListed", [5], "5"),
    ],
)
def test_number_formats(fmt, values, expected):
    assert " ".join(format_number(v, fmt) for v in values) == expected


@pytest.mark.parametrize("fmt", ["bullet", "none"])
def test_bullets_and_unnumbered_levels_render_nothing(fmt):
    assert format_number(3, fmt) == ""


# ---------------------------------------------------------------- bullets, styles, tables, mixing


def test_bullet_lists_get_no_label(tmp_path):
    document = docx.Document()
    bullets = add_num(document, add_list(document, [("bullet", "\uf0b7")]))
    numbered(document, "一、总体要求", add_num(document, add_list(document, [("none", "%1")])))
    numbered(document, "坚持稳中求进。", bullets)
    document.add_paragraph("坚持系统观念。", style="List Bullet")  # the template's bullet style
    assert lines_of(document, tmp_path) == ["一、总体要求", "坚持稳中求进。", "坚持系统观念。"]


def test_numbering_from_the_paragraph_style(tmp_path):
    """Headings numbered through their styles (and styles based on them), as templates do."""
    document = docx.Document()
    num_id = add_num(document, add_list(document, OUTLINE, restart={1: 0}))
    for name, ilvl in (("Heading 1", 0), ("Heading 2", 1)):
        set_numbering(document.styles[name].element.get_or_add_pPr(), num_id, ilvl)
    article = document.styles.add_style("条目", WD_STYLE_TYPE.PARAGRAPH)
    article.base_style = document.styles["Heading 2"]
    document.add_heading("总体要求", level=1)
    document.add_heading("指导思想", level=2)
    document.add_paragraph("主要目标。", style="条目")
    document.add_paragraph("说明。", style="Heading 2")._p.pPr.get_or_add_numPr().get_or_add_numId().val = 0
    document.add_heading("重点任务", level=1)
    document.add_heading("推进改造", level=2)
    document.add_paragraph("正文段落。")
    document.add_paragraph("第一项", style="List Number")  # the template's own numbered style
    document.add_paragraph("第二项", style="List Number")
    assert lines_of(document, tmp_path) == [
        "一、总体要求",
        "（一）指导思想",
        "（二）主要目标。",
        "说明。",
        "二、重点任务",
        "（三）推进改造",
        "正文段落。",
        "1.第一项",
        "2.第二项",
    ]


def test_numbered_paragraphs_in_tables_and_empty_ones(tmp_path):
    document = docx.Document()
    num_id = add_num(document, add_list(document, ARTICLES))
    numbered(document, "指导思想。", num_id)
    numbered(document, "", num_id)  # Word counts an empty item, but a lone label says nothing
    cell = document.add_table(rows=1, cols=1).rows[0].cells[0]
    set_numbering(cell.paragraphs[0]._p.get_or_add_pPr(), num_id)
    cell.paragraphs[0].add_run("表中一条。")
    assert lines_of(document, tmp_path) == ["（一）指导思想。", "（三）表中一条。"]


def test_typed_and_automatic_numbers_mixed(tmp_path):
    """Chapters numbered by Word, articles typed, one chapter typed by hand: all read alike."""
    document = docx.Document()
    chapters = add_num(document, add_list(document, CHAPTERS))
    numbered(document, "总体要求", chapters)
    document.add_paragraph("（一）指导思想。坚持稳中求进。")
    numbered(document, "重点任务", chapters)
    document.add_paragraph("（二）推进改造。每年实施项目1000个。（市工业和信息化局负责）")
    document.add_paragraph("三、保障措施")
    document.add_paragraph("（三）加强组织领导。")
    typed = ["一、总体要求", "（一）指导思想。坚持稳中求进。", "二、重点任务"]
    typed += [
        "（二）推进改造。每年实施项目1000个。（市工业和信息化局负责）",
        "三、保障措施",
        "（三）加强组织领导。",
    ]
    assert lines_of(document, tmp_path) == typed


def test_documents_without_a_numbering_part_still_read(tmp_path):
    path = tmp_path / "plain.docx"
    document = docx.Document()
    document.add_paragraph("一、总体要求")
    document.part.drop_rel(next(k for k, r in document.part.rels.items() if r.reltype.endswith("/numbering")))
    document.save(str(path))
    assert read_lines(path) == ["一、总体要求"]


# ---------------------------------------------------------------- whole plans: typed vs automatic

LEVEL_OF = {"cn": 0, "paren_cn": 1, "arabic": 2}


def plan_docx(paragraphs: list[str], path: Path, numbering: str | None) -> Path:
    """The plan with typed numbers (`numbering` None) or with its 一、/（一）/1. headings numbered
    by Word: one outline ("outline", articles restart per chapter), the same with articles
    continuing ("continue"), or chapters and articles as two separate lists ("separate")."""
    document = docx.Document()
    if numbering in ("outline", "continue"):
        outline = add_num(
            document, add_list(document, OUTLINE, restart={1: 0} if numbering == "continue" else None)
        )
        nums = {level: (outline, level) for level in range(3)}
    elif numbering == "separate":
        nums = {
            level: (add_num(document, add_list(document, (CHAPTERS, ARTICLES)[level])), 0) for level in (0, 1)
        }
    started = False
    for text in paragraphs:
        marker = match_marker(text)
        level = LEVEL_OF.get(marker.kind) if marker else None
        started = started or level == 0
        if numbering and started and level in nums:
            numbered(document, marker.rest, *nums[level])
        else:
            document.add_paragraph(text)
    document.save(str(path))
    return path


def _layout_paragraphs(name: str) -> list[str]:
    text = (LAYOUTS / name).read_text(encoding="utf-8")
    return [p.strip() for p in text.split("\n\n") if p.strip()]


@pytest.mark.parametrize(
    ("source", "numbering"),
    [
        ("04-province-three-levels.txt", "outline"),
        ("05-city-restart-per-chapter.txt", "outline"),
        ("01-city-lead-labels.txt", "continue"),
        ("10-province-first-listed-leads.txt", "separate"),
    ],
)
def test_automatic_numbers_extract_like_typed_ones(source, numbering, tmp_path):
    paragraphs = _layout_paragraphs(source)
    typed = extract_plan(plan_docx(paragraphs, tmp_path / "typed.docx", None)).to_dict()
    auto = extract_plan(plan_docx(paragraphs, tmp_path / "auto.docx", numbering)).to_dict()
    assert typed["articles"] and typed["chapters"]
    assert auto == typed


def test_seed_plan_with_automatic_numbers_extracts_like_typed(seed_path, tmp_path):
    """Eleven chapters and forty-six continuing articles (十一、 and （四十六）) numbered by Word."""
    paragraphs = seed_paragraphs(seed_path.read_text(encoding="utf-8"))
    typed = extract_plan(plan_docx(paragraphs, tmp_path / "typed.docx", None)).to_dict()
    auto = extract_plan(plan_docx(paragraphs, tmp_path / "auto.docx", "separate")).to_dict()
    assert len(typed["chapters"]) == 11
    assert auto == typed
