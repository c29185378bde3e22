"""Shared plotting helpers: one look for every casekit figure, labels through casekit.labels.

Figures are built with the object-oriented API (``matplotlib.figure.Figure``), not pyplot, so a
widget that redraws many times leaves no figures behind; Jupyter still shows a returned Figure.
"""

from __future__ import annotations

import math
import numbers
from typing import Any, Sequence

from matplotlib.figure import Figure
from matplotlib.ticker import FuncFormatter, PercentFormatter

from ..labels import money, plot_label

__all__ = ["new_figure", "finish", "percent_axis", "rmb", "rmb_axis", "PALETTE"]


def _show_figures_inline() -> None:
    """Let Jupyter draw a returned Figure as a PNG, as it does for pyplot figures.

    matplotlib-inline registers this display hook only once pyplot is imported; our figures
    never touch pyplot, so we register the same PNG formatter ourselves (no-op outside IPython).
    """
    try:
        from IPython import get_ipython
        from IPython.core.pylabtools import print_figure
    except ImportError:  # pragma: no cover - IPython ships with Jupyter
        return
    shell = get_ipython()
    if shell is None:
        return
    png = shell.display_formatter.formatters["image/png"]
    png.for_type(Figure, lambda fig: print_figure(fig, fmt="png", bbox_inches="tight"))


_show_figures_inline()

#: Colours used across the kit (colour-blind safe, Okabe–Ito).
PALETTE = ("#0072B2", "#E69F00", "#009E73", "#D55E00", "#CC79A7", "#56B4E9", "#F0E442",
           "#000000")


def whole_in(name: str, value: Any, low: int, high: int) -> int:
    """``value`` as an int in [low, high], else a TypeError/ValueError naming it (plots check
    their size arguments — points, bins — before numpy or matplotlib allocate anything)."""
    if isinstance(value, bool) or not isinstance(value, numbers.Integral):
        raise TypeError(f"{name}={value!r}: expected a whole number in [{low:,}, {high:,}]")
    if not low <= value <= high:
        raise ValueError(f"{name}={value:,} is out of range; allowed: [{low:,}, {high:,}]")
    return int(value)


def _axis(name: str, axis: Any) -> str:
    if axis not in ("x", "y"):
        raise ValueError(f"{name}(axis={axis!r}): allowed values are 'x' and 'y'")
    return axis


def new_figure(nrows: int = 1, ncols: int = 1, figsize: Sequence[float] = (7.0, 4.0),
               **kwargs):
    """A new Figure and its axes (an Axes, or an array of them when nrows*ncols > 1).

    Parameters
    ----------
    nrows, ncols : int
        The grid of axes.
    figsize : (float, float)
        Width and height in inches, each in (0, 100].
    **kwargs
        Passed to :meth:`matplotlib.figure.Figure.subplots`.

    Returns
    -------
    (Figure, Axes or ndarray of Axes)
        The figure (constrained layout) and its axes.
    """
    size = tuple(figsize) if isinstance(figsize, Sequence) else ()
    if len(size) != 2 or not all(isinstance(v, numbers.Real) and not isinstance(v, bool)
                                 and math.isfinite(v) and 0 < v <= 100 for v in size):
        raise ValueError(f"new_figure(figsize={figsize!r}): expected (width, height) in inches, "
                         "two numbers in (0, 100]")
    fig = Figure(figsize=tuple(figsize), layout="constrained")
    axes = fig.subplots(nrows, ncols, **kwargs)
    return fig, axes


def finish(fig: Figure, ax, *, title: str | None = None, xlabel: str | None = None,
           ylabel: str | None = None, legend: bool = False) -> Figure:
    """Set title and axis labels from label keys (translated by casekit.labels) and return fig.

    Also draws a light grid and hides the top and right spines of ``ax``.

    Parameters
    ----------
    fig : Figure
        The figure returned.
    ax : Axes
        The axes to label.
    title, xlabel, ylabel : str, optional
        Label keys (see :func:`casekit.labels.plot_label`); None leaves that text unset.
    legend : bool
        Draw the legend of ``ax``.

    Returns
    -------
    matplotlib.figure.Figure
    """
    if title is not None:
        ax.set_title(plot_label(title))
    if xlabel is not None:
        ax.set_xlabel(plot_label(xlabel))
    if ylabel is not None:
        ax.set_ylabel(plot_label(ylabel))
    if legend:
        ax.legend(frameon=False)
    ax.grid(True, alpha=0.3)
    for side in ("top", "right"):
        ax.spines[side].set_visible(False)
    return fig


def percent_axis(ax, axis: str = "y", xmax: float = 1.0) -> None:
    """Show an axis holding fractions as percentages (0.25 → 25%).

    Parameters
    ----------
    ax : Axes
        The axes.
    axis : {"x", "y"}
        Which axis.
    xmax : float
        The value shown as 100%.
    """
    target = ax.yaxis if _axis("percent_axis", axis) == "y" else ax.xaxis
    target.set_major_formatter(PercentFormatter(xmax=xmax))


def rmb(value: float) -> str:
    """An amount in RMB with thousands separators, the sign before the currency sign
    (:func:`casekit.labels.money`, the one money format of plots and dashboards).

    Parameters
    ----------
    value : float
        An amount in RMB (rounded to the yuan).

    Returns
    -------
    str

    >>> rmb(12000), rmb(-1500.4), rmb(-0.3)
    ('¥12,000', '-¥1,500', '¥0')
    """
    return money(value)


def rmb_axis(ax, axis: str = "y") -> None:
    """Show an axis in RMB with thousands separators (¥12,000; -¥500).

    Parameters
    ----------
    ax : Axes
        The axes.
    axis : {"x", "y"}
        Which axis.
    """
    target = ax.yaxis if _axis("rmb_axis", axis) == "y" else ax.xaxis
    target.set_major_formatter(FuncFormatter(lambda v, _pos: rmb(v)))
