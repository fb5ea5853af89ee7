"""Progress evaluation: where every target stands, its pace and its forecast (pure, no Django).

    from planwatch.progress import TargetSpec, Observation, evaluate
    ev = evaluate(TargetSpec(1400, ">=", "level", year=2025, start_year=2023, unit="亿元"),
                  [Observation("2022", 1200), Observation("2023", 1270)], date(2024, 3, 1))
    ev.status, ev.explanation

The method is documented in docs/methodology.md.
"""

from .batch import Batch, evaluate_many
from .evaluate import evaluate, evaluate_all, evaluate_portfolio, portfolio_series
from .explain import fmt_number, fmt_value
from .model import (
    ACHIEVED,
    BASES,
    COMPARATORS,
    DETERIORATING,
    NEEDS_ACCELERATION,
    NO_DATA,
    OFF_TRACK,
    ON_TRACK,
    STANDING_COLOURS,
    STANDING_LABELS,
    STANDINGS,
    STATUS_COLOURS,
    STATUS_LABELS,
    STATUS_RANK,
    STATUSES,
    Evaluation,
    Forecast,
    Observation,
    TargetSpec,
)
from .periods import Period, parse_period, period_end, period_label, sort_periods, year_fraction
from .rollup import rollup
from .textual import change_direction_from_text

__all__ = [
    "ACHIEVED",
    "BASES",
    "COMPARATORS",
    "DETERIORATING",
    "NEEDS_ACCELERATION",
    "NO_DATA",
    "OFF_TRACK",
    "ON_TRACK",
    "STANDINGS",
    "STANDING_COLOURS",
    "STANDING_LABELS",
    "STATUSES",
    "STATUS_COLOURS",
    "STATUS_LABELS",
    "STATUS_RANK",
    "Batch",
    "Evaluation",
    "Forecast",
    "Observation",
    "Period",
    "TargetSpec",
    "change_direction_from_text",
    "evaluate",
    "evaluate_all",
    "evaluate_many",
    "evaluate_portfolio",
    "fmt_number",
    "fmt_value",
    "parse_period",
    "period_end",
    "portfolio_series",
    "rollup",
    "sort_periods",
    "period_label",
    "year_fraction",
]
