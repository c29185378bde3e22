"""Benchmark ck.play_forward against the generator's own time for the same customer-periods.

For each world (telecom: 100k customers observed 12 months, played 12 more; tobacco: 100k
retailers observed 26 weeks, played 26 more):

1. ``generate k`` — the generator's time for the same number of customer-periods:
   ``ck.telecom(customers, months=k)`` from scratch (median of repeats);
2. ``no plan`` — ``play_forward(base, periods=k)`` (one simulation: both arms are the same);
3. ``with plan`` — ``play_forward(base, plan, periods=k)`` (two arms on common random
   numbers) with a plan that touches every tier;

and the ratio of (3) to (1). Target (issue 13): both arms within 2.5× of generating those
periods once. A last row times the decision lab's Play (``play_forward`` + ``summary`` +
``over_time``) at 10,000 customers (target < 1 s), and its live forecast on a slider move
(``what_if`` of the programme being set, shown before Play) at a class pack's 2,000 customers
and at 10,000 (target < 100 ms at class size).

Run::

    .venv/bin/python benchmarks/play_forward.py
    .venv/bin/python benchmarks/play_forward.py --size 20000 --repeats 3
"""

from __future__ import annotations

import argparse
import statistics
import time

import casekit as ck


def _median(fn, repeats: int) -> float:
    times = []
    for _ in range(repeats):
        t0 = time.perf_counter()
        fn()
        times.append(time.perf_counter() - t0)
    return statistics.median(times)


def _plans(world: str):
    if world == "telecom":
        return ck.Plan(ck.Scenario("key care", target="key", retention_uplift=0.3,
                                   uplift_kind="churn", cost_per_customer=200),
                       ck.AccountHours({"normal": 200.0, "small": 100.0}))
    return ck.Plan(ck.ServicePackage({"key": "standard", "normal": "basic"}),
                   ck.SupplyAllocation({"key": 0.5}))


def run(world: str, size: int, observed: int, played: int, repeats: int) -> dict:
    make = ck.telecom if world == "telecom" else ck.tobacco
    base = make(size, observed, seed=1)
    gen = _median(lambda: make(size, played, seed=1), repeats)
    plan = _plans(world)
    t_none = _median(lambda: ck.play_forward(base, periods=played), repeats)
    t_plan = _median(lambda: ck.play_forward(base, plan, periods=played).summary(), repeats)
    return dict(world=world, size=size, played=played, generate=gen, none=t_none,
                plan=t_plan)


def play_button(size: int, repeats: int) -> tuple[float, float]:
    """The decision lab's Play: the engine alone (play_forward + summaries), and the whole
    button press (``box.press()``: plan, play_forward, the figure)."""
    base = ck.telecom(size, 24, seed=2)
    plan = ck.Plan(ck.Scenario("key care", target="key", retention_uplift=0.3,
                               uplift_kind="churn", cost_per_customer=200),
                   ck.AccountHours(100.0, split={"normal": 0.5, "small": 0.5}))

    def engine():
        out = ck.play_forward(base, plan, periods=12)
        out.summary()
        out.summary(by="tier")
        out.over_time()
    box = ck.widgets.decision_lab(base)
    box.press()                                   # warm: fonts, first figure
    return _median(engine, repeats), _median(box.press, repeats)


def forecast_move(size: int, repeats: int) -> tuple[float, float]:
    """The decision lab's live forecast: one slider move (the churn cut) redraws the what_if
    forecast. Returns (median, slowest) seconds over ``repeats`` moves."""
    base = ck.telecom(size, 24, seed=2)
    box = ck.widgets.decision_lab(base)
    values = [0.35, 0.4, 0.45, 0.5]
    times = []
    for i in range(repeats):
        t0 = time.perf_counter()
        box.cut.value = values[i % len(values)]        # the observer redraws the forecast
        times.append(time.perf_counter() - t0)
    return statistics.median(times), max(times)


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--size", type=int, default=100_000)
    ap.add_argument("--repeats", type=int, default=3)
    args = ap.parse_args(argv)
    head = (f"{'world':8s} {'customers':>10s} {'played':>6s} {'generate k s':>12s} "
            f"{'no plan s':>9s} {'with plan s':>11s} {'plan/generate':>13s}")
    print(head)
    print("-" * len(head))
    for world, observed, played in (("telecom", 12, 12), ("tobacco", 26, 26)):
        r = run(world, args.size, observed, played, args.repeats)
        print(f"{world:8s} {r['size']:>10,d} {played:>6d} {r['generate']:>12.3f} "
              f"{r['none']:>9.3f} {r['plan']:>11.3f} {r['plan'] / r['generate']:>13.2f}",
              flush=True)
    engine, press = play_button(10_000, args.repeats)
    print(f"\ndecision lab at 10,000 customers: engine (play 12 months + summaries) "
          f"{engine:.3f} s; whole Play press (with the figure) {press:.3f} s "
          "(target < 1 s)")
    for size in (2_000, 10_000):
        med, slowest = forecast_move(size, max(args.repeats, 8))
        print(f"decision lab live forecast at {size:,} customers, one slider move: median "
              f"{1000 * med:.0f} ms, slowest {1000 * slowest:.0f} ms (target < 100 ms at "
              "2,000)")
    print("generate k = the generator making the same customer-periods from scratch; no plan "
          "= play_forward without a plan (one simulation); with plan = both arms + summary(). "
          "Target: with plan ≤ 2.5 × generate k.")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
