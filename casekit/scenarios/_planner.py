"""The planner: the baseline of one base cached, scenarios valued against it."""

from __future__ import annotations

from typing import Any, Sequence

import numpy as np
import pandas as pd

from ..base import CustomerBase, require_columns
from ..validate import check_number, check_whole
from ._flows import _Group, _flows, _pv
from ._montecarlo import (
    _MC_DRAW_CELLS, _MC_TABLE_CELLS, _churn_rate, estimate_spend_cv, _lifetimes, _mc_tables,
    _retained_counts,
)
from ._response import _world
from ._result import WhatIfResult
from ._scenario import Scenario


# --------------------------------------------------------------------------------------------
# the planner: baseline cached, scenarios valued against it
# --------------------------------------------------------------------------------------------


class RetentionPlanner:
    """Everything :func:`what_if` needs about one base at one horizon and discount rate.

    The baseline flows over the whole base are computed once; a scenario only re-values its
    targeted customers (its ΔNPV is the change on them, so doing nothing gives exactly 0).
    ``what_if(base, scenarios, ...)`` is ``RetentionPlanner(base, ...).run(scenarios, ...)``;
    keep one planner per (base, horizon, discount) to value many scenarios cheaply, as the
    retention lab does on every slider move.

    Parameters
    ----------
    base : CustomerBase
        The customers; the world responds as its ``truth`` says (:func:`true_response`).
    horizon : int, optional
        Periods to value (default five years of the base's periods).
    discount : float, optional
        Annual discount rate (default the base's ``params.discount_rate``).
    growth : bool
        Let margins grow at ``true_growth`` (see :func:`true_response`).
    spend_cv : float, optional
        Period-to-period variation of spending for the Monte Carlo (default
        :func:`estimate_spend_cv`).
    growth_years : float, optional
        Years the growth lasts (default the world's ``growth_years``, else 1).
    resp : DataFrame, optional
        A precomputed ``true_response(base, growth)``, to share between planners.

    References
    ----------
    Timing and formulas as in :mod:`casekit.scenarios` (Fader & Hardie 2012, ``timing="end"``).

    >>> import casekit as ck
    >>> base = ck.telecom(customers=300, months=12, seed=1)
    >>> care = ck.Scenario("care", target="key", retention_uplift=0.2, uplift_kind="churn")
    >>> planner = RetentionPlanner(base, horizon=24, discount=0.1)
    >>> direct = ck.what_if(base, care, horizon=24, discount=0.1)
    >>> bool(planner.run([care]).summary().equals(direct.summary()))
    True
    """

    def __init__(self, base: CustomerBase, horizon: Any = None, discount: Any = None,
                 growth: bool = True, spend_cv: Any = None, growth_years: Any = None,
                 resp: pd.DataFrame | None = None):
        if not isinstance(base, CustomerBase):
            raise TypeError(f"base: expected a casekit CustomerBase, got {type(base).__name__}")
        self.base = base
        w = _world(base, horizon, discount, growth, growth_years, resp=resp)
        self.world = w
        self.resp, self.active, self.ppy = w.resp, w.active, w.ppy
        self.period_unit = base.params.period_unit
        self.H, self.discount, self.v, self.g, self.gp = int(w.H), w.discount, w.v, w.g, w.gp
        if spend_cv is None:
            spend_cv = estimate_spend_cv(base)
        self.spend_cv = check_number("spend_cv", spend_cv, low=0.0)
        self.true = _Group(w.r, w.m, w.rev, w.g, gp=w.gp)
        self.base_flows = _flows(self.true, self.H)
        self.base_pv = _pv(self.true, self.H, self.v)
        self._plan_cache: dict[int, tuple] = {}

    def mask(self, sc: Scenario) -> np.ndarray:
        """The scenario's target among the *active* customers (boolean, active order).

        Parameters
        ----------
        sc : Scenario
            The scenario whose target is resolved.

        Returns
        -------
        numpy.ndarray of bool
            One per active customer, in the planner's active order.
        """
        full = sc.mask(self.base)
        mask = full[self.active]
        if not mask.any():
            raise ValueError(f"Scenario {sc.name!r}: empty target — the {int(full.sum()):,} "
                             "customer(s) it selects have all left already")
        return mask

    # -- one scenario on one set of per-period retention rates --------------------------
    def _groups(self, sc: Scenario, mask: np.ndarray, r_all: np.ndarray, m_all: np.ndarray,
                g_all: np.ndarray | None = None) -> tuple[_Group, _Group]:
        r, m = r_all[mask], m_all[mask]
        rev, g = self.true.rev[mask], (self.g if g_all is None else g_all)[mask]
        old = _Group(r, m, rev, g, gp=self.gp)
        new_r = sc.apply_retention(r, self.ppy)
        u = sc.margin_uplift
        new_m = m * (1.0 + u) if u else m
        new_rev = rev + m * u if u else rev
        if sc.cost_per == "year":
            c, once = sc.cost_per_customer / self.ppy, 0.0
        elif sc.cost_per == "period":
            c, once = sc.cost_per_customer, 0.0
        else:
            c, once = 0.0, sc.cost_per_customer
        new = _Group(new_r, new_m, new_rev, g, gp=self.gp, c=c, once=once, fixed=sc.fixed_cost)
        return old, new

    def _value(self, sc: Scenario, mask: np.ndarray, r_all: np.ndarray, m_all: np.ndarray,
               base_pv: dict, base_flows: np.ndarray, g_all: np.ndarray | None = None) -> dict:
        old, new = self._groups(sc, mask, r_all, m_all, g_all)
        pv_old, pv_new = _pv(old, self.H, self.v), _pv(new, self.H, self.v)
        d_margin = float(np.sum(pv_new["margin"] - pv_old["margin"]))
        d_revenue = float(np.sum(pv_new["revenue"] - pv_old["revenue"]))
        cost = float(np.sum(pv_new["cost"])) + new.fixed
        d_npv = d_margin - cost
        f_old, f_new = _flows(old, self.H), _flows(new, self.H)
        flows = base_flows + (f_new - f_old)
        base_npv = float(np.sum(base_pv["margin"]))
        # discounted net of period t: margin at its end, cost at its start
        t = np.arange(self.H + 1)
        disc_net_delta = (f_new[:, 2] - f_old[:, 2]) * self.v ** t - f_new[:, 3] * np.r_[
            0.0, self.v ** t[:-1]]
        cum = np.cumsum(disc_net_delta)
        if cost == 0.0:
            payback = 0.0 if d_npv >= 0 else np.nan
        else:
            hit = np.flatnonzero((cum[1:] >= 0.0))
            payback = float(hit[0] + 1) if len(hit) else np.nan
        return {
            "customers_targeted": int(mask.sum()),
            "retained_end": float(flows[-1, 0]),
            "revenue_pv": float(np.sum(base_pv["revenue"])) + d_revenue,
            "margin_pv": base_npv + d_margin,
            "cost_pv": cost,
            "npv": base_npv + d_npv,
            "delta_npv": d_npv,
            "roi": d_npv / cost if cost > 0 else np.nan,
            "payback_periods": payback,
            "_flows": flows, "_cum_delta": cum,
        }

    def _plan_arrays(self, planning: Any) -> tuple[np.ndarray, np.ndarray]:
        key = id(planning)
        if key in self._plan_cache and self._plan_cache[key][0] is planning:
            return self._plan_cache[key][1]
        n = len(self.resp)
        ids = self.resp["customer_id"].to_numpy()
        m = self.resp["margin"].to_numpy()
        planned_margin = False
        if isinstance(planning, pd.DataFrame):
            require_columns(planning, ["customer_id", "retention"], "planning_retention")
            p = planning.set_index("customer_id").reindex(ids)
            if p["retention"].isna().any():
                raise ValueError("planning_retention: no estimate for some customer_id(s) "
                                 f"{ids[p['retention'].isna().to_numpy()][:5].tolist()}")
            r = p["retention"].to_numpy(dtype=float)
            if "margin" in p.columns:
                m = p["margin"].fillna(0.0).to_numpy(dtype=float)
                planned_margin = True
        elif isinstance(planning, pd.Series) and planning.index.name == "customer_id":
            r = planning.reindex(ids).to_numpy(dtype=float)
        else:
            r = np.asarray(planning, dtype=float)
            if r.ndim == 0:
                r = np.full(n, float(r))
        if r.shape != (n,) or np.isnan(r).any():
            raise ValueError(f"planning_retention: expected one retention per customer ({n:,}),"
                             " e.g. a DataFrame with customer_id and retention")
        if np.any((r < 0) | (r > 1)):
            raise ValueError("planning_retention: values must be per-period retention rates in "
                             "[0, 1]")
        r, m = r[self.active], m[self.active]
        g = np.where(m > 0, self.g, 1.0) if planned_margin else self.g
        grp = _Group(r, m, self.true.rev, g, gp=self.gp)
        out = (r, m, g, _pv(grp, self.H, self.v), _flows(grp, self.H))
        self._plan_cache = {key: (planning, out)}
        return out

    def run(self, scenarios: Sequence[Scenario], runs: int = 0, seed: int = 0,
            planning_retention: Any = None) -> "WhatIfResult":
        """Value ``scenarios`` against doing nothing (see :func:`what_if` for the parameters).

        Parameters
        ----------
        scenarios : Scenario or sequence of Scenario
        runs : int
            0 = closed form; > 0 adds Monte Carlo P5/P50/P95 bands from ``runs`` runs.
        seed : int
            Seed of the Monte Carlo.
        planning_retention : optional
            Plan with estimated retention instead of the truth (see :func:`what_if`).

        Returns
        -------
        WhatIfResult
        """
        if isinstance(scenarios, Scenario):
            scenarios = [scenarios]
        scenarios = list(scenarios)
        if not scenarios:
            raise ValueError("scenarios: give at least one Scenario")
        for s in scenarios:
            if not isinstance(s, Scenario):
                raise TypeError(f"scenarios: expected Scenario objects, got {type(s).__name__}")
        names = [s.name for s in scenarios]
        dup = sorted({x for x in names if names.count(x) > 1})
        if dup:
            raise ValueError(f"scenarios: names must be unique; repeated: {dup}")
        runs = check_whole("runs", runs)
        seed = check_whole("seed", seed)
        masks = [self.mask(s) for s in scenarios]
        rows, flows, cums = [], {}, {}
        base_npv = float(np.sum(self.base_pv["margin"]))
        rows.append({"scenario": "baseline", "customers_targeted": 0,
                     "retained_end": float(self.base_flows[-1, 0]),
                     "revenue_pv": float(np.sum(self.base_pv["revenue"])),
                     "margin_pv": base_npv, "cost_pv": 0.0, "npv": base_npv, "delta_npv": 0.0,
                     "roi": np.nan, "payback_periods": np.nan})
        flows["baseline"] = self.base_flows
        for sc, mask in zip(scenarios, masks):
            res = self._value(sc, mask, self.true.r, self.true.m, self.base_pv,
                              self.base_flows)
            flows[sc.name] = res.pop("_flows")
            cums[sc.name] = res.pop("_cum_delta")
            rows.append({"scenario": sc.name, **res})
        summary = pd.DataFrame(rows).set_index("scenario")
        if planning_retention is not None:
            r_p, m_p, g_p, pv_p, fl_p = self._plan_arrays(planning_retention)
            plan_base = float(np.sum(pv_p["margin"]))
            planned = {"baseline": (plan_base, 0.0, np.nan)}
            for sc, mask in zip(scenarios, masks):
                res = self._value(sc, mask, r_p, m_p, pv_p, fl_p, g_p)
                planned[sc.name] = (res["npv"], res["delta_npv"], res["roi"])
            summary["planned_npv"] = [planned[k][0] for k in summary.index]
            summary["planned_delta_npv"] = [planned[k][1] for k in summary.index]
            summary["planned_roi"] = [planned[k][2] for k in summary.index]
        bands = None
        if runs > 0:
            bands, mc = self._monte_carlo(scenarios, masks, runs, seed)
            for col, values in mc.items():
                summary[col] = [values.get(k, np.nan) for k in summary.index]
        return WhatIfResult(summary=summary, flows=flows, cum_delta=cums, bands=bands,
                            scenarios=scenarios, horizon=self.H, discount=self.discount,
                            period_unit=self.period_unit, periods_per_year=self.ppy,
                            runs=runs, seed=seed, spend_cv=self.spend_cv,
                            planned=planning_retention is not None)

    # -- Monte Carlo ----------------------------------------------------------------------
    def _monte_carlo(self, scenarios, masks, runs: int, seed: int):
        """Simulate churn and spend of every active customer ``runs`` times.

        Each customer gets one exponential draw E per run: its lifetime L = ⌊E/λ⌋ (λ = −log r)
        under the baseline and ⌊E/λ'⌋ under a scenario (common random numbers: a customer
        who stays longer without the programme also stays longer with it). Its margin is
        m·life[K] (+ spend noise z·spend_cv·revenue·sd[K], z ~ N(0, 1)), K = min(L+1, H)
        periods present, read from per-customer tables; costs c·Σ_{k<K} v^k.
        """
        H, v, n = self.H, self.v, len(self.true.r)
        f32 = np.float32
        noisy = self.spend_cv > 0
        lam = _churn_rate(self.true.r)
        m32 = self.true.m.astype(f32)
        noise32 = (self.spend_cv * self.true.rev).astype(f32)
        cost_tab = np.cumsum(np.r_[0.0, v ** np.arange(H)]).astype(f32)    # Σ_{k<K} v^k
        prep = []
        for sc, mask in zip(scenarios, masks):
            _, new = self._groups(sc, mask, self.true.r, self.true.m)
            tidx = np.flatnonzero(mask)
            c = np.broadcast_to(np.asarray(new.c, dtype=float), tidx.shape)
            prep.append({"tidx": tidx, "lam": _churn_rate(new.r), "m": new.m.astype(f32),
                         "noise": (self.spend_cv * new.rev).astype(f32), "c": c.astype(f32),
                         "has_cost": bool(np.any(c)),
                         "upfront": new.once * len(tidx) + new.fixed})
        S = len(scenarios)
        base_npv = np.zeros(runs)
        base_ret = np.zeros((runs, H + 1), dtype=np.int64)
        d_npv = np.zeros((S, runs))
        cost = np.zeros((S, runs))
        d_ret = np.zeros((S, runs, H + 1), dtype=np.int64)
        rng = np.random.default_rng(np.random.SeedSequence(seed))
        block = max(1, min(n, _MC_TABLE_CELLS // (H + 1)))
        for b0 in range(0, n, block):
            b1 = min(n, b0 + block)
            nb = b1 - b0
            life, sd = _mc_tables(self.g[b0:b1], v, H, self.gp, noisy)
            life_flat = life.ravel()
            sd_flat = sd.ravel() if noisy else None
            rowoff = np.arange(nb, dtype=np.int32) * np.int32(H + 1)
            local = []
            for pj in prep:
                sel = (pj["tidx"] >= b0) & (pj["tidx"] < b1)
                tl = pj["tidx"][sel] - b0
                local.append((slice(None) if len(tl) == nb else tl, sel, len(tl)))
            chunk = max(1, _MC_DRAW_CELLS // nb)
            # customer-major arrays (customers × runs): each customer's runs read the same
            # row of the value tables, which stays in the CPU cache
            lam_b, m_b, noise_b = lam[b0:b1, None], m32[b0:b1, None], noise32[b0:b1, None]
            for r0 in range(0, runs, chunk):
                r1 = min(runs, r0 + chunk)
                E = rng.standard_exponential((nb, r1 - r0), dtype=f32)
                z = rng.standard_normal((nb, r1 - r0), dtype=f32) if noisy else None
                L = _lifetimes(E, lam_b, H)
                flat = np.minimum(L + 1, H) + rowoff[:, None]
                marg = life_flat.take(flat) * m_b
                if noisy:
                    marg += z * sd_flat.take(flat) * noise_b
                marg_sum = marg.sum(axis=0, dtype=np.float64)
                counts = _retained_counts(L, H)
                base_npv[r0:r1] += marg_sum
                base_ret[r0:r1] += counts
                for j, (pj, (tl, sel, nt)) in enumerate(zip(prep, local)):
                    if nt == 0:
                        continue
                    Ln = _lifetimes(E[tl], pj["lam"][sel, None], H)
                    Kn = np.minimum(Ln + 1, H)
                    flat_n = Kn + rowoff[tl, None]
                    new_m = life_flat.take(flat_n) * pj["m"][sel, None]
                    if noisy:
                        new_m += z[tl] * sd_flat.take(flat_n) * pj["noise"][sel, None]
                    full = isinstance(tl, slice)
                    delta = new_m.sum(axis=0, dtype=np.float64) - (
                        marg_sum if full else marg[tl].sum(axis=0, dtype=np.float64))
                    if pj["has_cost"]:
                        paid = (cost_tab.take(Kn) * pj["c"][sel, None]).sum(axis=0,
                                                                           dtype=np.float64)
                        delta -= paid
                        cost[j, r0:r1] += paid
                    d_npv[j, r0:r1] += delta
                    d_ret[j, r0:r1] += _retained_counts(Ln, H) - (
                        counts if full else _retained_counts(L[tl], H))
        for j, pj in enumerate(prep):
            d_npv[j] -= pj["upfront"]
            cost[j] += pj["upfront"]
        sc_npv = base_npv[None, :] + d_npv
        sc_cost = cost
        sc_ret = base_ret[None, :, :] + d_ret
        q = [5, 50, 95]
        mc: dict[str, dict] = {c: {} for c in (
            "npv_mc_mean", "npv_se", "npv_p5", "npv_p50", "npv_p95", "delta_npv_mc_mean",
            "delta_npv_se", "delta_npv_p5", "delta_npv_p50", "delta_npv_p95", "roi_p5",
            "roi_p50", "roi_p95")}
        bands: dict[str, pd.DataFrame] = {}

        def put(name, npv, delta, cost, ret, dret):
            mc["npv_mc_mean"][name] = float(npv.mean())
            mc["npv_se"][name] = float(npv.std(ddof=1) / np.sqrt(runs)) if runs > 1 else np.nan
            for p, val in zip(q, np.percentile(npv, q)):
                mc[f"npv_p{p}"][name] = float(val)
            if delta is not None:
                mc["delta_npv_mc_mean"][name] = float(delta.mean())
                mc["delta_npv_se"][name] = (float(delta.std(ddof=1) / np.sqrt(runs))
                                            if runs > 1 else np.nan)
                for p, val in zip(q, np.percentile(delta, q)):
                    mc[f"delta_npv_p{p}"][name] = float(val)
                with np.errstate(divide="ignore", invalid="ignore"):
                    roi = np.where(cost > 0, delta / cost, np.nan)
                if np.isfinite(roi).any():
                    for p, val in zip(q, np.nanpercentile(roi, q)):
                        mc[f"roi_p{p}"][name] = float(val)
            pct = np.percentile(ret, q, axis=0)
            dpct = np.percentile(dret, q, axis=0)
            bands[name] = pd.DataFrame({"period": np.arange(H + 1), "retained_mean": ret.mean(0),
                                        "retained_p5": pct[0], "retained_p50": pct[1],
                                        "retained_p95": pct[2],
                                        "delta_retained_mean": dret.mean(0),
                                        "delta_retained_p5": dpct[0],
                                        "delta_retained_p50": dpct[1],
                                        "delta_retained_p95": dpct[2]})

        put("baseline", base_npv, np.zeros(runs), np.zeros(runs), base_ret,
            np.zeros_like(base_ret))
        for j, sc in enumerate(scenarios):
            put(sc.name, sc_npv[j], d_npv[j], sc_cost[j], sc_ret[j], d_ret[j])
        return bands, mc
