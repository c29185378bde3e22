"""Checking selections against the truth: precision and recall per method."""

from __future__ import annotations

from typing import Any, Callable, Iterable, Mapping

import numpy as np
import pandas as pd

from ..base import CustomerBase
from ..validate import check_fraction
from ._key_account import TELECOM_CRITERIA, TELECOM_GROUPS, _DERIVED, key_account_evaluation
from ._matrix import value_matrix
from ._pareto import abc_classes
from ._rfm import rfm
from ._values import _check_frame_column, _order, customer_values


# =============================================================================================
# Against the truth
# =============================================================================================


def selected_ids(sel: Any, name: str = "selection") -> set:
    """The customer ids of a selection: a set/list/array of ids, or a boolean Series by id.

    Parameters
    ----------
    sel : set, list, tuple, ndarray, Index, Series
        Ids, or a boolean Series indexed by customer id (True = selected).
    name : str
        The selection's name, quoted in errors.

    Returns
    -------
    set

    >>> import pandas as pd
    >>> sorted(selected_ids(pd.Series([True, False, True], index=[7, 8, 9])))
    [7, 9]
    """
    if isinstance(sel, pd.Series) and pd.api.types.is_bool_dtype(sel.dtype):
        return set(sel.index[sel.to_numpy()].tolist())
    if isinstance(sel, pd.DataFrame):
        raise TypeError(f"selections[{name!r}]: expected ids or a boolean Series by customer id, "
                        "got a DataFrame")
    if isinstance(sel, (set, frozenset, list, tuple, np.ndarray, pd.Index, pd.Series)):
        return set(np.asarray(list(sel)).tolist())
    raise TypeError(f"selections[{name!r}]: expected a set/list of customer ids or a boolean "
                    f"Series, got {type(sel).__name__}")


def compare_to_truth(selections: Mapping[str, Any], truth_top: Any) -> pd.DataFrame:
    """Precision and recall of each method's chosen key customers against the true key tier.

    ``selections`` maps a method name to its chosen customers (ids, or a boolean Series indexed
    by customer id). ``truth_top`` is the true key customers (ids, a boolean Series, or a
    CustomerBase: ``truth.true_tier == "key"``). Per method: ``selected``, ``true_key``,
    ``hits`` = |chosen ∩ true|, ``precision`` = hits / selected (how many chosen are truly
    key), ``recall`` = hits / true_key (how many true key customers were found) and ``f1`` =
    their harmonic mean.

    Parameters
    ----------
    selections : mapping
        ``{method: selected ids or boolean Series}``.
    truth_top : ids or boolean Series
        The truly key customers.

    Returns
    -------
    DataFrame
        One row per method: ``selected``, ``true_key``, ``hits``, ``precision``, ``recall``,
        ``f1``.

    References
    ----------
    van Rijsbergen, C. J. (1979). *Information Retrieval* (2nd ed.). Butterworths
    (precision, recall and their harmonic mean F).

    >>> t = compare_to_truth({"m": {1, 2, 3, 4}}, {1, 2, 5})   # 2 hits of 4 chosen, 3 true
    >>> t.loc["m", ["hits", "precision", "recall"]].round(3).tolist()
    [2.0, 0.5, 0.667]
    """
    if isinstance(truth_top, CustomerBase):
        tr = truth_top.truth
        _check_frame_column(tr, "true_tier", "base.truth")
        truth = set(tr.loc[(tr["true_tier"] == "key").to_numpy(), "customer_id"].tolist())
    else:
        truth = selected_ids(truth_top, "truth_top")
    if not truth:
        raise ValueError("truth_top: no true key customers to compare with")
    if not isinstance(selections, Mapping) or not selections:
        raise ValueError("selections: expected a non-empty dict {method name: chosen ids}")
    rows = []
    for name, sel in selections.items():
        chosen = selected_ids(sel, name)
        hits = len(chosen & truth)
        p = hits / len(chosen) if chosen else float("nan")
        r = hits / len(truth)
        f1 = 2 * p * r / (p + r) if chosen and (p + r) > 0 else 0.0
        rows.append({"method": name, "selected": len(chosen), "true_key": len(truth),
                     "hits": hits, "precision": p, "recall": r, "f1": f1})
    return pd.DataFrame(rows).set_index("method")


def _top_ids(score: np.ndarray, ids: np.ndarray, k: int) -> np.ndarray:
    return ids[_order(score, ids)[:k]]


def _sel_top(measure: str) -> Callable[[CustomerBase, float], np.ndarray]:
    def select(base: CustomerBase, top: float) -> np.ndarray:
        s = customer_values(base, measure)
        k = int(round(top * len(s)))
        return _top_ids(s.to_numpy(), s.index.to_numpy(), k)
    select.__doc__ = f"The top share of customers by total {measure}."
    return select


def _sel_abc(base: CustomerBase, top: float) -> np.ndarray:
    """ABC class A by revenue (its size is set by the 80% cut-off, not by ``top``)."""
    t = abc_classes(base, measure="revenue")
    return t.loc[t["abc"] == "A", "customer_id"].to_numpy()


def _sel_rfm(base: CustomerBase, top: float) -> np.ndarray:
    """The top share by RFM total score (ties: monetary, then customer id)."""
    t = rfm(base)
    k = int(round(top * len(base.customers)))
    order = np.lexsort((t["customer_id"].to_numpy(), -t["monetary"].to_numpy(),
                        -t["rfm_score"].to_numpy()))
    return t["customer_id"].to_numpy()[order[:k]]


def _sel_matrix(base: CustomerBase, top: float) -> np.ndarray:
    """Value-matrix quadrant 'maintain' (high current and high potential margin)."""
    t = value_matrix(base)
    return t.loc[t["quadrant"] == "maintain", "customer_id"].to_numpy()


def _sel_key_account(base: CustomerBase, top: float) -> np.ndarray:
    """The top share by the telecom key-account evaluation score."""
    t = key_account_evaluation(base, top=top)
    return t.loc[t["key"], "customer_id"].to_numpy()


#: Ready-made selection methods for :func:`precision_recall_table`: name → f(base, top) → ids.
SELECTION_METHODS: dict[str, Callable[[CustomerBase, float], np.ndarray]] = {
    "top_revenue": _sel_top("revenue"),
    "top_margin": _sel_top("margin"),
    "abc_class_a": _sel_abc,
    "rfm_score": _sel_rfm,
    "value_matrix_maintain": _sel_matrix,
    "key_account_evaluation": _sel_key_account,
}


def precision_recall_table(base: CustomerBase,
                           methods: Iterable[str] | Mapping[str, Callable] | None = None, *,
                           top: float | None = None) -> pd.DataFrame:
    """Run several key-customer methods on a base and score each against the true key tier.

    ``methods``: names from :data:`SELECTION_METHODS` (default: all that the base supports —
    ``key_account_evaluation`` needs the telecom criteria columns), or a dict name →
    function(base, top) returning chosen customer ids. ``top`` is the share of customers a
    ranking method picks; default the true key share (10% in both worlds), so precision and
    recall are comparable. Returns :func:`compare_to_truth`'s table, one row per method.

    Parameters
    ----------
    base : CustomerBase
        A base with ``truth.true_tier``.
    methods : iterable of str or mapping, optional
        Names in :data:`SELECTION_METHODS`, or ``{name: select(base, top)}``.
    top : float, optional
        Share selected (default the true key share).

    Returns
    -------
    DataFrame
        One row per method (see :func:`compare_to_truth`).

    References
    ----------
    van Rijsbergen, C. J. (1979). *Information Retrieval* (2nd ed.). Butterworths
    (precision, recall and their harmonic mean F).
    """
    if not isinstance(base, CustomerBase):
        raise TypeError(f"base: expected a CustomerBase, got {type(base).__name__}")
    tr = base.truth
    _check_frame_column(tr, "true_tier", "base.truth")
    if top is None:
        top = float((tr["true_tier"] == "key").mean())
    top = check_fraction("top", top)
    if methods is None:
        chosen = dict(SELECTION_METHODS)
        cols = set(base.customers.columns) | set(_DERIVED)
        groups = {g for c, (g, _) in TELECOM_CRITERIA.items() if c in cols}
        if len(groups) < len(TELECOM_GROUPS):
            chosen.pop("key_account_evaluation")
    elif isinstance(methods, Mapping):
        chosen = dict(methods)
    else:
        chosen = {}
        for name in methods:
            if name not in SELECTION_METHODS:
                raise ValueError(f"methods: unknown method {name!r}; choose from "
                                 f"{list(SELECTION_METHODS)} or pass a dict of functions")
            chosen[name] = SELECTION_METHODS[name]
    selections = {name: f(base, top) for name, f in chosen.items()}
    return compare_to_truth(selections, base)
