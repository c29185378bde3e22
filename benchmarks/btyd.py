"""Benchmark the buy-till-you-die fits against lifetimes 0.11.3, side by side.

lifetimes is archived and needs old numpy/pandas/scipy, so it runs in ITS OWN virtual
environment (never a casekit dependency), started as a subprocess on the same data:

    python3 -m venv /tmp/lifetimes-venv
    /tmp/lifetimes-venv/bin/pip install "numpy<2" "pandas<2.1" "scipy<1.12" autograd dill \\
        lifetimes==0.11.3

Data: 2,357 = the real CDNOW summary (tests/data); 100k and 1M customers simulated under
the CDNOW BG/NBD (and Gamma-Gamma) parameters, continuous time (T in 27–39 weeks) or a weekly
log (times rounded to whole weeks: many identical histories); BG/BB simulated under the
donations parameters with 6 opportunities (the donations design) and with 52 weekly ones
(lifetimes' BG/BB returns NaN there); MBG/CNBD-k (k estimated; lifetimes has no such model)
on regular buyers simulated with k = 2, continuous and with purchase times rounded up to
whole weeks (litt kept from the exact gaps). Both libraries get the same rows; for the BG/BB
both get them compressed with weights (lifetimes' documented input), and the row
``bgbb_rows`` times casekit on the raw rows (compressing them itself).

Prints one row per (model, data, size): casekit median (``--repeats``), lifetimes median,
the ratio lifetimes/casekit, the same ratio in CPU time (process time of the fit alone:
steadier than wall time when other jobs share the machine), and the largest relative
difference of the parameters. Run:
``.venv/bin/python benchmarks/btyd.py [--repeats 3] [--sizes 2357,100000,1000000]``.
No timing asserts anywhere.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import numpy as np
import pandas as pd

sys.path.insert(0, str(Path(__file__).resolve().parent))
from _timing import median_ms  # noqa: E402

import casekit as ck  # noqa: E402

ROOT = Path(__file__).resolve().parents[1]
LIFETIMES_PYTHON = os.environ.get("LIFETIMES_PYTHON", "/tmp/lifetimes-venv/bin/python")

# runs inside the lifetimes venv: fit one model on the saved arrays, report times and params
_LIFETIMES_SCRIPT = r"""
import json, sys, time, warnings
import numpy as np
warnings.simplefilter("ignore")
import lifetimes
path, model, repeats = sys.argv[1], sys.argv[2], int(sys.argv[3])
d = np.load(path)
times, cpu, params = [], [], None
for _ in range(repeats):
    t, c = time.perf_counter(), time.process_time()
    if model == "bgnbd":
        f = lifetimes.BetaGeoFitter().fit(d["x"], d["tx"], d["T"])
        params = [f.params_[k] for k in ("r", "alpha", "a", "b")]
    elif model == "paretonbd":
        f = lifetimes.ParetoNBDFitter().fit(d["x"], d["tx"], d["T"])
        params = [f.params_[k] for k in ("r", "alpha", "s", "beta")]
    elif model == "mbgnbd":
        f = lifetimes.ModifiedBetaGeoFitter().fit(d["x"], d["tx"], d["T"])
        params = [f.params_[k] for k in ("r", "alpha", "a", "b")]
    elif model == "gammagamma":
        use = d["x"] > 0
        f = lifetimes.GammaGammaFitter().fit(d["x"][use], d["m"][use])
        params = [f.params_[k] for k in ("p", "q", "v")]
    elif model == "bgbb":
        f = lifetimes.BetaGeoBetaBinomFitter().fit(d["ux"], d["utx"], d["un"], weights=d["uw"])
        params = [f.params_[k] for k in ("alpha", "beta", "gamma", "delta")]
    times.append(1000 * (time.perf_counter() - t))
    cpu.append(1000 * (time.process_time() - c))
print(json.dumps({"times": times, "cpu": cpu, "params": [float(p) for p in params]}))
"""


def simulate_bgnbd(n: int, rng, weekly: bool) -> dict:
    """BG/NBD histories under the CDNOW parameters plus Gamma-Gamma mean spends."""
    lam = rng.gamma(0.243, 1 / 4.414, n)
    p = rng.beta(0.793, 2.426, n)
    T = rng.uniform(27, 39, n)
    if weekly:
        T = np.round(T)
    K = rng.geometric(p)
    N = rng.poisson(lam * T)
    x = np.minimum(K, N).astype(float)
    tx = np.where(x > 0, T * rng.beta(np.maximum(x, 1), np.maximum(N - x + 1, 1)), 0.0)
    if weekly:
        tx = np.where(x > 0, np.clip(np.ceil(tx), 1, T), 0.0)
    nu = rng.gamma(3.74, 1 / 15.44, n)
    m = np.where(x > 0, rng.gamma(6.25 * np.maximum(x, 1), 1 / (nu * np.maximum(x, 1))), 0.0)
    if weekly:
        m = np.round(m, 2)
    return {"x": x, "tx": tx, "T": T, "m": np.where(x > 0, np.maximum(m, 0.01), 0.0)}


def cdnow() -> dict:
    s = pd.read_csv(ROOT / "tests/data/cdnow_customers_summary_with_transactions.csv")
    return {"x": s["x"].to_numpy(float), "tx": s["t_x"].to_numpy(float),
            "T": s["T"].to_numpy(float), "m": s["zbar"].to_numpy(float)}


def simulate_bgbb(n: int, rng, periods: int = 52) -> dict:
    """BG/BB: buy with probability p in each opportunity while alive; die at the start of
    an opportunity with probability θ (donations parameters)."""
    p = rng.beta(1.204, 0.750, n)
    theta = rng.beta(0.657, 2.783, n)
    death = rng.geometric(theta)                 # first opportunity at which the donor is dead
    x = np.zeros(n)
    tx = np.zeros(n)
    for t in range(1, periods + 1):
        buy = (t < death) & (rng.random(n) < p)
        x += buy
        tx = np.where(buy, t, tx)
    return {"x": x, "tx": tx, "T": np.full(n, float(periods))}


def simulate_regular(n: int, rng, k: int = 2) -> dict:
    """MBG/CNBD-k histories (Erlang-k gaps) with litt, T in 27–39 weeks."""
    lam = rng.gamma(1.5, 1 / 3.0, n)
    p = rng.beta(0.8, 3.0, n)
    T = rng.uniform(27, 39, n)
    x, tx, litt, clock = np.zeros(n), np.zeros(n), np.zeros(n), np.zeros(n)
    alive = rng.random(n) > p
    while alive.any():
        gap = np.zeros(n)
        gap[alive] = rng.gamma(k, 1 / lam[alive])
        clock += gap
        buy = alive & (clock <= T)
        x[buy] += 1
        tx[buy] = clock[buy]
        litt[buy] += np.log(gap[buy])
        alive = buy & (rng.random(n) > p)
    return {"x": x, "tx": tx, "T": T, "litt": litt}


def _compressed(data: dict) -> dict:
    """Distinct (x, t_x, n) rows with their counts: the BG/BB input both libraries get."""
    keys = pd.DataFrame({"x": data["x"], "tx": data["tx"], "n": data["T"]})
    grouped = keys.value_counts().reset_index(name="w")
    return {"ux": grouped["x"].to_numpy(float), "utx": grouped["tx"].to_numpy(float),
            "un": grouped["n"].to_numpy(float), "uw": grouped["w"].to_numpy(float)}


def run_lifetimes(data: dict, model: str, repeats: int, timeout: float) -> dict | None:
    """Time lifetimes in its own venv; None when it is not installed, {'timeout': s} when
    it takes longer than ``timeout`` seconds."""
    if not Path(LIFETIMES_PYTHON).exists():
        return None
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "data.npz"
        np.savez(path, **data)
        try:
            out = subprocess.run([LIFETIMES_PYTHON, "-c", _LIFETIMES_SCRIPT, str(path), model,
                                  str(repeats)], capture_output=True, text=True,
                                 timeout=timeout, check=True)
        except subprocess.TimeoutExpired:
            return {"timeout": timeout}
        except subprocess.CalledProcessError as err:
            return {"error": err.stderr.strip().splitlines()[-1] if err.stderr else "failed"}
    return json.loads(out.stdout.strip().splitlines()[-1])


def casekit_fit(data: dict, model: str):
    x, tx, T = data["x"], data["tx"], data["T"]
    if model == "bgnbd":
        f = ck.BetaGeo().fit(x, tx, T)
        return [f.r, f.alpha, f.a, f.b]
    if model == "paretonbd":
        f = ck.ParetoNBD().fit(x, tx, T)
        return [f.r, f.alpha, f.s, f.beta]
    if model == "mbgnbd":
        f = ck.MBGCNBD(k=1).fit(x, tx, T)
        return [f.r, f.alpha, f.a, f.b]
    if model == "mbgcnbd":
        f = ck.MBGCNBD().fit(x, tx, T, data["litt"])
        return [f.r, f.alpha, f.a, f.b, f.k]
    if model == "gammagamma":
        f = ck.GammaGamma().fit(x, data["m"])
        return [f.p, f.q, f.gamma]
    if model == "bgbb":
        f = ck.BetaGeoBetaBinom().fit(data["ux"], data["utx"], data["un"], weights=data["uw"])
        return [f.alpha, f.beta, f.gamma, f.delta]
    if model == "bgbb_rows":
        f = ck.BetaGeoBetaBinom().fit(x, tx, T)
        return [f.alpha, f.beta, f.gamma, f.delta]
    raise ValueError(model)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeats", type=int, default=3)
    parser.add_argument("--sizes", default="2357,100000,1000000")
    parser.add_argument("--timeout", type=float, default=300.0,
                        help="seconds before a lifetimes fit is given up")
    parser.add_argument("--models",
                        default="bgnbd,paretonbd,mbgnbd,gammagamma,bgbb,bgbb_rows,mbgcnbd")
    args = parser.parse_args()
    sizes = [int(s) for s in args.sizes.split(",")]
    wanted = args.models.split(",")
    rng = np.random.default_rng(2357)
    print(f"load average: {' '.join(f'{v:.2f}' for v in os.getloadavg())}; "
          f"lifetimes: {LIFETIMES_PYTHON if Path(LIFETIMES_PYTHON).exists() else 'not found'}",
          flush=True)
    head = (f"{'model':12s} {'data':10s} {'customers':>10s} {'casekit ms':>11s} "
            f"{'lifetimes ms':>13s} {'lt/ck':>7s} {'cpu':>7s} {'max rel. diff':>14s}")
    print(head)
    print("-" * len(head), flush=True)
    for size in sizes:
        sets = {}
        for kind in ("continuous", "weekly"):
            sets[kind] = cdnow() if (size == 2357 and kind == "continuous") else \
                simulate_bgnbd(size, rng, kind == "weekly")
        bgbb_6 = simulate_bgbb(size, rng, periods=6)
        bgbb_52 = simulate_bgbb(size, rng, periods=52)
        regular = simulate_regular(size, rng)
        regular_weekly = dict(regular, tx=np.ceil(regular["tx"]), T=np.ceil(regular["T"]))
        jobs = []
        for kind, data in sets.items():
            for model in ("bgnbd", "paretonbd", "mbgnbd", "gammagamma"):
                jobs.append((model, kind, data))
        for kind, data in (("6 periods", bgbb_6), ("52 weeks", bgbb_52)):
            jobs.append(("bgbb", kind, dict(data, **_compressed(data))))
            jobs.append(("bgbb_rows", kind, data))
        jobs.append(("mbgcnbd", "continuous", regular))  # no lifetimes counterpart
        jobs.append(("mbgcnbd", "weekly", regular_weekly))
        for model, kind, data in jobs:
            if model not in wanted:
                continue
            t0, c0 = time.perf_counter(), time.process_time()
            ours = casekit_fit(data, model)
            first_ms = 1000 * (time.perf_counter() - t0)
            cpu_ck = 1000 * (time.process_time() - c0)
            # above 100k customers one fit is the measurement (a Pareto/NBD fit on a million
            # continuous histories takes minutes); below, the median of ``--repeats`` more
            t_ck = first_ms if size > 100_000 else median_ms(lambda: casekit_fit(data, model),
                                                             args.repeats)
            reps = args.repeats if size <= 100_000 else 1
            lt = None
            if model not in ("mbgcnbd", "bgbb_rows"):
                payload = {k: data[k] for k in ("ux", "utx", "un", "uw")} if model == "bgbb" \
                    else data
                lt = run_lifetimes(payload, model, 1 if size > 100_000 else reps, args.timeout)
            cpu_ratio = "—"
            if lt is None:
                lt_ms, ratio, diff = "—", "—", "—"
            elif "timeout" in lt:
                lt_ms, ratio, diff = f">{lt['timeout'] * 1000:,.0f}", \
                    f">{lt['timeout'] * 1000 / t_ck:.0f}", "—"
            elif "error" in lt:
                lt_ms, ratio, diff = "error", "—", lt["error"][:30]
            else:
                t_lt = float(np.median(lt["times"]))
                rel = np.max(np.abs(np.array(ours[:len(lt["params"])]) - lt["params"])
                             / np.abs(lt["params"]))
                lt_ms, ratio, diff = f"{t_lt:,.0f}", f"{t_lt / t_ck:.1f}", f"{rel:.1e}"
                if "cpu" in lt:            # first fit against first fit (one each above 100k)
                    cpu_ratio = f"{lt['cpu'][0] / max(cpu_ck, 1e-3):.1f}"
            label = model + (f" k={ours[-1]}" if model == "mbgcnbd" else "")
            print(f"{label:12s} {kind:10s} {size:>10,} {t_ck:11,.0f} {lt_ms:>13s} {ratio:>7s} "
                  f"{cpu_ratio:>7s} {diff:>14s}", flush=True)


if __name__ == "__main__":
    main()
