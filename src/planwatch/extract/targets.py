"""Quantitative targets in an article's text: each figure read from the words around it.

For every quantity `quantities.find_quantities` keeps, the indicator is the words before it in
its clause (or the noun a classifier counts: 6个区级示范村), the comparator comes from 以上/左右/
控制在, the basis from 每年/累计/比2020年 and the kind of unit, the year from 到2025年 or the
plan's end year. Cues such as 每年 and 三年累计 carry over to the following clauses of the same
sentence until another cue replaces them (力争每年新增研发机构2家，备案众创空间2家).
"""

from __future__ import annotations

import re

from .model import Target
from .quantities import NUM, Quantity, find_quantities

CN_DIGITS = "一二两三四五六七八九十"
_SPAN = rf"[{CN_DIGITS}\d]+年"
_SPAN_VERBS = "累计|内|共|新|引进|培育|完成|建成|建设|打造|实施|招引|争取|培训|改造|淘汰|推动"
_ANNUAL_CUE = r"每年度|每年|年均|逐年"
_BASIS_CUE = re.compile(
    rf"(?P<cumulative>{_SPAN}累计|累计|{_SPAN}(?={_SPAN_VERBS}))|(?P<annual>{_ANNUAL_CUE})"
)
_BASE = re.compile(
    r"(?:比|较|相比)(20\d\d)年(?:末|底|水平)?(?:的)?.{0,6}?(降低|下降|减少|提高|提升|增长|增加|上升)"
)
_YEAR = re.compile(r"(?<![\d\-—–－~])(20\d\d)年(?!\d)")
_QUALIFIER = re.compile(
    r"三年累计|五年累计|力争|确保|争取|努力|突破|超过|达到|保持在|稳定在|控制在|保持|稳定|不低于|不少于|不超过|不高于|"
    r"以上|以内|以下|左右|累计|每年|年均|约(?=\d)"
)
_LEAD_NOISE = re.compile(
    rf"^((到|至|截至)?20\d\d年(底|末)?(前)?|力争|确保|争取|努力|实现|全区|全市|全县|全省|全镇|全州|{_ANNUAL_CUE}|"
    rf"{_SPAN}(?={_SPAN_VERBS})|[，、,；：\s])+"
)
_TAIL_VERB = re.compile(
    r"(达到|达|为|突破|超过|保持在|稳定在|控制在|保持|稳定|提高到|提升到|提高至|提升至|增加到|增长到|降低到|降至|"
    r"下降到|压缩至|压缩到|不低于|不高于|不少于|不超过|力争|确保|争取|努力|在|至|到|超|有)+$"
)
_INCREMENT = re.compile(
    r"^(累计)?(新增|新建改造|新改建|新建|新培育|新引进|引进|培育|认定|建成|建设|打造|创建|完成|改造|铺设|实施|治理|"
    r"淘汰|招引|开工|培训|招聘|遴选|推动|组织|举办|新培养|开展|安排|统筹安排|投入|筹集|争取)"
)
_CHANGE_ONLY = re.compile(r"^(增长|下降|提高|降低|增加|减少)$")
_LEVEL_VERB = re.compile(r"(达到|达|为|保持在|稳定在|控制在|保持|稳定)$")
_RATE_NAME = re.compile(r"(率|比重|占比|比例|份额|指数|强度)$")
_LEVEL_COUNT = re.compile(r"(数|量|率|比重|占比|规模|总量|总数)$")
_NOUN_TAIL = re.compile(r"(扎实|加快|稳步|有序|全面|持续)?(推进|实施|开工|落地)$")


def sentences(text: str) -> list[str]:
    return [s for s in re.split(r"(?<=[。；;！？])", text) if s.strip()]


def extract_targets(text: str, *, end_year: int | None) -> list[Target]:
    targets: list[Target] = []
    for sentence in sentences(text):
        found = find_quantities(sentence)
        for i, q in enumerate(found):
            targets.append(mark_doubt(read_target(sentence, q, found[i - 1].end if i else 0, end_year)))
    return targets


def mark_doubt(target: Target) -> Target:
    """Say when a target is uncertain: a bare number (PUE 降至1.3以下 — or a figure that is no
    target), or a figure whose indicator could not be read from the words before it."""
    if not target.unit:
        target.confidence, target.doubt = 0.5, "数值没有计量单位，请确认是否为目标"
    elif len(target.indicator) < 2:
        target.confidence, target.doubt = 0.5, "没有读出指标名称，请补全"
    return target


def clause_start(sentence: str, pos: int) -> int:
    return max(sentence.rfind(p, 0, pos) for p in "，,：:；;。") + 1


def read_target(sentence: str, q: Quantity, prev_end: int, end_year: int | None) -> Target:
    """One Target from a quantity; `prev_end` ends the previous figure of a 、-list in the sentence."""
    context = sentence[: q.start]
    segment = sentence[max(clause_start(sentence, q.start), prev_end) : q.start]
    base = _BASE.search(segment)
    name, noun = indicator_name(sentence, q, prev_end)
    basis = read_basis(sentence, q, segment, name, noun, base)
    clause = sentence[clause_start(sentence, q.start) : q.end]
    return Target(
        indicator=name,
        value=q.value,
        unit="亿元" if q.unit == "亿" else q.unit,
        comparator=read_comparator(clause, q, basis),
        value_max=q.value_max,
        basis=basis,
        year=None if basis == "annual" else _year(context) or end_year,
        base_year=int(base.group(1)) if base else None,
        qualifiers=_qualifiers(segment + sentence[q.start : q.end], context, basis),
        source=_source(sentence, q),
        rate=read_rate(q, basis, segment),
    )


_GROWTH = re.compile(r"(增长|提高|提升|增加|上升|增速)[^，；。]{0,2}$")
_DECLINE = re.compile(r"(下降|降低|减少|压减|降幅)[^，；。]{0,2}$")


def read_rate(q: Quantity, basis: str, segment: str) -> str | None:
    """A percentage asked of every year is a rate kept over the period: 年均增长7% → growth,
    年均下降3% → decline, 每年…保持在70%以上 → level (the figure each year must meet)."""
    if basis != "annual" or q.kind != "percent":
        return None
    if _GROWTH.search(segment):
        return "growth"
    return "decline" if _DECLINE.search(segment) else "level"


def indicator_name(sentence: str, q: Quantity, prev_end: int) -> tuple[str, str]:
    """(indicator name, the noun a classifier counts: 112个重点项目 → 重点项目)."""
    raw = sentence[max(clause_start(sentence, q.start), prev_end) : q.start]
    name = _LEAD_NOISE.sub("", _BASE.sub(lambda m: m.group(2), raw))
    name = _TAIL_VERB.sub("", name).strip("，、；。 ").removeprefix("的")
    noun = ""
    if q.kind in ("count", "percent"):
        noun = _NOUN_TAIL.sub("", re.match(r"[^，。；、,;的]*", sentence[q.end :]).group(0))
    if name.endswith("等") or not name:
        name = re.sub(r"^.*等$", "", name)  # 殷家林、杜家庙等6个示范村: the examples are no name
        if noun:  # 30%村庄… is a share of villages
            name += noun + ("占比" if q.kind == "percent" else "")
    elif noun and len(name) <= 4 and q.kind == "count":
        name += noun  # 遴选100家重点企业 → 遴选重点企业
    if _CHANGE_ONLY.match(name) and re.search(
        rf"({_ANNUAL_CUE})$", _TAIL_VERB.sub("", raw)[: -len(name)] or ""
    ):
        name = "年均" + name
    if prev_end and q.kind in ("count", "measure") and not _INCREMENT.match(name):
        first = _INCREMENT.match(_LEAD_NOISE.sub("", sentence[clause_start(sentence, q.start) : prev_end]))
        if first:  # 新建口袋公园30个、城市绿道50公里: the verb of a list covers all its items
            name = first.group(0) + name
    if re.search(r"(总投资|投资总额)$", name):
        name = _portfolio_money_name(sentence, q, name)
    return name, noun


def _portfolio_money_name(sentence: str, q: Quantity, name: str) -> str:
    """总投资1154亿元的112个重点项目 → 重点项目总投资; 重点项目86个、总投资320亿元 → 重点项目总投资."""
    after = re.match(rf"的{NUM}?[个项]?([^，。；、]*?项目)", sentence[q.end :])
    before = re.search(r"([^，。；、\d]*?项目)[^，。；]*$", sentence[: q.start])
    project = after.group(1) if after else (before.group(1) if before else "")
    return _LEAD_NOISE.sub("", re.sub(r"^(实施|推进|建设|谋划)", "", project)) + "总投资" if project else name


def read_basis(sentence: str, q: Quantity, segment: str, name: str, noun: str, base) -> str:
    """change_vs_base, portfolio, annual, cumulative or level."""
    if base:
        return "change_vs_base"
    if _is_portfolio(sentence, q, name, noun):
        return "portfolio"
    cue = _last_cue(sentence[: q.start])
    own_annual = re.search(_ANNUAL_CUE, segment)
    if q.kind == "percent" or _RATE_NAME.search(name):
        return "annual" if own_annual else "level"  # a rate is a level; 年均增长10% is every year
    if cue:
        return cue
    if q.kind == "count" and not _LEVEL_COUNT.search(name) and not _LEVEL_VERB.search(segment):
        return "cumulative"  # 新建中小学15所: a count of new things adds up over the plan
    if q.kind in ("measure", "money") and _INCREMENT.match(name):
        return "cumulative"  # 新建改造城市道路35公里
    return "level"


def _last_cue(context: str) -> str | None:
    """The basis named by the last 每年/年均 or 累计/三年新增 before the figure in its sentence."""
    cues = list(_BASIS_CUE.finditer(context))
    if not cues:
        return None
    return "cumulative" if cues[-1].group("cumulative") else "annual"


def _is_portfolio(sentence: str, q: Quantity, name: str, noun: str) -> bool:
    """A set of projects tracked one by one: 重点项目86个、总投资320亿元 (both figures)."""
    if not re.search(r"总投资|投资总额", sentence):
        return False
    if q.kind == "count":
        return "项目" in name + noun
    return q.kind == "money" and name.endswith("总投资")


def read_comparator(clause: str, q: Quantity, basis: str) -> str:
    tail = clause[-4:]
    lead = clause[: len(clause) - (q.end - q.start)]
    if q.value_max is not None:
        return "range"
    if "左右" in tail or re.search(r"(约|大约|接近)$", lead):
        return "≈"
    if re.search(r"以内|以下|内$", tail) or re.search(
        r"控制在|不超过|不高于|降至|降低到|下降到|压缩至|压缩到|(?<!不)低于", clause
    ):
        return ">=" if basis == "change_vs_base" else "<="
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
    words = _QUALIFIER.findall(segment)
    if basis in ("annual", "cumulative"):
        inherited = [m.group(0) for m in _BASIS_CUE.finditer(context)][-1:]
        words = inherited + words
    return list(dict.fromkeys(words))


def _source(sentence: str, q: Quantity) -> str:
    """The clause that states the target, with a leading 到2025年， when the sentence opens with one."""
    start = clause_start(sentence, q.start)
    ends = [i for i in (sentence.find(p, q.end) for p in "，,；;。") if i >= 0]
    end = min(ends) if ends else len(sentence)
    opening = re.match(r"^(到|至|截至)?20\d\d年(底|末)?(前)?[，,]", sentence)
    if opening and start == opening.end():
        start = 0
    return sentence[start:end].strip("，、；。 ")
