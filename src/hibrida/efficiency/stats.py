"""Statistics for the pilot evaluation: difference-in-differences with a cluster bootstrap.

Pure numpy. The OPD is the unit of analysis and the bootstrap resamples OPDs inside each group;
a fixed seed makes every interval reproducible.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import asdict, dataclass
from typing import Any

import numpy as np

DEFAULT_SEED = 2026
DEFAULT_DRAWS = 2000


@dataclass(frozen=True)
class DidResult:
    estimate: float
    ci_low: float
    ci_high: float
    treated_change: float
    control_change: float
    n_treated: int
    n_control: int
    draws: int
    seed: int
    level: float

    def as_dict(self) -> dict[str, Any]:
        return asdict(self)

    @property
    def significant(self) -> bool:
        """True when the interval excludes zero."""
        return self.ci_low > 0 or self.ci_high < 0


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


def did_bootstrap(
    treated_pre: Sequence[float],
    treated_post: Sequence[float],
    control_pre: Sequence[float],
    control_post: Sequence[float],
    *,
    draws: int = DEFAULT_DRAWS,
    seed: int = DEFAULT_SEED,
    level: float = 0.95,
) -> DidResult:
    """DiD estimate with a percentile bootstrap interval, resampling OPDs within each group."""
    t = np.asarray(treated_post, float) - np.asarray(treated_pre, float)
    c = np.asarray(control_post, float) - np.asarray(control_pre, float)
    if t.size == 0 or c.size == 0:
        raise ValueError("both groups need at least one OPD")
    rng = np.random.default_rng(seed)
    t_means = t[rng.integers(0, t.size, (draws, t.size))].mean(axis=1)
    c_means = c[rng.integers(0, c.size, (draws, c.size))].mean(axis=1)
    alpha = (1 - level) / 2
    low, high = np.quantile(t_means - c_means, [alpha, 1 - alpha])
    return DidResult(
        estimate=float(t.mean() - c.mean()),
        ci_low=float(low),
        ci_high=float(high),
        treated_change=float(t.mean()),
        control_change=float(c.mean()),
        n_treated=int(t.size),
        n_control=int(c.size),
        draws=draws,
        seed=seed,
        level=level,
    )


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
