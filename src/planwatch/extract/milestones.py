"""Dated qualitative commitments: 到2025年，基本完成入河排污口整治.

A milestone is a clause with a completion verb (完成, 建成, 实现 … at its start, or 建成投用,
动态清零 … at its end, since the subject may come first) under a date — 到20XX年, 20XX年底前,
or a month deadline without a year (9月底前), which takes the plan's year — and states no
figure: a quantified commitment is a target instead. The date is the last one opening a clause
of the sentence up to this one (到2025年底，建成… after 2023-2027年持续推进… is 2025; ranges are
periods of other documents and 比2020年 a base year, not dates).
"""

from __future__ import annotations

import re

from .model import Milestone
from .quantities import find_quantities
from .targets import sentences

_LEADING_DATE = re.compile(
    r"^(?:力争|确保|争取|计划)?(?:到|至|截至|于|在)?(20\d\d)年(?:底|末|年底|上半年|下半年)?前?"
)
_MONTH = re.compile(r"(?<![\d年])(?:于|在)?(\d{1,2})月(?:份)?(?:底|末|上旬|中旬|下旬)?前")
_COMPLETION = re.compile(r"^(基本|全面|率先|初步|如期|全部)?(完成|建成|实现|形成|建立|落地|投用|投入使用)")
_ENDS_DONE = re.compile(
    r"(建成投用|投入使用|建成投运|全面完成|基本完成|建成|完成|完工|投用|落地|清零|全覆盖)$"
)


_RANGE = re.compile(r"20\d\d\s*[-—–－~～至到]\s*20\d\d\s*年|(?:比|较|相比)20\d\d年")


def extract_milestones(text: str, *, end_year: int | None = None) -> list[Milestone]:
    out = []
    for sentence in sentences(text):
        year = None
        for clause in re.split(r"[，,；;。]", _RANGE.sub("", sentence)):
            clause, year = _undated(clause.strip(), year, end_year)
            done = _COMPLETION.match(clause) or _ENDS_DONE.search(clause)
            if year and done and not find_quantities(clause):
                out.append(Milestone(text=clause, year=year))
    return out


def _undated(clause: str, year: int | None, end_year: int | None) -> tuple[str, int | None]:
    """The clause after its date (if any) and the year in force for it."""
    date = _LEADING_DATE.match(clause)  # a date inside (2000年底前建成的小区) qualifies a noun
    if date:
        year, clause = int(date.group(1)), clause[date.end() :]
    deadline = _MONTH.match(clause)
    if deadline:
        year, clause = year or end_year, clause[deadline.end() :]
    return clause.strip(), year
