"""督办通知单 and 催办通知单: printable DOCX notices in the official style (GB/T 9704-2012, the
reports module's OfficialDocument: 小标宋 title, 仿宋_GB2312 body, 黑体 table heads), with
the number, the unit, the requirements, the deadline and the office's name, for the office to
print and stamp.

The GB fonts are not on every PC: each is declared in the document's font table with the font
Word substitutes when it is missing (w:altName: 仿宋_GB2312 → 仿宋, 方正小标宋简体 → 宋体,
楷体_GB2312 → 楷体), so a PC without them still prints the notice in the right family.
"""

from __future__ import annotations

from datetime import date
from urllib.parse import quote

from docx.oxml import OxmlElement
from docx.oxml.ns import qn

from planwatch.reporting.services.reminders import cn_date
from planwatch.reports.gbt9704 import BODY_FONT, H1_FONT, H2_FONT, TITLE_FONT, OfficialDocument

from .lights import LIGHT_LABELS
from .services import settings_for

FALLBACKS = {BODY_FONT: "仿宋", TITLE_FONT: "宋体", H2_FONT: "楷体", H1_FONT: "SimHei"}
TITLES = {"assign": "督办通知单", "remind": "催办通知单"}
DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


def _font_fallbacks(doc) -> None:
    """Declare each GB font with the font Word uses in its place (the font table's altName)."""
    fonts_part = next((p for p in doc.part.package.iter_parts() if p.partname.endswith("fontTable.xml")), None)
    if fonts_part is None:
        return
    from lxml import etree

    root = etree.fromstring(fonts_part.blob)
    for name, alt in FALLBACKS.items():
        font = OxmlElement("w:font")
        font.set(qn("w:name"), name)
        alt_name = OxmlElement("w:altName")
        alt_name.set(qn("w:val"), alt)
        font.append(alt_name)
        root.append(font)
    fonts_part._blob = etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True)


def _rows(item, today: date) -> list[tuple[str, str]]:
    co = "、".join(sorted(u.name for u in item.co_units.all())) or "无"
    rows = [("督办事项", item.subject), ("牵头单位", item.lead_unit.name), ("配合单位", co),
            ("督办要求", item.requirements), ("办理时限", cn_date(item.deadline)),
            ("紧急程度", item.get_priority_display())]  # fmt: skip
    if item.ack_due and item.state == "assigned":
        rows.append(("签收时限", cn_date(item.ack_due)))
    if item.light:
        rows.append(("预警情况", f"{LIGHT_LABELS[item.light]}：{item.light_reasons}"))
    return rows


def notice(*, item, kind: str, today: date) -> tuple[str, bytes]:
    """(file name, DOCX bytes) of the item's 督办通知单 (`assign`) or 催办通知单 (`remind`)."""
    office = settings_for(item.plan).office_name
    doc = OfficialDocument()
    doc.title(TITLES[kind])
    doc.para(item.number, align_right=True)
    doc.para(f"{item.lead_unit.name}：")
    if kind == "assign":
        doc.para(f"现将下列事项交你单位牵头办理，请于收到后及时签收，按督办要求抓紧落实，并于{cn_date(item.deadline)}前报送办理结果及佐证材料。")
    else:
        since = f"于{cn_date(item.assigned_on)}交办你单位，" if item.assigned_on else ""
        doc.para(f"{item.number}“{item.subject}”{since}办理时限为{cn_date(item.deadline)}，目前尚未办结。"
                 "请高度重视，抓紧办理，及时反馈办理进展和结果。")  # fmt: skip
    doc.table(("项目", "内容"), _rows(item, today), (36, 120))
    doc.signature(office, cn_date(today))
    _font_fallbacks(doc.doc)
    return f"{TITLES[kind]}-{item.number}.docx", doc.to_bytes()


def docx_response(name: str, data: bytes, response_class):
    response = response_class(data, content_type=DOCX)
    response["Content-Disposition"] = f"attachment; filename*=UTF-8''{quote(name)}"
    return response
