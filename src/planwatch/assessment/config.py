"""A scheme's stored `config` (JSON) ↔ the scoring core's Scheme, and the office's default:
the six components of the issue's example, the accountability kinds supervision seeds, grades
with at most 30% 优秀."""

from __future__ import annotations

from .errors import AssessmentError
from .scoring import RULES, Component, Grade, Scheme

DEFAULT = {
    "components": [
        {"name": "目标完成", "weight": 40, "rule": "targets"},
        {"name": "重点任务", "weight": 25, "rule": "tasks"},
        {"name": "报送及时与质量", "weight": 10, "rule": "reports"},
        {"name": "督办办理", "weight": 10, "rule": "items"},
        {"name": "问题解决", "weight": 5, "rule": "problems"},
        {"name": "重点项目", "weight": 10, "rule": "projects"},
    ],
    "grades": [{"name": "优秀", "minimum": 90, "quota": 30}, {"name": "良好", "minimum": 80},
               {"name": "一般", "minimum": 60}, {"name": "较差", "minimum": 0}],
    "bonus_cap": 5,
    "deductions": {"提醒谈话": 0.5, "约谈": 1, "通报批评": 2, "限期整改": 1, "移交纪检监察机关": 3},
    "vetoes": ["移交纪检监察机关"],
}  # fmt: skip


def default_config() -> dict:
    return {**DEFAULT, "components": [dict(c) for c in DEFAULT["components"]]}


def scheme_of(config: dict) -> Scheme:
    """The core's Scheme from stored JSON; AssessmentError (Chinese) when it cannot be used."""
    try:
        scheme = Scheme(
            components=tuple(Component(c["name"], float(c["weight"]), c["rule"], dict(c.get("points") or {}),
                                       None if c.get("co_share") in (None, "") else float(c["co_share"]))
                             for c in config["components"]),
            grades=tuple(Grade(g["name"], float(g["minimum"]),
                               None if g.get("quota") in (None, "") else float(g["quota"]))
                         for g in config["grades"]),
            bonus_cap=float(config.get("bonus_cap", 0)),
            deductions={k: float(v) for k, v in (config.get("deductions") or {}).items()},
            vetoes=tuple(config.get("vetoes") or ()),
        )  # fmt: skip
    except (KeyError, TypeError, ValueError) as exc:
        raise AssessmentError(f"考核方案内容不完整：{exc}") from exc
    errors = scheme.check()
    if errors:
        raise AssessmentError("；".join(errors))
    return scheme


def rule_choices() -> list[tuple[str, str]]:
    return [(key, rule.label) for key, rule in RULES.items()]
