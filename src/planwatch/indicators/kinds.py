"""What one observation of an indicator means, guessed from its target (pure, no Django).

A *flow* is an amount during a period, summed within a year (新增高新技术企业 50 家 a year);
a *stock* is a level at the period's end, the latest value counts (地区生产总值, a count of 5G
stations to date). Import sets both `kind` and `frequency` from the first target of an indicator;
the office corrects them in the admin where the guess is wrong.
"""

from __future__ import annotations

import re

FLOW, STOCK = "flow", "stock"

# Verbs of something *added* during a period: counted per period and summed.
_FLOW_WORDS = re.compile(r"新增|新建|新引进|引进|新培育|培育|认定|备案|招引|签约|开工|新设|新登记|创建|建设")
# Words of a running total: the figure reported is the level to date.
_STOCK_WORDS = re.compile(r"累计建成|建成|拥有|保有|总数|总量|达到|覆盖")


def infer_kind(*, basis: str, name: str, rate: str | None = None) -> str:
    """'flow' or 'stock' for an indicator named ``name`` whose target has ``basis``.

    - a rate kept over the period (``rate`` set: 年均增长7%) is a stock: the figure is the rate
      (year to date), never summed.
    - ``annual`` targets (每年新增…) are flows: what was added each year.
    - ``cumulative`` targets are flows when the name speaks of adding (累计新增市场主体,
      累计引进人才, 新建中小学), stocks when it speaks of a total to date (累计建成5G基站 is
      reported as the running total of stations); flows when it says neither.
    - ``level``, ``change_vs_base`` and ``portfolio`` targets are stocks (a level, a ratio, the
      portfolio's running total).
    """
    if rate:
        return STOCK
    if basis == "annual":
        return FLOW
    if basis == "cumulative":
        if _FLOW_WORDS.search(name or ""):
            return FLOW
        return STOCK if _STOCK_WORDS.search(name or "") else FLOW
    return STOCK


def infer_frequency(*, basis: str) -> str:
    """How often the figure is reported: yearly for levels and rates (statistical yearbook
    figures), quarterly for counts of things added or built (the units' quarterly reports)."""
    return "year" if basis in ("level", "change_vs_base") else "quarter"
