"""Plan extraction: a plan document (txt, docx, pdf) → `PlanDocument`.

Pure Python: nothing here imports Django, so the extractor can be used as a library::

    from planwatch.extract import extract_plan
    plan = extract_plan("plan.docx")
"""

from __future__ import annotations

from os import PathLike

from .errors import ExtractError
from .model import Article, Chapter, Milestone, Period, PlanDocument, Section, Target, Task
from .readers import read_lines
from .structure import parse_lines

__all__ = [
    "Article",
    "Chapter",
    "ExtractError",
    "Milestone",
    "Period",
    "PlanDocument",
    "Section",
    "Target",
    "Task",
    "extract_plan",
    "parse_lines",
    "read_lines",
]


def extract_plan(path: str | PathLike) -> PlanDocument:
    """Read a plan document and extract its structure, units, targets and milestones.

    Raises `ExtractError` with a one-line Chinese message for anything that is not a
    readable plan (missing, empty, binary, scanned or encrypted PDF, no structure).
    """
    return parse_lines(read_lines(path))
