"""Chapter 09's dashboard: the pyramid's time allocation as hours of a named team.

A thin view over :func:`casekit.pyramid_allocation` (seed 001: 10 % of customers get 60 % of the
time, 30 % get 30 %, 60 % get 10 %): two sliders set the shares of the team's customer hours
that go to the key and the normal tier (the small tier gets the rest); the dashboard shows the
hours a month each customer of a tier receives, and each member's hours per tier.
"""

from __future__ import annotations

from typing import Mapping

import ipywidgets as widgets

from .. import labels
from ..base import CustomerBase
from ..manage import pyramid_allocation
from ..scenarios import PYRAMID_SHARES
from ._checks import number_in

__all__ = ["team_hours_lab"]

labels.register({
    "key_share_slider": ("share of hours to key customers", "重点客户所占时间比例"),
    "normal_share_slider": ("share of hours to normal customers", "普通客户所占时间比例"),
    "hours_per_customer": ("hours a month per customer", "每位客户每月小时数"),
    "tier_key": ("key", "重点"),
    "tier_normal": ("normal", "普通"),
    "tier_small": ("small", "小"),
    "shares_over_one": ("the two shares add up to more than 100 %: lower one of them",
                        "两个比例之和超过 100%，请调低其中一个"),
})

_STYLE = {"description_width": "initial"}
_LAYOUT = widgets.Layout(width="440px")


def _shares(key: float, normal: float) -> dict[str, float] | None:
    """The three tiers' shares, or None when key + normal exceeds 1 (no share left)."""
    small = 1.0 - key - normal
    if small < -1e-9:
        return None
    return {"key": key, "normal": normal, "small": max(small, 0.0)}


def team_hours_lab(base: CustomerBase, team: Mapping[str, str], hours_per_month: float = 160.0,
                   key_share: float = PYRAMID_SHARES["key"],
                   normal_share: float = PYRAMID_SHARES["normal"]) -> widgets.VBox:
    """Sliders for the pyramid's shares of a team's hours; hours per customer of each tier.

    Parameters
    ----------
    base : CustomerBase
        A telecom or tobacco base (tiers from ``truth["true_tier"]``, active customers only).
    team : dict
        Member name → role (see :data:`casekit.manage.TEAM_ROLES`).
    hours_per_month : float
        Working hours of one member a month.
    key_share, normal_share : float
        Starting shares (0–1) of the team's customer hours for the key and normal tiers; the
        small tier gets ``1 − key_share − normal_share``. Default: the pyramid's 60/30/10.

    Returns
    -------
    ipywidgets.VBox
        Attributes ``key``, ``normal`` (the sliders), ``number`` (HTML: hours a month per
        customer of each tier, class ``casekit-result``), ``table`` (HTML: each member's
        hours per tier) and ``update()``. Every figure comes from
        :func:`casekit.pyramid_allocation`.
    """
    if not isinstance(base, CustomerBase):
        raise TypeError(f"base={type(base).__name__}: expected a CustomerBase "
                        "(ck.telecom(...), ck.tobacco(...) or ck.load(folder))")
    key_share = number_in("key_share", key_share, 0.0, 1.0)
    normal_share = number_in("normal_share", normal_share, 0.0, 1.0)
    if _shares(key_share, normal_share) is None:
        raise ValueError(f"key_share={key_share!r} + normal_share={normal_share!r} > 1: the "
                         "small tier's share would be negative")
    pyramid_allocation(base, team, hours_per_month)        # validates team and hours up front

    key = widgets.FloatSlider(value=key_share, min=0.0, max=1.0, step=0.05,
                              description=labels.label("key_share_slider"), readout_format=".0%",
                              continuous_update=False, style=_STYLE, layout=_LAYOUT)
    normal = widgets.FloatSlider(value=normal_share, min=0.0, max=1.0, step=0.05,
                                 description=labels.label("normal_share_slider"),
                                 readout_format=".0%", continuous_update=False, style=_STYLE,
                                 layout=_LAYOUT)
    number, table = widgets.HTML(), widgets.HTML()

    def update(*_):
        shares = _shares(key.value, normal.value)
        if shares is None:
            number.value = f"<span class='casekit-result'>{labels.label('shares_over_one')}</span>"
            table.value = ""
            return
        alloc = pyramid_allocation(base, team, hours_per_month, shares=shares)
        per = " · ".join(f"{labels.label('tier_' + t)} {alloc.at[t, 'hours_per_customer']:.2f}"
                         for t in alloc.index)
        number.value = (f"<b>{labels.label('hours_per_customer')}</b>: "
                        f"<span class='casekit-result'>{per}</span>")
        members = alloc.drop(columns=["customers", "share", "hours", "hours_per_customer"])
        members = members.rename(index=lambda t: labels.label("tier_" + t))
        members.index.name = labels.label("tier")
        table.value = members.round(1).to_html()

    key.observe(update, "value")
    normal.observe(update, "value")
    update()
    box = widgets.VBox([key, normal, number, table])
    box.key, box.normal, box.number, box.table, box.update = key, normal, number, table, update
    return box
