"""Title and period from the lines before the plan body (its front matter).

The front matter may hold an issuing notice (关于印发…的通知, the addressees, the signature and
date) before the plan's own title, and draft marks such as （送审稿）. The title is the last line
that names a plan document (…行动计划, …实施方案) and is not a sentence or a notice heading.
"""

from __future__ import annotations

import re

from .model import Period

_DOC_KIND = re.compile(r"(计划|方案|规划|纲要|意见|措施|办法|清单|要点|分解表)(（[^）]*）)?$")
_NOT_TITLE = re.compile(r"[。，；：！？,;:]|通知$|^关于印发|《")
_SIGNATURE = re.compile(r"(政府|办公厅|办公室|委员会|领导小组|局|文件|号|[0-9一二三四五六七八九十〇]日)$|〔")
_PERIOD = re.compile(r"(20\d\d)\s*年?\s*[-—–－~～至到]\s*(20\d\d)\s*年")
_BARE_PERIOD = re.compile(r"^[（(]\s*20\d\d\s*[-—–－~～至到]\s*20\d\d\s*年?\s*[）)]$")
_QUOTED = re.compile(r"《[^》]*》")


def paragraphs(front: list[str], width: int) -> list[str]:
    """Re-join hard-wrapped front-matter lines, so a wrapped sentence is never taken for a title.

    A line as long as the page's full width continues on the next one, unless it ends a sentence.
    """
    out: list[str] = []
    joined = False
    for line in front:
        if joined and out:
            out[-1] += line
        else:
            out.append(line)
        joined = len(line) >= width * 0.85 and not line.endswith(("。", "：", ":", "！", "？"))
    return out


def find_title(front: list[str], width: int) -> str | None:
    """The plan's own title, joined when it wraps over two lines, with a period line after it."""
    front = paragraphs(front, width)
    for i in range(len(front) - 1, -1, -1):
        line = front[i]
        if _NOT_TITLE.search(line) or not _DOC_KIND.search(line) or len(line) > 60:
            continue
        title = line
        prev = front[i - 1] if i > 0 else ""
        if _continues_title(prev) and len(prev + title) <= 60:
            title = prev + title
        nxt = front[i + 1] if i + 1 < len(front) else ""
        if _BARE_PERIOD.match(nxt):
            title += re.sub(r"\s+", "", nxt).replace("(", "（").replace(")", "）")
        return title
    return None


def _continues_title(prev: str) -> bool:
    """Is the line before a title its first half (a title wrapped over two lines)?"""
    if not prev or _NOT_TITLE.search(prev) or _SIGNATURE.search(prev) or _BARE_PERIOD.match(prev):
        return False
    return not re.search(r"[稿）)]$", prev)


def find_period(front: list[str]) -> Period | None:
    """The plan's years: from a （2023-2025年） outside any quoted title of another document."""
    for line in front:
        m = _PERIOD.search(_QUOTED.sub("", line))
        if m:
            start, end = int(m.group(1)), int(m.group(2))
            if start <= end:
                return Period(start=start, end=end)
    return None


def single_year_period(title: str | None) -> Period | None:
    """A one-year plan names its year in the title (平川县2024年…重点工作任务): that year is its period."""
    years = re.findall(r"(?<!\d)(20\d\d)年", _QUOTED.sub("", title or ""))
    return Period(start=int(years[0]), end=int(years[0])) if len(years) == 1 else None
