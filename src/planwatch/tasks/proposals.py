"""Task and policy proposals from a plan's text: pure (no Django), used by the CLI and the
office's review page alike.

A task (具体任务) is one sentence of an article that commits to an action: at least one of its
clauses opens with an action verb (推进, 建设, 完善 …, after adverbs such as 积极, 加快). Clauses
that only state a figure (每年新增市级绿色工厂1家, PM2.5浓度控制在37.1微克/立方米) are targets,
tracked as indicators, and are left out of the task's text; a sentence of targets only, or of
outcomes only (取得重大成果, 更趋优化), proposes no task. The task's due date is the last date the
sentence names (到2025年底前基本完成… → 2025-12-31), else none (the plan's end); a clause
with an earlier date is a milestone of the task (2023年底前完成选址，2025年建成投用 → a
milestone 完成选址 due 2023-12-31, the task due 2025-12-31). Its units are
the article's unless the sentence names its own (（区商务局牵头）, 由区科技局负责), which win.

A policy measure (政策措施) is a clause promising to 制定 / 出台 / 完善 / 落实 … a 政策, 办法,
措施, 意见, 方案 or 细则 (a 体系 only when it is a 政策体系 or 制度体系: a 医疗服务体系 is not a
policy). Its kind follows the verb: new (制定, 出台), revision (完善, 修订, 优化), or carrying
out an existing one (落实, 用好).
"""

from __future__ import annotations

import re
from dataclasses import asdict, dataclass, field

from planwatch.extract.model import Article
from planwatch.extract.quantities import find_quantities
from planwatch.extract.targets import sentences
from planwatch.extract.units import extract_units, paren_groups, parse_unit_clause

from .deadlines import last_date_in

_ADVERBS = (
    "积极|大力|全面|持续|着力|深入|扎实|加快|力争|努力|不断|进一步|逐步|稳步|有序|认真|切实|严格|"
    "主动|统筹|协调|重点|坚决|优先|全力|继续|依法|稳慎|充分|研究|分类|定期|探索|率先|基本"
)
_VERBS = (
    "推进|推动|实施|开展|建设|建成|完善|落实|打造|培育|加强|建立|健全|制定|出台|推出|举办|完成|引进|"
    "深化|优化|提升|扩大|支持|鼓励|组织|争创|创建|构建|布局|新建|改造|发展|用好|用足|搭建|整治|治理|"
    "提高|强化|做好|做大|做优|做强|做实|做活|引导|促进|巩固|谋划|争取|申报|抓好|筹建|设立|启动|规范|"
    "保障|加大|融入|摸清|挖掘|创新|参与|淘汰|整合|发挥|拓展|开拓|丰富|实现|确保|贯彻|严控|坚持|提振|"
    "振兴|更新|招引|壮大|延伸|增强|营造|扶持|引入|承办|申创|创响|修订|清理|编制|聚焦|加速|加快|统筹|"
    "协调|探索|研究|满足|降低|减少"
)
_ACTION = re.compile(rf"^(?:(?:{_ADVERBS})+)?(?:{_VERBS})")
_OUTCOME = re.compile(r"取得|迈上|更趋|更加|显著提升|明显提高|基本形成|走在前|作表率|新局面|新格局$")
_FRAME = re.compile(r"^(以|围绕|依托|借助|通过|按照|根据|立足|顺应|聚焦.*[，,]|坚持.*(原则|方针|理念|为指导)$)")
_LEAD_DATE = re.compile(r"^(到|至|截至)?20\d\d年(底|末)?前?$")
_DATE_PREFIX = re.compile(r"^(到|至|截至)?20\d\d年(\d{1,2}月)?(底|末)?前?")
_OWN_UNITS = re.compile(r"由([^，。；（）()]{2,60}?)(牵头|负责)")

_POLICY_VERB = (
    r"研究制定|制定出台|研究实施|制定实施|制定|出台|推出|完善落实|健全完善|完善|修订|优化|健全|"
    r"建立健全|建立|贯彻落实|深入落实|认真落实|落实|执行|用足用好|用好"
)
_POLICY_NOUN = "政策体系|制度体系|政策|办法|措施|意见|方案|细则"  # the name ends the clause or a list item
_POLICY = re.compile(
    rf"(?P<verb>{_POLICY_VERB})(?P<name>[^，。；,;]*?(?:{_POLICY_NOUN}))(?=[，。；,;、）)]|$)"
    rf"(?![^，。；,;]*?(?:{_POLICY_NOUN}))"
)
POLICY_KINDS = {"new": "制定新政策", "revise": "修订", "implement": "落实已有政策"}
_NEW = re.compile(r"制定|出台|推出|研究实施|^建立")
_REVISE = re.compile(r"^(完善|修订|优化|健全|建立健全)")


@dataclass
class TaskProposal:
    """One commitment, in the JSON shape `planwatch tasks propose` prints."""

    article: int
    text: str
    units: list[str]
    lead_unit: str | None
    due: str | None  # ISO date
    source: str
    milestones: list[dict] = field(default_factory=list)  # [{"due": ISO date, "text": …}]

    def to_dict(self) -> dict:
        return asdict(self)


@dataclass
class PolicyProposal:
    article: int
    name: str
    kind: str  # new / revise / implement
    units: list[str] = field(default_factory=list)
    source: str = ""

    def to_dict(self) -> dict:
        return asdict(self)


def _clauses(sentence: str) -> list[str]:
    return [c.strip() for c in re.split(r"[，,；;：:。]", sentence) if c.strip()]


def _is_target(clause: str) -> bool:
    return bool(find_quantities(clause)) and not re.search(r"一批|若干", clause)


def _is_action(clause: str) -> bool:
    clause = _DATE_PREFIX.sub("", clause)
    return bool(_ACTION.match(clause)) and not _OUTCOME.search(clause) and not _FRAME.match(clause)


def _own_units(sentence: str) -> tuple[list[str], list[str], str]:
    """Units the sentence itself names (a （X牵头） parenthesis or 由X牵头), its text without them."""
    units, leads, body, _ = extract_units(sentence)
    if units:
        return units, leads, body
    m = _OWN_UNITS.search(sentence)
    found = parse_unit_clause(f"{m[1]}{m[2]}") if m else None
    if not found:
        return [], [], sentence
    return found[0], found[1] or found[0][:1], sentence[: m.start()] + sentence[m.end() :]


def _task_text(clauses: list[str]) -> str:
    kept = [c for c in clauses if not _is_target(c) and not _LEAD_DATE.match(c)]
    return "，".join(kept)


def _default_lead(article: Article) -> str | None:
    if article.lead_units:
        return article.lead_units[0]
    return article.units[0] if len(article.units) == 1 else None


def _body(text: str) -> str:
    """The article's text without its closing unit list (the article's units, already read by
    the extractor); unit lists inside sentences stay, they name the sentence's own units."""
    text = text.rstrip()
    groups = paren_groups(text)
    if groups and groups[-1][1] >= len(text.rstrip("。；;")) and parse_unit_clause(groups[-1][2]):
        return text[: groups[-1][0]]
    return text


def propose_tasks(article: Article) -> list[TaskProposal]:
    """The commitments of one article, in the order the plan states them."""
    body = _body(article.text)
    out = []
    for sentence in sentences(body):
        units, leads, own = _own_units(sentence.strip())
        clauses = _clauses(own)
        if not any(_is_action(c) and not _is_target(c) for c in clauses):
            continue
        due = last_date_in(own)
        out.append(TaskProposal(
            article=article.number, text=_task_text(clauses), units=units or list(article.units),
            lead_unit=(leads or units)[0] if units else _default_lead(article),
            due=due.isoformat() if due else None, source=sentence.strip(),
            milestones=_milestones(clauses, due),
        ))  # fmt: skip
    return out


def _milestones(clauses: list[str], due) -> list[dict]:
    """The clauses dated before the task's own due date, as its milestones (date, what)."""
    out = []
    for clause in clauses:
        day = last_date_in(clause)
        text = _DATE_PREFIX.sub("", clause).strip()
        if day is not None and due is not None and day < due and text:
            out.append({"due": day.isoformat(), "text": text})
    return out


def _policy_kind(verb: str) -> str:
    if _REVISE.match(verb):
        return "revise"
    return "new" if _NEW.search(verb) else "implement"


def propose_policies(article: Article) -> list[PolicyProposal]:
    """The policies one article promises, each once, in text order."""
    body = _body(article.text)
    out, seen = [], set()
    for sentence in sentences(body):
        units = _own_units(sentence)[0] or list(article.units)
        for m in _POLICY.finditer(sentence):
            name = m["name"]
            if name in seen or _in_parens(sentence, m.start()):
                continue
            seen.add(name)
            out.append(PolicyProposal(article.number, name, _policy_kind(m["verb"]), units, sentence.strip()))
    return out


def _in_parens(text: str, pos: int) -> bool:
    return any(start < pos < end for start, end, _ in paren_groups(text))
