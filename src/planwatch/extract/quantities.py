"""Figures with a unit of measure, and the traps that look like targets but are not.

A plan's targets are stated as quantities: a number (47, 1.92, 十五, 3-5) and a unit (%, 亿元,
万家, 微克/立方米, 所). This module finds them in a sentence and drops those that are no target:
names and codes (5G, G104, 104国道, 500强, PM2.5), figures inside quotes or book titles, a money
or measure figure followed by a noun (a threshold inside a name: 营收过10亿元企业), base values
(由40%提高到45% keeps 45%) and subsidies (给予最高50万元奖励).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from .numerals import CN_COUNT, parse_number

MONEY = ["亿美元", "万美元", "美元", "亿元", "万元", "元"]
MEASURES = [
    "微克/立方米",
    "毫克/立方米",
    "平方公里",
    "万平方米",
    "平方米",
    "万立方米",
    "立方米",
    "万千瓦时",
    "千瓦时",
    "万千瓦",
    "千瓦",
    "吨标准煤",
    "万吨",
    "吨",
    "公里",
    "千米",
    "万亩",
    "亩",
    "公斤",
    "斤",
    "公顷",
    "个工作日",
    "工作日",
    "个月",
    "小时",
    "分钟",
    "天",
    "倍",
    "兆瓦",
    "吉瓦",
    "标箱",
    "万标箱",
]
PERCENT = ["个百分点", "百分点", "%", "‰"]
COUNTS = [
    "人次",
    "场次",
    "批次",
    "架次",
    "班次",
    "户次",
    "家",
    "个",
    "处",
    "所",
    "件",
    "名",
    "人",
    "户",
    "套",
    "辆",
    "座",
    "张",
    "床",
    "台",
    "项",
    "条",
    "部",
    "篇",
    "种",
    "位",
    "支",
    "场",
    "栋",
    "幢",
    "艘",
    "根",
    "块",
    "只",
    "头",
    "株",
    "棵",
    "次",
    "间",
    "架",
    "家次",
]
_UNIT_RE = "|".join(re.escape(u) for u in sorted(MONEY + MEASURES + PERCENT + COUNTS, key=len, reverse=True))
NUM = rf"(?:\d+(?:\.\d+)?|{CN_COUNT})"
QUANTITY = re.compile(
    rf"(?<![\d.A-Za-z+＋\-—~～第])(?P<value>{NUM})(?:[-~～至到—–－](?P<value_max>{NUM}))?"
    rf"(?P<unit>(?:万|亿|千)?(?:{_UNIT_RE})|亿(?![\u4e00-\u9fff]))"
)
# A bare number after a linking verb and before a qualifier or a clause end: PUE 降至1.3以下.
UNITLESS = re.compile(
    r"(?:达到|降至|降低到|控制在|提高到|提升至|提高至|保持在|稳定在|不低于|不高于|低于|高于|超过|突破)"
    r"(?P<value>\d+(?:\.\d+)?)(?P<unit>)(?=以上|以下|以内|左右|[，。；,;]|$)"
)
AFTER = re.compile(r"^(以上|以下|以内|左右|内(?![\u4e00-\u9fff]))?")
_QUOTES = re.compile(r"“[^”]*”|《[^》]*》|‘[^’]*’|\"[^\"]*\"")
_POLICY = re.compile(r"奖励|补助|补贴|资助|扶持资金|给予|最高|一次性")
_BUDGET = re.compile(r"(安排|统筹|投入|筹集)[^，。；给予]*$")
# A figure of the present, not a target: 现有3.2万名登记就业困难人员, 目前已建成…
_STATUS_QUO = re.compile(r"(现有|目前|当前|已有|现已|已建成|已累计|去年|上年)[^，。；]{0,12}$")
_BASE_VALUE_AFTER = re.compile(r"^(以上|左右)?(?:的)?(提高|提升|增加|增长|上升|下降|降低|减少)(到|至)")
_CN_CHAR = re.compile(r"[\u4e00-\u9fff]")


@dataclass
class Quantity:
    value: int | float
    value_max: int | float | None
    unit: str
    start: int
    end: int  # after the unit and any 以上/左右 that follows it
    unit_end: int  # right after the unit

    @property
    def kind(self) -> str:
        return unit_kind(self.unit)


def unit_kind(unit: str) -> str:
    """money | percent | count | measure | none — what the unit measures decides how it is read."""
    if not unit:
        return "none"
    base = unit.lstrip("万亿千") or unit
    if unit == "亿" or base in MONEY or unit in MONEY:
        return "money"
    if unit in PERCENT:
        return "percent"
    if base in COUNTS or unit in COUNTS:
        return "count"
    return "measure"


def find_quantities(sentence: str) -> list[Quantity]:
    """Every figure in the sentence that can be a target, in order (traps removed)."""
    quoted = [m.span() for m in _QUOTES.finditer(sentence)]
    found: list[Quantity] = []
    matches = sorted(
        [*QUANTITY.finditer(sentence), *UNITLESS.finditer(sentence)], key=lambda m: m.start("value")
    )
    for m in matches:
        start = m.start("value")
        if any(a <= start < b for a, b in quoted) or (found and start < found[-1].end):
            continue
        raw = m.group("value")
        value = parse_number(raw)
        if value is None or (value == 1 and not raw.isdigit()):
            continue  # 一个、一批: a word for "a", not a count
        after = AFTER.match(sentence[m.end() :]).group(0)
        value_max = m.groupdict().get("value_max")
        q = Quantity(
            value,
            parse_number(value_max) if value_max else None,
            m.group("unit"),
            start,
            m.end() + len(after),
            m.end(),
        )
        if is_target(sentence, q):
            found.append(q)
    return found


def is_target(sentence: str, q: Quantity) -> bool:
    nxt = sentence[q.end : q.end + 1]
    before = sentence[max(0, q.start - 12) : q.start]
    if _BASE_VALUE_AFTER.match(sentence[q.unit_end :]):
        return False  # 由60%提高到70%: the first figure is a base value
    if re.search(r"(由|从)[^，。；到至]{0,12}$", before) or _STATUS_QUO.search(before):
        return False
    if q.kind == "money" and _POLICY.search(before) and not _BUDGET.search(before):
        return False  # 给予最高50万元奖励: a subsidy, not a target (统筹安排扶持资金2000万元 is one)
    if re.match(r"(届|次)", q.unit) and re.match(r"[^，。；]{0,6}(会议|全会|大会)", sentence[q.unit_end :]):
        return False  # 市九届人大五次会议: the ordinal of a meeting
    if nxt == "的":
        if q.kind == "percent":  # 成华区50%的城市社区建成…: a share of a set
            return not _POLICY.search(before)
        return q.kind == "money" and re.search(r"(总投资|投资总额|总额)$", before) is not None
    # 过10亿元企业: a money or measure figure followed by a noun is a threshold inside a name
    if re.match(r"(用于|支持|保障|推动)", sentence[q.end : q.end + 2]):
        return True  # 安排资金2000万元支持…: the verb of what the money does, not a noun
    if q.kind == "money" and re.search(r"(投资|投入|安排)$", before) and re.match(r"(建设|新建|实施|改造|打造)", sentence[q.end : q.end + 2]):
        return True  # 投资3000万元建设…基地: an amount opening the item, then what it builds
    return not (q.kind in ("money", "measure") and _CN_CHAR.match(nxt))
