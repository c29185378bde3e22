"""Benchmark of casekit.identify: every function on 1M customers, and the two dashboards'
callbacks on 100k customers.

    .venv/bin/python benchmarks/identify.py [--customers 1000000] [--widget-customers 100000]
                                            [--repeat 3]

Prints two tables. Times are medians of ``--repeat`` runs (wall clock). The ``× sort`` column
divides by the time numpy takes, in the same process, to sort as many float64 values
(``np.sort``) — a floor that makes numbers comparable across machines and loads: a ranking
method cannot be much faster than one sort. Likewise ``× figure floor`` divides a full widget
update by the time to build and render the simplest kit figure (one line) in the same process.

The data are synthetic and seeded (lognormal revenue, a margin with a loss-making tail,
activity over 12 periods with each customer active in a random ~half of them), so the
benchmark does not depend on the world generators; the widget table uses the real worlds
(``ck.telecom`` / ``ck.tobacco`` at 100k) when they exist, else the synthetic base. A widget
callback is timed twice: the numbers only (the pure functions the callback calls) and the full
``update()``: numbers, HTML, the figure redrawn (only its moving parts: see
``casekit/widgets/_live.py``) and encoded to the PNG the browser receives.
"""

from __future__ import annotations

import argparse
import time
from typing import Callable

import numpy as np
import pandas as pd

import casekit as ck
from _timing import median_ms, slider_moves
from casekit.base import CustomerBase, Params


def synthetic_base(n: int, periods: int = 12, seed: int = 0) -> CustomerBase:
    """A base following the data contract, built with numpy only."""
    rng = np.random.default_rng(seed)
    size = rng.lognormal(4.0, 1.3, n)                                 # heavy-tailed scale
    active = rng.random((n, periods)) < rng.uniform(0.2, 0.9, n)[:, None]
    cid, per = np.nonzero(active)
    revenue = size[cid] * rng.lognormal(0.0, 0.3, len(cid))
    margin = 0.35 * revenue - rng.gamma(2.0, 8.0, len(cid))            # fixed costs → losses
    activity = pd.DataFrame({"customer_id": cid.astype("int32"),
                             "period": (per + 1).astype("int16"),
                             "revenue": revenue, "margin": margin})
    customers = pd.DataFrame({
        "customer_id": np.arange(n, dtype="int32"),
        "segment": pd.Categorical(rng.choice(["key_account", "sme", "consumer"], n,
                                             p=[0.02, 0.18, 0.8])),
        "region": pd.Categorical(rng.choice(["urban", "rural"], n)),
        "industry_growth": rng.normal(0.05, 0.04, n),
        "alternatives": rng.integers(1, 6, n),
        "switching_cost": rng.lognormal(5, 1, n),
        "cost_to_serve": rng.gamma(2.0, 8.0, n),
    })
    clv = size * rng.lognormal(0, 0.5, n)
    rank = clv.argsort()[::-1].argsort()
    tier = np.where(rank < 0.1 * n, 2, np.where(rank < 0.4 * n, 1, 0))
    truth = pd.DataFrame({
        "customer_id": np.arange(n, dtype="int32"), "true_clv": clv,
        "true_tier": pd.Categorical.from_codes(tier, ["small", "normal", "key"], ordered=True)})
    return CustomerBase(customers, activity, truth,
                        Params("synthetic", seed, n, periods, "month", {}))


def function_table(n: int, repeat: int) -> pd.DataFrame:
    t0 = time.perf_counter()
    base = synthetic_base(n)
    print(f"synthetic base: {n:,} customers, {len(base.activity):,} activity rows "
          f"({time.perf_counter() - t0:.1f} s to build)")
    revenue = ck.customer_values(base, "revenue")
    margin = ck.customer_values(base, "margin")
    x = np.random.default_rng(1).random(n)
    floor = median_ms(lambda: np.sort(x), repeat)
    truth_key = set(base.truth.loc[base.truth["true_tier"] == "key", "customer_id"].tolist())
    chosen = set(revenue.nlargest(n // 10).index.tolist())
    cases: list[tuple[str, Callable[[], object]]] = [
        ("customer_values(base, 'revenue')", lambda: ck.customer_values(base, "revenue")),
        ("pareto_table(values)", lambda: ck.pareto_table(revenue)),
        ("top_share(values, 0.2)", lambda: ck.top_share(revenue, 0.2)),
        ("abc_classes(values)", lambda: ck.abc_classes(revenue)),
        ("abc_summary(values)", lambda: ck.abc_summary(revenue)),
        ("lorenz_curve(values)", lambda: ck.lorenz_curve(revenue)),
        ("gini(values)", lambda: ck.gini(revenue)),
        ("whale_curve(profit)", lambda: ck.whale_curve(margin)),
        ("whale_summary(profit)", lambda: ck.whale_summary(margin)),
        ("whale_summary(base, cost_to_serve=2)", lambda: ck.whale_summary(base, cost_to_serve=2.0)),
        ("pyramid_tiers(values)", lambda: ck.pyramid_tiers(revenue)),
        ("pyramid(values)", lambda: ck.pyramid(revenue)),
        ("pyramid(values, potential=…)", lambda: ck.pyramid(revenue, potential=margin)),
        ("rfm(base)", lambda: ck.rfm(base)),
        ("rfm(base, ties='first')", lambda: ck.rfm(base, ties="first")),
        ("value_trend(base)", lambda: ck.value_trend(base)),
        ("value_matrix(base)", lambda: ck.value_matrix(base)),
        ("elastic_customers(base)", lambda: ck.elastic_customers(base)),
        ("key_account_evaluation(base)", lambda: ck.key_account_evaluation(base)),
        ("compare_to_truth({1 method})", lambda: ck.compare_to_truth({"m": chosen}, truth_key)),
        ("precision_recall_table(base)", lambda: ck.precision_recall_table(base)),
    ]
    rows = []
    for name, f in cases:
        ms = median_ms(f, repeat)
        rows.append({"function": name, "customers": n, "median_ms": ms, "x_sort": ms / floor})
        print(f"  {name:<40} {ms:9.1f} ms")
    rows.append({"function": "(baseline) np.sort, same n", "customers": n, "median_ms": floor,
                 "x_sort": 1.0})
    return pd.DataFrame(rows)


def figure_floor_ms(repeat: int) -> float:
    """Build and render to PNG the simplest kit figure: one axes, one line of 2,000 points."""
    import io

    from casekit.plots._style import finish, new_figure

    def once():
        fig, ax = new_figure()
        ax.plot(np.linspace(0, 1, 2000), np.linspace(0, 1, 2000) ** 0.3)
        finish(fig, ax, title="whale_curve", xlabel="customer_share", ylabel="value_share")
        fig.savefig(io.BytesIO(), format="png")

    once()
    return median_ms(once, repeat + 2)


def moves(f: Callable[[], object], box, repeat: int) -> dict:
    """A dashboard's slider moves, in this table's column names."""
    m = slider_moves(f, repeat, box)
    return {"full_update_ms": m["median_ms"], "slowest_ms": m["slowest_ms"],
            "full_redraws": m["full_redraws"]}


def widget_table(n: int, repeat: int) -> pd.DataFrame:
    worlds = {}
    for name, kw in (("telecom", {"customers": n}), ("tobacco", {"retailers": n})):
        f = getattr(ck, name, None)
        if callable(f):
            t0 = time.perf_counter()
            try:
                worlds[name] = f(seed=0, **kw)
                print(f"{name}: {n:,} customers generated in {time.perf_counter() - t0:.1f} s")
            except Exception as exc:                       # a generator still being built
                print(f"{name}: not used ({type(exc).__name__}: {exc})")
    if not worlds:
        worlds["synthetic"] = synthetic_base(n)
    floor = figure_floor_ms(repeat)
    rows = []
    for name, base in worlds.items():
        box = ck.widgets.pareto_explorer({name: base})
        v = ck.customer_values(base, "revenue")
        ranked = v.sort_values(ascending=False)            # as the dashboard caches it
        steps = [0.1, 0.2, 0.3, 0.4]

        def move_top(box=box, it=iter(steps * 100)):
            box.top.value = next(it)

        def numbers(ranked=ranked):
            ck.top_share(ranked, 0.2), ck.abc_summary(ranked), ck.gini(ranked)

        rows.append({"widget": "pareto_explorer: move top slider", "world": name,
                     "customers": len(base), "numbers_ms": median_ms(numbers, repeat + 2),
                     **moves(move_top, box, repeat + 2)})
        box = ck.widgets.whale_explorer({name: base})
        profit = ck.customer_values(base, "margin")
        periods = ck.customer_values(base, agg="count")
        costs = np.linspace(0, box.cost.max * 0.8, 7)

        def move_cost(box=box, it=iter(list(costs) * 100)):
            box.cost.value = float(next(it))

        def whale_numbers(profit=profit, periods=periods, c=float(costs[3])):
            ck.whale_summary(profit, cost_to_serve=periods * c)

        rows.append({"widget": "whale_explorer: move cost slider", "world": name,
                     "customers": len(base), "numbers_ms": median_ms(whale_numbers, repeat + 2),
                     **moves(move_cost, box, 2 * len(costs))})     # two sweeps of the slider
    out = pd.DataFrame(rows)
    out["x_figure_floor"] = out["full_update_ms"] / floor
    print(f"figure floor (one-line kit figure built and rendered to PNG): {floor:.1f} ms")
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--customers", type=int, default=1_000_000)
    parser.add_argument("--widget-customers", type=int, default=100_000)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--only", choices=("functions", "widgets"), default=None)
    args = parser.parse_args()
    pd.set_option("display.width", 140)
    if args.only != "widgets":
        ft = function_table(args.customers, args.repeat)
        print("\nEvery function, median of", args.repeat, "runs:\n")
        print(ft.to_string(index=False, float_format=lambda v: f"{v:,.1f}"))
    if args.only != "functions":
        wt = widget_table(args.widget_customers, args.repeat)
        print(f"\nDashboard callbacks at {args.widget_customers:,} customers: median and slowest "
              "of n slider moves, and how many redrew the whole figure (target: median < 100 "
              "ms):\n")
        print(wt.to_string(index=False, float_format=lambda v: f"{v:,.1f}"))


if __name__ == "__main__":
    main()
