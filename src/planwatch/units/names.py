"""Unit names as written → one comparison key. Pure: no Django.

A plan writes the same bureau several ways: 区发改局 and 区发展改革局, 区工业和信息化局 and
区工信局, full-width and half-width brackets and digits. The registry must hold each unit once,
so every name is reduced to a key before it is looked up. The rules are general (official
abbreviations of Chinese government departments after a place/level prefix), never a list of
one plan's units.
"""

from __future__ import annotations

import re

# Full-width ASCII (！ … ～) → half-width; the ideographic space becomes a plain one.
_FULL_TO_HALF = {code: code - 0xFEE0 for code in range(0xFF01, 0xFF5F)}
_FULL_TO_HALF[0x3000] = 0x20
_SPACE = re.compile(r"\s+")

# Each group: the full official name of a department, then its common abbreviations and
# variants. Applied only to what follows the place/level prefix (区、市、济南市、区委 …).
EQUIVALENT_NAMES: tuple[tuple[str, ...], ...] = (
    ("发展改革局", "发改局", "发展和改革局"),
    ("发展和改革委员会", "发改委", "发展改革委", "发展改革委员会"),
    ("人力资源和社会保障局", "人社局", "人力资源社会保障局"),
    ("住房和城乡建设局", "住建局", "住房城乡建设局"),
    ("工业和信息化局", "工信局", "工业信息化局"),
    ("教育体育局", "教体局", "教育和体育局"),
    ("文化旅游局", "文旅局", "文化和旅游局"),
    ("卫生健康局", "卫健局"),
    ("卫生健康委员会", "卫健委", "卫生健康委"),
    ("市场监督管理局", "市场监管局"),
    ("自然资源和规划局", "自然资源局", "自规局"),
    ("科学技术局", "科技局"),
    ("应急管理局", "应急局"),
    ("城市管理局", "城管局"),
    ("投资促进局", "投促局"),
    ("医疗保障局", "医保局"),
    ("退役军人事务局", "退役军人局"),
    ("交通运输局", "交通局"),
    ("残疾人联合会", "残联"),
    ("政法委员会", "政法委"),
)

_CANONICAL = {variant: group[0] for group in EQUIVALENT_NAMES for variant in group}
# The prefix is a place or level ending in 省/市/县/区/旗/州/盟, or a party committee (区委 …),
# possibly empty. Longest department names first so 发展改革委员会 wins over 发展改革委.
_DEPARTMENT = re.compile(
    r"(?P<prefix>|.*?[省市县区旗州盟委])(?P<rest>"
    + "|".join(sorted(map(re.escape, _CANONICAL), key=len, reverse=True))
    + r")"
)


def normalise_name(name: str) -> str:
    """The name as written, with full-width letters/digits/brackets made half-width and no spaces."""
    return _SPACE.sub("", name.translate(_FULL_TO_HALF))


def canonical_key(name: str) -> str:
    """The key two spellings of one unit share: 区发改局 and 区发展改革局 → 区发展改革局."""
    name = normalise_name(name)
    match = _DEPARTMENT.fullmatch(name)
    if not match:
        return name
    return match["prefix"] + _CANONICAL[match["rest"]]
