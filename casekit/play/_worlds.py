"""How each world is continued: its latent state, its rates under a plan, its arm bases.

One adapter per world. Everything comes from ``base.params`` (the latent profile is drawn
again from the world's seed; it does not depend on the number of periods) and the base's
tables (who is still a customer at the end of observation).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import numpy as np
import pandas as pd

from ..base import CustomerBase, Params
from ..generate.telecom import CHANNELS, PROSPECT_BLOCK, SEGMENTS, prospects
from ..generate.telecom import assemble as telecom_assemble
from ..generate.telecom import profile as telecom_profile
from ..generate.telecom import month_rates, simulate_months
from ..generate.tobacco import FORMAT_TO_CLASS, MARGIN_BP, TOBACCO_CLASSES, simulate_weeks
from ..generate.tobacco import assemble as tobacco_assemble
from ..generate.tobacco import activity_dtypes
from ..generate.tobacco import profile as tobacco_profile

@dataclass
class Future:
    """One arm's simulated periods: activity rows, who left when, extra per-customer data."""

    frame: pd.DataFrame
    left: np.ndarray            # period left (churn month / closing week) in the future, 0 = no
    extra: dict


class _Adapter:
    """What both worlds' adapters share: the base, its params and its latent profile.

    The profile is drawn again from ``base.params`` (or given); a truth column of the base must
    equal the profile's draw, so only a base whose params really generated it is continued.
    """

    name = ""
    #: (truth column, profile key) that must agree.
    IDENTITY: tuple[str, str] = ("", "")

    def __init__(self, base: CustomerBase, prof: dict | None = None) -> None:
        self.base = base
        self.params = base.params
        self.v = base.params.values
        self.prof = self.rebuild(base) if prof is None else prof
        column, key = self.IDENTITY
        drawn = base.truth[column].to_numpy()
        if drawn.size != self.prof[key].size or not np.array_equal(drawn, self.prof[key]):
            raise ValueError(f"base: its truth does not match what base.params generates "
                             f"({column} differs); play_forward continues only bases made by "
                             "ck.telecom / ck.tobacco (or saved and loaded) with their params "
                             "unchanged")

    @staticmethod
    def profile(params: Params) -> dict:
        raise NotImplementedError

    def rebuild(self, base: CustomerBase) -> dict:
        """The latent profile of ``base``'s customers, drawn again from its params."""
        return self.profile(base.params)

    def there(self, fut: Future, alive0: np.ndarray, periods: int) -> np.ndarray:
        """(periods × customers) bool: a customer at the start of future period t."""
        t = np.arange(1, periods + 1)[:, None] + self.params.periods
        left = fut.left[None, :]
        return alive0[None, :] & ((left == 0) | (left >= t))

    def arm_parts(self, fut: Future, periods: int, let_go: np.ndarray, ended: np.ndarray
                  ) -> tuple[Params, pd.DataFrame, np.ndarray]:
        """What both worlds' arm bases are assembled from: the longer params, observed then
        future activity rows, and the period each customer left along the arm (``ended``:
        already before the round, else the last observed period when let go, else the
        future's; 0 = still there). Acquired customers have no past (padded)."""
        n, T = fut.left.size, self.params.periods
        ended = _pad(ended, n)
        left = np.where(ended > 0, ended, np.where(_pad(let_go, n), T, fut.left))
        return (_longer(self.params, periods), _join(self.base.activity, fut.frame),
                left.astype(np.int16))


class Telecom(_Adapter):
    """The telecom world's adapter (months, contractual churn)."""

    name = "telecom"
    IDENTITY = ("true_churn_propensity", "theta")
    profile = staticmethod(telecom_profile)

    def __init__(self, base: CustomerBase, prof: dict | None = None) -> None:
        super().__init__(base, prof)
        self.alive = ~base.customers["churned"].to_numpy(dtype=bool)
        self.retention = base.truth["true_retention"].to_numpy(dtype=float)
        joined = _first_periods(base) > 1
        channel = base.customers["acquisition_channel"].astype(str).to_numpy()[joined]
        #: prospects of each channel already in the base (a later round skips them)
        self.acquired = {c: int((channel == c).sum()) for c in CHANNELS}

    def rebuild(self, base: CustomerBase) -> dict:
        """The profile from ``base.params``, and for customers acquired in earlier rounds
        (their first month is after month 1) the prospects they were.

        An earlier round's plan arm appends its acquired prospects after the generated
        customers, each channel's in prospect order (:func:`casekit.play._engine._buy`), so
        the k-th acquired customer of a channel is the channel's k-th prospect; it joined
        in the month before its first activity row. A saved and loaded plan arm is thus
        continued like the in-memory one (the truth check below confirms each match)."""
        first = _first_periods(base)
        joined = first > 1
        if not joined.any():
            return self.profile(base.params)
        n0 = int(np.argmax(joined))
        if not joined[n0:].all():
            raise ValueError("base: customers who joined after month 1 must follow the "
                             "generated customers (as play_forward appends acquired ones); "
                             "this base cannot be continued")
        p = base.params
        own = self.profile(Params(world=p.world, seed=p.seed, size=n0, periods=p.periods,
                                  period_unit=p.period_unit, values=dict(p.values)))
        channel = base.customers["acquisition_channel"].astype(str).to_numpy()[n0:]
        new = join_prospects(prospect_rows(p, channel), first[n0:] - 1)
        return {k: np.concatenate([own[k], new[k]]) for k in own}

    def extended(self, new: dict) -> "Telecom":
        """This adapter with acquired prospects appended (they join in month T + 1: their
        contract starts then and their volume index is 1 in month T + 1)."""
        T = self.params.periods
        new = join_prospects(new, T)
        w = object.__new__(Telecom)
        w.base, w.v = self.base, self.v
        w.prof = {k: np.concatenate([self.prof[k], new[k]]) for k in self.prof}
        size = w.prof["theta"].size
        w.params = Params(world=self.params.world, seed=self.params.seed, size=size,
                          periods=T, period_unit=self.params.period_unit,
                          values=dict(self.params.values))
        a = new["theta"].size
        w.alive = np.r_[self.alive, np.ones(a, dtype=bool)]
        bound = T + 1 < new["months_left"]
        keep = np.where(bound, 1.0 - new["theta"] * self.v["contract_churn_factor"],
                        1.0 - new["theta"])
        w.retention = np.r_[self.retention, keep * np.exp(-new["lam"] * new["leave_p"])]
        w.acquired = dict(self.acquired)
        return w

    def segment_names(self) -> np.ndarray:
        """Segment of every customer of the profile (base and acquired)."""
        return np.asarray(SEGMENTS)[self.prof["seg"]]

    def capacity(self) -> float:
        """Extra account-manager hours available per month."""
        n_ka = int((self.base.customers["segment"] == "key_account").sum())
        return self.v["am_capacity_per_key_account"] * n_ka

    def rates(self, r_new: np.ndarray, extra_growth: np.ndarray, margin_uplift: np.ndarray
              ) -> dict[str, np.ndarray]:
        """Monthly rates giving expected retention ``r_new`` (instead of true_retention),
        ``extra_growth`` per year on the volume, ``margin_uplift`` × expected margin as revenue.

        Retention r = k·E[s^K] (k the contract part, E[s^K] = e^(−λp) the complaint part) is
        scaled by ρ = r_new / r: k' = min(k·ρ, 1); what k cannot carry goes to the complaint
        part, p' = −ln(e^(−λp)·ρ_rest)/λ. So E[r'] = r_new at month T+1, and every realised
        monthly retention stays in [0, 1]."""
        rates = month_rates(self.prof, self.v)
        r0 = self.retention
        rho = np.divide(r_new, r0, out=np.ones_like(r0), where=r0 > 0)
        lam, p = self.prof["lam"], self.prof["leave_p"]
        ck = np.exp(-lam * p)
        for key in ("keep_bound", "keep_free"):
            k_new = np.minimum(rates[key] * rho, 1.0)
            rates[key] = np.where(rho != 1.0, k_new, rates[key])
        # the contract part binding at T+1 decides what is left for the complaint part
        T = self.params.periods
        bound = T + 1 < self.prof["months_left"]
        k_now = np.where(bound, 1.0 - self.prof["theta"] * self.v["contract_churn_factor"],
                         1.0 - self.prof["theta"])
        k_now_new = np.where(bound, rates["keep_bound"], rates["keep_free"])
        rest = np.divide(k_now * rho, k_now_new, out=np.ones_like(rho), where=k_now_new > 0)
        c_new = np.minimum(ck * rest, 1.0)
        with np.errstate(divide="ignore", invalid="ignore"):
            p_new = np.where(lam > 0, -np.log(np.maximum(c_new, 1e-300)) / lam, p)
        rates["complaint_keep"] = np.where(rest > 1.0 + 1e-15, 1.0 - np.clip(p_new, 0, 1),
                                           rates["complaint_keep"])
        rates["extra_log_growth"] = (np.log1p(self.prof["growth"] + extra_growth)
                                     - np.log1p(self.prof["growth"])) / 12.0
        rates["margin_uplift"] = margin_uplift
        return rates

    def simulate(self, periods: int, seed: int, alive0: np.ndarray, rates: Any) -> Future:
        T = self.params.periods
        sim = simulate_months(self.prof, self.v, seed, T, T + periods, alive0, rates)
        return Future(sim["frame"], sim["churn_month"], {})

    def arm_base(self, fut: Future, periods: int, let_go: np.ndarray) -> CustomerBase:
        """The base of months 1..T+periods along this arm (a longer generation when no plan)."""
        p, activity, churn = self.arm_parts(fut, periods, let_go,
                                            self.base.customers["churn_month"].to_numpy())
        return telecom_assemble(p, self.prof, activity, churn)


class Tobacco(_Adapter):
    """The tobacco world's adapter (weeks, orders and licence closures)."""

    name = "tobacco"
    IDENTITY = ("true_order_rate", "q")
    profile = staticmethod(tobacco_profile)

    def __init__(self, base: CustomerBase, prof: dict | None = None) -> None:
        super().__init__(base, prof)
        self.alive = base.truth["true_alive"].to_numpy(dtype=bool)
        self.retention = 1.0 - self.prof["q"] * self.prof["p"]

    def segment_names(self) -> np.ndarray:
        return np.asarray(TOBACCO_CLASSES)[FORMAT_TO_CLASS[self.prof["fmt"]]]

    def capacity(self) -> float:
        """Manager hours available per week for extra service."""
        managers = self.base.customers["account_manager"].nunique()
        return self.v["manager_hours_per_week"] * managers

    def rates(self, r_new: np.ndarray, extra_growth: np.ndarray, margin_uplift: np.ndarray,
              order_cut: np.ndarray | None = None, late_cut: np.ndarray | None = None,
              supply_cartons: np.ndarray | None = None) -> dict[str, np.ndarray]:
        """Weekly rates: closure probability p' = (1 − r_new)/q' (so 1 − q'p' = r_new with the
        plan's order rate q'); order value × (1 + margin share) × growth path × supply."""
        pr = self.prof
        n = pr["q"].size
        q = pr["q"].copy()
        if order_cut is not None:
            q = 1.0 - (1.0 - q) * (1.0 - order_cut)
        p = np.clip(np.divide(1.0 - r_new, q, out=pr["p"].copy(), where=q > 0), 0.0, 1.0)
        p = np.where(r_new == self.retention, pr["p"], p)
        late = pr["late_p"] * (1.0 - (late_cut if late_cut is not None else 0.0))
        factor = np.ones(n)
        v_T = pr["v_inf"] - pr["v_gap0"] * pr["rho_g"] ** self.params.periods
        mu, c = pr["margin_rate"], pr["delivery"]
        with np.errstate(divide="ignore", invalid="ignore"):
            # margin m = q(μV − c); m(1 + u) needs V' = V(1 + u(μV − c)/(μV))
            up = np.where(mu * v_T > 0, margin_uplift * (mu * v_T - c) / (mu * v_T), 0.0)
        factor *= 1.0 + up
        if supply_cartons is not None:
            factor *= 1.0 + supply_cartons * pr["price"][:, 0] / np.maximum(v_T, 1e-9)
        return {"q": q, "p": p, "late_p": late, "value_factor": factor,
                "extra_growth": np.asarray(extra_growth, dtype=float)}

    def simulate(self, periods: int, seed: int, alive0: np.ndarray, rates: Any) -> Future:
        T = self.params.periods
        sim = simulate_weeks(self.prof, seed, T, T + periods, alive0, MARGIN_BP,
                                activity_dtypes(), rates)
        return Future(sim["frame"], sim["drop_week"], {"late": sim["late"]})

    def arm_base(self, fut: Future, periods: int, let_go: np.ndarray) -> CustomerBase:
        p, activity, drop = self.arm_parts(fut, periods, let_go,
                                           self.base.truth["true_dropout_week"].to_numpy())
        late = self.base.customers["late_payments"].to_numpy(dtype=np.int64) + fut.extra["late"]
        return tobacco_assemble(p, self.prof, activity, drop, late)


def adapter(base: CustomerBase, prof: dict | None = None):
    """The adapter of the base's world; ValueError for a world play_forward cannot continue.

    ``prof``: the latent profile when it is not the one ``base.params`` generates (a plan
    arm with acquired customers, carried by its Outcome)."""
    if not isinstance(base, CustomerBase):
        raise TypeError(f"play_forward: base must be a casekit CustomerBase, got "
                        f"{type(base).__name__}")
    worlds = {"telecom": Telecom, "tobacco": Tobacco}
    if base.world not in worlds:
        raise ValueError(f"play_forward: base.world={base.world!r} cannot be played forward; "
                         f"allowed: {tuple(worlds)}")
    if len(base.customers) != base.params.size or not np.array_equal(
            base.customers["customer_id"].to_numpy(), np.arange(base.params.size)):
        raise ValueError("play_forward: base.customers must be the generated customers "
                         f"0..{base.params.size - 1} in order (a filtered or sorted base cannot "
                         "be continued; play the whole base and select afterwards)")
    if prof is not None:
        return worlds[base.world](base, prof)
    return worlds[base.world](base)


#: At most this many prospect blocks are searched for one channel.
MAX_PROSPECT_BLOCKS = 64


def channel_prospects(params: Params, channel: str):
    """The prospects ``channel`` finds, in their fixed order: yields (block number, the block,
    positions in the block), block after block (at most :data:`MAX_PROSPECT_BLOCKS`)."""
    code = CHANNELS.index(channel)
    for b in range(MAX_PROSPECT_BLOCKS):
        pool = prospects(params, b)
        yield b, pool, np.flatnonzero(pool["channel"] == code)


def prospect_rows(params: Params, channel: np.ndarray) -> dict:
    """The prospect profile of acquired customers (in customer order) whose acquisition
    channels are ``channel``: a channel's k-th acquired customer is its k-th prospect."""
    m = channel.size
    rows: dict | None = None
    for c in dict.fromkeys(channel.tolist()):
        where = np.flatnonzero(channel == c)
        got = 0
        for _, pool, idx in channel_prospects(params, c):
            take = idx[:where.size - got]
            if rows is None:
                rows = {k: np.empty((m,) + x.shape[1:], dtype=x.dtype) for k, x in pool.items()}
            for k, x in pool.items():
                rows[k][where[got:got + take.size]] = x[take]
            got += take.size
            if got == where.size:
                break
        else:
            raise ValueError(f"base: {where.size:,} customers acquired via {c!r} are more "
                             "than the prospects searched; this base cannot be continued")
    return rows


def join_prospects(new: dict, T: int | np.ndarray) -> dict:
    """Prospects joining in month T + 1 (T per prospect or one for all): their contract
    starts then and their volume index is 1 in month T + 1."""
    new = dict(new)
    new["months_left"] = (new["months_left"].astype(np.int64)
                          + np.where(new["months_left"] > 0, T, 0)).astype(np.int16)
    back = np.exp(-np.log1p(new["growth"]) / 12.0 * T)          # volume index 1 at T+1
    for key in ("price", "gb_line", "min_line"):
        new[key] = new[key] * back
    return new


def _first_periods(base: CustomerBase) -> np.ndarray:
    """Per customer, the first period with an activity row (activity is customer-major and
    every customer has a row in the period it joined)."""
    cid = base.activity["customer_id"].to_numpy()
    n = len(base.customers)
    pos = np.searchsorted(cid, np.arange(n))
    ok = pos < cid.size
    ok[ok] = cid[pos[ok]] == np.arange(n)[ok]
    first = np.zeros(n, dtype=np.int64)
    first[ok] = base.activity["period"].to_numpy()[pos[ok]]
    return first


def _pad(x: np.ndarray, size: int) -> np.ndarray:
    """``x`` followed by zeros (False) up to ``size`` (acquired customers have no past)."""
    return np.r_[x, np.zeros(size - x.size, dtype=x.dtype)]


def _longer(p: Params, periods: int) -> Params:
    return Params(world=p.world, seed=p.seed, size=p.size, periods=p.periods + periods,
                  period_unit=p.period_unit, values=dict(p.values))


def _join(observed: pd.DataFrame, future: pd.DataFrame) -> pd.DataFrame:
    """Observed rows then future rows, each customer's rows together (customer-major)."""
    both = pd.concat([observed, future], ignore_index=True)
    order = np.argsort(both["customer_id"].to_numpy(), kind="stable")
    return both.iloc[order].reset_index(drop=True)
