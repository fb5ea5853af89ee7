"""Units of measure: convert a value entered in a compatible unit to the indicator's unit (pure).

A unit is read as (dimension, factor to the dimension's base unit): 亿元 is (元, 10⁸), 万家 is
(家, 10⁴), ‰ is (%, 0.1). Two units convert when their dimensions agree; otherwise the value is
refused with a message the office understands — never a silent mix of 家 and 亿元.

Beyond the table, the Chinese magnitude prefixes 千/万/百万/千万/亿 work on any unit
(万千瓦时 = 10⁴ 千瓦时); a unit nobody listed converts only to itself. Factors are Decimals, so
a conversion is exact (powers of ten and ‰ ↔ %).
"""

from __future__ import annotations

import unicodedata
from decimal import Decimal

__all__ = ["UnitMismatch", "canonical_unit", "compatible", "conversion_factor", "convert", "parse_unit"]

_ONE = Decimal(1)

# unit → (dimension, factor): the units written in plans and statistical tables.
_TABLE: dict[str, tuple[str, Decimal]] = {
    "元": ("元", _ONE),
    "美元": ("美元", _ONE),
    "家": ("家", _ONE),
    "户": ("户", _ONE),
    "人": ("人", _ONE),
    "名": ("人", _ONE),
    "人次": ("人次", _ONE),
    "个": ("个", _ONE),
    "件": ("件", _ONE),
    "项": ("项", _ONE),
    "吨": ("吨", _ONE),
    "千克": ("吨", Decimal("0.001")),
    "公斤": ("吨", Decimal("0.001")),
    "克": ("吨", Decimal("0.000001")),
    "%": ("%", _ONE),
    "‰": ("%", Decimal("0.1")),
    "米": ("米", _ONE),
    "千米": ("米", Decimal(1000)),
    "公里": ("米", Decimal(1000)),
    "平方米": ("平方米", _ONE),
    "平方公里": ("平方米", Decimal(1_000_000)),
    "平方千米": ("平方米", Decimal(1_000_000)),
    "公顷": ("平方米", Decimal(10_000)),
    "亩": ("亩", _ONE),
    "千瓦时": ("千瓦时", _ONE),
    "度": ("千瓦时", _ONE),
}

# Other spellings of the same unit.
_ALIASES = {
    "百分比": "%",
    "百分之": "%",
    "千分比": "‰",
    "km": "公里",
    "m": "米",
    "m2": "平方米",
    "m²": "平方米",
    "㎡": "平方米",
    "km2": "平方公里",
    "km²": "平方公里",
    "kg": "千克",
    "t": "吨",
    "kwh": "千瓦时",
    "人民币": "元",
    "人民币元": "元",
    "usd": "美元",
}

# Longest first, so 百万元 is 百万 × 元 and not 百 × 万元.
_PREFIXES = (("千万", Decimal(10) ** 7), ("百万", Decimal(10) ** 6), ("亿", Decimal(10) ** 8),
             ("万", Decimal(10) ** 4), ("千", Decimal(10) ** 3))  # fmt: skip


class UnitMismatch(ValueError):
    """Two units that cannot be converted into each other; the message is for the user."""


def canonical_unit(unit: str | None) -> str:
    """One spelling per unit: full-width forms folded (％ → %), spaces dropped, aliases resolved."""
    text = unicodedata.normalize("NFKC", unit or "").replace(" ", "").strip()
    text = text.replace("／", "/")
    return _ALIASES.get(text.lower(), text)


def parse_unit(unit: str | None) -> tuple[str, Decimal]:
    """(dimension, factor to the dimension's base unit); an unknown unit is its own dimension."""
    text = canonical_unit(unit)
    if text in _TABLE:
        return _TABLE[text]
    for prefix, factor in _PREFIXES:
        rest = text[len(prefix) :]
        if text.startswith(prefix) and rest:
            dimension, inner = parse_unit(rest)
            return dimension, factor * inner
    return text, _ONE


def compatible(a: str | None, b: str | None) -> bool:
    return parse_unit(a)[0] == parse_unit(b)[0]


def _shown(unit: str | None) -> str:
    return unit if unit else "无单位"


def conversion_factor(from_unit: str | None, to_unit: str | None) -> Decimal:
    """The number to multiply a value in ``from_unit`` by to express it in ``to_unit``."""
    (dim_from, f_from), (dim_to, f_to) = parse_unit(from_unit), parse_unit(to_unit)
    if dim_from != dim_to:
        raise UnitMismatch(f"单位“{_shown(from_unit)}”与指标单位“{_shown(to_unit)}”不一致，无法换算")
    return f_from / f_to


def convert(value: Decimal, from_unit: str | None, to_unit: str | None) -> Decimal:
    """``value`` in ``from_unit`` expressed in ``to_unit``; an empty ``from_unit`` means the
    value is already in ``to_unit``. Raises `UnitMismatch` for units of different kinds."""
    if not (from_unit or "").strip():
        return value
    factor = conversion_factor(from_unit, to_unit)
    return value if factor == _ONE else value * factor
