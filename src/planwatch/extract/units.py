"""Responsible units (责任单位) of an article, in every notation plans use.

- a closing parenthesis: （区发展改革局、区科技局等有关单位按职责分工负责）, （区委宣传部）
- lead and co-operating by label: (牵头单位:市科技局,参与单位:市财政局) or 责任单位：X、Y on its own line
- lead and co-operating by verb: （X牵头，Y、Z配合）, （X负责）

Names shortened after the first are expanded (省科技厅、工业和信息化厅 → 省工业和信息化厅);
catch-alls (等有关单位, 各有关部门, 各街道, 区级相关部门) are not units, but the governments of every
lower division (各县（市、区）人民政府, 各乡镇人民政府) are: they answer for the article like a bureau. A candidate counts as a unit only
when it ends like the name of an organisation, so a parenthesis such as 自管站（网） is not
mistaken for a unit list.
"""

from __future__ import annotations

import re
from typing import NamedTuple

# A label names its role, then (责任)单位/部门: 牵头单位, 牵头责任单位, 协同责任单位, 配合部门.
LEAD_LABELS = "(?:牵头|主责|主办)(?:责任)?(?:单位|部门)|牵头"
CO_LABELS = "(?:配合|参与|协办|协同|协助|责任|负责|实施)(?:责任)?(?:单位|部门)"
_LABEL = re.compile(rf"({LEAD_LABELS}|{CO_LABELS})\s*[:：]")
_ORG_SUFFIX = re.compile(
    r"(局|委|办|部|厅|院|中心|集团|公司|政府|委员会|办公室|所|会|联|队|站|行|署|团|社|馆|处|室|组|校|台|分局|支行|监狱|协)$"
)
_LEVEL_PREFIX = re.compile(r"^(自治区|自治州|自治县|省|市|区|县|州|盟|旗|镇|乡)")
_NO_PREFIX_NEEDED = re.compile(r"^(国家|中国|中央|人民银行|人行|国网|团|共青团|各|驻)")
_EACH_GOVERNMENT = re.compile(r"^各(?!有关|相关|级)[^，]{1,12}(人民政府|政府|管委会|管理委员会)$")
_CATCH_ALL = re.compile(
    r"^(各|有关|相关|其他|其它)|^(区|市|县|省)级(有关|相关)?(单位|部门)|(有关|相关)(单位|部门)$"
    r"|各[^、，,]{0,4}(部门|单位|机构|专班|街道|乡镇)$"  # 区直各部门, 省政府各部门, 全区经济运行各专班
)
_TAIL = [
    re.compile(r"等(有关|相关|其他|其它)?(单位|部门)?((按|根据|依|分别).*|负责|配合|参与|落实)?$"),
    re.compile(r"(按|根据|依)照?(各自)?(职责|责任|职能)(分工)?(负责|落实)?$"),
    re.compile(r"(分别)?(负责|牵头|配合|参与|协助|协同|落实)$"),
    re.compile(r"[（(]牵头[）)]$"),
]
_NOTE = re.compile(r"^(.+?)[（(]([^（）()]*[，,：:；;][^（）()]*)[）)]$")  # a trailing parenthesis holding a sentence
_SPLIT = re.compile(r"[、，,；;\s]+(?![^（(]*[）)])")  # not inside 各县（市、区）
_DUTY = re.compile(r"负责|牵头|配合|参与|协办|协助|责任单位|牵头单位")
LABEL_ONLY = "名称不像机构名称，因列在“责任单位”一类标签后读作单位，请确认"
CHAPTER_LEAD = "条目未写责任单位，取自章标题中的牵头单位，请确认"


def clean_unit(raw: str) -> str:
    name = raw.strip().strip("：:")
    for pattern in _TAIL:
        name = pattern.sub("", name).strip()
    note = _NOTE.match(name)
    if note and _ORG_SUFFIX.search(note.group(1)):  # 县发改局(首位单位为牵头单位,下同): a note, not the name
        name = note.group(1)
    return name


def is_catch_all(name: str) -> bool:
    return bool(_CATCH_ALL.search(name)) and not _EACH_GOVERNMENT.match(name)


def _is_name(name: str) -> bool:
    """A short name without a verb or sentence punctuation in it."""
    return 2 <= len(name) <= 20 and not re.search(r"[。：:“”《》\d]|负责|推进|加强|完成", name)


def is_unit(name: str) -> bool:
    return 2 <= len(name) <= 30 and bool(_ORG_SUFFIX.search(name)) and not is_catch_all(name)


def split_units(text: str, *, labelled: bool = False, doubts: dict[str, str] | None = None) -> list[str] | None:
    """'区发改局、区科技局等有关单位按职责分工负责' → ['区发改局', '区科技局'].

    None when something in the list is neither a unit nor a catch-all (then the text is not a
    unit list at all); catch-alls are dropped; shortened names get the level of the one before.
    After a label (责任单位：立山经济开发区，各街道，税务局) the label says what the names are, so a
    name that does not end like an organisation (开发区, 产业园, 海关) is a unit too.
    `doubts` receives, by name, why a name so read or so completed may be wrong, for the office
    to confirm (the list is parsed once: the reasons are known only while reading it).
    """
    units: list[str] = []
    prefix = ""
    for raw in _SPLIT.split(text):
        name = clean_unit(raw)
        if not name or is_catch_all(name):
            continue
        organisation = is_unit(name)
        if not (organisation or (labelled and _is_name(name))):
            return None
        reason = None if organisation else LABEL_ONLY
        level = _LEVEL_PREFIX.match(name)
        if level:
            prefix = level.group(1)
        elif prefix and organisation and not _NO_PREFIX_NEEDED.match(name):
            reason = f"原文写作“{name}”，按前一单位补为{prefix}级，请确认层级"
            name = prefix + name
        if reason and doubts is not None:
            doubts.setdefault(name, reason)
        units.append(name)
    return units


def _labelled(text: str, doubts: dict[str, str] | None = None) -> tuple[list[str], list[str]] | None:
    """牵头单位：X；配合单位：Y  →  (units, lead units); None when no label is present."""
    parts = _LABEL.split(text)
    if len(parts) < 3:
        return None
    units: list[str] = []
    lead: list[str] = []
    for label, value in zip(parts[1::2], parts[2::2], strict=False):
        names = split_units(value.strip(" ；;。,，"), labelled=True, doubts=doubts) or []
        if re.fullmatch(LEAD_LABELS, label):
            lead += names
        units += names
    return units, lead


def _by_verb(text: str, doubts: dict[str, str] | None = None) -> tuple[list[str], list[str]] | None:
    """（X牵头，Y、Z配合） → lead X; （X负责） → units X, no lead distinction."""
    m = re.fullmatch(r"(.+?)牵头[，,；;、]?(.*)", text)
    if m:
        lead = split_units(m.group(1), doubts=doubts)
        others = split_units(m.group(2), doubts=doubts) if m.group(2) else []
        if lead:
            return _dedupe(lead + (others or [])), lead
    names = split_units(text, doubts=doubts)
    return (names, []) if names else None


def parse_unit_clause(text: str, doubts: dict[str, str] | None = None) -> tuple[list[str], list[str]] | None:
    """The units named by one clause (a parenthesis or a labelled line), or None if it names none."""
    text = text.strip().strip("。")
    found = _labelled(text, doubts) if _LABEL.search(text) else _by_verb(text, doubts)
    if not found or not found[0]:
        return None
    return found


# Any short label, then a lead by verb, ending the article: 部门分工：X牵头，Y配合。
_VERB_LINE = re.compile(r"[\u4e00-\u9fff]{2,6}[:：]\s*([^：:。；;（）()]+?牵头(?:[，,][^：:。；;（）()]*)?)。?$")
_LABEL_LINE = re.compile(
    rf"(?:^|(?<=[。；;]))\s*(?:{LEAD_LABELS}|{CO_LABELS})\s*[:：][^（）()]*(?:[（(][^（）()]*[）)][^（）()]*)*$"
)
FIRST_IS_LEAD = re.compile(
    r"(排在第一位|排名第一|列第一位|排在首位|排第一|第一个单位|首个单位)的?(单位)?(为|是)牵头单位"
)


def paren_groups(text: str) -> list[tuple[int, int, str]]:
    """Top-level （…） groups as (start, end, inner text, nested groups included).

    Nested parentheses occur inside unit lists (各县（市、区）人民政府配合), so a regular
    expression without nesting would miss the whole list.
    """
    groups, depth, start, inner = [], 0, 0, []
    for i, ch in enumerate(text):
        if ch in "（(":
            if depth == 0:
                start, inner = i, []
            else:
                inner.append(ch)
            depth += 1
        elif ch in "）)" and depth:
            depth -= 1
            if depth == 0:
                groups.append((start, i + 1, "".join(inner)))
            else:
                inner.append(ch)
        elif depth:
            inner.append(ch)
    return groups


class Found(NamedTuple):
    """An article's units: all in order, the lead ones, the text without the unit clauses, and
    the names the office should confirm with why (the extractor's doubts)."""

    units: list[str]
    lead: list[str]
    body: str
    doubts: dict[str, str]


def extract_units(text: str, *, first_is_lead: bool = False) -> Found:
    """The units an article's text names, however it names them.

    `first_is_lead`: the plan says the first unit listed leads (排在第一位的为牵头单位).
    """
    units: list[str] = []
    lead: list[str] = []
    doubts: dict[str, str] = {}
    label_line = _LABEL_LINE.search(text) or _VERB_LINE.search(text)
    body = text[: label_line.start()] if label_line else text
    spans = []
    clauses = []
    for start, end, inner in paren_groups(body):
        after = body[end : end + 1]
        if 2 <= len(inner) <= 300 and (_DUTY.search(inner) or _closes(body, start, after)):
            clauses.append(inner)
            spans.append((start, end))
    if label_line:
        clauses.append(label_line.group(label_line.lastindex or 0))
    for i, clause in enumerate(clauses):
        found = parse_unit_clause(clause, doubts)
        if not found:
            if i < len(spans):
                spans[i] = None
            continue
        units += found[0]
        lead += found[1] or (found[0][:1] if first_is_lead else [])
    for span in reversed([s for s in spans if s]):
        body = body[: span[0]] + body[span[1] :]
    units = _dedupe(units)
    return Found(units, _dedupe(lead), body, {name: doubts[name] for name in units if name in doubts})


def _closes(text: str, start: int, after: str) -> bool:
    """Does an unlabelled parenthesis close its item? At the end, before 。, or before ；
    after a finished clause (…建设。(区住建局)；). One glossing the noun before it mid-sentence
    (服务综合体(社区服务中心);成都东部新区…) names a facility, not a unit."""
    if after in ("", "。"):
        return True
    return after in ("；", ";") and text[:start].endswith(("。", "；", ";"))


def chapter_lead(title: str) -> list[str]:
    """一、县示范区管委会牵头工作(8项): a chapter whose heading names its lead unit."""
    head = re.sub(r"[（(]\d+项[）)]$", "", title).removesuffix("工作").removesuffix("的")
    found = _by_verb(head) if head.endswith("牵头") else None
    return found[1] if found else []


def _dedupe(names: list[str]) -> list[str]:
    return list(dict.fromkeys(names))
