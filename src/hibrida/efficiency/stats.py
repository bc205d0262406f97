"""Statistics for the pilot evaluation: difference-in-differences with a Welch t interval.

Pure Python and numpy. The OPD is the unit of analysis: each OPD contributes one change (after −
before), and the interval compares the two groups' mean changes with Welch's standard error and
the conservative min(n) − 1 degrees of freedom. It keeps its 95 % with the three frontline OPDs
as control, where a cluster bootstrap is far too narrow (coverage figures in docs/efficiency.md).
"""

from __future__ import annotations

import functools
import math
from collections.abc import Sequence
from dataclasses import asdict, dataclass
from typing import Any

import numpy as np

DEFAULT_SEED = 2026
DEFAULT_DRAWS = 2000
METHOD = "welch_t_min_df"

_CF_MAX_ITER = 300
_CF_EPS = 1e-15
_TINY = 1e-300


@dataclass(frozen=True)
class WelchDiff:
    """mean(a) − mean(b) with its Welch t interval."""

    estimate: float
    ci_low: float
    ci_high: float
    se: float
    df: float
    mean_a: float
    mean_b: float
    n_a: int
    n_b: int
    level: float

    @property
    def significant(self) -> bool:
        """True when the interval excludes zero."""
        return self.ci_low > 0 or self.ci_high < 0


@dataclass(frozen=True)
class DidResult:
    estimate: float
    ci_low: float
    ci_high: float
    treated_change: float
    control_change: float
    n_treated: int
    n_control: int
    # No resampling since the switch to Welch t: both are 0, kept for the API's shape.
    draws: int
    seed: int
    level: float
    method: str = METHOD
    se: float = 0.0
    df: float = 0.0

    def as_dict(self) -> dict[str, Any]:
        return asdict(self)

    @property
    def significant(self) -> bool:
        """True when the interval excludes zero."""
        return self.ci_low > 0 or self.ci_high < 0


# --- Student t ----------------------------------------------------------------------------


def _beta_cf(a: float, b: float, x: float) -> float:
    """Continued fraction of the regularised incomplete beta (modified Lentz)."""
    qab, qap, qam = a + b, a + 1.0, a - 1.0
    c = 1.0
    d = 1.0 - qab * x / qap
    d = 1.0 / (d if abs(d) > _TINY else _TINY)
    h = d
    for m in range(1, _CF_MAX_ITER + 1):
        m2 = 2 * m
        for aa in (
            m * (b - m) * x / ((qam + m2) * (a + m2)),
            -(a + m) * (qab + m) * x / ((a + m2) * (qap + m2)),
        ):
            d = 1.0 + aa * d
            d = 1.0 / (d if abs(d) > _TINY else _TINY)
            c = 1.0 + aa / c
            c = c if abs(c) > _TINY else _TINY
            h *= d * c
        if abs(d * c - 1.0) < _CF_EPS:
            break
    return h


def _beta_inc(a: float, b: float, x: float) -> float:
    """Regularised incomplete beta I_x(a, b) for 0 ≤ x ≤ 1."""
    if x <= 0.0:
        return 0.0
    if x >= 1.0:
        return 1.0
    front = math.exp(
        math.lgamma(a + b) - math.lgamma(a) - math.lgamma(b) + a * math.log(x) + b * math.log1p(-x)
    )
    # The fraction converges fast only below the mean of the beta; use the symmetry above it.
    if x < (a + 1.0) / (a + b + 2.0):
        return front * _beta_cf(a, b, x) / a
    return 1.0 - front * _beta_cf(b, a, 1.0 - x) / b


def t_sf(t: float, df: float) -> float:
    """P(T > t) for Student's t with ``df`` degrees of freedom (df > 0, not necessarily whole)."""
    if df <= 0:
        raise ValueError("df must be positive")
    tail = 0.5 * _beta_inc(df / 2.0, 0.5, df / (df + t * t))
    return tail if t >= 0 else 1.0 - tail


def _t_pdf(t: float, df: float) -> float:
    return math.exp(
        math.lgamma((df + 1) / 2)
        - math.lgamma(df / 2)
        - 0.5 * math.log(df * math.pi)
        - (df + 1) / 2 * math.log1p(t * t / df)
    )


@functools.cache
def t_ppf(p: float, df: float) -> float:
    """The ``p`` quantile of Student's t (safeguarded Newton on the upper tail)."""
    if not 0.0 < p < 1.0:
        raise ValueError("p must lie strictly between 0 and 1")
    if p < 0.5:
        return -t_ppf(1.0 - p, df)
    if p == 0.5:
        return 0.0
    alpha = 1.0 - p
    lo, hi = 0.0, 1.0
    while t_sf(hi, df) > alpha:
        lo, hi = hi, hi * 2.0
    t = (lo + hi) / 2.0
    for _ in range(200):
        excess = t_sf(t, df) - alpha  # > 0: t is still too small
        if abs(excess) < 1e-15 or hi - lo < 1e-13 * t:
            break
        if excess > 0:
            lo = t
        else:
            hi = t
        step = t + excess / _t_pdf(t, df)
        t = step if lo < step < hi else (lo + hi) / 2.0
    return t


# --- intervals ----------------------------------------------------------------------------


def welch_difference(a: Sequence[float], b: Sequence[float], *, level: float = 0.95) -> WelchDiff:
    """mean(a) − mean(b) with Welch's standard error and min(n_a, n_b) − 1 degrees of freedom.

    Satterthwaite's estimated degrees of freedom make the interval too narrow when one group
    has three members (92.5 % instead of 95 % in benchmarks/pilot_coverage.py); the smaller
    group's n − 1 never gives less than the stated level for normal data (Mickey & Brown
    1966). Each group needs two values.
    """
    x = np.asarray(a, float)
    y = np.asarray(b, float)
    if x.size < 2 or y.size < 2:
        raise ValueError("each group needs at least two OPDs")
    estimate = float(x.mean() - y.mean())
    se = math.sqrt(float(x.var(ddof=1)) / x.size + float(y.var(ddof=1)) / y.size)
    df = float(min(x.size, y.size) - 1)
    half = t_ppf(1 - (1 - level) / 2, df) * se
    return WelchDiff(
        estimate=estimate,
        ci_low=estimate - half,
        ci_high=estimate + half,
        se=se,
        df=df,
        mean_a=float(x.mean()),
        mean_b=float(y.mean()),
        n_a=int(x.size),
        n_b=int(y.size),
        level=level,
    )


def did(
    treated_pre: Sequence[float],
    treated_post: Sequence[float],
    control_pre: Sequence[float],
    control_post: Sequence[float],
) -> float:
    """(mean treated after − before) − (mean control after − before)."""
    t = np.asarray(treated_post, float) - np.asarray(treated_pre, float)
    c = np.asarray(control_post, float) - np.asarray(control_pre, float)
    return float(t.mean() - c.mean())


def did_welch(
    treated_pre: Sequence[float],
    treated_post: Sequence[float],
    control_pre: Sequence[float],
    control_post: Sequence[float],
    *,
    level: float = 0.95,
) -> DidResult:
    """DiD estimate with a Welch t interval on the OPD-level changes."""
    t = np.asarray(treated_post, float) - np.asarray(treated_pre, float)
    c = np.asarray(control_post, float) - np.asarray(control_pre, float)
    w = welch_difference(t, c, level=level)
    return DidResult(
        estimate=w.estimate,
        ci_low=w.ci_low,
        ci_high=w.ci_high,
        treated_change=w.mean_a,
        control_change=w.mean_b,
        n_treated=w.n_a,
        n_control=w.n_b,
        draws=0,
        seed=0,
        level=level,
        method=METHOD,
        se=w.se,
        df=w.df,
    )


def slope(points: Sequence[tuple[float, float]]) -> float:
    """Least-squares slope of y on x (per month when x counts months)."""
    if len({x for x, _ in points}) < 2:
        raise ValueError("a slope needs two distinct months")
    x = np.array([p[0] for p in points], float)
    y = np.array([p[1] for p in points], float)
    dx = x - x.mean()
    return float((dx * (y - y.mean())).sum() / (dx * dx).sum())


def pretrend(
    treated: Sequence[Sequence[tuple[float, float]]],
    control: Sequence[Sequence[tuple[float, float]]],
    *,
    level: float = 0.95,
) -> WelchDiff:
    """Treated − control difference of the pre-pilot trends (points per month), Welch t.

    Each OPD gives its own least-squares slope over its (month index, value) points; an OPD
    with fewer than two months is left out. Parallel trends is what DiD assumes: an interval
    far from zero says the control group is not a fair comparison.
    """
    ts = [slope(p) for p in treated if len({x for x, _ in p}) >= 2]
    cs = [slope(p) for p in control if len({x for x, _ in p}) >= 2]
    return welch_difference(ts, cs, level=level)


def bootstrap_mean(
    values: Sequence[float],
    *,
    draws: int = DEFAULT_DRAWS,
    seed: int = DEFAULT_SEED,
    level: float = 0.95,
) -> tuple[float, float, float]:
    """(mean, low, high): percentile bootstrap interval of a mean."""
    x = np.asarray(values, float)
    if x.size == 0:
        raise ValueError("no values")
    rng = np.random.default_rng(seed)
    means = x[rng.integers(0, x.size, (draws, x.size))].mean(axis=1)
    alpha = (1 - level) / 2
    low, high = np.quantile(means, [alpha, 1 - alpha])
    return float(x.mean()), float(low), float(high)
