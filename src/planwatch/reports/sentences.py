"""Sentences and table cells about targets and texts, written only from evaluation rows and the
units' own words. A target without figures is said to have none (数据不足), never described."""

from __future__ import annotations

from planwatch.progress import STANDING_LABELS, fmt_number
from planwatch.progress.periods import parse_period

BEHIND = ("deteriorating", "off_track", "needs_acceleration", "missed")  # worst first
CONDENSED_CHARS = 120
_COMPARATORS = {">=": "≥", "<=": "≤", "≈": "约", "=": "", "range": ""}


def status_text(row: dict) -> str:
    return STANDING_LABELS.get(row["standing"], row["status_label"])


def judgement(row: dict) -> str:
    """The core's own sentence, without its forecast clause: figures, their period and the
    status ("2023年为1264亿元，…，进展顺利"); for a target without data, that it has none."""
    if row["latest"] is None:
        return f"暂无已审核数据，{status_text(row)}（{row['explanation']}）" if row["explanation"] else "暂无已审核数据，无法评估"
    return row["explanation"].split("；")[0]


def target_sentence(row: dict) -> str:
    """One sentence for one target: name, what the data say, and how old the figure is."""
    age = (row.get("age") or {}).get("text", "")
    stale = "，数据已滞后" if row.get("stale") else ""
    tail = f"（{age}{stale}）" if age else ""
    return f"{row['indicator']}：{judgement(row)}{tail}。"


def target_text(row: dict) -> str:
    """The target as the table shows it: ≥1400亿元（2025年）."""
    if row["target"] is None:
        return ""
    unit = row["target_unit"] or ""
    if row["comparator"] == "range" and row["target_max"] is not None:
        value = f"{fmt_number(row['target'])}～{fmt_number(row['target_max'])}{unit}"
    else:
        value = f"{_COMPARATORS.get(row['comparator'], '')}{fmt_number(row['target'])}{unit}"
    year = f"（{row['target_year']}年）" if row.get("target_year") else "（每年）"
    return value + year


def reached(row: dict) -> tuple[float, str] | None:
    """What the target has reached and of when, as the core counts it: a cumulative target its
    total since the base (累计, 截至2024年第三季度), an annual one its year so far, any other
    its latest figure and that figure's period; None without data."""
    latest = row["latest"]
    if latest is None:
        return None
    period = parse_period(latest["period"])
    if row["basis"] == "cumulative" and row["actual"] is not None:
        return row["actual"], f"截至{period.label}累计"
    if row["basis"] == "annual" and not row.get("rate") and row["actual"] is not None:
        return row["actual"], period.label if period.span == 12 else f"{period.year}年截至{period.label_in_year}"
    return latest["value"], period.label


def latest_text(row: dict) -> str:
    """The figure reached and its period: 1264.06亿元（2023年）, 896处（截至2024年第三季度累计）; 无."""
    figure = reached(row)
    if figure is None:
        return "无"
    value, when = figure
    return f"{fmt_number(value)}{row['target_unit'] or ''}（{when}）"


def table_row(row: dict) -> tuple[str, str, str, str]:
    return (row["indicator"], target_text(row), latest_text(row), status_text(row))


def condensed(text: str, limit: int = CONDENSED_CHARS) -> str:
    """A unit's text cut at a sentence end near `limit` characters (the draft is then edited by
    the office; the full text stays on the unit's report page)."""
    text = " ".join((text or "").split())
    if len(text) <= limit:
        return text
    cut = max(text.rfind(mark, 0, limit) for mark in "。；;")
    return text[: cut + 1] if cut > limit // 3 else text[:limit] + "……"


def counts_sentence(counts: dict[str, int], total: int) -> str:
    """共有量化目标N个，其中已完成a个、进展顺利b个…（only the standings that occur）."""
    if total == 0:
        return "没有量化目标。"
    parts = [f"{STANDING_LABELS[k]}{n}个" for k, n in counts.items() if n]
    return f"共有量化目标{total}个，其中" + "、".join(parts) + "。"
