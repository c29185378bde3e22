"""Benchmark of casekit.scenarios: Monte Carlo, closed form, allocation and the retention lab.

    .venv/bin/python benchmarks/scenarios.py [--customers 100000] [--months 60] [--runs 200]
                                             [--repeat 3]

Prints two tables. Times are medians of ``--repeat`` runs: wall clock (this machine, whatever
else it is doing) and the CPU seconds of this process (``time.process_time``; the code is
single-threaded numpy, so on an idle machine wall ≈ CPU — on a shared one the CPU column is
the fairer measure).

Table 1, the analysis functions on a synthetic telecom-like base of ``--customers`` customers,
all still active (so the simulation really covers that many), built with numpy following the
data contract: Monte Carlo of ``--runs`` runs over ``--months`` months (a programme on the key
tier, and one on everybody — the worst case), the closed form, the allocation optimiser, the
migration estimate. The ``× baseline`` column divides CPU time by a naive Monte Carlo run in the same
process: one Bernoulli draw per customer and month (``rng.random((n, H)) < r``, survival by
``cumprod``, margins summed per run), timed for a few runs and scaled to ``--runs`` — what the
inverse-CDF lifetimes (one exponential draw per customer, ``L = ⌊E/λ⌋``) save.

Table 2, the retention lab's callback on the telecom world (``ck.telecom`` at ``--customers``
customers, 24 months): moving the uplift slider — the numbers alone (the pure computation the
callback does first; the ΔNPV text is sent to the browser before the figure is drawn) and the
full callback (the widget's ``update()``: numbers, text, the fan redrawn — only its moving
parts, see ``casekit/widgets/_live.py`` — and encoded to the PNG the browser receives) — and a
horizon change (a new baseline, new axes). ``× figure floor`` divides by building and
rendering the simplest kit figure (one line) in the same process.
"""

from __future__ import annotations

import argparse
import io
import statistics
import time
from typing import Callable

import numpy as np
import pandas as pd
from matplotlib.figure import Figure

import casekit as ck
from casekit import scenarios as scn
from casekit.base import CustomerBase, Params
from casekit.widgets import scenarios as ws


def synthetic_base(n: int, seed: int = 0, months: int = 12) -> CustomerBase:
    """A telecom-like base with every customer active: heavy-tailed margins, tiers by value."""
    rng = np.random.default_rng(seed)
    seg = rng.choice(["consumer", "sme", "key_account"], n, p=[0.85, 0.13, 0.02])
    scale = np.select([seg == "key_account", seg == "sme"], [2000.0, 300.0], 40.0)
    margin = scale * rng.lognormal(0.0, 0.7, n) - rng.exponential(15.0, n)
    churn = rng.beta(2.0, 120.0, n)                      # ~1.6 % a month on average
    r = 1.0 - churn
    ids = np.arange(n, dtype=np.int32)
    cid = np.repeat(ids, months)
    per = np.tile(np.arange(1, months + 1, dtype=np.int16), n)
    m = margin[cid] * rng.gamma(25.0, 1 / 25.0, len(cid))
    activity = pd.DataFrame({"customer_id": cid, "period": per, "revenue": np.abs(m) * 2 + 20,
                             "margin": m})
    clv = margin / (1.008 - r)
    rank = pd.Series(clv).rank(ascending=False, method="first").to_numpy()
    tier = np.where(rank <= 0.1 * n, "key", np.where(rank <= 0.4 * n, "normal", "small"))
    truth = pd.DataFrame({"customer_id": ids, "true_margin": margin,
                          "true_growth": rng.normal(0.03, 0.05, n), "true_clv": clv,
                          "true_tier": pd.Categorical(tier, ["small", "normal", "key"],
                                                      ordered=True),
                          "true_retention": r})
    customers = pd.DataFrame({"customer_id": ids, "segment": pd.Categorical(seg),
                              "region": pd.Categorical(rng.choice(["urban", "rural"], n))})
    params = Params(world="synthetic_telecom", seed=seed, size=n, periods=months,
                    period_unit="month", values={"discount_rate": 0.10, "growth_years": 3.0})
    return CustomerBase(customers, activity, truth, params)


def timed(f: Callable[[], object], repeat: int) -> tuple[float, float]:
    """Median wall-clock and median CPU seconds of ``repeat`` calls."""
    wall, cpu = [], []
    for _ in range(repeat):
        t, c = time.perf_counter(), time.process_time()
        f()
        wall.append(time.perf_counter() - t)
        cpu.append(time.process_time() - c)
    return statistics.median(wall), statistics.median(cpu)


def naive_monte_carlo(base: CustomerBase, H: int, runs: int, seed: int = 0) -> np.ndarray:
    """One Bernoulli draw per customer and period; NPV per run (the slow, obvious way)."""
    resp = scn.true_response(base)
    r, m = resp["retention"].to_numpy(), resp["margin"].to_numpy()
    v = (1.1 ** (-1 / 12)) ** np.arange(1, H + 1)
    rng = np.random.default_rng(seed)
    out = np.empty(runs)
    for k in range(runs):
        stay = rng.random((len(r), H - 1), dtype=np.float32) < r[:, None]
        present = np.concatenate([np.ones((len(r), 1), bool),
                                  np.cumprod(stay, axis=1, dtype=bool)], axis=1)
        out[k] = (present * v).sum(axis=1) @ m
    return out


def figure_floor() -> None:
    fig = Figure(figsize=(7.0, 3.8))
    ax = fig.subplots()
    ax.plot(np.arange(61), np.arange(61) ** 0.5)
    fig.savefig(io.BytesIO(), format="png")


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--customers", type=int, default=100_000)
    ap.add_argument("--months", type=int, default=60)
    ap.add_argument("--runs", type=int, default=200)
    ap.add_argument("--repeat", type=int, default=3)
    a = ap.parse_args()
    n, H, runs, rep = a.customers, a.months, a.runs, a.repeat

    base = synthetic_base(n)
    key = ck.Scenario("key care", target="key", retention_uplift=0.25, uplift_kind="churn",
                      cost_per_customer=200)
    every = ck.Scenario("all", target="all", retention_uplift=0.10, uplift_kind="churn",
                        cost_per_customer=20)
    planner = scn.RetentionPlanner(base, horizon=H)
    naive_runs = 5
    w, c = timed(lambda: naive_monte_carlo(base, H, naive_runs), 1)
    t_naive = (w * runs / naive_runs, c * runs / naive_runs)
    rows = [
        ("naive Monte Carlo (Bernoulli per month), scaled", f"{n:,} × {H} × {runs}", t_naive),
        ("what_if Monte Carlo, key tier", f"{n:,} × {H} × {runs}",
         timed(lambda: planner.run([key], runs=runs, seed=1), rep)),
        ("what_if Monte Carlo, everybody targeted", f"{n:,} × {H} × {runs}",
         timed(lambda: planner.run([every], runs=runs, seed=1), rep)),
        ("what_if closed form (incl. baseline)", f"{n:,} × {H}",
         timed(lambda: ck.what_if(base, [key, every], horizon=H, spend_cv=0.1), rep)),
        ("planner.run closed form, key tier (cached baseline)", f"{n:,} × {H}",
         timed(lambda: planner.run([key]), rep)),
        ("compare_allocations (pyramid, equal, optimal)", f"{n:,}",
         timed(lambda: ck.compare_allocations(base, 1e6, horizon=H, ceiling=0.3,
                                                 uplift_kind="churn"), rep)),
        ("migration_model (quarters of 12 months)", f"{len(base.activity):,} rows",
         timed(lambda: ck.migration_model(base), rep)),
        ("reichheld_check", f"{n:,}", timed(lambda: ck.reichheld_check(base), rep)),
    ]
    print(f"\nTable 1 — analysis ({n:,} synthetic customers, all active; median of {rep})\n")
    print(f"{'what':<52} {'size':>20} {'wall s':>8} {'CPU s':>8} {'× baseline':>11}")
    for what, size, (t, cpu) in rows:
        print(f"{what:<52} {size:>20} {t:>8.3f} {cpu:>8.3f} {cpu / t_naive[1]:>11.3f}")

    tel = ck.telecom(customers=n, months=24, seed=0)
    floor = timed(figure_floor, max(rep, 5))
    lab = ws.retention_lab(tel, target="tier:key", uplift=0.20, kind="churn", cost=200)
    values = np.linspace(0.05, 0.45, 21)
    state = {"i": 0}

    def move() -> None:
        state["i"] += 1
        lab.uplift.value = float(values[state["i"] % len(values)])

    def horizon() -> None:
        lab.horizon.value = 3 if lab.horizon.value != 3 else 4

    lw = ws._LabWorld(tel)                   # what the lab caches per world
    lab_planner = lw.planner(60, 0.10)

    def numbers() -> None:
        state["i"] += 1
        u = float(values[state["i"] % len(values)])
        lab_planner.run([ck.Scenario("programme", target=lw.masks["tier:key"],
                                     retention_uplift=u, uplift_kind="churn",
                                     cost_per_customer=200)])

    n_calls = 21
    t_numbers = timed(numbers, n_calls)
    t_move = timed(move, n_calls)
    t_hor = timed(horizon, max(rep, 5))
    active = int(scn.true_response(tel)["active"].sum())
    print(f"\nTable 2 — retention lab on ck.telecom({n:,} customers, {active:,} active), "
          f"median of {n_calls} slider moves\n")
    print(f"{'callback':<52} {'wall ms':>9} {'CPU ms':>9} {'× figure floor':>15}")
    for what, (t, cpu) in (("uplift slider: numbers only (shown before the figure)", t_numbers),
                           ("uplift slider: full callback, PNG included", t_move),
                           ("horizon slider (new baseline, new axes), PNG included", t_hor),
                           ("figure floor (one line, PNG)", floor)):
        print(f"{what:<52} {1000 * t:>9.1f} {1000 * cpu:>9.1f} {cpu / floor[1]:>15.2f}")


if __name__ == "__main__":
    main()
