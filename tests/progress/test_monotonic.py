"""Properties: a better latest figure never gives a worse status.

Order: achieved > on_track > needs_acceleration > off_track > deteriorating. Figures are drawn
with two decimals, as statistics are reported, from −10,000 to 10,000 (zero and negatives
included, so the linear fallback is crossed too).
"""

from datetime import date

from hypothesis import given, settings
from hypothesis import strategies as st

from planwatch.progress import STATUS_RANK, TargetSpec, evaluate

from .util import quarters, series

FIGURE = st.integers(-1_000_000, 1_000_000).map(lambda i: i / 100)
POSITIVE = st.integers(1, 1_000_000).map(lambda i: i / 100)
TODAY = date(2025, 12, 31)  # the last day of the plan: statuses, not yet verdicts


def rank(spec, obs) -> int:
    return STATUS_RANK[evaluate(spec, obs, TODAY).status]


def level_series(base, mid, last_period, x):
    return series("2022", base, "2023", mid, last_period, x)


@settings(max_examples=300, deadline=None)
@given(base=FIGURE, target=FIGURE, mid=FIGURE, a=FIGURE, b=FIGURE, last=st.sampled_from(["2024Q2", "2025"]))
def test_higher_is_better_level(base, target, mid, a, b, last):
    spec = TargetSpec(target, ">=", "level", year=2025, base_year=2022)
    lo, hi = sorted((a, b))
    assert rank(spec, level_series(base, mid, last, hi)) >= rank(spec, level_series(base, mid, last, lo))


@settings(max_examples=300, deadline=None)
@given(base=FIGURE, target=FIGURE, mid=FIGURE, a=FIGURE, b=FIGURE, last=st.sampled_from(["2024Q2", "2025"]))
def test_lower_is_better_level(base, target, mid, a, b, last):
    spec = TargetSpec(target, "<=", "level", year=2025, base_year=2022)
    lo, hi = sorted((a, b))
    assert rank(spec, level_series(base, mid, last, lo)) >= rank(spec, level_series(base, mid, last, hi))


@settings(max_examples=200, deadline=None)
@given(base=POSITIVE, gap=POSITIVE, a=FIGURE, b=FIGURE)
def test_about_approached_from_below(base, gap, a, b):
    spec = TargetSpec(base + gap, "≈", "level", year=2025, base_year=2022)
    lo, hi = sorted((a, b))
    assert rank(spec, level_series(base, base, "2024", hi)) >= rank(
        spec, level_series(base, base, "2024", lo)
    )


@settings(max_examples=200, deadline=None)
@given(
    target=POSITIVE,
    earlier=st.lists(FIGURE, min_size=0, max_size=6),
    a=FIGURE,
    b=FIGURE,
    stock=st.booleans(),
)
def test_higher_is_better_cumulative(target, earlier, a, b, stock):
    spec = TargetSpec(
        target, ">=", "cumulative", start_year=2023, end_year=2025, kind="stock" if stock else "flow"
    )
    head = (
        series("2022", 0)
        + quarters(2023, *earlier[:4])
        + quarters(2024, *earlier[4:])[: max(0, len(earlier) - 4)]
    )
    lo, hi = sorted((a, b))
    assert rank(spec, head + series("2025Q1", hi)) >= rank(spec, head + series("2025Q1", lo))


@settings(max_examples=200, deadline=None)
@given(
    target=POSITIVE,
    year_2023=FIGURE,
    first=FIGURE,
    a=FIGURE,
    b=FIGURE,
    last=st.sampled_from(["2024Q2", "2024Q4"]),
)
def test_higher_is_better_annual(target, year_2023, first, a, b, last):
    spec = TargetSpec(target, ">=", "annual", start_year=2023, end_year=2025)
    head = series("2023", year_2023, "2024Q1", first)
    lo, hi = sorted((a, b))
    assert rank(spec, head + series(last, hi)) >= rank(spec, head + series(last, lo))


@settings(max_examples=200, deadline=None)
@given(target=POSITIVE, a=FIGURE, b=FIGURE, done=st.booleans())
def test_lower_is_better_cumulative_ceiling(target, a, b, done):
    spec = TargetSpec(target, "<=", "cumulative", start_year=2023, end_year=2024)
    last = "2024" if done else "2024H1"
    lo, hi = sorted((a, b))
    assert rank(spec, series("2023", 0, last, lo)) >= rank(spec, series("2023", 0, last, hi))
