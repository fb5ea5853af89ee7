"""The composite development index (统计评价体系), pure NumPy, no Django.

    from planwatch.index.core import IndexSpec, compute
    spec = IndexSpec(dimension=[0, 0, 1], direction=[1, 1, -1], method=["efficacy"] * 3,
                     dimension_weights=[0.5, 0.5], weights=[1, 1, 1])
    result = compute(values, spec)   # values: entities × indicators × years, NaN = no figure
    result.index[0], result.contributions[0]

Everything is vectorised over entities (districts compared), indicators and years, so the bench
(2,000 indicators × 10 years × 20 entities) is a handful of array operations. The methods, the
missing-data rule and the decomposition of a change are documented with worked examples in
docs/index.md; the tests check those examples by hand to 1e-9.

Normalisation (a score per figure; ``direction`` +1 higher is better, −1 lower is better):
  - ``target`` 目标值法: 100·x/target (lower is better: 100·target/x), cut to [0, 100];
  - ``efficacy`` 功效系数法: 60 + 40·(x − worst)/(best − worst), cut to [60, 100], against
    bounds set by the office or observed (min and max over every year and entity);
  - ``zscore``: direction·(x − mean)/sd over every year and entity (population sd), 0 when flat.
Weights: ``given`` (office), ``equal``, or ``entropy`` (熵值法, over every year and entity).
Missing data: a year's dimension score averages the indicators with a figure, their weights
renormalised; the index averages the dimensions with a score, likewise. Coverage is the share of
the full weight that had data.
"""

from __future__ import annotations

import warnings
from contextlib import contextmanager
from dataclasses import dataclass, field

import numpy as np

METHODS = ("target", "efficacy", "zscore")
WEIGHTINGS = ("given", "equal", "entropy")
METHOD_LABELS = {"target": "目标值法", "efficacy": "功效系数法", "zscore": "标准化（z-score）"}
WEIGHTING_LABELS = {"given": "办公室设定", "equal": "等权", "entropy": "熵值法"}


@dataclass(frozen=True)
class IndexSpec:
    """One entry per indicator (``dimension`` an index into the dimensions); ``targets``,
    ``worst`` and ``best`` NaN where not set. ``weights`` are the office's, used when
    ``weighting`` is "given" (within each dimension; renormalised there)."""

    dimension: np.ndarray
    direction: np.ndarray
    method: np.ndarray
    dimension_weights: np.ndarray
    weights: np.ndarray | None = None
    weighting: str = "given"
    targets: np.ndarray | None = None
    worst: np.ndarray | None = None
    best: np.ndarray | None = None
    n_dimensions: int = field(init=False)

    def __post_init__(self):
        n = len(np.asarray(self.dimension))
        conv = {
            "dimension": np.asarray(self.dimension, dtype=int),
            "direction": np.asarray(self.direction, dtype=float),
            "method": np.asarray(self.method, dtype=str),
            "dimension_weights": np.asarray(self.dimension_weights, dtype=float),
            "weights": _full(self.weights, n, 1.0),
            "targets": _full(self.targets, n, np.nan),
            "worst": _full(self.worst, n, np.nan),
            "best": _full(self.best, n, np.nan),
        }
        for name, value in conv.items():
            object.__setattr__(self, name, value)
        object.__setattr__(self, "n_dimensions", len(conv["dimension_weights"]))
        _check(self, n)


def _full(value, n: int, fill: float) -> np.ndarray:
    if value is None:
        return np.full(n, fill)
    return np.broadcast_to(np.asarray(value, dtype=float), (n,)).copy()


def _check(spec: IndexSpec, n: int) -> None:
    """Refuse a specification the maths would silently misread, in Chinese."""
    if spec.weighting not in WEIGHTINGS:
        raise ValueError(f"未知的赋权方法：{spec.weighting}")
    unknown = set(spec.method.tolist()) - set(METHODS)
    if unknown:
        raise ValueError(f"未知的标准化方法：{'、'.join(sorted(unknown))}")
    if any(len(a) != n for a in (spec.direction, spec.method, spec.weights)):
        raise ValueError("指标的维度、方向、方法和权重个数不一致")
    if n and (spec.dimension.min() < 0 or spec.dimension.max() >= spec.n_dimensions):
        raise ValueError("指标所属维度超出范围")
    if not set(np.unique(spec.direction)) <= {1.0, -1.0}:
        raise ValueError("方向只能是越高越好（1）或越低越好（−1）")
    if np.any(spec.dimension_weights < 0) or np.any(spec.weights < 0):
        raise ValueError("权重不能为负数")
    bad = (spec.method == "target") & ~(spec.targets > 0)
    if np.any(bad):
        raise ValueError("目标值法需要大于0的目标值")


@dataclass(frozen=True)
class IndexResult:
    """Arrays over entities E, indicators N, dimensions D and years T.

    ``weights`` are the indicators' shares of the whole index when every figure is present
    (they sum to 1); ``effective`` the shares actually used each year after the missing-data
    rule. ``contributions[e, i, t]`` is indicator i's part of index[e, t] − index[e, t−1]
    (NaN for the first year, or when either year has no index)."""

    scores: np.ndarray  # E × N × T
    weights: np.ndarray  # N
    dimension_weights: np.ndarray  # D, normalised
    effective: np.ndarray  # E × N × T
    dimensions: np.ndarray  # E × D × T
    index: np.ndarray  # E × T
    coverage: np.ndarray  # E × T
    dimension_coverage: np.ndarray  # E × D × T
    contributions: np.ndarray  # E × N × T


@contextmanager
def _quiet():
    """NumPy warns on the min, mean or sd of an indicator without any figure; its result (NaN)
    is what is wanted there, and never reaches a score (a missing figure has none)."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", RuntimeWarning)
        yield


def normalise(values: np.ndarray, spec: IndexSpec, reference: np.ndarray | None = None) -> np.ndarray:
    """Scores of every figure (E × N × T), NaN where there is no figure. Observed bounds, mean
    and sd come from ``reference`` (E′ × N × T′; default the values themselves)."""
    x = np.asarray(values, dtype=float)
    ref = x if reference is None else np.asarray(reference, dtype=float)
    scores = np.full(x.shape, np.nan)
    d = spec.direction[None, :, None]
    with np.errstate(divide="ignore", invalid="ignore"), _quiet():
        t = spec.targets[None, :, None]
        ratio = np.where(d > 0, x / t, t / x)
        ratio = np.where((d < 0) & (x <= 0), 1.0, ratio)  # nothing left of a ceiling: reached
        target = 100 * np.clip(ratio, 0, 1)
        lo, hi = np.nanmin(ref, axis=(0, 2)), np.nanmax(ref, axis=(0, 2))
        worst = np.where(np.isnan(spec.worst), np.where(spec.direction > 0, lo, hi), spec.worst)
        best = np.where(np.isnan(spec.best), np.where(spec.direction > 0, hi, lo), spec.best)
        span = (best - worst)[None, :, None]
        share = np.where(span != 0, (x - worst[None, :, None]) / span, 1.0)
        efficacy = 60 + 40 * np.clip(share, 0, 1)
        mean = np.nanmean(ref, axis=(0, 2), keepdims=True)
        sd = np.nanstd(ref, axis=(0, 2), keepdims=True)
        z = np.where(sd > 0, d * (x - mean) / sd, 0.0)
    m = spec.method[None, :, None]
    scores = np.where(m == "target", target, np.where(m == "efficacy", efficacy, z))
    return np.where(np.isnan(x), np.nan, scores)


def entropy_weights(values: np.ndarray, direction: np.ndarray) -> np.ndarray:
    """熵值法 over every year and entity (rows) of each indicator (column), figures missing left
    out: y = (x − min)/(max − min) (reversed for lower-is-better), p = y/Σy,
    e = −Σ p·ln p / ln n, weight ∝ 1 − e. An indicator with fewer than two figures, or all
    equal, carries no information (e = 1). All of them so: equal weights."""
    x = np.asarray(values, dtype=float)
    x = np.moveaxis(x, 1, 0).reshape(x.shape[1], -1)  # N × (E·T)
    has = ~np.isnan(x)
    n = has.sum(axis=1)
    with np.errstate(divide="ignore", invalid="ignore"), _quiet():
        lo, hi = np.nanmin(x, axis=1, keepdims=True), np.nanmax(x, axis=1, keepdims=True)
        y = (x - lo) / (hi - lo)
        y = np.where(np.asarray(direction)[:, None] < 0, 1 - y, y)
        y = np.where(has & np.isfinite(y), y, 0.0)
        total = y.sum(axis=1, keepdims=True)
        p = np.where(total > 0, y / total, 0.0)
        plogp = np.where(p > 0, p * np.log(p), 0.0)
        e = np.where((n > 1) & (total[:, 0] > 0), -plogp.sum(axis=1) / np.log(n), 1.0)
    d = 1 - e
    if d.sum() <= 0:
        return np.full(len(d), 1 / len(d)) if len(d) else d
    return d / d.sum()


def indicator_weights(values: np.ndarray, spec: IndexSpec) -> tuple[np.ndarray, np.ndarray]:
    """(each indicator's share of the index, each dimension's share), both summing to 1.

    given: the dimensions' weights as set, indicators' within their dimension as set; equal:
    every dimension alike, every indicator alike within its dimension; entropy: entropy
    weights over all indicators, a dimension weighing the sum of its indicators'."""
    dims = spec.dimension
    if spec.weighting == "entropy":
        w = entropy_weights(values, spec.direction)
        return w, np.bincount(dims, weights=w, minlength=spec.n_dimensions)
    within = spec.weights if spec.weighting == "given" else np.ones(len(dims))
    dim_w = spec.dimension_weights if spec.weighting == "given" else np.ones(spec.n_dimensions)
    per_dim = np.bincount(dims, weights=within, minlength=spec.n_dimensions)
    dim_w = np.where(per_dim > 0, dim_w, 0.0)  # a dimension without indicators weighs nothing
    if dim_w.sum() <= 0:
        raise ValueError("各维度权重之和须大于0")
    dim_w = dim_w / dim_w.sum()
    with np.errstate(divide="ignore", invalid="ignore"):
        share = np.where(per_dim[dims] > 0, within / per_dim[dims], 0.0)
    return share * dim_w[dims], dim_w


def compute(values, spec: IndexSpec, reference=None) -> IndexResult:
    """The index, sub-indices, coverage and contributions of every entity and period.

    ``reference`` (entities × indicators × periods) is the data the observed bounds, mean, sd
    and entropy weights come from, when not ``values`` themselves: the quarterly index is
    scored against the yearly figures, so a fourth quarter equal to its year scores the same."""
    x = _cube(values)
    ref = x if reference is None else _cube(reference)
    if x.shape[1] != len(spec.dimension) or ref.shape[1] != len(spec.dimension):
        raise ValueError("数据的指标数与指标设定不一致")
    scores = normalise(x, spec, ref)
    w, dim_w = indicator_weights(ref, spec)
    has = ~np.isnan(scores)
    D, dims = spec.n_dimensions, spec.dimension
    onehot = np.zeros((D, len(dims)))
    onehot[dims, np.arange(len(dims))] = 1.0
    full = onehot @ w  # each dimension's weight, all figures present (= dim_w)
    avail = np.einsum("dn,ent->edt", onehot, has * w[None, :, None])
    sums = np.einsum("dn,ent->edt", onehot, np.where(has, scores, 0.0) * w[None, :, None])
    with np.errstate(divide="ignore", invalid="ignore"):
        dimensions = np.where(avail > 0, sums / avail, np.nan)
        dim_cov = np.where(full[None, :, None] > 0, avail / full[None, :, None], np.nan)
        scored = ~np.isnan(dimensions)
        dim_total = np.einsum("d,edt->et", dim_w, scored * 1.0)
        index = np.where(
            dim_total > 0,
            np.einsum("d,edt->et", dim_w, np.where(scored, dimensions, 0.0)) / dim_total,
            np.nan,
        )
        # effective share of indicator i: (dimension's share among scored dimensions) ×
        # (indicator's share among its dimension's indicators with a figure)
        dim_share = dim_w[None, :, None] / dim_total[:, None, :]
        eff = np.where(has, dim_share[:, dims, :] * w[None, :, None] / avail[:, dims, :], 0.0)
    coverage = np.einsum("ent->et", has * w[None, :, None])
    return IndexResult(
        scores=scores,
        weights=w,
        dimension_weights=dim_w,
        effective=eff,
        dimensions=dimensions,
        index=index,
        coverage=coverage,
        dimension_coverage=dim_cov,
        contributions=contributions(scores, eff, index),
    )


def _cube(values) -> np.ndarray:
    x = np.asarray(values, dtype=float)
    return x[None] if x.ndim == 2 else x


def contributions(scores: np.ndarray, effective: np.ndarray, index: np.ndarray) -> np.ndarray:
    """Each indicator's part of the change of the index from the year before.

    index[t] = Σ_i e_i(t)·s_i(t), so index[t] − index[t−1] = Σ_i [e_i(t)·s_i(t) − e_i(t−1)·s_i(t−1)]
    exactly: that bracket is indicator i's contribution. With the same indicators present in
    both years it is e_i·(s_i(t) − s_i(t−1)), the weighted change of its score; an indicator
    that gained or lost its figure brings its whole term, and the renormalised weights of the
    others show in theirs (docs/index.md)."""
    term = np.where(np.isnan(scores), 0.0, scores) * effective
    out = np.full(scores.shape, np.nan)
    out[:, :, 1:] = term[:, :, 1:] - term[:, :, :-1]
    both = ~np.isnan(index)
    both[:, 1:] &= both[:, :-1]
    both[:, 0] = False
    return np.where(both[:, None, :], out, np.nan)
