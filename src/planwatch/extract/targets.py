"""Quantitative targets and dated milestones in an article's text.

A target is a quantity (a number and a unit of measure) stated as something to reach. The
scanner finds every number-with-unit, drops those that are not targets (names and codes, numbers
inside quotes or book titles, thresholds inside an indicator's name such as 营收过10亿元企业,
base values before 提高到, subsidy amounts), and reads the rest from the words around it: the
indicator name before it, the comparator from 以上/左右/控制在, the basis from 每年/累计/比2020年,
the year from 到2025年 or the plan's end year.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from .model import Milestone, Target
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
    "公顷",
    "小时",
    "分钟",
    "天",
    "倍",
]
PERCENT = ["个百分点", "百分点", "%", "‰"]
COUNTS = [
    "人次",
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
]
_MAGNITUDE = "(?:万|亿|千)?"
_ALL_UNITS = sorted(MONEY + MEASURES + PERCENT + COUNTS, key=len, reverse=True)
_UNIT_RE = "|".join(re.escape(u) for u in _ALL_UNITS)
_NUM = rf"(?:\d+(?:\.\d+)?|{CN_COUNT})"
QUANTITY = re.compile(
    rf"(?<![\d.A-Za-z+＋\-—~～第])(?P<value>{_NUM})(?:[-~～至到—–－](?P<value_max>{_NUM}))?"
    rf"(?P<unit>{_MAGNITUDE}(?:{_UNIT_RE})|亿(?![\u4e00-\u9fff]))"
)
_AFTER = re.compile(r"^(以上|以下|以内|左右)?")
QUALIFIERS = [
    "三年累计",
    "五年累计",
    "力争",
    "确保",
    "争取",
    "努力",
    "突破",
    "超过",
    "达到",
    "保持在",
    "稳定在",
    "控制在",
    "保持",
    "稳定",
    "不低于",
    "不少于",
    "不超过",
    "不高于",
    "以上",
    "以内",
    "以下",
    "左右",
    "累计",
    "每年",
    "年均",
]
_QUALIFIER_RE = re.compile("|".join(sorted(QUALIFIERS, key=len, reverse=True)) + r"|约(?=\d)")
_BASIS_CUE = re.compile(
    r"[一二两三四五六七八九十\d]+年累计|累计|每年|年均|[一二两三四五六七八九十\d]+年(?=内|共|新|引进|培育|完成|建成|建设|打造|实施|招引)"
)
_SPAN_CUMULATIVE = re.compile(
    r"[一二两三四五六七八九十\d]+年(?=累计|内|共|新|引进|培育|完成|建成|建设|打造|实施|招引)"
)
_ANNUAL = re.compile(r"每年|年均|每年度|逐年")
_BASE = re.compile(
    r"(?:比|较|相比)(20\d\d)年(?:末|底|水平)?(?:的)?.{0,6}?(降低|下降|减少|提高|提升|增长|增加|上升)"
)
_YEAR = re.compile(r"(?<![\d\-—–－~])(20\d\d)年(?!\d)")
_POLICY = re.compile(r"奖励|补助|补贴|资助|扶持资金|给予|最高|一次性")
_BASE_VALUE_AFTER = re.compile(r"^(以上|左右)?(?:的)?(提高|提升|增加|增长|上升|下降|降低|减少)(到|至)")
_LEAD_NOISE = re.compile(
    r"^((到|至|截至)?20\d\d年(底|末)?(前)?|力争|确保|争取|努力|实现|全区|全市|全县|全省|全镇|每年度|每年|年均|"
    r"[一二两三四五六七八九十\d]+年(?=累计|内|共|新|引进|培育|完成|建成)|[，、,；：\s])+"
)
_TAIL_VERB = re.compile(
    r"(达到|达|为|突破|超过|保持在|稳定在|控制在|保持|稳定|提高到|提升到|提高至|提升至|增加到|增长到|降低到|降至|"
    r"下降到|不低于|不高于|不少于|不超过|力争|确保|争取|努力|在|至|到|超|有)+$"
)
_VERB_LEAD = re.compile(r"^(累计)?(新增|新建|新培育|新引进|引进|培育|认定|建成|建设|打造|创建|完成)")
_PORTFOLIO = re.compile(r"重点项目|重大项目|项目")
_LEVEL_VERB = re.compile(r"(达到|达|为|保持在|稳定在|控制在|保持|稳定)$")
_LEVEL_COUNT = re.compile(r"(数|量|率|比重|占比|规模|总量)$")
_CN_CHAR = re.compile(r"[\u4e00-\u9fff]")
_QUOTES = re.compile(r"“[^”]*”|《[^》]*》|‘[^’]*’|\"[^\"]*\"")


@dataclass
class _Hit:
    value: int | float
    value_max: int | float | None
    unit: str
    start: int
    end: int  # after the unit and any 以上/左右 that follows it


def _unit_kind(unit: str) -> str:
    base = unit.lstrip("万亿千") or unit
    if unit in MONEY or base in MONEY or unit == "亿":
        return "money"
    if unit in PERCENT:
        return "percent"
    if base in COUNTS or unit in COUNTS:
        return "count"
    return "measure"


def _quoted_spans(text: str) -> list[tuple[int, int]]:
    return [m.span() for m in _QUOTES.finditer(text)]


def find_quantities(sentence: str) -> list[_Hit]:
    """Every number-with-unit in the sentence that can be a target (traps removed)."""
    quoted = _quoted_spans(sentence)
    hits = []
    for m in QUANTITY.finditer(sentence):
        if any(a <= m.start() < b for a, b in quoted):
            continue
        value = parse_number(m.group("value"))
        if value is None or (value == 1 and not m.group("value").isdigit()):
            continue  # 一个、一批: "one", not a count
        after = _AFTER.match(sentence[m.end() :]).group(0)
        hit = _Hit(
            value,
            parse_number(m.group("value_max") or "") or None,
            m.group("unit"),
            m.start(),
            m.end() + len(after),
        )
        if _is_target(sentence, hit):
            hits.append(hit)
    return hits


def _is_target(sentence: str, hit: _Hit) -> bool:
    kind = _unit_kind(hit.unit)
    nxt = sentence[hit.end : hit.end + 1]
    before = sentence[max(0, hit.start - 12) : hit.start]
    if _BASE_VALUE_AFTER.match(sentence[hit.end - len(_AFTER.match(sentence[hit.end :]).group(0)) :]):
        return False  # 由60%提高到70%: the first figure is a base value
    if re.search(r"(由|从)[^，。；到至]{0,12}$", before):
        return False
    if kind == "money" and _POLICY.search(before):
        return False  # 给予最高50万元奖励: a subsidy, not a target
    if nxt == "的":
        return kind == "money" and re.search(r"(总投资|投资总额|总额)$", before) is not None
    # 过10亿元企业: a money or measure figure followed by a noun is a threshold inside a name
    return not (kind in ("money", "measure") and _CN_CHAR.match(nxt))


def _sentences(text: str) -> list[str]:
    return [s for s in re.split(r"(?<=[。；;！？])", text) if s.strip()]


def extract_targets(text: str, *, end_year: int | None) -> list[Target]:
    targets: list[Target] = []
    for sentence in _sentences(text):
        hits = find_quantities(sentence)
        for i, hit in enumerate(hits):
            prev_end = hits[i - 1].end if i else 0
            targets.append(_read_target(sentence, hit, prev_end, end_year))
    return targets


def _segment_start(sentence: str, hit: _Hit, prev_end: int) -> int:
    """Where the indicator name can begin: after the previous clause break or quantity."""
    cut = max(sentence.rfind(p, 0, hit.start) for p in "，,：:；;。")
    return max(cut + 1, prev_end)


def _read_target(sentence: str, hit: _Hit, prev_end: int, end_year: int | None) -> Target:
    context = sentence[: hit.start]
    clause = sentence[_segment_start(sentence, hit, 0) : hit.end]
    pre = sentence[_segment_start(sentence, hit, prev_end) : hit.start]
    base = _BASE.search(pre)
    name, noun = _indicator_name(sentence, hit, prev_end)
    basis = _basis(context, pre, hit, name, noun, base)
    comparator = _comparator(clause, hit, basis)
    year = None if basis == "annual" else _year(context) or end_year
    return Target(
        indicator=name,
        value=hit.value,
        unit="亿元" if hit.unit == "亿" else hit.unit,
        comparator=comparator,
        value_max=hit.value_max,
        basis=basis,
        year=year,
        base_year=int(base.group(1)) if base else None,
        qualifiers=_qualifiers(sentence[_segment_start(sentence, hit, prev_end) : hit.end], context, basis),
        source=_source(sentence, hit),
    )


def _indicator_name(sentence: str, hit: _Hit, prev_end: int) -> tuple[str, str]:
    """(indicator name, the counted noun after a classifier such as 个 in 112个重点项目)."""
    start = _segment_start(sentence, hit, prev_end)
    name = sentence[start : hit.start]
    name = _BASE.sub(lambda m: m.group(2), name)
    name = _LEAD_NOISE.sub("", name)
    name = _TAIL_VERB.sub("", name).strip("，、；。 ").removeprefix("的")
    noun = ""
    if _unit_kind(hit.unit) in ("count", "percent"):
        noun = re.match(r"[^，。；、,;的]*", sentence[hit.end :]).group(0)
        noun = re.sub(r"(扎实|加快|稳步|有序|全面|持续)?(推进|实施|开工|落地)$", "", noun)
    if re.search(r"等$", name) or not name:
        name = re.sub(r"^.*等$", "", name)
        if noun:  # 30%村庄… is a share of villages; 6个示范村 a count of them
            name += noun + ("占比" if _unit_kind(hit.unit) == "percent" else "")
    elif noun and _VERB_LEAD.match(name) and len(name) <= 4:
        name = name + noun
    if prev_end and _unit_kind(hit.unit) == "count" and not _VERB_LEAD.match(name):
        first = _VERB_LEAD.match(_LEAD_NOISE.sub("", sentence[_segment_start(sentence, hit, 0) : prev_end]))
        if first:
            name = first.group(0) + name
    if re.search(r"(总投资|投资总额)$", name):
        name = _portfolio_money_name(sentence, hit, name)
    return name, noun


def _portfolio_money_name(sentence: str, hit: _Hit, name: str) -> str:
    """总投资1154亿元的112个重点项目 → 重点项目总投资."""
    m = re.match(rf"的{_NUM}?[个项]?([^，。；、]*?项目)", sentence[hit.end :])
    return f"{m.group(1)}{name[-3:] if name.endswith('总投资') else '总投资'}" if m else name


def _basis(context: str, pre: str, hit: _Hit, name: str, noun: str, base) -> str:
    """change_vs_base, portfolio, annual, cumulative or level, from the words around the figure.

    `context` is the sentence up to the figure (cues such as 每年 carry across a list), `pre`
    the figure's own segment (for 达到/保持在, which make a count a level).
    """
    kind = _unit_kind(hit.unit)
    if base:
        return "change_vs_base"
    if kind == "count" and _PORTFOLIO.search(name + noun):
        return "portfolio"
    if kind == "money" and re.search(r"总投资|投资总额", pre + name) and _PORTFOLIO.search(name):
        return "portfolio"
    if _ANNUAL.search(context):
        return "annual"
    if "累计" in context or _SPAN_CUMULATIVE.search(context):
        return "cumulative"
    if kind == "count" and not _LEVEL_COUNT.search(name) and not _LEVEL_VERB.search(pre):
        return "cumulative"  # 新建中小学15所: a count of new things adds up over the plan
    return "level"


def _comparator(clause: str, hit: _Hit, basis: str) -> str:
    tail = clause[-4:]
    if hit.value_max is not None:
        return "range"
    if "左右" in tail or re.search(
        r"(约|大约|近|接近)[^，]{0,3}$", clause[: clause.rfind(str(hit.value)[:1])]
    ):
        return "≈"
    if re.search(r"以内|以下", tail) or re.search(r"控制在|不超过|不高于|降至|降低到|下降到|低于", clause):
        return "<=" if basis != "change_vs_base" else ">="
    if basis == "portfolio" and "以上" not in tail:
        return "="
    return ">="


def _year(context: str) -> int | None:
    cleaned = _BASE.sub("", context)
    cleaned = re.sub(r"20\d\d\s*[-—–－~～至到]\s*20\d\d年", "", cleaned)
    years = _YEAR.findall(cleaned)
    return int(years[-1]) if years else None


def _qualifiers(segment: str, context: str, basis: str) -> list[str]:
    """Words that soften or frame the target: those of its own clause, and the 每年/累计 it inherits."""
    words = _QUALIFIER_RE.findall(segment)
    if basis in ("annual", "cumulative"):
        words = [m.group(0) for m in _BASIS_CUE.finditer(context)][-1:] + words
    return list(dict.fromkeys(words))


def _source(sentence: str, hit: _Hit) -> str:
    """The clause that states the target, with a leading 到2025年， when the sentence opens with one."""
    start = max(sentence.rfind(p, 0, hit.start) for p in "，,；;。") + 1
    ends = [i for i in (sentence.find(p, hit.end) for p in "，,；;。") if i >= 0]
    end = min(ends) if ends else len(sentence)
    opening = re.match(r"^(到|至|截至)?20\d\d年(底|末)?(前)?[，,]", sentence)
    if opening and start == opening.end():
        start = 0
    return sentence[start:end].strip("，、；。 ")


_MILESTONE = re.compile(
    r"(20\d\d)年(?:底|末|年底|上半年|下半年)?前?[，,]?\s*"
    r"((?:基本|全面|率先|初步|如期|全部)?(?:完成|建成|实现|形成|建立|落地|投用|投入使用)[^，。；;]*)"
)


def extract_milestones(text: str) -> list[Milestone]:
    """到2025年，基本完成入河排污口整治 → Milestone('基本完成入河排污口整治', 2025)."""
    out = []
    for m in _MILESTONE.finditer(text):
        phrase = m.group(2).strip()
        if QUANTITY.search(phrase):
            continue  # a quantified commitment is a target, not a milestone
        out.append(Milestone(text=phrase, year=int(m.group(1))))
    return out
