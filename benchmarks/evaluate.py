"""Benchmark of casekit.evaluate: every function on 1M retailers, and the two dashboards'
callbacks on 100k retailers.

    .venv/bin/python benchmarks/evaluate.py [--retailers 1000000] [--widget-retailers 100000]
                                            [--weeks 26] [--repeat 3]

Prints two tables. Times are medians of ``--repeat`` runs (wall clock). The ``× sort`` column
divides by the time numpy takes, in the same process, to sort as many float64 values
(``np.sort``): a floor that makes numbers comparable across machines and loads — grading is
ranking, and ranking cannot be much faster than one sort. (Ranking needs the positions, i.e.
``np.argsort``, which on CPUs with SIMD sorting is several times slower than ``np.sort``; its
time is printed as a reference row.) ``× figure floor`` divides a widget
update by the time to build and render to PNG the simplest kit figure (one line) in the same
process.

The function table uses synthetic tobacco-like frames built with numpy (1M retailers, a
``--weeks`` order history with each retailer ordering in a random share of weeks), so it does
not depend on the generator's speed; the widget table uses the real tobacco world
(``ck.tobacco`` at 100k retailers, 52 weeks). A dashboard callback is timed twice: the numbers
only (the pure functions it calls) and the full ``update()``, which also renders the figure to
PNG when it changes.
"""

from __future__ import annotations

import argparse
import io
import time
from typing import Callable

import numpy as np
import pandas as pd
from matplotlib.figure import Figure

import casekit as ck
from _timing import median_ms, slider_moves
from casekit.widgets import evaluate as we

DIMS = ["contribution", "law_abiding", "integrity", "influence"]


def synthetic_frames(n: int, weeks: int, seed: int = 0) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Customers and activity following the tobacco data contract, built with numpy only."""
    rng = np.random.default_rng(seed)
    q = rng.beta(2.0, 2.0, n)                                     # share of weeks ordered
    orders = rng.binomial(weeks, q)
    cid = np.repeat(np.arange(n, dtype=np.int32), orders)
    # distinct order weeks per retailer: rank random keys within each retailer
    key = rng.random(n * weeks).reshape(n, weeks).argsort(axis=1).astype(np.int16) + 1
    take = np.arange(weeks)[None, :] < orders[:, None]
    period = np.sort(np.where(take, key, np.int16(weeks + 1)), axis=1)[take]
    size = rng.lognormal(3.0, 0.8, n)
    cartons = {f"cartons_class{c}": rng.poisson(size[cid] * share).astype(np.int16)
               for c, share in zip(range(1, 6), (0.05, 0.1, 0.45, 0.3, 0.1))}
    activity = pd.DataFrame({"customer_id": cid, "period": period.astype(np.int16), **cartons})
    cols = list(cartons)
    activity["cartons"] = activity[cols].sum(axis=1).astype(np.int16)
    activity["revenue"] = activity[cols].to_numpy() @ np.array([130.0, 85, 50, 25, 10])
    activity["margin"] = 0.12 * activity["revenue"]
    customers = pd.DataFrame({
        "customer_id": np.arange(n, dtype=np.int32),
        "format_class": pd.Categorical(rng.choice(
            ["supermarket_department", "catering_leisure", "grocery_convenience"], n,
            p=[0.08, 0.1, 0.82])),
        "region": pd.Categorical(rng.choice(["urban", "rural"], n, p=[0.6, 0.4])),
        "foot_traffic": rng.lognormal(5, 1, n).astype(np.int32),
        "location_score": rng.integers(0, 101, n).astype(np.int8),
        "licence_violations": rng.poisson(0.1, n).astype(np.int8),
        "late_payments": rng.poisson(0.8, n).astype(np.int16),
        "orders": orders.astype(np.int16),
        "order_honesty": rng.beta(20, 1, n).astype(np.float32),
    })
    return customers, activity


def figure_floor_ms(repeat: int) -> float:
    def simplest() -> None:
        fig = Figure(figsize=(6.4, 3.0), layout="constrained")
        ax = fig.subplots()
        ax.plot([0, 1], [0, 1])
        fig.savefig(io.BytesIO(), format="png", dpi=72)
    simplest()
    return median_ms(simplest, repeat)


def function_table(n: int, weeks: int, repeat: int) -> pd.DataFrame:
    t0 = time.perf_counter()
    customers, activity = synthetic_frames(n, weeks)
    frames = (customers, activity)
    print(f"synthetic tobacco frames: {n:,} retailers, {len(activity):,} order rows over "
          f"{weeks} weeks ({time.perf_counter() - t0:.1f} s to build)")
    rng = np.random.default_rng(1)
    raw = pd.DataFrame(rng.lognormal(0, 1, (n, 4)), columns=DIMS)
    crit = ck.normalise(raw, "rank")
    weights = dict(zip(DIMS, (0.4, 0.2, 0.2, 0.2)))
    score = ck.weighted_score(crit, weights)
    region = customers["region"]
    groups = [customers["format_class"], region]
    membership = ck.triangular_membership(crit)
    g1 = ck.grade(score, "thirty")
    g2 = ck.grade(pd.Series(rng.permutation(score.to_numpy())), "thirty")
    house = ck.pairwise_matrix(list("abcdefgh"), [5, 3, 7, 6, 6, 1 / 3, 1 / 4, 1 / 3, 5, 3, 3,
                                                  1 / 5, 1 / 7, 6, 3, 4, 6, 1 / 5, 1 / 3, 1 / 4,
                                                  1 / 7, 1 / 8, 1 / 2, 1 / 5, 1 / 6, 1 / 5,
                                                  1 / 6, 1 / 2])
    values = rng.random(n)
    sort_ms = median_ms(lambda: np.sort(values), repeat)
    cases: list[tuple[str, Callable[[], object]]] = [
        ("normalise minmax (4 criteria)", lambda: ck.normalise(raw)),
        ("normalise rank (4 criteria)", lambda: ck.normalise(raw, "rank")),
        ("normalise rank within format × region",
         lambda: ck.normalise(raw, "rank", by=groups)),
        ("weighted_score (4 criteria)", lambda: ck.weighted_score(crit, weights)),
        ("ahp (8 × 8, Saaty's house)", lambda: ck.ahp(house)),
        ("triangular_membership (4 × 4 grades)", lambda: ck.triangular_membership(crit)),
        ("fuzzy_evaluate M(·,+)", lambda: ck.fuzzy_evaluate(weights, membership)),
        ("fuzzy_evaluate M(∧,∨)", lambda: ck.fuzzy_evaluate(weights, membership,
                                                            operator="max_min")),
        ("grade quantile, 5 bands", lambda: ck.grade(score, bands=5)),
        ("grade thirty (30 档位)", lambda: ck.grade(score, "thirty")),
        ("grade thirty by format × region", lambda: ck.grade(score, "thirty", by=groups)),
        ("grade thresholds", lambda: ck.grade(score, "thresholds", [0.3, 0.5, 0.7])),
        ("transition_matrix (30 × 30)", lambda: ck.transition_matrix(g1, g2)),
        ("grade_moves", lambda: ck.grade_moves(g1, g2)),
        ("tobacco_criteria", lambda: ck.tobacco_criteria(frames)),
        ("tobacco_grading", lambda: ck.tobacco_grading(frames)),
        ("tobacco_grading, fuzzy", lambda: ck.tobacco_grading(frames, scoring="fuzzy")),
        (f"regrade every 13 weeks ({-(-weeks // 13)} windows)",
         lambda: ck.regrade(frames, every=13, periods=weeks)),
    ]
    rows = []
    for name, f in cases:
        f()                                              # warm up
        ms = median_ms(f, repeat)
        rows.append({"function": name, "rows": n, "median_ms": round(ms, 1),
                     "× sort": round(ms / sort_ms, 1)})
        print(f"  {name:45s} {ms:9.1f} ms", flush=True)
    rows.append({"function": "(baseline) np.sort of as many float64", "rows": n,
                 "median_ms": round(sort_ms, 1), "× sort": 1.0})
    argsort_ms = median_ms(lambda: np.argsort(values), repeat)
    rows.append({"function": "(reference) np.argsort of as many float64", "rows": n,
                 "median_ms": round(argsort_ms, 1), "× sort": round(argsort_ms / sort_ms, 1)})
    return pd.DataFrame(rows)


def timed_moves(f: Callable[[], object], repeat: int, floor: float, box=None) -> dict:
    """Median and slowest of ``repeat`` calls (ms), full redraws of ``box``, × figure floor."""
    m = slider_moves(f, repeat, box)
    return {"median_ms": round(m["median_ms"], 1), "slowest_ms": round(m["slowest_ms"], 1),
            "full_redraws": m["full_redraws"], "× figure floor": round(m["median_ms"] / floor, 2)}


def widget_table(n: int, repeat: int) -> pd.DataFrame:
    t0 = time.perf_counter()
    base = ck.tobacco(retailers=n, weeks=52, seed=0)
    print(f"tobacco world: {n:,} retailers ({time.perf_counter() - t0:.1f} s to generate)")
    floor = figure_floor_ms(repeat)
    rows = []

    t0 = time.perf_counter()
    dash = we.grading_dashboard(base)
    print(f"grading_dashboard built in {time.perf_counter() - t0:.1f} s (criteria computed "
          "once)")
    within = ck.tobacco_criteria(base, by=("format_class", "region"))[DIMS].to_numpy()
    pooled = ck.tobacco_criteria(base, by=("format_class",))[DIMS].to_numpy()
    fclass = base.customers["format_class"]
    region = base.customers["region"]
    positions = iter(np.tile([0.1, 0.3, 0.5, 0.7, 0.9, 0.6, 0.2, 0.8], 100))

    for separate, crit, groups in ((True, within, [fclass, region]),
                                   (False, pooled, [fclass])):
        dash.separate.value = separate
        w = np.array([0.55, 0.15, 0.15, 0.15])

        def numbers(crit=crit, groups=groups) -> None:
            g = ck.grade(pd.Series(crit @ w), "thirty", by=groups)
            np.mean(g.to_numpy() == 15)

        def full() -> None:
            dash.slider.value = float(next(positions))

        mode = "graded within region" if separate else "urban + rural together"
        for what, f in (("numbers only", numbers), ("full update()", full)):
            f()
            rows.append({"callback": f"grading_dashboard, {mode}: {what}", "retailers": n,
                         **timed_moves(f, repeat, floor, dash if f is full else None)})

    builder = we.ahp_builder()
    judgements = [3, 3, 5, 1, 2, 2]
    steps = iter(np.tile([-3, 2, -1, 4, 0, 1], 100))
    for what, f in (("numbers only",
                     lambda: ck.ahp(ck.pairwise_matrix(DIMS, judgements))),
                    ("full update()", lambda: setattr(builder.slider, "value",
                                                      int(next(steps))))):
        f()
        rows.append({"callback": f"ahp_builder (4 criteria): {what}", "retailers": 0,
                     **timed_moves(f, repeat, floor, builder if what != "numbers only"
                                   else None)})
    rows.append({"callback": "(baseline) simplest figure → PNG", "retailers": 0,
                 "median_ms": round(floor, 1), "slowest_ms": None, "full_redraws": "",
                 "× figure floor": 1.0})
    return pd.DataFrame(rows)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--retailers", type=int, default=1_000_000)
    parser.add_argument("--widget-retailers", type=int, default=100_000)
    parser.add_argument("--weeks", type=int, default=26)
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    pd.set_option("display.width", 140)
    funcs = function_table(args.retailers, args.weeks, args.repeat)
    print()
    print(funcs.to_string(index=False))
    print()
    widgets_ = widget_table(args.widget_retailers, max(args.repeat, 7))
    print()
    print(widgets_.to_string(index=False))


if __name__ == "__main__":
    main()
