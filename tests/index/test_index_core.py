"""The index maths (planwatch.index.core), one hand-computed case per method: every expected
number below is worked out by hand in the comment beside it (docs/index.md repeats them)."""

from __future__ import annotations

import math

import numpy as np
import pytest

from planwatch.index.core import IndexSpec, compute, entropy_weights

NAN = float("nan")


def close(actual, expected):
    np.testing.assert_allclose(np.asarray(actual, dtype=float), np.asarray(expected, dtype=float), rtol=0, atol=1e-9)


def sums_to_change(result):
    """Every year after the first: Σ contributions = index − index of the year before."""
    change = np.diff(result.index, axis=1)
    close(np.nansum(result.contributions[:, :, 1:], axis=1), change)


def test_target_method_caps_at_the_target_and_reverses_a_ceiling():
    # A ≥ 200 (higher): 100 → 50, 150 → 75.   B ≤ 50 (lower): 80 → 100·50/80 = 62.5, 40 → 125, capped 100.
    # Weights 3 : 1 → 0.75, 0.25.  2023: 0.75·50 + 0.25·62.5 = 53.125; 2024: 0.75·75 + 0.25·100 = 81.25.
    # Change 28.125 = A 0.75·(75 − 50) = 18.75 + B 0.25·(100 − 62.5) = 9.375.
    spec = IndexSpec(dimension=[0, 0], direction=[1, -1], method=["target", "target"],
                     dimension_weights=[1], weights=[3, 1], targets=[200, 50])  # fmt: skip
    r = compute([[100, 150], [80, 40]], spec)
    close(r.scores[0], [[50, 75], [62.5, 100]])
    close(r.index[0], [53.125, 81.25])
    close(r.contributions[0, :, 1], [18.75, 9.375])
    close(r.coverage[0], [1, 1])
    sums_to_change(r)


def test_efficacy_with_observed_and_set_bounds_over_two_dimensions():
    # 创新 (0.6): C higher, observed bounds 10..30: 10, 20, 30 → 60, 80, 100.
    # 绿色 (0.4): D lower, set worst 1.0, best 0.5: 0.9 → 60 + 40·(0.9 − 1)/(0.5 − 1) = 68;
    #   0.7 → 60 + 40·0.6 = 84; 0.4 → share 1.2, cut to 100.
    # Index: 0.6·60 + 0.4·68 = 63.2; 0.6·80 + 0.4·84 = 81.6; 0.6·100 + 0.4·100 = 100.
    # Contributions 2022: C 0.6·20 = 12, D 0.4·16 = 6.4; 2023: C 12, D 6.4.
    spec = IndexSpec(dimension=[0, 1], direction=[1, -1], method=["efficacy", "efficacy"],
                     dimension_weights=[0.6, 0.4], worst=[NAN, 1.0], best=[NAN, 0.5])  # fmt: skip
    r = compute([[10, 20, 30], [0.9, 0.7, 0.4]], spec)
    close(r.scores[0], [[60, 80, 100], [68, 84, 100]])
    close(r.dimensions[0], [[60, 80, 100], [68, 84, 100]])
    close(r.index[0], [63.2, 81.6, 100])
    close(r.contributions[0, :, 1:], [[12, 12], [6.4, 6.4]])
    sums_to_change(r)


def test_zscore_with_equal_weights():
    # E higher 1, 2, 3: mean 2, population sd √(2/3): z = −√1.5, 0, √1.5.
    # F lower 10, 10, 40: mean 20, sd √200: z = −(x − 20)/√200 = √0.5, √0.5, −√2.
    # Equal weights: index = (zE + zF)/2.
    spec = IndexSpec(dimension=[0, 0], direction=[1, -1], method=["zscore", "zscore"],
                     dimension_weights=[1], weighting="equal")  # fmt: skip
    r = compute([[1, 2, 3], [10, 10, 40]], spec)
    s15, s05, s2 = math.sqrt(1.5), math.sqrt(0.5), math.sqrt(2)
    close(r.scores[0], [[-s15, 0, s15], [s05, s05, -s2]])
    close(r.index[0], [(-s15 + s05) / 2, s05 / 2, (s15 - s2) / 2])
    close(r.contributions[0, :, 2], [s15 / 2, -(s05 + s2) / 2])
    sums_to_change(r)


def test_entropy_weights_by_hand():
    # G 1, 2, 4: y = 0, 1/3, 1; p = 0, 1/4, 3/4; e = −(¼ln¼ + ¾ln¾)/ln3.
    # H 5, 6, 7: y = 0, 1/2, 1; p = 0, 1/3, 2/3; e = −(⅓ln⅓ + ⅔ln⅔)/ln3.  w ∝ 1 − e.
    e_g = -(0.25 * math.log(0.25) + 0.75 * math.log(0.75)) / math.log(3)
    e_h = -(math.log(1 / 3) / 3 + 2 / 3 * math.log(2 / 3)) / math.log(3)
    w_g, w_h = (1 - e_g) / (2 - e_g - e_h), (1 - e_h) / (2 - e_g - e_h)
    close(entropy_weights(np.array([[[1, 2, 4], [5, 6, 7]]]), np.array([1, 1])), [w_g, w_h])
    # in an index: efficacy scores G 60, 60 + 40/3, 100; H 60, 80, 100; one dimension per indicator
    spec = IndexSpec(dimension=[0, 1], direction=[1, 1], method=["efficacy"] * 2,
                     dimension_weights=[1, 1], weighting="entropy")  # fmt: skip
    r = compute([[1, 2, 4], [5, 6, 7]], spec)
    close(r.weights, [w_g, w_h])
    close(r.dimension_weights, [w_g, w_h])
    close(r.index[0], [60, w_g * (60 + 40 / 3) + w_h * 80, 100])
    close(r.contributions[0, :, 1], [w_g * 40 / 3, w_h * 20])
    sums_to_change(r)


def test_entropy_weights_of_a_lower_is_better_and_a_flat_indicator():
    # K lower 4, 2, 1 reverses to the same y as G above; L flat carries no information (weight 0).
    e_k = -(0.25 * math.log(0.25) + 0.75 * math.log(0.75)) / math.log(3)
    assert e_k < 1
    close(entropy_weights(np.array([[[4, 2, 1], [3, 3, 3]]]), np.array([-1, 1])), [1, 0])


def test_a_missing_figure_renormalises_within_its_dimension():
    # 经济 (0.5): I1, I2 weight 1 each, target 100; 绿色 (0.5): I3, target 10.
    # Year 1: I1 50, I2 80, I3 5 → scores 50, 80, 50; 经济 65, 绿色 50, index 57.5.
    # Year 2: I1 60, I2 missing, I3 6 → 经济 = 60 alone (weight renormalised), 绿色 60, index 60;
    #   coverage 0.75 (I2's quarter missing), 经济's coverage 0.5.
    # Shares used: year 1 I1 0.25, I2 0.25, I3 0.5; year 2 I1 0.5, I2 0, I3 0.5.
    # Contributions: I1 0.5·60 − 0.25·50 = 17.5; I2 0 − 0.25·80 = −20; I3 0.5·60 − 0.5·50 = 5; Σ = 2.5.
    spec = IndexSpec(dimension=[0, 0, 1], direction=[1, 1, 1], method=["target"] * 3,
                     dimension_weights=[0.5, 0.5], targets=[100, 100, 10])  # fmt: skip
    r = compute([[50, 60], [80, NAN], [5, 6]], spec)
    close(r.dimensions[0], [[65, 60], [50, 60]])
    close(r.index[0], [57.5, 60])
    close(r.coverage[0], [1, 0.75])
    close(r.dimension_coverage[0], [[1, 0.5], [1, 1]])
    close(r.contributions[0, :, 1], [17.5, -20, 5])
    assert np.isnan(r.scores[0, 1, 1])
    sums_to_change(r)


def test_a_year_without_any_figure_has_no_index_and_no_contributions():
    spec = IndexSpec(dimension=[0], direction=[1], method=["target"], dimension_weights=[1], targets=[10])
    r = compute([[5, NAN, 10]], spec)
    close(r.index[0, [0, 2]], [50, 100])
    assert np.isnan(r.index[0, 1]) and np.isnan(r.contributions[0, 0, 1:]).all()
    close(r.coverage[0], [1, 0, 1])


def test_entities_share_the_bounds_so_they_can_be_ranked():
    # Two districts, one indicator 10..30 observed over both: 10 → 60, 30 → 100, 20 → 80.
    spec = IndexSpec(dimension=[0], direction=[1], method=["efficacy"], dimension_weights=[1])
    r = compute([[[10, 20]], [[20, 30]]], spec)
    close(r.index, [[60, 80], [80, 100]])


@pytest.mark.parametrize(
    "change, message",
    [
        ({"weighting": "sum"}, "未知的赋权方法"),
        ({"method": ["ratio"]}, "未知的标准化方法"),
        ({"direction": [0]}, "方向只能是"),
        ({"weights": [-1]}, "权重不能为负数"),
        ({"targets": [0]}, "目标值法需要大于0的目标值"),
        ({"dimension": [1]}, "超出范围"),
    ],
)
def test_a_bad_specification_is_refused_in_chinese(change, message):
    base = {"dimension": [0], "direction": [1], "method": ["target"], "dimension_weights": [1], "targets": [5]}
    with pytest.raises(ValueError, match=message):
        IndexSpec(**{**base, **change})


def test_a_reference_gives_the_bounds_mean_and_entropy_weights():
    # Scored against the years' figures: M yearly 10, 30 → bounds 10..30; its quarters 20, 25, 30
    # score 60 + 40·10/20 = 80, 90, 100 (not 60..100 over the quarters themselves).
    # zscore N yearly 1, 3: mean 2, sd 1 → quarters 2, 3 score 0, 1.
    spec = IndexSpec(dimension=[0, 1], direction=[1, 1], method=["efficacy", "zscore"], dimension_weights=[1, 1])
    r = compute([[20, 25, 30], [2, 3, 3]], spec, reference=[[10, 30], [1, 3]])
    close(r.scores[0], [[80, 90, 100], [0, 1, 1]])
    close(r.index[0], [40, 45.5, 50.5])
    sums_to_change(r)
    # entropy weights from the reference: G 1, 2, 4 and H 5, 6, 7 as above, whatever the values
    e_g = -(0.25 * math.log(0.25) + 0.75 * math.log(0.75)) / math.log(3)
    e_h = -(math.log(1 / 3) / 3 + 2 / 3 * math.log(2 / 3)) / math.log(3)
    entropy = IndexSpec(dimension=[0, 1], direction=[1, 1], method=["efficacy"] * 2,
                        dimension_weights=[1, 1], weighting="entropy")  # fmt: skip
    r = compute([[3, 3], [6, 6]], entropy, reference=[[1, 2, 4], [5, 6, 7]])
    close(r.weights, [(1 - e_g) / (2 - e_g - e_h), (1 - e_h) / (2 - e_g - e_h)])
