"""Key-account details generated on demand: contacts, contract events, complaints, service
requests — deterministic, from a stream of ``base.params.seed`` and the customer id.

Nothing here changes the telecom generator or its files: the details are drawn when asked,
always the same for the same base and account, and consistent with the account's latent
truth (satisfaction and retention set the contacts' attitudes, growth the lines added or
removed, the observed complaints the complaint log).
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass

import numpy as np
import pandas as pd

from ..base import CustomerBase
from ._stages import _require_telecom, accounts, true_stage

#: Roles in the buying process (seed 001: 决策者; 关键人: 使用者、顾问人、把关者、外部人士;
#: 支持者), with the usual influence on the decision (1–5).
ROLES = {"decision_maker": ("decision maker", "决策者", 5),
         "buyer": ("buyer", "采购者", 3),
         "user": ("user", "使用者", 2),
         "adviser": ("adviser / influencer", "顾问人", 3),
         "gatekeeper": ("gatekeeper", "把关者", 2),
         "outsider": ("outside party", "外部人士", 1)}

#: Attitude towards us, −2 … +2 (反对 … 支持).
ATTITUDES = {-2: "opponent", -1: "sceptic", 0: "neutral", 1: "friendly", 2: "supporter"}

_SURNAMES = ("王", "李", "张", "刘", "陈", "杨", "赵", "黄", "周", "吴", "徐", "孙", "马", "朱")
_TITLES = {"decision_maker": "总经理", "buyer": "采购经理", "user": "部门主管",
           "adviser": "技术顾问", "gatekeeper": "办公室主任", "outsider": "咨询公司顾问"}
_ADDRESS = {"decision_maker": "总", "buyer": "经理", "user": "主管", "adviser": "工",
            "gatekeeper": "主任", "outsider": "顾问"}
_COMPLAINT_TYPES = ("network quality", "billing", "installation delay", "service attitude")


def _rng(base: CustomerBase, what: str, customer_id: int) -> np.random.Generator:
    """The stream of one kind of detail of one account: ``SeedSequence(seed, spawn_key=(k,))``
    with k the first 8 bytes of SHA-256("manage.<what>.<id>") — the generators' own way of
    keying a stream by name (``casekit.generate`` streams), so a new kind of detail never
    changes an existing one."""
    name = f"manage.{what}.{int(customer_id)}"
    key = int.from_bytes(hashlib.sha256(name.encode("utf-8")).digest()[:8], "little")
    seq = np.random.SeedSequence(int(base.params.seed), spawn_key=(key,))
    return np.random.Generator(np.random.PCG64(seq))


def _account_row(base: CustomerBase, customer_id: int, _frames: tuple | None = None
                 ) -> tuple[pd.Series, pd.Series]:
    acc, truth = _frames if _frames is not None else _prepare(base)
    if isinstance(customer_id, (bool, np.bool_)) or not isinstance(
            customer_id, (int, np.integer)):
        raise TypeError(f"customer_id={customer_id!r}: expected a whole number (an account id)")
    if int(customer_id) not in acc.index:
        raise ValueError(f"customer_id={customer_id!r} is not a managed account (segment "
                         f"key_account or sme); e.g. {list(acc.index[:5])}")
    return acc.loc[int(customer_id)], truth.loc[int(customer_id)]


def _prepare(base: CustomerBase) -> tuple[pd.DataFrame, pd.DataFrame]:
    return accounts(base).set_index("customer_id"), base.truth.set_index("customer_id")


def contacts(base: CustomerBase, customer_id: int, _frames: tuple | None = None
             ) -> pd.DataFrame:
    """The account's contacts and their roles in the buying process (关键人物、采购流程).

    Every account has one decision maker, one buyer and one user; larger accounts (more
    lines) add advisers, gatekeepers and outside parties. Influence is the role's usual
    influence ±1; attitude (−2 … +2) is drawn around a mean set by the account's satisfaction
    (1–5 → −1 … +1) and true retention, so unhappy, at-risk accounts have more opponents.

    Parameters
    ----------
    base : CustomerBase
        A telecom base.
    customer_id : int
        A managed account (segment key_account or sme).

    Returns
    -------
    DataFrame
        customer_id, contact (a name), title, role (code), influence (1–5), attitude (−2…2),
        supporter (attitude ≥ 1).

    References
    ----------
    Course deck 服务重点客户课件 (seed 001): key people and the buying process (关键人物、
    采购流程). The simulated rates and distributions are this kit's assumptions (no published source).
    """
    _require_telecom(base, "contacts")
    row, tr = _account_row(base, customer_id, _frames)
    rng = _rng(base, "contacts", customer_id)
    extra = int(min(6, np.floor(np.log2(max(int(row["lines"]), 1)) / 2)))
    roles = ["decision_maker", "buyer", "user"] + list(
        rng.choice(["adviser", "gatekeeper", "user", "outsider"], size=extra))
    mean = (float(row["satisfaction"]) - 3.0) / 2.0 - 8.0 * (1.0 - float(tr["true_retention"]))
    att = np.clip(np.rint(mean + rng.normal(0.0, 0.9, len(roles))), -2, 2).astype(int)
    infl = np.clip([ROLES[r][2] for r in roles] + rng.integers(-1, 2, len(roles)), 1, 5)
    names = [_SURNAMES[i] for i in rng.integers(0, len(_SURNAMES), len(roles))]
    return pd.DataFrame({"customer_id": int(customer_id),
                         "contact": [n + _ADDRESS[r] for n, r in zip(names, roles)],
                         "title": [_TITLES[r] for r in roles], "role": roles,
                         "influence": infl.astype(int), "attitude": att,
                         "supporter": att >= 1})


def contract_events(base: CustomerBase, customer_id: int, _frames: tuple | None = None
                    ) -> pd.DataFrame:
    """Contract events of the observation: lines added or removed, renewals, contract end.

    Line changes arrive at a monthly rate 0.15 while active; each is an addition with
    probability ½ + 4·true_growth (clipped to 0.05 … 0.95), so growing accounts add lines and
    shrinking ones remove them; the size is 1 + Poisson(lines/20). A contract end inside the
    next 12 months is listed as a future event (period > observed months).

    Parameters
    ----------
    base : CustomerBase
    customer_id : int

    Returns
    -------
    DataFrame
        customer_id, period, event (``lines_added``, ``lines_removed``, ``contract_end``,
        ``churned``), lines (the change; 0 for other events).

    References
    ----------
    The simulated rates and distributions are this kit's assumptions (no published source).
    """
    _require_telecom(base, "contract_events")
    row, tr = _account_row(base, customer_id, _frames)
    rng = _rng(base, "contract", customer_id)
    T = int(base.params.periods)
    active = int(row["months_active"])
    first = T - active + 1
    p_up = float(np.clip(0.5 + 4.0 * float(tr["true_growth"]), 0.05, 0.95))
    rows = []
    for t in range(first, first + active):
        if rng.random() < 0.15:
            up = rng.random() < p_up
            size = 1 + int(rng.poisson(max(int(row["lines"]), 1) / 20.0))
            rows.append((t, "lines_added" if up else "lines_removed", size if up else -size))
    if bool(row["churned"]):
        rows.append((int(row["churn_month"]), "churned", 0))
    elif int(row["contract_months_left"]) > 0:
        rows.append((T + int(row["contract_months_left"]), "contract_end", 0))
    return pd.DataFrame(rows, columns=["period", "event", "lines"]).assign(
        customer_id=int(customer_id))[["customer_id", "period", "event", "lines"]]


def complaints(base: CustomerBase, customer_id: int, _frames: tuple | None = None
               ) -> pd.DataFrame:
    """The account's complaints (the ``complaints`` counted in ``base.activity``) and their
    resolution: type, days to resolve, resolved or not.

    Days to resolve are exponential with mean 2 + 2·(5 − satisfaction) days; a complaint not
    resolved within 14 days stays open (unhappy accounts wait longer).

    Parameters
    ----------
    base : CustomerBase
        A telecom base.
    customer_id : int
        A managed account (segment key_account or sme; see :func:`accounts`).

    Returns
    -------
    DataFrame
        customer_id, period, type, days_to_resolve, resolved.

    References
    ----------
    The simulated rates and distributions are this kit's assumptions (no published source).
    """
    _require_telecom(base, "complaints")
    row, _ = _account_row(base, customer_id, _frames)
    rng = _rng(base, "complaints", customer_id)
    act = base.activity
    mine = act[(act["customer_id"] == int(customer_id)) & (act["complaints"] > 0)]
    periods = np.repeat(mine["period"].to_numpy(), mine["complaints"].to_numpy().astype(int))
    mean_days = 2.0 + 2.0 * (5 - int(row["satisfaction"]))
    days = np.round(rng.exponential(mean_days, len(periods)), 1)
    kinds = rng.choice(_COMPLAINT_TYPES, size=len(periods))
    return pd.DataFrame({"customer_id": int(customer_id), "period": periods.astype(int),
                         "type": kinds, "days_to_resolve": days, "resolved": days <= 14.0})


def service_requests(base: CustomerBase, customer_id: int) -> pd.DataFrame:
    """Service requests per month (moves, new services, changes): Poisson with mean
    0.2·√lines while active.

    Parameters
    ----------
    base : CustomerBase
        A telecom base.
    customer_id : int
        A managed account (segment key_account or sme; see :func:`accounts`).

    Returns
    -------
    DataFrame
        customer_id, period, requests.

    References
    ----------
    The simulated rates and distributions are this kit's assumptions (no published source).
    """
    _require_telecom(base, "service_requests")
    row, _ = _account_row(base, customer_id)
    rng = _rng(base, "requests", customer_id)
    act = base.activity
    periods = act.loc[act["customer_id"] == int(customer_id), "period"].to_numpy()
    n = rng.poisson(0.2 * np.sqrt(max(int(row["lines"]), 1)), len(periods))
    return pd.DataFrame({"customer_id": int(customer_id), "period": periods.astype(int),
                         "requests": n.astype(int)})


@dataclass(frozen=True)
class AccountDetails:
    """Everything the kit knows about one key account: the row of ``base.customers``, its
    contacts, contract events, complaints, service requests and its TRUE stage.

    Attributes
    ----------
    customer_id : int
        The account.
    profile : pandas.Series
        The account's row of ``base.customers``.
    contacts : pandas.DataFrame
        See :func:`contacts`.
    events : pandas.DataFrame
        See :func:`contract_events`.
    complaints : pandas.DataFrame
        See :func:`complaints`.
    requests : pandas.DataFrame
        See :func:`service_requests`.
    true_stage : str
        The account's TRUE relationship stage code (see :func:`true_stage`); hidden from
        students in the exercises.
    """

    customer_id: int
    profile: pd.Series
    contacts: pd.DataFrame
    events: pd.DataFrame
    complaints: pd.DataFrame
    requests: pd.DataFrame
    true_stage: str


def account_details(base: CustomerBase, customer_id: int) -> AccountDetails:
    """All on-demand details of one account (same base and id → the same details, always).

    Parameters
    ----------
    base : CustomerBase
        A telecom base.
    customer_id : int
        A managed account (segment key_account or sme; see :func:`accounts`).

    Returns
    -------
    AccountDetails

    References
    ----------
    Course deck 服务重点客户课件 (seed 001): account analysis (key people, buying process).
    The simulated rates and distributions are this kit's assumptions (no published source).

    >>> d = ck.account_details(ck.telecom(customers=300, seed=1), 28)   # doctest: +SKIP
    """
    _require_telecom(base, "account_details")
    row, _ = _account_row(base, customer_id)
    return AccountDetails(int(customer_id), row, contacts(base, customer_id),
                          contract_events(base, customer_id), complaints(base, customer_id),
                          service_requests(base, customer_id),
                          str(true_stage(base).loc[int(customer_id)]))


def _every_account(base: CustomerBase, one_account, name: str) -> pd.DataFrame:
    """``one_account(base, id, frames)`` for every managed account, in one table."""
    _require_telecom(base, name)
    frames = _prepare(base)
    return pd.concat([one_account(base, int(i), frames) for i in frames[0].index],
                     ignore_index=True)


def account_contacts(base: CustomerBase) -> pd.DataFrame:
    """The contacts of every managed account, in one table (see :func:`contacts`).

    Parameters
    ----------
    base : CustomerBase
        A telecom base.

    Returns
    -------
    pandas.DataFrame
        The rows of :func:`contacts` for every managed account, with ``customer_id``.

    References
    ----------
    As for the one-account function: the simulated rates and distributions are this kit's
    assumptions (no published source).
    """
    return _every_account(base, contacts, "account_contacts")


def account_events(base: CustomerBase) -> pd.DataFrame:
    """The contract events of every managed account (see :func:`contract_events`).

    Parameters
    ----------
    base : CustomerBase
        A telecom base.

    Returns
    -------
    pandas.DataFrame
        The rows of :func:`contract_events` for every managed account, with ``customer_id``.

    References
    ----------
    As for the one-account function: the simulated rates and distributions are this kit's
    assumptions (no published source).
    """
    return _every_account(base, contract_events, "account_events")


def account_complaints(base: CustomerBase) -> pd.DataFrame:
    """The complaint log of every managed account (see :func:`complaints`).

    Parameters
    ----------
    base : CustomerBase
        A telecom base.

    Returns
    -------
    pandas.DataFrame
        The rows of :func:`complaints` for every managed account, with ``customer_id``.

    References
    ----------
    As for the one-account function: the simulated rates and distributions are this kit's
    assumptions (no published source).
    """
    return _every_account(base, complaints, "account_complaints")
