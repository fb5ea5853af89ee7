"""The NumPy batch path gives what the one-series path gives, row for row."""

import math
from datetime import date

import numpy as np
import pytest

from planwatch.progress import Observation, TargetSpec, evaluate, evaluate_many

PERIODS = [f"{y}Q{q}" for y in range(2020, 2026) for q in range(1, 5)]
COMPARATORS = [">=", "<=", "≈", "=", "range"]


def random_case(seed: int, n: int = 300):
    rng = np.random.default_rng(seed)
    values = np.round(rng.uniform(-50, 500, size=(n, len(PERIODS))), 2)
    values[rng.random(values.shape) < 0.15] = np.nan
    values[rng.random(n) < 0.05] = 0.0
    target = np.round(rng.uniform(-20, 600, n), 2)
    comparator = rng.choice(COMPARATORS, n)
    value_max = target + np.round(rng.uniform(0, 100, n), 2)
    direction = rng.choice(["", "", "", "higher", "lower"], n)
    return values, target, comparator, value_max, direction


@pytest.mark.parametrize(
    ("seed", "today"), [(1, date(2026, 1, 1)), (2, date(2024, 8, 15)), (3, date(2022, 2, 1))]
)
def test_batch_matches_one_by_one(seed, today):
    values, target, comparator, value_max, direction = random_case(seed)
    batch = evaluate_many(
        values, PERIODS, target=target, comparator=comparator, value_max=value_max, direction=direction,
        base_year=2021, target_year=2025, today=today,
    )  # fmt: skip
    statuses = batch.statuses()
    for i in range(len(values)):
        spec = TargetSpec(
            float(target[i]), str(comparator[i]), "level", year=2025, base_year=2021,
            value_max=float(value_max[i]), direction=str(direction[i]) or None,
        )  # fmt: skip
        obs = [
            Observation(p, None if math.isnan(v) else float(v))
            for p, v in zip(PERIODS, values[i], strict=True)
        ]
        ev = evaluate(spec, obs, today)
        assert statuses[i] == ev.status, i
        assert _same(batch.ratio[i], ev.ratio) and _same(batch.expected[i], ev.expected), i
        forecast = ev.forecast
        assert _same(batch.forecast_value[i], forecast and forecast.value), i
        assert _same(batch.forecast_probability[i], forecast and forecast.probability), i
        if ev.latest:
            assert (batch.periods[batch.latest_index[i]], batch.latest_value[i]) == (
                ev.latest[0],
                ev.latest[1],
            )


def _same(a, b) -> bool:
    if b is None:
        return math.isnan(a)
    return math.isclose(a, b, rel_tol=1e-9, abs_tol=1e-12)


def test_base_column_today_and_given_base_values():
    values = np.array([[100.0, 110.0, 121.0], [100.0, 110.0, 121.0]])
    batch = evaluate_many(
        values, ["2022", "2023", "2024"], target=121, base_year=2022, target_year=2024,
        today=date(2024, 6, 30), base_value=[np.nan, 110.0],
    )  # fmt: skip
    assert batch.statuses() == ["on_track", "off_track"]
    assert list(batch.base) == [100.0, 110.0]
    assert batch.periods == ("2023",)


def test_no_usable_column_is_no_data_for_every_row():
    batch = evaluate_many(
        np.ones((3, 1)), ["2022"], target=2, base_year=2022, target_year=2024, today=date(2025, 1, 1)
    )
    assert batch.statuses() == ["no_data"] * 3
    assert list(batch.latest_index) == [-1, -1, -1]


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"comparator": ">"}, "未知的比较方式"),
        ({"comparator": "range"}, "上限"),
        ({"periods": ["2022", "2022"]}, "重复"),
        ({"periods": ["2022Q5", "2023"]}, "无法识别的期间"),
    ],
)
def test_bad_batch_arguments_are_refused(kwargs, message):
    args = {
        "periods": ["2022", "2023"],
        "target": 1,
        "base_year": 2022,
        "target_year": 2024,
        "today": date(2025, 1, 1),
    }
    args.update(kwargs)
    with pytest.raises(ValueError, match=message):
        evaluate_many(np.ones((2, 2)), **args)
