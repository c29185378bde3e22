"""The telecom world's ``customers`` table, assembled from a profile and a simulation
(:func:`casekit.generate.telecom.assemble`)."""

from __future__ import annotations

from typing import Any

import numpy as np
import pandas as pd

from . import _draws as dr
from . import _telecom_traits as _traits
from .telecom_spec import CHANNELS, CONTRACTS, INDUSTRY_NAMES, KA, PLANS, REGIONS, SEGMENTS


def customers_frame(prof: dict[str, np.ndarray], sim: dict[str, np.ndarray],
                    act: dict[str, Any], n: int) -> pd.DataFrame:
    """The ``customers`` table of a telecom base: each customer's profile (``prof``), the
    observed summaries of its months (``act``) and its churn (``sim``)."""
    months_active = sim["months_active"]
    churn_month = sim["churn_month"]
    seg = prof["seg"]
    return pd.DataFrame({
        "customer_id": np.arange(n, dtype=np.int32),
        "segment": dr.categorical(seg, SEGMENTS),
        "plan": dr.categorical(prof["plan"], PLANS),
        "region": dr.categorical(prof["region"], REGIONS),
        "industry": dr.categorical(prof["industry"], INDUSTRY_NAMES),
        "industry_growth": prof["ind_growth"],
        "lines": prof["lines"],
        "contract": dr.categorical(prof["contract"], CONTRACTS),
        "contract_months_left": prof["months_left"],
        "early_termination_fee": prof["etf"],
        "tenure_months": prof["tenure"],
        "acquisition_channel": dr.categorical(prof["channel"], CHANNELS),
        "acquisition_cost": prof["acq_cost"],
        "discount": prof["discount"],
        "cost_to_serve": prof["cts"],
        "account_manager": seg == KA,
        "satisfaction": prof["satisfaction"],
        "switching_cost": prof["switching_cost"],
        "alternatives": prof["alternatives"],
        **{col: prof[col] for col in _traits.TRAIT_COLUMNS},
        "complaints": act["total_complaints"].astype(np.int16),
        "months_active": months_active,
        "churned": churn_month > 0,
        "churn_month": churn_month,
        "total_revenue": np.round(act["total_revenue"], 2),
        "total_margin": np.round(act["total_margin"], 2),
        "avg_monthly_revenue": np.round(act["total_revenue"] / months_active, 2),
    }, copy=False)                                # the arrays are ours: no second copy
