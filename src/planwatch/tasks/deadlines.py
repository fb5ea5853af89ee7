"""Due dates as plans and task-breakdown tables write them: 2023年底前, 到2024年, 2024年6月,
2024年上半年, 2024年6月30日, 长期坚持, 每年 — read into a date (or an open-ended kind).

Pure (no Django): the proposal splitter and the table import both read dates here, so one
sentence of the plan and one cell of an office's table mean the same day. A date without a
day is the last day of what it names (2024年6月 → 2024-06-30, 2023年底 → 2023-12-31).
"""

from __future__ import annotations

import calendar
import re
import unicodedata
from dataclasses import dataclass
from datetime import date

ONGOING = "ongoing"  # 长期坚持 / 持续推进: due at the plan's end
YEARLY = "yearly"  # 每年 / 每年度: a task repeated each plan year, due at the plan's end

_FULL = re.compile(r"(20\d\d)\s*[年./\-]\s*(\d{1,2})\s*[月./\-]\s*(\d{1,2})\s*日?")
_MONTH = re.compile(r"(20\d\d)\s*[年./\-]\s*(\d{1,2})\s*月?(?:底|末|份)?")
_HALF = re.compile(r"(20\d\d)\s*年\s*(上半年|下半年|年中)")
_QUARTER = re.compile(r"(20\d\d)\s*年\s*第?([一二三四1-4])季度")
_YEAR = re.compile(r"(20\d\d)\s*年?(?:底|末|年底|年末|内|前|全年)?")
_ONGOING = re.compile(r"^(长期|持续|常态化|长期坚持|持续推进|持续开展|长期推进|常年)")
_YEARLY = re.compile(r"^(每年|每年度|逐年|年度)")
_QUARTER_END = {"一": 3, "1": 3, "二": 6, "2": 6, "三": 9, "3": 9, "四": 12, "4": 12}
# A date in running text: 到2025年底前 / 2023年底前 / 2024年6月 / 2025年 (not a base year: 比2020年)
DATE_IN_TEXT = re.compile(
    r"(?<![比较于自从])(?:到|至|截至|于|在)?(20\d\d)年(?:(\d{1,2})月(?:(\d{1,2})日)?)?(?:上半年|下半年|底|末|年底|年末)?前?"
)


@dataclass(frozen=True)
class Deadline:
    """`due` a date, or None with `kind` ONGOING/YEARLY (due at the plan's end)."""

    due: date | None
    kind: str = ""


class _Unreadable(ValueError):
    """No date pattern matched (as opposed to a date that does not exist)."""


def _month_end(year: int, month: int) -> date:
    return date(year, month, calendar.monthrange(year, month)[1])


def parse_deadline(text: str) -> Deadline:
    """A 完成时限 cell or phrase as a Deadline; ValueError (Chinese) when it names no date."""
    raw = unicodedata.normalize("NFKC", str(text or "")).strip().strip("。；;，,")
    raw = re.sub(r"^(到|至|截至|于|在)", "", raw)
    if not raw:
        raise ValueError("完成时限为空")
    if _ONGOING.match(raw):
        return Deadline(None, ONGOING)
    if _YEARLY.match(raw):
        return Deadline(None, YEARLY)
    try:
        return Deadline(_dated(raw))
    except _Unreadable:
        raise ValueError(f"无法识别的完成时限“{text}”（请写成“2024年6月”“2023年底前”“长期坚持”或“每年”等）") from None
    except ValueError:  # 2024年13月, 2023年2月30日
        raise ValueError(f"完成时限“{text}”不是存在的日期") from None


def _dated(raw: str) -> date:
    if m := _FULL.fullmatch(raw):
        return date(int(m[1]), int(m[2]), int(m[3]))
    if m := _HALF.match(raw):
        return date(int(m[1]), 6 if m[2] in ("上半年", "年中") else 12, 30 if m[2] != "下半年" else 31)
    if m := _QUARTER.match(raw):
        return _month_end(int(m[1]), _QUARTER_END[m[2]])
    if (m := _MONTH.fullmatch(raw)) or (m := _MONTH.fullmatch(raw.removesuffix("前"))):
        return _month_end(int(m[1]), int(m[2]))
    if m := _YEAR.fullmatch(raw.removesuffix("前").removesuffix("完成")):
        return date(int(m[1]), 12, 31)
    raise _Unreadable(raw)


def last_date_in(text: str) -> date | None:
    """The last deadline a sentence names (到2025年底前基本完成… → 2025-12-31), or None."""
    found = None
    for m in DATE_IN_TEXT.finditer(unicodedata.normalize("NFKC", text)):
        year, month, day = int(m[1]), m[2], m[3]
        try:
            if day:
                found = date(year, int(month), int(day))
            elif month:
                found = _month_end(year, int(month))
            else:
                found = date(year, 6, 30) if "上半年" in m[0] else date(year, 12, 31)
        except ValueError:
            continue
    return found
