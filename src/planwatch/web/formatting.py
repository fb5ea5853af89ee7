"""How the pages write dates, numbers, periods and statuses (DESIGN §10: 2025年3月31日, 亿元).

Kept apart from the template tags so views and tests can format the same way the templates do.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from django.utils import timezone

from planwatch.progress import (  # noqa: F401 (period_label: the pages' filter)
    STANDING_LABELS,
    STANDINGS,
    STATUSES,
    fmt_number,
    parse_period,
    period_label,
)

# Best first: the order of legends, counts and table columns on every page. These are
# standings: a running target's status, or its verdict (已实现 / 未实现 / 待最终数据) once over.
STATUS_ORDER = STANDINGS
# The statuses of a target still running (shown as tiles even at zero while any target runs).
RUNNING = frozenset(STATUSES)
# Worst first among the statuses that mean "behind": the dashboard's "most behind" list.
BEHIND_ORDER = ("deteriorating", "off_track", "needs_acceleration")
STATUS_GLYPHS = {
    "met": "✔",
    "missed": "✘",
    "pending": "◷",
    "achieved": "✔",
    "on_track": "●",
    "needs_acceleration": "▲",
    "off_track": "▼",
    "deteriorating": "✖",
    "no_data": "○",
}


def status_label(status: str | None) -> str:
    return STANDING_LABELS.get(status or "no_data", "数据不足")


def period_in_year(code: str | None) -> str:
    """第三季度 for 2024Q3, 9月 for 2024-09, 全年 for 2024: "2024年截至第三季度" without the year twice."""
    if not code:
        return ""
    try:
        return parse_period(code).label_in_year
    except ValueError:
        return str(code)


def cn_date(value) -> str:
    """2025年3月31日; a datetime is shown in the site's time zone."""
    if value in (None, ""):
        return ""
    if isinstance(value, dt.datetime):
        value = timezone.localtime(value) if timezone.is_aware(value) else value
        value = value.date()
    return f"{value.year}年{value.month}月{value.day}日"


def cn_datetime(value) -> str:
    """2025年3月31日 14:05, in the site's time zone."""
    if value in (None, ""):
        return ""
    local = timezone.localtime(value) if timezone.is_aware(value) else value
    return f"{cn_date(local.date())} {local:%H:%M}"


def number(value) -> str:
    """A figure as a reader wants it: Decimals exactly as stored (1270.5, no trailing zeros),
    floats rounded the way the explanations round them (1507, 67.6, 1.92)."""
    if value in (None, ""):
        return "—"
    if isinstance(value, Decimal):
        text = f"{value.normalize():f}"
        return text.rstrip("0").rstrip(".") if "." in text else text
    if isinstance(value, int | float):
        return fmt_number(float(value))
    return str(value)


def percent(ratio) -> str:
    """0.962 → 96%; nothing → —."""
    if ratio is None:
        return "—"
    return f"{float(ratio) * 100:.0f}%"


COMPARATOR_SIGNS = {">=": "≥", "<=": "≤", "≈": "", "=": "", "range": ""}
BASIS_WORDS = {"annual": "每年", "cumulative": "累计"}


def target_text(result: dict) -> str:
    """The target of an evaluation result as a phrase: ≥1400亿元（2025年）, 每年≥50家, 3～5%."""
    unit = result.get("target_unit") or ""
    value = number(result.get("target"))
    if result.get("comparator") == "range" and result.get("target_max") is not None:
        text = f"{value}～{number(result['target_max'])}{unit}"
    else:
        sign = COMPARATOR_SIGNS.get(result.get("comparator"), "")
        text = f"{sign}{value}{unit}" + ("左右" if result.get("comparator") == "≈" else "")
    text = BASIS_WORDS.get(result.get("basis"), "") + text
    year, base = result.get("target_year"), result.get("base") or {}
    if result.get("basis") == "change_vs_base" and base.get("year"):
        text = f"较{base['year']}年{text}"
    return f"{text}（{year}年）" if year and result.get("basis") != "annual" else text


RATIO_HELP = (
    "进度比＝已取得的进展÷按期应取得的进展：水平值目标为实际年均增速÷所需年均增速，累计和每年目标为实际完成÷序时进度，"
    "上限目标为按序时进度可用量÷实际用量，比率目标为计划期平均值÷目标值。100%表示正好符合要求，低于0表示背离目标。"
)


def latest_text(result: dict) -> str:
    """The latest figure as it should be read against its target:
    最新 1417亿元（2025年） for a level; −8.9%，较2020年（2024年） for a change against a base;
    累计 2600处（截至2024年第二季度），本期新增 300处 for a total since the plan began;
    2025年第四季度新增 3家 for an amount added in the period (a flow);
    2024年截至第三季度累计 1家，本期新增 0家 for a flow judged by its year (每年≥1家): the year's
    amount so far is what the status stands on, so a quarter's 0 beside 已完成 is not read as a
    contradiction."""
    latest = result.get("latest")
    if not latest:
        return "暂无数据"
    unit, when = result.get("target_unit") or "", period_label(latest["period"])
    change = change_text(result)
    if change:
        return f"{change}（{when}）"
    if result.get("basis") in ("cumulative", "portfolio") and result.get("actual") is not None:
        text = f"累计 {number(result['actual'])}{unit}（截至{when}）"
        increment = result.get("increment")
        if increment and increment.get("value") is not None:
            text += f"，本期新增 {number(increment['value'])}{unit}"
        return text
    value = f"{number(latest['value'])}{unit}"
    if result.get("kind") == "flow":
        year = (result.get("years") or [{}])[-1]
        if result.get("basis") == "annual" and year.get("period") == latest["period"] and not year.get("complete"):
            so_far = f"{number(year['value'])}{unit}"
            return f"{year['year']}年截至{period_in_year(latest['period'])}累计 {so_far}，本期新增 {value}"
        return f"{when}新增 {value}"
    return f"最新 {value}（{when}）"


def change_text(result: dict) -> str:
    """−8.9%，较2020年: a change-vs-base target's latest figure as the change it is judged on."""
    base, latest = result.get("base") or {}, result.get("latest") or {}
    if result.get("basis") != "change_vs_base" or not base.get("value") or latest.get("value") is None:
        return ""
    change = (latest["value"] / base["value"] - 1) * 100
    sign = "−" if change < 0 else "+" if change > 0 else ""
    return f"{sign}{abs(change):.1f}%，较{base['year']}年"


def progress_text(result: dict) -> str:
    """One short figure for compact lists: the level of a level target, the change of a
    change-vs-base target; other targets show the 进度比 (with its tooltip) in the template."""
    latest = result.get("latest")
    if result.get("basis") == "change_vs_base" and change_text(result):
        return change_text(result)
    if result.get("basis") == "level" and latest:
        return f"最新 {number(latest['value'])}{result.get('target_unit') or ''}"
    return ""
