"""Reading a change target's direction from the plan's words.

The extractor stores '降低13.3%以上' as value 13.3 with comparator '>=' — the comparator bounds
the size of the change, not its sign, so the direction must come from the verb.
"""

from __future__ import annotations

import re

_DECREASE = re.compile(r"降低|下降|减少|压减|削减|降幅")
_INCREASE = re.compile(r"提高|增长|增加|提升|上升|增幅")


def change_direction_from_text(text: str) -> str | None:
    """'decrease' or 'increase' from the verb nearest the end of ``text``; None when absent."""
    hits = [(m.end(), "decrease") for m in _DECREASE.finditer(text or "")]
    hits += [(m.end(), "increase") for m in _INCREASE.finditer(text or "")]
    return max(hits)[1] if hits else None
