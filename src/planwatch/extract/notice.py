"""The issuing notice (关于印发…的通知) in front of a plan, found by its form, not its wording.

Plans are published inside a notice: the notice's title (关于印发…的通知, often with a document
number 〔2023〕12号 above it), the addressees line (各区县人民政府，市政府各部门：), a few paragraphs
of its own — sometimes numbered 一、二、三、 (what units must do, when they report) — then the
issuing organ, the date, and often (此件公开发布). Only after that does the plan start with its own
title and its own 一、. Read as plan body, the notice's paragraphs would become chapters, so the
parser starts looking for structure after the notice's date block.
"""

from __future__ import annotations

import re

_CN_DATE_DIGITS = "〇零一二三四五六七八九十"
# The notice's own title, possibly wrapped over two lines (joined before matching).
_NOTICE_TITLE = re.compile(r"关于(印发|转发|下达).{2,120}的通知$")
# 各区县人民政府，市政府各部门： — a short line that ends with a colon and names its readers.
_ADDRESSEES = re.compile(
    r"^[^。；]{2,80}(政府|部门|单位|机构|委员会|办公室|街道|乡镇|局|厅|委)[^。；]{0,20}[：:]$"
)
_DATE = re.compile(
    rf"^(20\d\d|二[{_CN_DATE_DIGITS}]{{3}})\s*年\s*[\d{_CN_DATE_DIGITS}]{{1,2}}\s*月\s*[\d{_CN_DATE_DIGITS}]{{1,3}}\s*日$"
)
_PUBLICATION = re.compile(r"^[（(]此件[^）)]{0,12}[）)]$")
_LOOK_AHEAD = 12  # the notice's title and addressees sit in the first lines of the document


def notice_end(lines: list[str]) -> int:
    """Index of the first line after the issuing notice; 0 when the document has none.

    A notice is there when one of the first lines is a 印发 title or an addressees line and a
    date line follows later; it ends after that date (and a (此件公开发布) line right after it).
    """
    head = lines[:_LOOK_AHEAD]
    joined = [a + b for a, b in zip(head, head[1:], strict=False)]
    if not any(_NOTICE_TITLE.search(s) or _ADDRESSEES.match(s) for s in head + joined):
        return 0
    for i, line in enumerate(lines):
        if _PUBLICATION.match(line) and i > 0:
            return i + 1
        if _DATE.match(line):
            nxt = lines[i + 1] if i + 1 < len(lines) else ""
            return i + 2 if _PUBLICATION.match(nxt) else i + 1
    return 0
