"""Benchmark the world generators: time and peak memory against numpy's random-number floor.

For each world and size, a fresh subprocess (so peak memory is that run's own):

1. generates the base ``repeats`` times and keeps the median time (wall clock and CPU);
2. counts the random variates the generator drew (every ``numpy.random.Generator`` the
   generator uses is wrapped by a counting proxy; the count is of values returned);
3. in the same process, times numpy drawing that many standard-normal float64 variates
   (in blocks of 10 M) — the *floor*: no generator can be faster than drawing its randomness;
4. reports the peak resident memory of the process (``resource.getrusage``: Python, numpy and
   pandas included) after the generation runs.

Target (issue 3): within 4× of the floor, and under 3 GB at 1 M telecom customers × 24 months.
The machine may be shared: CPU time is the fairer ratio; wall time is shown too.

On some virtual machines the first write to freshly allocated memory is slow when numpy asks
the kernel for huge pages (it does for large arrays); the 1 M telecom run then spends up to a
second just touching its ~740 MB of output. ``NUMPY_MADVISE_HUGEPAGE=0`` switches that off to
see the difference; the numbers reported for the issue use numpy's default.

Run::

    .venv/bin/python benchmarks/generate.py                      # 10k, 100k, 1M; both worlds
    .venv/bin/python benchmarks/generate.py --sizes 10000 100000 --worlds telecom
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys

PERIODS = {"telecom": 24, "tobacco": 52}

CHILD = r'''
import json, resource, statistics, sys, time
import numpy as np
import importlib
from casekit.generate import _draws
from casekit.generate.classpack import generate_world

world, size, periods, repeats = sys.argv[1], int(sys.argv[2]), int(sys.argv[3]), int(sys.argv[4])
counter = {"n": 0}
original = _draws.stream


class Counting:
    """Forward every call to a Generator and count the values it returns."""
    def __init__(self, gen):
        self._gen = gen
    def __getattr__(self, name):
        attr = getattr(self._gen, name)
        if not callable(attr):
            return attr
        def call(*args, **kwargs):
            out = attr(*args, **kwargs)
            counter["n"] += int(np.size(out))
            return out
        return call


def counting_stream(seed, name, period=None):
    return Counting(original(seed, name, period))


module = importlib.import_module(f"casekit.generate.{world}")
wall, cpu = [], []
for i in range(repeats):
    counting = i == 0
    if counting:                                   # count on the first run only
        _draws.stream = counting_stream
        if getattr(module, "stream", None) is original:
            module.stream = counting_stream
    w0, c0 = time.perf_counter(), time.process_time()
    base = generate_world(world, size, periods, seed=i)
    wall.append(time.perf_counter() - w0)
    cpu.append(time.process_time() - c0)
    _draws.stream = original
    if getattr(module, "stream", None) is counting_stream:
        module.stream = original
    rows = len(base.activity)
    del base
peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024      # Linux: KiB
variates = counter["n"]
rng = np.random.default_rng(12345)
fw, fc = [], []
for _ in range(repeats):
    w0, c0 = time.perf_counter(), time.process_time()
    left = variates
    while left > 0:
        k = min(left, 10_000_000)
        rng.standard_normal(k)
        left -= k
    fw.append(time.perf_counter() - w0)
    fc.append(time.process_time() - c0)
print(json.dumps({"rows": rows, "variates": variates, "wall": statistics.median(wall),
                  "cpu": statistics.median(cpu), "floor_wall": statistics.median(fw),
                  "floor_cpu": statistics.median(fc), "peak_bytes": peak}))
'''


def run(world: str, size: int, periods: int, repeats: int) -> dict:
    done = subprocess.run([sys.executable, "-c", CHILD, world, str(size), str(periods),
                           str(repeats)], capture_output=True, text=True)
    if done.returncode != 0:
        raise RuntimeError(f"{world} {size}: child failed\n{done.stderr}")
    return json.loads(done.stdout.strip().splitlines()[-1])


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--sizes", type=int, nargs="+", default=[10_000, 100_000, 1_000_000])
    ap.add_argument("--worlds", nargs="+", default=["telecom", "tobacco"],
                    choices=sorted(PERIODS))
    ap.add_argument("--repeats", type=int, default=3,
                    help="runs per size below 1M (median); 1M runs once")
    args = ap.parse_args(argv)
    head = (f"{'world':8s} {'customers':>10s} {'periods':>7s} {'rows':>11s} {'variates':>12s} "
            f"{'wall s':>7s} {'cpu s':>7s} {'floor cpu s':>11s} {'× floor cpu':>11s} "
            f"{'× floor wall':>12s} {'peak MB':>8s}")
    print(head)
    print("-" * len(head))
    for world in args.worlds:
        for size in args.sizes:
            reps = 1 if size >= 1_000_000 else args.repeats
            r = run(world, size, PERIODS[world], reps)
            print(f"{world:8s} {size:>10,d} {PERIODS[world]:>7d} {r['rows']:>11,d} "
                  f"{r['variates']:>12,d} {r['wall']:>7.2f} {r['cpu']:>7.2f} "
                  f"{r['floor_cpu']:>11.2f} {r['cpu'] / r['floor_cpu']:>11.1f} "
                  f"{r['wall'] / r['floor_wall']:>12.1f} {r['peak_bytes'] / 1e6:>8.0f}",
                  flush=True)
    print("\nfloor = numpy drawing the same number of standard-normal variates in the same "
          "process; peak = the process's peak resident memory (Python, numpy, pandas "
          "included). Target: ≤ 4× floor, < 3 GB at 1M telecom.")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
