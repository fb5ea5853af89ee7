"""The assessment as others read it: the documented JSON shape (`planwatch assess --format json`
and GET /api/v1/plans/{id}/assessments/{year}), the text table and the ranking workbook."""

from __future__ import annotations

import io

from openpyxl import Workbook
from openpyxl.styles import Font

from planwatch.spreadsheets import text_cell


def public_card(card: dict) -> dict:
    """unit, total, grade, rank, vetoed and components [{name, weight, score, lines}] first (each
    line: points, reason, source {kind, id}); then 加分 and 扣分 in the same shape and the ids."""
    return {
        "unit": card["unit_name"], "total": card["total"], "grade": card["grade"], "rank": card["rank"],
        "vetoed": card["vetoed"],
        "components": [{k: c[k] for k in ("name", "weight", "score", "lines")} for c in card["components"]],
        "bonus": card["bonus"], "deductions": card["deductions"], "vetoes": card["vetoes"], "unit_id": card["unit"],
    }  # fmt: skip


def document(scheme, cards: list[dict], version) -> dict:
    return {
        "plan": scheme.plan.name, "year": scheme.year, "scheme": scheme.name, "as_of": scheme.as_of.isoformat(),
        "status": scheme.state,  # draft 草稿 / consulting 征求意见 / published 已公布
        "version": version.number if version is not None else None,
        "cards": [public_card(c) for c in cards],
    }  # fmt: skip


def table(cards: list[dict]) -> str:
    if not cards:
        return "（没有单位）\n"
    names = [c["name"] for c in cards[0]["components"]]
    lines = ["\t".join(["名次", "单位", *names, "加分", "扣分", "总分", "等次"])]
    for c in cards:
        scores = [f"{x['score']:.2f}" for x in c["components"]]
        grade = c["grade"] + ("（一票否决）" if c["vetoed"] else "")
        lines.append("\t".join([str(c["rank"]), c["unit_name"], *scores, f"{c['bonus']['score']:.2f}",
                                f"{c['deductions']['score']:.2f}", f"{c['total']:.2f}", grade]))  # fmt: skip
    return "\n".join(lines) + "\n"


def ranking_xlsx(scheme, cards: list[dict]) -> bytes:
    """排名 (one row per unit) and 计分明细 (one row per line, with the row behind it)."""
    book = Workbook()
    sheet = book.active
    sheet.title = "排名"
    names = [c["name"] for c in cards[0]["components"]] if cards else []
    sheet.append([f"{scheme.title}结果"])
    sheet["A1"].font = Font(bold=True, size=14)
    sheet.append(["名次", "单位", *[f"{n}" for n in names], "加分", "扣分", "总分", "等次", "一票否决"])
    for c in cards:
        sheet.append([c["rank"], None, *[x["score"] for x in c["components"]], c["bonus"]["score"],
                      c["deductions"]["score"], c["total"], c["grade"], "是" if c["vetoed"] else ""])  # fmt: skip
        text_cell(sheet.cell(sheet.max_row, 2), c["unit_name"])
    sheet.freeze_panes = "C3"
    detail = book.create_sheet("计分明细")
    detail.append(["单位", "考核项", "得分", "计分依据", "记录类型", "记录编号"])
    for c in cards:
        for part in [*c["components"], c["bonus"], c["deductions"]]:
            for line in part["lines"]:
                source = line["source"] or {}
                detail.append([None, part["name"], line["points"], None, source.get("kind"), source.get("id")])
                text_cell(detail.cell(detail.max_row, 1), c["unit_name"])
                text_cell(detail.cell(detail.max_row, 4), line["reason"])
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()
