"""Numbers as Chinese plans write them: 47, 1.92, 十五, 两, 二十三, 一百二十.

Written here rather than taken from a library: the PyPI converters (cn2an and friends) pull in
large dependencies and parse far more (dates, money words, fractions) than headings and counts
need, and none of them tells which characters it consumed, which the target scanner relies on.
"""

from __future__ import annotations

import re

DIGITS = {
    "零": 0,
    "〇": 0,
    "一": 1,
    "二": 2,
    "两": 2,
    "三": 3,
    "四": 4,
    "五": 5,
    "六": 6,
    "七": 7,
    "八": 8,
    "九": 9,
}
SMALL_UNITS = {"十": 10, "百": 100, "千": 1000}
CN_NUMERAL_CHARS = "零〇一二两三四五六七八九十百千"
CN_NUMERAL = f"[{CN_NUMERAL_CHARS}]+"
# A count in words must start with a digit word or 十 (so 千人口 and 万人 are not numbers).
CN_COUNT = f"[一二两三四五六七八九十][{CN_NUMERAL_CHARS}]*"

_ARABIC = re.compile(r"^\d+(?:\.\d+)?$")


def cn_to_int(text: str) -> int | None:
    """十五 → 15, 二十三 → 23, 一百零五 → 105, 四十七 → 47; None when not a numeral."""
    if not text or any(ch not in DIGITS and ch not in SMALL_UNITS for ch in text):
        return None
    total, digit = 0, None
    for ch in text:
        if ch in DIGITS:
            digit = DIGITS[ch] if digit is None else digit * 10 + DIGITS[ch]
        else:
            total += (1 if digit is None else digit) * SMALL_UNITS[ch]
            digit = None
    return total + (digit or 0)


def parse_number(text: str) -> int | float | None:
    """'1400' → 1400, '1.92' → 1.92, '十五' → 15; ints stay ints so JSON shows 1400, not 1400.0."""
    text = text.strip()
    if _ARABIC.match(text):
        return float(text) if "." in text else int(text)
    return cn_to_int(text)


def int_to_cn(n: int) -> str:
    """47 → 四十七, 10 → 十, 105 → 一百零五 (headings as plans print them; 1 ≤ n < 10000)."""
    if not 0 < n < 10000:
        raise ValueError(f"out of range: {n}")
    names = "零一二三四五六七八九"
    parts, zero = [], False
    for value, unit in ((1000, "千"), (100, "百"), (10, "十"), (1, "")):
        d, n = divmod(n, value)
        if d:
            if zero:
                parts.append("零")
            parts.append(names[d] + unit)
            zero = False
        elif parts:
            zero = True
    text = "".join(parts)
    return text[1:] if text.startswith("一十") else text
