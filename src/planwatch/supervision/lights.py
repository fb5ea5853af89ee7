"""Warning lights (预警) of a supervision item, computed from dates and rows alone — never typed.

    红 red     overdue more than M days, returned twice or more, or an extension refused
    黄 yellow  overdue up to M days, returned once, or not acknowledged by its 签收 deadline
    蓝 blue    its deadline within N days (today included)
    ''         none of these (or the item is closed, 办结)

The worst rule wins; every rule that holds is named in `reasons`, so the page and the
notification say why. N, M and the acknowledgement working days are the office's settings
(SupervisionSettings). Pure: a function of the item's facts and today.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

RED, YELLOW, BLUE, NONE = "red", "yellow", "blue", ""
LIGHT_LABELS = {RED: "红灯", YELLOW: "黄灯", BLUE: "蓝灯", NONE: "无"}
RANK = {NONE: 0, BLUE: 1, YELLOW: 2, RED: 3}


@dataclass(frozen=True)
class Facts:
    """What the light depends on: the (possibly extended) deadline, whether it is closed, how
    often it was returned, whether an extension was refused, and the 签收 deadline when the item
    is waiting for its acknowledgement (None otherwise)."""

    deadline: date
    closed: bool = False
    returns: int = 0
    extension_refused: bool = False
    ack_due: date | None = None


def light_of(facts: Facts, today: date, *, blue_days: int, red_after: int) -> tuple[str, list[str]]:
    """(light, reasons in Chinese) on `today`."""
    if facts.closed:
        return NONE, []
    late = (today - facts.deadline).days
    red, yellow, blue = [], [], []
    if late > red_after:
        red.append(f"逾期 {late} 天（超过 {red_after} 天）")
    elif late > 0:
        yellow.append(f"逾期 {late} 天")
    elif late >= -blue_days:
        blue.append("今天到期" if late == 0 else f"距办理时限还有 {-late} 天")
    if facts.returns >= 2:
        red.append(f"已退回 {facts.returns} 次")
    elif facts.returns == 1:
        yellow.append("已退回 1 次")
    if facts.extension_refused:
        red.append("延期申请未获批准")
    if facts.ack_due is not None and today > facts.ack_due:
        yellow.append(f"超过签收时限（{facts.ack_due.month}月{facts.ack_due.day}日）未签收")
    for light, reasons in ((RED, red), (YELLOW, yellow), (BLUE, blue)):
        if reasons:
            return light, red + yellow + blue
    return NONE, []
