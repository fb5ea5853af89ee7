"""The 通报 of a year's assessment and a unit's card as DOCX, in the official style the reports
and supervision notices use (reports.gbt9704: 小标宋 title, 仿宋_GB2312 body, 黑体 table heads;
the GB fonts declared with the fonts Word substitutes)."""

from __future__ import annotations

from collections import Counter
from datetime import date

from planwatch.reporting.services.reminders import cn_date
from planwatch.reports.gbt9704 import OfficialDocument
from planwatch.supervision.notices import _font_fallbacks
from planwatch.supervision.services import settings_for


def _office(scheme) -> str:
    return settings_for(scheme.plan).office_name


def ranking_notice(scheme, cards: list[dict], today: date) -> tuple[str, bytes]:
    """关于…年度考核结果的通报: the grades counted, the ranking table, the office's signature."""
    doc = OfficialDocument()
    doc.title(f"关于{scheme.year}年度{scheme.plan.title or scheme.plan.name}{scheme.name}结果的通报")
    doc.para("各责任单位：")
    grades = Counter(c["grade"] for c in cards)
    counted = "，".join(f"{g}{n}个" for g, n in grades.items())
    doc.para(f"根据{scheme.year}年度考核方案，按截至{cn_date(scheme.as_of)}的工作记录，对{len(cards)}个责任单位进行了考核，"
             f"评定{counted}。现将结果通报如下。")  # fmt: skip
    names = [c["name"] for c in cards[0]["components"]] if cards else []
    rows = [(str(c["rank"]), c["unit_name"], f"{c['total']:.2f}", c["grade"] + ("（一票否决）" if c["vetoed"] else ""))
            for c in cards]  # fmt: skip
    doc.table(("名次", "单位", "总分", "等次"), rows, (16, 80, 26, 34))
    doc.para(f"考核内容：{'、'.join(names)}，以及加分、扣分和一票否决事项。各单位的计分明细可在系统中查看。")
    doc.signature(_office(scheme), cn_date(today))
    _font_fallbacks(doc.doc)
    return f"{scheme.year}年度考核结果通报.docx", doc.to_bytes()


def card_notice(scheme, card: dict, today: date) -> tuple[str, bytes]:
    """A unit's card: each component with its lines, the total, grade and rank."""
    doc = OfficialDocument()
    doc.title(f"{card['unit_name']}{scheme.year}年度考核计分明细")
    doc.para(f"总分{card['total']:.2f}分，名次第{card['rank']}名，等次：{card['grade']}"
             + ("（一票否决）" if card["vetoed"] else "") + "。")  # fmt: skip
    for part in [*card["components"], card["bonus"], card["deductions"]]:
        weight = f"（权重{part['weight']:g}）" if part.get("weight") else ""
        doc.heading(f"{part['name']}{weight}：{part['score']:.2f}分", 2)
        if part["lines"]:
            doc.table(("计分依据", "得分"), [(ln["reason"], f"{ln['points']:.2f}") for ln in part["lines"]], (130, 26))
    doc.signature(_office(scheme), cn_date(today))
    _font_fallbacks(doc.doc)
    return f"{card['unit_name']}{scheme.year}年度考核计分明细.docx", doc.to_bytes()
