"""``play_forward``: continue a world with and without a plan, on the same random numbers."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import numpy as np
import pandas as pd

from ..base import CustomerBase
from ..generate.limits import MAX_PERIODS, check_seed, check_size
from ..scenarios import Scenario
from ._outcome import Arm, Outcome
from ._plan import (AccountHours, Acquisition, LetGo, Plan, ServicePackage,
                    SupplyAllocation, hours_response, select, service_package)
from ..generate.telecom import CHANNELS, PROSPECT_BLOCK, month_rates, prospects
from ..periods import PERIODS_PER_YEAR
from ._worlds import MAX_PROSPECT_BLOCKS, adapter, channel_prospects

__all__ = ["play_forward"]


def play_forward(base: CustomerBase | Outcome, plan: Plan | None = None, periods: int = 12,
                 seed: int | None = None) -> Outcome:
    """Play the world on for ``periods`` periods, with ``plan`` and without it.

    Parameters
    ----------
    base : CustomerBase or Outcome
        A base made by ``ck.telecom`` / ``ck.tobacco`` (or saved and loaded with ``ck.load``),
        or the outcome of an earlier round: its plan arm is played on with ``plan``, its
        no-plan arm (the no-plan path of the whole game) without any plan.
    plan : Plan, optional
        The actions (see :class:`casekit.Plan`); None or an empty plan gives two identical
        arms.
    periods : int
        Periods to play, in the base's unit (months, weeks).
    seed : int, optional
        None (default): the world's own future — the no-plan arm equals what a longer
        generation (``ck.telecom(..., months=T + periods)``) produces, byte for byte. Another
        seed draws another possible future (the arm bases then keep the world's seed in
        their params, so they no longer regenerate from them).

    Returns
    -------
    Outcome
        Both arms' future activity, costs and NPV; ``summary()``, ``against_forecast()``,
        ``plan_base`` / ``no_plan_base`` (the bases after the round, to play on).

    Notes
    -----
    Common random numbers: every random draw of period t belongs to one customer and one
    period (``_draws.stream(seed, name, t)``, consumed in customer order), so a customer the
    plan does not touch has the same future in both arms, and every difference between the
    arms is caused by the plan. Timing and discounting follow :func:`casekit.what_if`: margin
    of future period t at its end (discount δ^t), programme costs at the start of the period
    for customers still there (δ^(t−1)), one-off and fixed costs now;
    δ = (1 + discount_rate)^(−1/periods per year).

    References
    ----------
    The response of each action is the stated assumption of its class (see
    :mod:`casekit.play`); discounting as :func:`casekit.what_if`, after Gupta, S. &
    Lehmann, D. R. (2003). Customers as assets. *Journal of Interactive Marketing*, 17(1),
    9–24.

    Law, A. M. (2015). *Simulation Modeling and Analysis* (5th ed.). McGraw-Hill (common
    random numbers).
    """
    prof = None
    if isinstance(base, Outcome):
        plan_base, no_plan_base, history = base.plan_base, base.no_plan_base, base.history
        if base.plan_arm.world.prof["theta"].size != base.no.world.prof["theta"].size:
            prof = base.plan_arm.world.prof              # acquired customers: carry them on
    else:
        plan_base = no_plan_base = base
        history = ()
    if plan is None:
        plan = Plan()
    if not isinstance(plan, Plan):
        raise TypeError(f"play_forward: plan={plan!r} must be a casekit Plan (ck.Plan(...)) "
                        "or None")
    w_yes = adapter(plan_base, prof)
    w_no = w_yes if no_plan_base is plan_base else adapter(no_plan_base)
    t_obs = w_yes.params.periods
    periods = check_size("periods", periods, high=MAX_PERIODS - t_obs)
    seed = w_yes.params.seed if seed is None else check_seed(seed)
    effects = resolve(plan, w_yes)
    fut_no = w_no.simulate(periods, seed, w_no.alive, None)
    no = Arm(w_no, fut_no, w_no.alive, np.zeros(len(w_no.alive), dtype=bool), periods,
             np.zeros(len(w_no.alive)), np.zeros(len(w_no.alive)), 0.0)
    if len(plan) == 0 and w_no is w_yes:
        yes = Arm(w_yes, fut_no, w_yes.alive, no.let_go, periods, no.cost_rate, no.once, 0.0)
    else:
        w_plan = effects.world
        alive0 = w_plan.alive & ~effects.let_go
        fut = w_plan.simulate(periods, seed, alive0, effects.rates)
        yes = Arm(w_plan, fut, alive0, effects.let_go, periods, effects.cost_rate,
                  effects.once, effects.fixed)
    return Outcome(no=no, plan_arm=yes, plan=plan, periods=periods, seed=seed,
                   costs=effects.table, history=history)


@dataclass
class Effects:
    """A plan resolved against a base: per-customer rates, who is let go, what is paid."""

    rates: dict | None
    world: Any                      # the plan arm's adapter (with acquired customers)
    let_go: np.ndarray
    cost_rate: np.ndarray           # RMB per customer per period, paid at the period's start
    once: np.ndarray                # RMB per customer, paid now
    fixed: float                    # RMB, paid now
    table: pd.DataFrame             # one row per action


def resolve(plan: Plan, w: Any) -> Effects:
    """Turn the plan's actions into per-customer effects for world adapter ``w``.

    Raises ValueError naming the action for unknown customers, tiers the base lacks, hours
    beyond capacity, supply beyond the scarce pool, actions the world does not have, and
    overlapping actions whose combination is undefined (see :mod:`casekit.play._actions`).
    """
    base, v = w.base, w.v
    n = len(base.customers)
    ppy = PERIODS_PER_YEAR[base.params.period_unit]
    active = w.alive
    r = w.retention.copy()
    r_new = r.copy()
    zeros = lambda: np.zeros(n)  # noqa: E731
    margin_uplift, hours, cost_rate, once = zeros(), zeros(), zeros(), zeros()
    order_cut, late_cut, supply, dropout_cut = zeros(), zeros(), zeros(), zeros()
    fixed = 0.0
    owner = np.full(n, "", dtype=object)
    let_go = np.zeros(n, dtype=bool)
    rows = []
    acquired: list[dict] = []
    channels_used: set[str] = set()

    def claim(mask: np.ndarray, name: str) -> None:
        taken = mask & (owner != "")
        if taken.any():
            other = owner[taken][0]
            raise ValueError(f"Plan: actions {other!r} and {name!r} both change the retention "
                             f"of {int(taken.sum()):,} customer(s) (e.g. customer_id "
                             f"{int(base.customers['customer_id'].to_numpy()[taken][0])}); "
                             "their combination is undefined — give each customer one "
                             "retention action")
        owner[mask] = name

    for a in plan.actions:
        if isinstance(a, Scenario):
            mask = a.mask(base) & active
            if not mask.any():
                raise ValueError(f"Scenario {a.name!r}: every targeted customer has already "
                                 "left; nothing to play")
            claim(mask, a.name)
            r_new[mask] = a.apply_retention(r[mask], ppy)
            margin_uplift[mask] = a.margin_uplift
            per = {"year": a.cost_per_customer / ppy, "period": a.cost_per_customer,
                   "once": 0.0}[a.cost_per]
            cost_rate[mask] += per
            if a.cost_per == "once":
                once[mask] += a.cost_per_customer
            fixed += a.fixed_cost
            rows.append((a.name, "retention programme", int(mask.sum()), per * mask.sum(),
                         a.cost_per_customer * mask.sum() if a.cost_per == "once" else 0.0,
                         a.fixed_cost))
        elif isinstance(a, AccountHours):
            h = a.per_customer(base, active)
            gone = (h > 0) & ~active
            if gone.any():
                raise ValueError(f"{a.name}: {int(gone.sum())} customer(s) given hours have "
                                 "already left (e.g. customer_id "
                                 f"{int(base.customers['customer_id'].to_numpy()[gone][0])})")
            claim(h > 0, a.name)
            hours += h
            rows.append((a.name, "account-manager hours", int((h > 0).sum()),
                         float(h.sum()) * v["am_hour_cost"], 0.0, 0.0))
        elif isinstance(a, LetGo):
            mask = select(a.name, a.target, base)
            if not (mask & active).any():
                raise ValueError(f"{a.name}: every customer selected has already left")
            let_go |= mask & active
            rows.append((a.name, "let go (剔除)", int((mask & active).sum()), 0.0, 0.0, 0.0))
        elif isinstance(a, Acquisition):
            if w.name != "telecom":
                raise ValueError(f"{a.name}: the {w.name} world has no acquisition (the "
                                 "tobacco company is the monopoly wholesaler: every licensed "
                                 "retailer already buys from it)")
            for channel, budget in a.items():
                if channel not in CHANNELS:
                    raise ValueError(f"{a.name}: channel {channel!r} is not known; allowed: "
                                     f"{CHANNELS}")
                if channel in channels_used:
                    raise ValueError(f"{a.name}: channel {channel!r} is funded twice; give "
                                     "each channel one budget")
                channels_used.add(channel)
                got = _buy(w, channel, budget, a.name)
                acquired.append(got)
                rows.append((a.name, f"acquisition via {channel}", int(got["theta"].size),
                             0.0, float(got["acq_cost"].astype(float).sum()), 0.0))
        elif isinstance(a, (ServicePackage, SupplyAllocation)):
            if w.name != "tobacco":
                raise ValueError(f"{a.name}: {type(a).__name__} is a tobacco action; the "
                                 f"{w.name} world has no such service (use Scenario or "
                                 "AccountHours)")
            if isinstance(a, ServicePackage):
                for target, pkg in a.items():
                    mask = select(a.name, target, base) & active
                    spec = service_package(v, pkg)
                    claim(mask, a.name)
                    order_cut[mask] = spec["order_cut"]
                    dropout_cut[mask] = spec["dropout_cut"]
                    late_cut[mask] = spec["late_cut"]
                    hours[mask] += spec["hours"]
                    cost_rate[mask] += spec["cost"]
                    rows.append((a.name, f"service package {pkg} → {target}",
                                 int(mask.sum()), spec["cost"] * mask.sum(), 0.0, 0.0))
            else:
                for target, x in a.items():
                    mask = select(a.name, target, base) & active
                    supply[mask] += x
                    rows.append((a.name, f"scarce supply {x:g} cartons/order → {target}",
                                 int(mask.sum()), 0.0, 0.0, 0.0))
                pool = v["scarce_cartons_per_week"] * n / 1000.0
                need = float((supply * w.prof["q"] * active).sum())
                if need > pool + 1e-9:
                    raise ValueError(f"{a.name}: the allocation needs ≈ {need:,.0f} scarce "
                                     f"cartons a week; the pool is {pool:,.0f} "
                                     f"(scarce_cartons_per_week {v['scarce_cartons_per_week']:g}"
                                     " per 1,000 retailers)")
        else:                                    # Plan() already refuses other objects
            raise TypeError(f"Plan: unknown action {a!r}")
    both = let_go & ((owner != "") | (supply > 0))
    if both.any():
        raise ValueError("Plan: a customer let go (LetGo) also gets another action (e.g. "
                         f"{owner[both][0] or 'supply allocation'!r}); a customer who leaves "
                         "cannot be served")
    cap = w.capacity()
    if hours.sum() > cap + 1e-9:
        unit = base.params.period_unit
        names = [a.name for a in plan.actions if isinstance(a, (AccountHours, ServicePackage))]
        raise ValueError(f"Plan: actions {names} need {hours.sum():,.1f} manager hours per "
                         f"{unit}; capacity is {cap:,.1f} hours per {unit}")
    if hours.any():
        cut, growth = hours_response(hours, v)
        if w.name == "tobacco":
            dropout_cut = 1.0 - (1.0 - dropout_cut) * (1.0 - cut)
        else:
            r_new = np.where(hours > 0, 1.0 - (1.0 - r_new) * (1.0 - cut), r_new)
        cost_rate += hours * v["am_hour_cost"]
    else:
        growth = zeros()
    table = pd.DataFrame(rows, columns=["action", "kind", "customers", "cost_per_period",
                                        "cost_once", "fixed_cost"])
    if not plan.actions:
        return Effects(None, w, let_go, cost_rate, once, fixed, table)
    if w.name == "tobacco":
        q = w.prof["q"]
        q_new = 1.0 - (1.0 - q) * (1.0 - order_cut)
        touched = (dropout_cut > 0) | (order_cut > 0)
        r_new = np.where(touched, 1.0 - q_new * w.prof["p"] * (1.0 - dropout_cut), r_new)
        rates = w.rates(r_new, growth, margin_uplift, order_cut, late_cut, supply)
    else:
        rates = w.rates(r_new, growth, margin_uplift)
    new = [g for g in acquired if g["theta"].size]
    if not new:
        return Effects(rates, w, let_go, cost_rate, once, fixed, table)
    joined = {k: np.concatenate([g[k] for g in new]) for k in new[0]}
    w_ext = w.extended(joined)
    a_n = joined["theta"].size
    own = month_rates({k: x[n:] for k, x in w_ext.prof.items()}, v)
    rates = {k: np.concatenate([x, own[k]]) for k, x in rates.items()}
    pad = lambda x: np.r_[x, np.zeros(a_n, dtype=x.dtype)]  # noqa: E731
    once = np.r_[once, joined["acq_cost"].astype(float)]
    return Effects(rates, w_ext, pad(let_go), pad(cost_rate), once, fixed, table)


def _buy(w: Any, channel: str, budget: float, name: str) -> dict:
    """Prospects found by ``channel`` in their fixed order, while ``budget`` covers each
    one's acquisition cost; prospects already acquired in earlier rounds (``w.acquired``)
    are skipped. Raises ValueError when the budget outlasts the prospect pool."""
    picked, left, skip = [], budget, w.acquired[channel]
    for _, pool, idx in channel_prospects(w.params, channel):
        if skip >= idx.size:                     # this block's were all acquired before
            skip -= idx.size
            continue
        idx, skip = idx[skip:], 0
        cost = pool["acq_cost"][idx].astype(float)
        within = np.cumsum(cost) <= left + 1e-9
        take = idx[within]
        if take.size:
            picked.append({k: x[take] for k, x in pool.items()})
            left -= float(cost[within].sum())
        if not within.all() or left <= 0:
            break
    else:
        raise ValueError(f"{name}: budget RMB {budget:,.0f} buys more than the "
                         f"{MAX_PROSPECT_BLOCKS * PROSPECT_BLOCK:,} prospects searched for "
                         f"channel {channel!r}; spend less")
    if not picked:
        pool = prospects(w.params, 0)
        return {k: x[:0] for k, x in pool.items()}
    return {k: np.concatenate([p[k] for p in picked]) for k in picked[0]}
