"""Chapters and sections keep their numbers as printed (一、 / 第一章 / （一）), so the pages write
them as the plan does instead of "1."."""

from __future__ import annotations

from pathlib import Path

import pytest

from planwatch.extract import extract_plan
from planwatch.extract.structure import parse_lines

LAYOUTS = Path(__file__).parent / "layouts"


@pytest.mark.parametrize(
    ("lines", "chapters"),
    [
        (["一、总体要求", "（一）指导思想。坚持发展第一。", "二、重点任务", "（一）发展产业。建成5G基站5000处。"],
         [(1, "一、", "总体要求"), (2, "二、", "重点任务")]),
        (["第一章 总体要求", "（一）指导思想。坚持发展第一。", "第二章 重点任务", "（一）发展产业。建成5G基站5000处。"],
         [(1, "第一章", "总体要求"), (2, "第二章", "重点任务")]),
    ],
)  # fmt: skip
def test_chapters_keep_their_printed_numbers(lines, chapters):
    document = parse_lines(lines)
    assert [(c.number, c.label, c.title) for c in document.chapters] == chapters


def test_sections_keep_their_printed_numbers():
    document = extract_plan(LAYOUTS / "04-province-three-levels.txt")
    assert [(s.chapter, s.label, s.title) for s in document.sections] == [
        (2, "（一）", "推进企业数字化改造"), (2, "（二）", "夯实数字基础设施"), (2, "（三）", "培育转型服务生态"),
    ]  # fmt: skip
