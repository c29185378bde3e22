"""Shared random building blocks for the synthetic worlds (telecom, tobacco).

Everything a generator needs besides its own story:

* **Validation** — re-exported from :mod:`casekit.generate.limits` (:func:`check_seed`,
  :func:`check_size`, :func:`check_memory`, :func:`check_params`; the size limits).
* **Random streams** — :func:`streams` gives one independent ``numpy.random.Generator`` per
  *named* component. The child seed is derived from ``(seed, name)`` only, so adding a new
  component (a new column) never changes the numbers of the others.
* **Heterogeneity** — :func:`beta_mean`, :func:`gamma_mean`, :func:`lognormal_mean`,
  :func:`pareto_tail`, :func:`choose` (categorical draws with per-row probabilities).
* **Processes** — :func:`first_event` (the period of the first event given per-period hazards),
  :func:`rows_from_counts` (customer × period rows for the active months).
* **Value** — :func:`per_period_rate`, :func:`discount_factor`, :func:`geometric_blocks_sum`
  (exact sums of piecewise-geometric cash flows, the closed form behind ``true_clv``),
  :func:`value_tiers` (the course pyramid: key 10 %, normal 30 %, small 60 %).
* **Output** — :func:`categorical`, :func:`progress`.

Example
-------
>>> rng = streams(7, ["lines", "churn"])
>>> sorted(rng)
['churn', 'lines']
>>> a = streams(7, ["lines"])["lines"].random()
>>> b = streams(7, ["churn", "lines", "anything_new"])["lines"].random()
>>> a == b          # the 'lines' stream does not depend on which other streams exist
True
"""

from __future__ import annotations

import hashlib
from contextlib import contextmanager
from typing import Any, Iterable, Iterator, Sequence

import numpy as np
import pandas as pd

from .limits import (BYTES_PER_CUSTOMER_PERIOD, MAX_CUSTOMERS, MAX_PERIODS,  # noqa: F401
                     MEMORY_BUDGET, check_memory, check_params, check_seed, check_shares_sum,
                     check_size)

__all__: list[str] = []  # internal helpers; not part of the flat casekit API

# --------------------------------------------------------------------------------------------
# Random streams
# --------------------------------------------------------------------------------------------


def _name_key(name: str) -> int:
    """A stable 64-bit integer for a component name (same on every machine and run)."""
    return int.from_bytes(hashlib.sha256(name.encode("utf-8")).digest()[:8], "little")


def stream(seed: int, name: str, period: int | None = None) -> np.random.Generator:
    """One random generator for component ``name``, derived from ``seed`` and the name only.

    Implementation: ``SeedSequence(seed, spawn_key=(k,))`` with ``k`` the first 8 bytes of
    SHA-256(name) — the same mechanism as ``SeedSequence.spawn``, keyed by name instead of by
    position. Bit generator: PCG64.

    With ``period`` (a whole number ≥ 1) the stream is the child ``spawn_key=(k, period)``:
    one stream per component *and period*. The draws of period t then never depend on how
    many periods are generated, which is what lets a world be continued (``play_forward``)
    exactly as a longer generation would have continued it.
    """
    key = (_name_key(name),) if period is None else (_name_key(name), int(period))
    seq = np.random.SeedSequence(check_seed(seed), spawn_key=key)
    return np.random.Generator(np.random.PCG64(seq))


def period_streams(seed: int, name: str, first: int, last: int) -> list[np.random.Generator]:
    """``[stream(seed, name, t) for t in first..last]``: a component's per-period streams.

    Each stream is consumed in customer order (customer i's draw of period t is the i-th value
    of that period's stream), so a customer's draws do not depend on the horizon, nor on which
    other customers are still active — the common random numbers of ``play_forward``.
    """
    return [stream(seed, name, t) for t in range(first, last + 1)]


def fill_periods(gens: Sequence[np.random.Generator], out: np.ndarray, kind: str = "random"
                 ) -> np.ndarray:
    """Fill row j of ``out`` (periods × customers, float32) from ``gens[j]``.

    ``kind``: ``"random"`` (uniform on [0, 1)) or ``"normal"`` (standard normal). Consuming each
    stream block after block gives the same numbers as one draw over all customers.
    """
    for j, gen in enumerate(gens):
        if kind == "random":
            gen.random(dtype=np.float32, out=out[j])
        else:
            gen.standard_normal(dtype=np.float32, out=out[j])
    return out


def poisson_from_uniform(u: np.ndarray, lam: np.ndarray, cap: int = 127) -> np.ndarray:
    """Poisson(λ) counts by the inverse CDF of the uniforms ``u`` (int8, capped at ``cap``).

    K = the number of k ≥ 0 with F(k) ≤ u, F the Poisson(λ) CDF (``lam`` broadcasts against
    ``u``). Most counts of a small λ are 0, decided by one comparison with e^(−λ); only the
    rest walk up the CDF. One uniform per count keeps a customer's count of a period tied to
    that customer's own draw (common random numbers).
    """
    lam = np.broadcast_to(np.asarray(lam, dtype=float), u.shape)
    cdf = np.exp(-lam)
    k = (u >= cdf).astype(np.int8)
    idx = np.flatnonzero(k.ravel())
    if idx.size:
        lam_i = lam.ravel()[idx]
        u_i = u.ravel()[idx]
        pk = cdf.ravel()[idx].copy()
        c_i = pk.copy()
        j = 0
        kk = k.ravel()
        while idx.size and j < cap - 1:
            j += 1
            pk *= lam_i / j
            c_i += pk
            more = u_i >= c_i
            if not more.any():
                break
            idx, lam_i, u_i, pk, c_i = idx[more], lam_i[more], u_i[more], pk[more], c_i[more]
            kk[idx] += 1
        k = kk.reshape(u.shape)
    return k


def streams(seed: int, names: Iterable[str]) -> dict[str, np.random.Generator]:
    """A dict ``{name: Generator}``: one independent stream per component (see :func:`stream`).

    Use one stream per column or process (``"lines"``, ``"churn"``, …) so that a new column
    drawn from a new stream leaves every existing column unchanged.
    """
    names = list(names)
    if len(set(names)) != len(names):
        raise ValueError(f"streams: duplicate component names in {names}")
    return {n: stream(seed, n) for n in names}


def stable_seed(*parts: Any) -> int:
    """A seed in [0, 2**31) derived from ``parts`` with SHA-256 (stable across machines).

    Used for class packs: ``stable_seed(course_seed, student_id)``.

    >>> stable_seed(2025, "s001") == stable_seed(2025, "s001")
    True
    """
    text = "\x1f".join(str(p) for p in parts)
    return int.from_bytes(hashlib.sha256(text.encode("utf-8")).digest()[:4], "big") & 0x7FFFFFFF


# --------------------------------------------------------------------------------------------
# Heterogeneity
# --------------------------------------------------------------------------------------------


def beta_params(mean: Any, concentration: Any, extra_b: Any = 0.0) -> tuple[np.ndarray, np.ndarray]:
    """Beta shape parameters (a, b) with the given ``mean`` and ``concentration`` a + b.

    ``extra_b`` is added to b afterwards: a customer drawn from Beta(a, b) who has survived
    ``τ`` periods with constant hazard has posterior Beta(a, b + τ) (the shifted-beta-geometric
    model, Fader & Hardie 2007), so ``extra_b=tenure`` draws the hazards of *surviving*
    customers — the churn-prone have already left.
    """
    mean = np.asarray(mean, dtype=float)
    concentration = np.asarray(concentration, dtype=float)
    return mean * concentration, (1.0 - mean) * concentration + np.asarray(extra_b, dtype=float)


def beta_mean(rng: np.random.Generator, mean: Any, concentration: Any, size: int,
              extra_b: Any = 0.0) -> np.ndarray:
    """Draw Beta variates with the given mean and concentration (a + b); see :func:`beta_params`.

    Small concentration = very different customers (polarised); large = all near the mean.
    """
    a, b = beta_params(mean, concentration, extra_b)
    return rng.beta(np.broadcast_to(a, (size,)), np.broadcast_to(b, (size,)))


def gamma_mean(rng: np.random.Generator, mean: Any, shape: float, size: int) -> np.ndarray:
    """Draw Gamma variates with the given ``mean`` and ``shape`` (coefficient of variation
    1/sqrt(shape)): the usual mixing distribution for purchase rates (NBD, Ehrenberg 1959).
    """
    mean = np.asarray(mean, dtype=float)
    return rng.gamma(shape, 1.0, size=size) * (mean / shape)


def lognormal_mean(rng: np.random.Generator, mean: Any, sigma: float, size: int) -> np.ndarray:
    """Draw lognormal variates with arithmetic mean ``mean`` and log-scale spread ``sigma``.

    X = mean · exp(σZ − σ²/2), Z standard normal, so E[X] = mean for every σ (σ = 0 gives the
    constant ``mean``).
    """
    return np.asarray(mean, dtype=float) * np.exp(sigma * rng.standard_normal(size)
                                                  - 0.5 * sigma * sigma)


def pareto_tail(rng: np.random.Generator, minimum: float, tail_index: float, size: int,
                cap: float | None = None) -> np.ndarray:
    """Draw Pareto (type I) variates ≥ ``minimum`` with tail index α, optionally capped.

    Inverse CDF: X = minimum · U^(−1/α), U uniform on (0, 1]. P(X > x) = (minimum/x)^α;
    α ≤ 2 gives the heavy tail of firm sizes (Axtell 2001: α ≈ 1). ``tail_index=inf`` gives
    the constant ``minimum``.
    """
    u = 1.0 - rng.random(size)                      # in (0, 1]
    inv = 0.0 if np.isinf(tail_index) else 1.0 / tail_index
    x = minimum * u ** (-inv)
    return np.minimum(x, cap) if cap is not None else x


def choose(rng: np.random.Generator, probs: np.ndarray, size: int | None = None,
           groups: np.ndarray | None = None) -> np.ndarray:
    """Category codes drawn with probabilities ``probs`` (inverse CDF, one uniform per draw).

    Three forms:

    * ``probs`` 1-D and ``size``: the same distribution for every draw;
    * ``probs`` 2-D (G × k) and ``groups`` (n group indices in 0..G−1): draw i uses row
      ``groups[i]`` — conditional distributions such as the contract mix by segment, without
      building an n × k matrix;
    * ``probs`` 2-D (n × k) alone: one row of probabilities per draw.

    Rows are normalised to sum to 1. Code j is drawn when cum[j−1] ≤ u < cum[j]. All three
    forms give the same codes for the same probabilities and stream. Returns int8 codes
    (int16 if there are more than 127 categories).
    """
    p = np.asarray(probs, dtype=float)
    k = p.shape[-1]
    dtype = np.int8 if k <= 127 else np.int16
    if groups is not None:
        groups = np.asarray(groups)
        cum = np.cumsum(p, axis=1)
        cum /= cum[:, -1:]
        u = rng.random(groups.size)
        codes = np.zeros(groups.size, dtype=dtype)
        for g in range(p.shape[0]):
            rows = np.flatnonzero(groups == g)
            codes[rows] = _bucket(cum[g], u[rows], dtype)
        return np.minimum(codes, k - 1).astype(dtype, copy=False)
    if p.ndim == 1:
        if size is None:
            raise ValueError("choose: give size= with a 1-D probability vector")
        cum = np.cumsum(p)
        cum /= cum[-1]
        u = rng.random(size)
        return np.minimum(_bucket(cum, u, dtype), k - 1).astype(dtype, copy=False)
    cum = np.cumsum(p, axis=1)
    cum /= cum[:, -1:]
    u = rng.random(p.shape[0])[:, None]
    codes = (u >= cum).sum(axis=1)
    return np.minimum(codes, k - 1).astype(dtype)


def _bucket(cum: np.ndarray, u: np.ndarray, dtype: Any) -> np.ndarray:
    """``np.searchsorted(cum, u, side="right")`` as ``dtype``: the number of entries of ``cum``
    that are ≤ u.

    For a short sorted ``cum`` (the few categories of a draw) one vector comparison per entry
    is several times faster than a binary search per value, and counts the same.
    """
    if cum.size > 16 or np.any(np.diff(cum) < 0):
        return np.searchsorted(cum, u, side="right").astype(dtype)
    count = np.zeros(u.size, dtype=dtype)
    for c in cum:
        count += u >= c
    return count


# --------------------------------------------------------------------------------------------
# Processes
# --------------------------------------------------------------------------------------------


def first_event(hazard: np.ndarray, uniforms: np.ndarray) -> np.ndarray:
    """The first period (counted from 1) in which an event happens, 0 if none.

    ``hazard`` and ``uniforms`` are (customers × periods); an event happens in period t when
    ``uniforms[:, t-1] < hazard[:, t-1]``. Returns int16.
    """
    hit = uniforms < hazard
    any_hit = hit.any(axis=1)
    first = hit.argmax(axis=1) + 1
    return np.where(any_hit, first, 0).astype(np.int16)


def rows_from_counts(counts: np.ndarray, start: np.ndarray | None = None
                     ) -> tuple[np.ndarray, np.ndarray]:
    """Row index and period for ``counts[i]`` consecutive periods of each customer i.

    Returns ``(customer, period)``: customer i repeated ``counts[i]`` times with periods
    ``start[i], start[i]+1, …`` (``start`` defaults to 1). Customer-major order, as in every
    casekit activity table.

    >>> rows_from_counts(np.array([2, 0, 3]))
    (array([0, 0, 2, 2, 2], dtype=int32), array([1, 2, 1, 2, 3], dtype=int16))
    """
    counts = np.asarray(counts, dtype=np.int64)
    customer = np.repeat(np.arange(counts.size, dtype=np.int32), counts)
    offsets = np.cumsum(counts) - counts                       # first row of each customer
    within = np.arange(customer.size, dtype=np.int64) - np.repeat(offsets, counts)
    first = 1 if start is None else np.repeat(np.asarray(start, dtype=np.int64), counts)
    return customer, (within + first).astype(np.int16)


# --------------------------------------------------------------------------------------------
# Value
# --------------------------------------------------------------------------------------------


def per_period_rate(annual_rate: Any, periods_per_year: float) -> np.ndarray:
    """The per-period rate equivalent to an effective annual rate: (1 + a)^(1/k) − 1.

    >>> round(float(per_period_rate(0.10, 12)), 6)
    0.007974
    """
    return np.power(1.0 + np.asarray(annual_rate, dtype=float), 1.0 / periods_per_year) - 1.0


def discount_factor(annual_rate: float, periods_per_year: float) -> float:
    """One period's discount factor δ = (1 + d)^(−1/k) for an effective annual rate d."""
    return float((1.0 + annual_rate) ** (-1.0 / periods_per_year))


def geometric_blocks_sum(first: Any, ratios: Sequence[Any], lengths: Sequence[Any]) -> np.ndarray:
    """Exact sum of a piecewise-geometric sequence (vectorised over customers).

    The sequence starts at ``first``; block j holds ``lengths[j]`` terms and each term of block
    j is followed by one ``ratios[j]`` times as large (so the first term of block j+1 is the
    last term of block j times ``ratios[j]``). The last length may be ``np.inf`` (its ratio
    must then be < 1). Each block contributes start_j · (1 − q_j^n_j) / (1 − q_j)
    (n_j when q_j = 1). This is the closed form behind CLV with a contract period, a growth
    period and a discount rate: every piece is a geometric series.

    >>> float(geometric_blocks_sum(1.0, [0.5], [np.inf]))       # 1 + 1/2 + 1/4 + … = 2
    2.0
    >>> float(geometric_blocks_sum(1.0, [1.0, 0.5], [3, np.inf]))   # 1 + 1 + 1 + (1 + 1/2 + …)
    5.0
    """
    start = np.asarray(first, dtype=float)
    total = np.zeros(np.broadcast(start, *ratios, *lengths).shape)
    for q, n in zip(ratios, lengths):
        q = np.asarray(q, dtype=float)
        n = np.asarray(n, dtype=float)
        inf = np.isinf(n)
        if np.any(inf & (q >= 1.0)):
            raise ValueError("geometric_blocks_sum: an infinite block needs a ratio < 1")
        near_one = np.abs(1.0 - q) < 1e-12
        qn = np.where(inf, 0.0, np.power(q, np.where(inf, 0.0, n)))
        with np.errstate(divide="ignore", invalid="ignore"):
            block = np.where(near_one, np.where(inf, 0.0, n), (1.0 - qn) / (1.0 - q))
        total = total + start * block
        start = start * qn
    return total


#: The course pyramid (服务重点客户, deck 001): top 10 % key, next 30 % normal, rest small.
TIER_NAMES = ("small", "normal", "key")
TIER_SHARES = {"key": 0.10, "normal": 0.30}


def value_tiers(value: Any) -> pd.Categorical:
    """The true value tier by rank of ``value`` (highest first): key, normal, small.

    The top round(10 % · n) customers are "key", the next round(30 % · n) "normal", the rest
    "small"; ties are broken by position (stable sort), so the result is deterministic.
    Returns an ordered categorical with categories ["small", "normal", "key"].
    """
    v = np.asarray(value, dtype=float)
    n = v.size
    n_key = int(round(TIER_SHARES["key"] * n))
    n_normal = int(round((TIER_SHARES["key"] + TIER_SHARES["normal"]) * n)) - n_key
    codes = np.zeros(n, dtype=np.int8)
    if np.isnan(v).any():                          # NaN ranks last: sort it all out
        order = np.argsort(-v, kind="stable")
        codes[order[:n_key]] = 2
        codes[order[n_key:n_key + n_normal]] = 1
    else:                                          # same tiers without a full sort
        codes[_first_ranked(-v, n_key + n_normal)] = 1
        codes[_first_ranked(-v, n_key)] = 2
    return categorical(codes, TIER_NAMES, ordered=True)


def _first_ranked(w: np.ndarray, k: int) -> np.ndarray:
    """Mask of the first ``k`` of ``np.argsort(w, kind="stable")`` (``w`` without NaN).

    These are every w below the k-th smallest value s, then the first (by position) of the
    ones equal to s; ``np.partition`` finds s in linear time instead of sorting.
    """
    mask = np.zeros(w.size, dtype=bool)
    if k >= w.size:
        mask[:] = True
    elif k > 0:
        s = np.partition(w, k - 1)[k - 1]
        mask = w < s
        ties = np.flatnonzero(w == s)
        mask[ties[:k - np.count_nonzero(mask)]] = True
    return mask


# --------------------------------------------------------------------------------------------
# Output
# --------------------------------------------------------------------------------------------


def categorical(codes: np.ndarray, categories: Sequence[str], ordered: bool = False
                ) -> pd.Categorical:
    """A pandas Categorical from integer codes (no string work per row)."""
    return pd.Categorical.from_codes(np.asarray(codes), categories=list(categories),
                                     ordered=ordered)


class _NoBar:
    def update(self, n: int = 1) -> None:
        pass

    def set_postfix_str(self, s: str) -> None:
        pass


@contextmanager
def progress(enabled: bool, total: int, desc: str) -> Iterator[Any]:
    """A tqdm progress bar over ``total`` steps when ``enabled``, else a silent stand-in.

    >>> with progress(False, 3, "telecom") as bar:
    ...     bar.update()
    """
    if not enabled:
        yield _NoBar()
        return
    from tqdm.auto import tqdm

    bar = tqdm(total=total, desc=desc, unit="step")
    try:
        yield bar
    finally:
        bar.close()
