"""Dated qualitative commitments: 到2025年，基本完成入河排污口整治.

A milestone is a clause that opens with a completion verb (完成, 建成, 实现 …) in a sentence dated
by 到20XX年 (or 20XX年底前), and states no figure — a quantified commitment is a target instead.
"""

from __future__ import annotations

import re

from .model import Milestone
from .quantities import find_quantities
from .targets import sentences

_DATE = re.compile(r"(?:到|至|截至|于)?(20\d\d)年(?:底|末|年底|上半年|下半年)?前?")
_COMPLETION = re.compile(r"^(基本|全面|率先|初步|如期|全部)?(完成|建成|实现|形成|建立|落地|投用|投入使用)")


def extract_milestones(text: str) -> list[Milestone]:
    out = []
    for sentence in sentences(text):
        date = _DATE.search(sentence)
        if not date:
            continue
        year = int(date.group(1))
        for clause in re.split(r"[，,；;。]", sentence[date.end() :]):
            clause = clause.strip()
            if _COMPLETION.match(clause) and not find_quantities(clause):
                out.append(Milestone(text=clause, year=year))
    return out
