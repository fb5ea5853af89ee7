"""Reporting periods: year ``2023``, half ``2023H1``, quarter ``2023Q2``, month ``2023-06``.

Every status and forecast needs to know *when* a value was measured, so a period code is turned
into its first and last month once, here. Times are decimal years measured at the period's end
with year Y ending at ``Y`` (``2022`` → 2022.0, ``2023Q2`` → 2022.5): the growth between two
points is then just a difference of times, whatever their frequencies.
"""

from __future__ import annotations

import calendar
import re
from dataclasses import dataclass
from datetime import date
from functools import cached_property, lru_cache

_PATTERNS = (
    (re.compile(r"^(\d{4})$"), "year"),
    (re.compile(r"^(\d{4})H([12])$"), "half"),
    (re.compile(r"^(\d{4})Q([1-4])$"), "quarter"),
    (re.compile(r"^(\d{4})-(\d{1,2})$"), "month"),
)
_SPAN = {"year": 12, "half": 6, "quarter": 3, "month": 1}
_CN_QUARTER = ("一", "二", "三", "四")


@dataclass(frozen=True, order=True)
class Period:
    """One reporting period. Orders by end month, then the longer period last.

    Ordering by end puts ``2023Q4`` and ``2023`` at the same moment; the year sorts after the
    quarter because it is the fuller figure for that moment (the annual total or final value).
    """

    year: int
    end_month: int
    span: int
    code: str

    @property
    def kind(self) -> str:
        return {12: "year", 6: "half", 3: "quarter", 1: "month"}[self.span]

    @property
    def start_month(self) -> int:
        return self.end_month - self.span + 1

    @property
    def months(self) -> range:
        """The months of its year the period covers (1–12)."""
        return range(self.start_month, self.end_month + 1)

    @cached_property  # a period is shared by the many rows of a file that name it
    def end(self) -> date:
        """The last day of the period: a figure for it cannot exist before this date."""
        return date(self.year, self.end_month, calendar.monthrange(self.year, self.end_month)[1])

    @property
    def fraction(self) -> float:
        """Share of its year elapsed at the period's end (``2023Q2`` → 0.5)."""
        return self.end_month / 12

    @property
    def time(self) -> float:
        """Decimal time of the period's end, year Y ending at Y (``2023Q2`` → 2022.5)."""
        return self.year - 1 + self.end_month / 12

    @property
    def label(self) -> str:
        """The period as Chinese reports name it: 2024年第二季度, 2024年上半年, 2024年6月."""
        return f"{self.year}年{self.label_in_year}" if self.span != 12 else f"{self.year}年"

    @property
    def label_in_year(self) -> str:
        """The part after the year (第二季度, 上半年, 6月, 全年): for 'year-to-date' sentences."""
        if self.span == 12:
            return "全年"
        if self.span == 6:
            return "上半年" if self.end_month == 6 else "下半年"
        if self.span == 3:
            return f"第{_CN_QUARTER[self.end_month // 3 - 1]}季度"
        return f"{self.end_month}月"


@lru_cache(maxsize=4096)
def parse_period(code: str) -> Period:
    """Parse a period code; anything else is a ValueError with a Chinese message for the user."""
    text = str(code).strip().upper()
    for pattern, kind in _PATTERNS:
        m = pattern.match(text)
        if not m:
            continue
        year = int(m.group(1))
        if kind == "year":
            return Period(year, 12, 12, f"{year}")
        part = int(m.group(2))
        if kind == "month" and not 1 <= part <= 12:
            break
        end_month = part * _SPAN[kind] if kind != "month" else part
        canonical = {"half": f"{year}H{part}", "quarter": f"{year}Q{part}", "month": f"{year}-{part:02d}"}
        return Period(year, end_month, _SPAN[kind], canonical[kind])
    raise ValueError(f"无法识别的期间：{code}，应为 2023、2023H1、2023Q2 或 2023-06")


def period_label(code: str | None) -> str:
    """2024年第二季度 for 2024Q2, 2024年 for 2024: the one way every page, export and message writes
    a period; an unknown code is shown as it is, nothing as nothing."""
    if not code:
        return ""
    try:
        return parse_period(code).label
    except ValueError:
        return str(code)


def period_end(code: str) -> date:
    """The last day of the period named by ``code``."""
    return parse_period(code).end


def year_fraction(code: str) -> float:
    """Share of its year elapsed at the end of the period named by ``code``."""
    return parse_period(code).fraction


def sort_periods(codes) -> list[str]:
    """Period codes in time order (see `Period` for how equal ends are ordered)."""
    return [p.code for p in sorted(parse_period(c) for c in codes)]


def year_end(year: int) -> date:
    return date(year, 12, 31)


def period_codes_between(span: int, first: Period, last: Period) -> list[Period]:
    """Every period of length ``span`` months from the one holding ``first``'s start to ``last``.

    Used to name the periods missing from a series at its own frequency.
    """
    out, year, month = [], first.year, ((first.start_month - 1) // span) * span + span
    while (year, month) <= (last.year, last.end_month):
        out.append(_make(year, month, span))
        month += span
        if month > 12:
            year, month = year + 1, span
    return out


def _make(year: int, end_month: int, span: int) -> Period:
    if span == 12:
        return parse_period(f"{year}")
    if span == 6:
        return parse_period(f"{year}H{end_month // 6}")
    if span == 3:
        return parse_period(f"{year}Q{end_month // 3}")
    return parse_period(f"{year}-{end_month:02d}")
