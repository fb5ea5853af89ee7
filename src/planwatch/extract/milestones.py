"""Dated qualitative commitments: 到2025年，基本完成入河排污口整治.

A milestone is a clause that opens with a completion verb (完成, 建成, 实现 …) in a sentence dated
by 到20XX年 (or 20XX年底前), and states no figure — a quantified commitment is a target instead.
A deadline without a year (9月底前，…建成投用) takes the plan's year; there the completion verb
may also end the clause, since the subject comes first (市民服务中心建成投用).
"""

from __future__ import annotations

import re

from .model import Milestone
from .quantities import find_quantities
from .targets import sentences

_DATE = re.compile(r"(?:到|至|截至|于)?(20\d\d)年(?:底|末|年底|上半年|下半年)?前?")
_MONTH = re.compile(r"(?<![\d年])(?:于|在)?(\d{1,2})月(?:份)?(?:底|末|上旬|中旬|下旬)?前")
_COMPLETION = re.compile(r"^(基本|全面|率先|初步|如期|全部)?(完成|建成|实现|形成|建立|落地|投用|投入使用)")
_ENDS_DONE = re.compile(r"(建成投用|投入使用|建成投运|全面完成|基本完成|建成|完成|投用|落地)$")


def extract_milestones(text: str, *, end_year: int | None = None) -> list[Milestone]:
    out = []
    for sentence in sentences(text):
        date = _DATE.search(sentence)
        month = None if date else _MONTH.search(sentence)
        if date:
            year, start = int(date.group(1)), date.end()
        elif month and end_year:
            year, start = end_year, month.end()
        else:
            continue
        for clause in re.split(r"[，,；;。]", sentence[start:]):
            clause = clause.strip()
            done = _COMPLETION.match(clause) or (month and _ENDS_DONE.search(clause))
            if done and not find_quantities(clause):
                out.append(Milestone(text=clause, year=year))
    return out
