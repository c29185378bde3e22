"""The stakeholder map of an account: roles × influence × attitude (关键人物)."""

from __future__ import annotations

import numpy as np
import pandas as pd

from ..base import CustomerBase
from ._details import contacts

#: Quadrants of the map: (high influence?, favourable?) → code.
QUADRANTS = {(True, True): "champion", (True, False): "blocker",
             (False, True): "ally", (False, False): "watch"}


def stakeholder_map(base: CustomerBase, customer_id: int) -> pd.DataFrame:
    """The account's contacts placed on the stakeholder map.

    Influence ≥ 4 is high; attitude ≥ 1 is favourable. Quadrants: champion (high, favourable:
    use them), blocker (high, not favourable: win them over first), ally (low, favourable),
    watch (low, not favourable).

    Parameters
    ----------
    base : CustomerBase
    customer_id : int

    Returns
    -------
    DataFrame
        The contacts with a ``quadrant`` column, most influential first.

    References
    ----------
    Course deck 服务重点客户课件 (seed 001): key people in the buying process. The
    influence × attitude grid and its cut-offs (influence >= 4, attitude >= 1) are this
    kit's assumptions.
    """
    c = contacts(base, customer_id)
    high = c["influence"].to_numpy() >= 4
    fav = c["attitude"].to_numpy() >= 1
    c = c.assign(quadrant=[QUADRANTS[(bool(h), bool(f))] for h, f in zip(high, fav)])
    return c.sort_values(["influence", "attitude"], ascending=[False, False],
                         kind="mergesort").reset_index(drop=True)


def support_score(base: CustomerBase, customer_id: int) -> float:
    """Influence-weighted attitude of the account's contacts, in −2 … +2.

    Σ influence·attitude ÷ Σ influence: how the buying centre leans, weighted by who counts.

    Parameters
    ----------
    base : CustomerBase
        A telecom base.
    customer_id : int
        A managed account (segment key_account or sme; see :func:`accounts`).

    Returns
    -------
    float
        In −2 … +2 (positive: the buying centre leans our way).

    References
    ----------
    Course deck 服务重点客户课件 (seed 001): key people in the buying process. The
    influence-weighted mean is this kit's assumption (a teaching summary).
    """
    c = contacts(base, customer_id)
    w = c["influence"].to_numpy(dtype=float)
    return float(np.sum(w * c["attitude"].to_numpy()) / np.sum(w))
