"""Benchmark the CLV chapter: clv() on 1M customers and BG/NBD fits at 2,357 / 100k / 1M.

Prints a table of median times (several repeats) next to a numpy baseline run in the same
process: for clv(), the bare closed form m/(1+d−r) on the same arrays (what validation and
generality cost); for BG/NBD, one evaluation of the log-likelihood on all rows written
directly in numpy/scipy (the fit needs a few dozen such evaluations on compressed rows).

Run: ``.venv/bin/python benchmarks/clv.py [--repeats 5]``. No timing asserts anywhere.
"""

from __future__ import annotations

import argparse
import statistics
import time

import numpy as np
from scipy import special

import casekit as ck


def timed(fn, repeats: int) -> float:
    times = []
    for _ in range(repeats):
        t0 = time.perf_counter()
        fn()
        times.append(time.perf_counter() - t0)
    return statistics.median(times)


def simulate(n: int, rng, discrete: bool) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """BG/NBD histories under the CDNOW parameters (weeks), T in 27–39 weeks.

    Given λ, p: K ~ Geometric(p) repeat purchases before dropout, N ~ Poisson(λT) arrivals,
    x = min(K, N), t_x = the x-th of N uniform arrival times (a Beta order statistic).
    ``discrete`` rounds times to whole weeks (a weekly order log), which the fit compresses.
    """
    lam = rng.gamma(0.243, 1 / 4.414, n)
    p = rng.beta(0.793, 2.426, n)
    T = rng.uniform(27, 39, n)
    if discrete:
        T = np.round(T)
    K = rng.geometric(p)
    N = rng.poisson(lam * T)
    x = np.minimum(K, N)
    tx = np.where(x > 0, T * rng.beta(np.maximum(x, 1), np.maximum(N - x + 1, 1)), 0.0)
    if discrete:
        tx = np.where(x > 0, np.clip(np.ceil(tx), 1, T), 0.0)
    return x.astype(float), tx, T


def baseline_loglik(x, tx, T, r=0.243, al=4.414, a=0.793, b=2.426):
    A1 = special.gammaln(r + x) - special.gammaln(r) + r * np.log(al)
    A2 = special.betaln(a, b + x) - special.betaln(a, b) - (r + x) * np.log(al + T)
    A3 = np.where(x > 0, special.betaln(a + 1, b + np.maximum(x, 1) - 1) - special.betaln(a, b)
                  - (r + x) * np.log(al + tx), -np.inf)
    return (A1 + np.logaddexp(A2, A3)).sum()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeats", type=int, default=5)
    args = parser.parse_args()
    rng = np.random.default_rng(0)
    rows = []

    n = 1_000_000
    m = rng.gamma(2.0, 30.0, n)
    r = rng.uniform(0.5, 0.99, n)
    t_clv = timed(lambda: ck.clv(m, r, 0.008, timing="end"), args.repeats)
    t_np = timed(lambda: m / (1.008 - r), args.repeats)
    rows.append(("clv(), infinite horizon", f"{n:,}", t_clv, t_np, "m/(1+d-r) in numpy"))
    t_clv = timed(lambda: ck.clv(m, r, 0.008, periods=36, timing="end"), args.repeats)
    rows.append(("clv(), 36 periods", f"{n:,}", t_clv, t_np, "m/(1+d-r) in numpy"))

    for size, discrete in ((2_357, False), (100_000, False), (1_000_000, False),
                           (1_000_000, True)):
        x, tx, T = simulate(size, rng, discrete)
        reps = args.repeats if size <= 100_000 else max(1, args.repeats // 2)
        t_fit = timed(lambda: ck.BetaGeo().fit(x, tx, T), reps)
        t_ll = timed(lambda: baseline_loglik(x, tx, T), reps)
        label = "BG/NBD fit" + (" (weekly log)" if discrete else " (continuous)")
        rows.append((label, f"{size:,}", t_fit, t_ll, "one log-likelihood in numpy"))

    print(f"{'task':28s} {'customers':>10s} {'median s':>10s} {'baseline s':>11s} "
          f"{'ratio':>7s}  baseline")
    for task, size, t, base, what in rows:
        print(f"{task:28s} {size:>10s} {t:10.4f} {base:11.4f} {t / base:7.1f}  {what}")


if __name__ == "__main__":
    main()
