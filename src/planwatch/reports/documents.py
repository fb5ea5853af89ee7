"""The Word documents: the progress report (plan or one unit) and the leaders' one-page brief.

Both are laid out by `gbt9704.OfficialDocument`; the progress report's body is the registered
sections (sections.py) in order, each under its level-one heading 一、二、…; the brief is the
numbers, the five targets furthest behind and what changed since the previous period.
"""

from __future__ import annotations

from datetime import date

from planwatch.indicators.evaluation import evaluate_plan, most_behind
from planwatch.progress import STANDING_LABELS

from .facts import Facts, Scope, gather
from .gbt9704 import LINES, OfficialDocument
from .pagefit import estimated_lines, lines_of
from .sections import TARGET_HEADER, Writer, cn_number, counts, sections_for
from .sentences import counts_sentence, table_row

BRIEF_WORST = 5
BRIEF_WIDTHS = (50, 30, 52, 24)  # mm: the 最新数据 wider than the report's, so rows keep to two lines


def cn_date(day: date) -> str:
    return f"{day.year}年{day.month}月{day.day}日"


def report_title(scope: Scope, kind: str) -> str:
    plan = scope.plan.display_title
    if kind == "brief":
        return f"{plan}要情简报（{scope.period.label}）"
    unit = f"（{scope.unit.name}）" if scope.unit is not None else ""
    return f"{plan}{scope.period.label}进展情况报告{unit}"


def progress_report(scope: Scope, *, kind: str, issuer: str, written_on: date) -> bytes:
    """The 进展情况报告 of `scope` (kind "progress" for the plan, "unit" for one unit)."""
    facts = gather(scope)
    doc = OfficialDocument()
    doc.title(report_title(scope, kind))
    doc.para(_opening(facts))
    number = 0
    for section in sections_for(kind):
        writer = Writer(doc)
        start = len(doc.doc.paragraphs)
        doc.heading(f"{cn_number(number + 1)}、{section.title}", 1)
        if section.write(facts, writer):
            number += 1
        else:  # nothing to say: the heading goes again
            for paragraph in doc.doc.paragraphs[start:]:
                paragraph._p.getparent().remove(paragraph._p)
    doc.signature(issuer, cn_date(written_on))
    return doc.to_bytes()


def _opening(facts: Facts) -> str:
    scope = facts.scope
    who = f"中{scope.unit.name}牵头或配合的条目" if scope.unit is not None else ""
    return (
        f"现将{scope.plan.display_title}{who}截至{cn_date(scope.as_of)}的实施进展情况报告如下。"
        f"目标状态按{cn_date(scope.as_of)}（评估日期）计算，只使用已审核的数据；"
        f"单位进展情况摘自各单位报送并经审核的{scope.period.label}进展情况。"
    )


def brief(scope: Scope, *, issuer: str, written_on: date, previous: Scope | None) -> bytes:
    """要情简报: one page for the leaders — the numbers, the five worst, what changed.

    Laid out as a 简报: the issuer and date on one line under the title (报头) instead of a
    signature at the end; the changes since the last period fill what is left of the 22 lines
    (pagefit.py) and the rest are counted in one closing sentence, so it never spills over."""
    facts = gather(scope)
    doc = OfficialDocument()
    doc.title(report_title(scope, "brief"), blank_line=False)
    doc.masthead(issuer, cn_date(written_on))
    rows = facts.results
    doc.heading("一、总体情况", 1)
    doc.para(f"截至{cn_date(scope.as_of)}，" + counts_sentence(counts(rows), len(rows)))
    doc.heading("二、进展最滞后的目标", 1)
    worst = most_behind(rows, limit=BRIEF_WORST)
    if worst:  # a table, not sentences: the brief is one page
        doc.table(TARGET_HEADER, [table_row(r) for r in worst], BRIEF_WIDTHS)
    else:
        doc.para("没有需加快、进展滞后或倒退的目标。" if rows else "没有量化目标。")
    doc.heading("三、与上期相比的变化", 1)
    changes = _changes(rows, previous)
    for n, line in enumerate(changes):
        rest = len(changes) - n - 1
        room = LINES - estimated_lines(doc.doc) - (lines_of(_more(rest)) if rest else 0)
        if lines_of(line) > room:
            doc.para(_more(len(changes) - n))
            break
        doc.para(line)
    return doc.to_bytes()


def _more(n: int) -> str:
    return f"另有{n}个目标状态发生变化，详见进展情况报告。"


def _changes(rows: list[dict], previous: Scope | None) -> list[str]:
    if previous is None:
        return ["没有上一期可比较。"]
    before = {r["target_id"]: r for r in evaluate_plan(plan=previous.plan, as_of=previous.as_of)}
    lines = []
    for row in rows:
        old = before.get(row["target_id"])
        if old is not None and old["standing"] != row["standing"]:
            lines.append(
                f"{row['indicator']}：由{STANDING_LABELS[old['standing']]}变为{STANDING_LABELS[row['standing']]}。"
            )
    return lines or [f"与{previous.period.label}相比，各目标状态没有变化。"]
