"""The relationship life cycle of seed 001 (客户关系周期变化) and the true stage of each account.

Seed 001 names seven stages: 突破期 → 巩固期 → 成长期 → 收获期 → 防御期 → 冬眠期 → 暂停期.
The simulator knows each telecom account's latent state (``base.truth``); the TRUE stage is a
documented rule on it, so a diagnosis from observable signals can be scored against it.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from ..base import CustomerBase

#: Stage codes in the seed's order, with the seed's own terms (labels en/zh).
STAGES = ("breakthrough", "consolidation", "growth", "harvest", "defence", "dormancy",
          "suspension")
STAGE_NAMES = {"breakthrough": ("breakthrough", "突破期"),
               "consolidation": ("consolidation", "巩固期"),
               "growth": ("growth", "成长期"), "harvest": ("harvest", "收获期"),
               "defence": ("defence", "防御期"), "dormancy": ("dormancy", "冬眠期"),
               "suspension": ("suspension", "暂停期")}

#: Thresholds of the true-stage rule (months, annual rates).
NEW_MONTHS = 12          # a relationship younger than this is being broken into
MATURE_MONTHS = 48       # consolidation lasts until this tenure
AT_RISK_CHURN = 0.10     # annual churn probability above which the account must be defended
GROWING = 0.05           # true annual growth above this: growth stage
SHRINKING = -0.05        # below this: dormancy

#: The segments that are managed as accounts (政企客户): key accounts and SMEs.
ACCOUNT_SEGMENTS = ("key_account", "sme")


def _require_telecom(base: CustomerBase, what: str) -> None:
    if not isinstance(base, CustomerBase):
        raise TypeError(f"{what}(base=...): expected a CustomerBase, got {type(base).__name__}")
    if base.world != "telecom":
        raise ValueError(f"{what}(base=...): base.world={base.world!r}; key-account management "
                         "is modelled for the 'telecom' world (政企客户)")


def accounts(base: CustomerBase) -> pd.DataFrame:
    """The managed accounts (政企客户): customers of segment key_account or sme.

    Parameters
    ----------
    base : CustomerBase
        A telecom base.

    Returns
    -------
    DataFrame
        Their rows of ``base.customers``, in customer_id order.

    Notes
    -----
    No formula: the segments key_account and sme are the telecom world's (see
    ``ck.telecom_params()``); calling both managed accounts is this kit's assumption.
    """
    _require_telecom(base, "accounts")
    c = base.customers
    return c[c["segment"].astype(str).isin(ACCOUNT_SEGMENTS)].reset_index(drop=True)


def true_stage(base: CustomerBase) -> pd.Series:
    """The TRUE relationship stage of every account, from the simulator's latent state.

    The rule, first match wins (thresholds are module constants):

    1. churned during the observation → 暂停期 ``suspension``;
    2. tenure below ``NEW_MONTHS`` → 突破期 ``breakthrough``;
    3. true annual churn probability 1 − r¹² above ``AT_RISK_CHURN`` → 防御期 ``defence``;
    4. true growth above ``GROWING`` → 成长期 ``growth``;
    5. true growth below ``SHRINKING`` → 冬眠期 ``dormancy``;
    6. tenure below ``MATURE_MONTHS`` → 巩固期 ``consolidation``;
    7. otherwise → 收获期 ``harvest``.

    The seed describes the stages in words only; this rule is the kit's reading of them.

    Parameters
    ----------
    base : CustomerBase
        A telecom base.

    Returns
    -------
    Series
        Stage code per account, indexed by customer_id (categorical in :data:`STAGES` order).

    References
    ----------
    Seed 001 (服务重点客户): 客户关系周期变化 突破期 巩固期 成长期 收获期 防御期 冬眠期 暂停期.
    """
    acc = accounts(base)
    tr = base.truth.set_index("customer_id").loc[acc["customer_id"]]
    churn = 1.0 - tr["true_retention"].to_numpy() ** 12
    growth = tr["true_growth"].to_numpy()
    tenure = acc["tenure_months"].to_numpy()
    conds = [acc["churned"].to_numpy(dtype=bool), tenure < NEW_MONTHS, churn > AT_RISK_CHURN,
             growth > GROWING, growth < SHRINKING, tenure < MATURE_MONTHS]
    choices = ["suspension", "breakthrough", "defence", "growth", "dormancy", "consolidation"]
    stage = np.select(conds, choices, default="harvest")
    return pd.Series(pd.Categorical(stage, categories=STAGES),
                     index=pd.Index(acc["customer_id"].to_numpy(), name="customer_id"),
                     name="true_stage")
