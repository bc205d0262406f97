"""Coverage of the pilot evaluation's 95 % interval when the true effect is zero.

Simulates many pilots shaped like Kota Bekasi's (41 treated OPDs, 3 or 5 frontline control
OPDs), each OPD contributing one change (after − before) = a shock shared by everyone + its own
noise, with no effect of WFH at all. Counts how often each method's 95 % interval for the DiD
contains 0. Methods: the percentile cluster bootstrap used until issue 13 (OPDs resampled
within each group, 2,000 draws); the Welch interval now used (``stats.did_welch``: Welch
standard error, min(n) − 1 degrees of freedom); and, for comparison, the textbook Welch
interval with Satterthwaite's estimated degrees of freedom.
Prints coverage with its Monte Carlo standard error; asserts nothing. Run:

    .venv/bin/python benchmarks/pilot_coverage.py [--pilots 2000] [--seed 2026]
"""

from __future__ import annotations

import argparse
import math

import numpy as np

from hibrida.efficiency.stats import did_welch, t_ppf

N_TREATED = 41
NOISE = {
    # name: (treated noise sampler, control noise sampler); SD 2 points unless said otherwise.
    "normal, SD 2 in both groups": (
        lambda rng, n: rng.normal(0, 2, n),
        lambda rng, n: rng.normal(0, 2, n),
    ),
    "normal, control SD 4 (twice the treated)": (
        lambda rng, n: rng.normal(0, 2, n),
        lambda rng, n: rng.normal(0, 4, n),
    ),
    "skewed: centred exponential, SD 2": (
        lambda rng, n: rng.exponential(2, n) - 2,
        lambda rng, n: rng.exponential(2, n) - 2,
    ),
}


def percentile_bootstrap(t: np.ndarray, c: np.ndarray, rng: np.random.Generator) -> tuple:
    """The former interval: resample OPDs within each group, 2.5 and 97.5 percentiles."""
    draws = 2000
    tm = t[rng.integers(0, t.size, (draws, t.size))].mean(axis=1)
    cm = c[rng.integers(0, c.size, (draws, c.size))].mean(axis=1)
    low, high = np.quantile(tm - cm, [0.025, 0.975])
    return float(low), float(high)


def satterthwaite(t: np.ndarray, c: np.ndarray) -> tuple[float, float]:
    """Welch's textbook interval: the same standard error, estimated degrees of freedom."""
    vt, vc = t.var(ddof=1) / t.size, c.var(ddof=1) / c.size
    df = (vt + vc) ** 2 / (vt**2 / (t.size - 1) + vc**2 / (c.size - 1))
    half = t_ppf(0.975, round(float(df), 2)) * math.sqrt(vt + vc)
    est = float(t.mean() - c.mean())
    return est - half, est + half


def coverage(n_control: int, noise: tuple, pilots: int, seed: int) -> tuple[float, float, float]:
    rng = np.random.default_rng(seed)
    boot_hits = welch_hits = satt_hits = 0
    zeros_t, zeros_c = np.zeros(N_TREATED), np.zeros(n_control)
    for _ in range(pilots):
        shock = rng.normal(0, 3)
        t = shock + noise[0](rng, N_TREATED)
        c = shock + noise[1](rng, n_control)
        low, high = percentile_bootstrap(t, c, rng)
        boot_hits += low <= 0 <= high
        res = did_welch(zeros_t, t, zeros_c, c)
        welch_hits += res.ci_low <= 0 <= res.ci_high
        low, high = satterthwaite(t, c)
        satt_hits += low <= 0 <= high
    return boot_hits / pilots, welch_hits / pilots, satt_hits / pilots


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--pilots", type=int, default=2000)
    parser.add_argument("--seed", type=int, default=2026)
    opts = parser.parse_args()
    se = 100 * math.sqrt(0.95 * 0.05 / opts.pilots)
    print(
        f"{opts.pilots:,} simulated pilots per row, {N_TREATED} treated OPDs, true effect 0; "
        f"Monte Carlo SE of a coverage near 95 %: ±{se:.1f} points"
    )
    print(
        f"{'noise':<42} {'controls':>8} {'bootstrap':>10} {'Welch min df':>13} {'Satterthw.':>11}"
    )
    for name, noise in NOISE.items():
        for n_control in (3, 5):
            boot, welch, satt = coverage(n_control, noise, opts.pilots, opts.seed)
            print(
                f"{name:<42} {n_control:>8} {100 * boot:>9.1f}% {100 * welch:>12.1f}% "
                f"{100 * satt:>10.1f}%"
            )


if __name__ == "__main__":
    main()
