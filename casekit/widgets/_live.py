"""A dashboard figure that is built once and then redrawn in place (blitting).

Why: building a matplotlib figure from scratch, laying it out and encoding it costs several
times more than redrawing a figure that already exists. On the 2-core course machines a
one-line kit figure takes about 190 ms from ``Figure()`` to PNG, but about 50 ms to redraw
once built, and a few milliseconds when only the moving parts are drawn. A slider should feel
instant, so a dashboard:

1. builds its figure once (again when the world or measure changes), lets the layout engine
   place the axes once, then freezes that layout;
2. marks the artists that a slider moves as *animated*; a full draw renders everything else
   (axes, ticks, labels, static curves) and keeps that picture as the *background*;
3. on each move, updates or replaces the animated artists, pastes the background back and
   draws only the animated artists on top, then encodes the PNG for an ``ipywidgets.Image``.

This is matplotlib's own technique, described in its tutorial "Faster rendering by using
blitting" (``Figure.draw_artist``, ``FigureCanvasAgg.copy_from_bbox`` / ``restore_region``).
A change that moves the static parts (new axis limits, new tick labels) asks for a new
layout and a full redraw with :meth:`LiveFigure.relayout`.
"""

from __future__ import annotations

import io
from typing import Callable, Iterable, Sequence

import ipywidgets as widgets
import numpy as np
from matplotlib.artist import Artist
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.figure import Figure

__all__ = ["LiveFigure", "nice_ceiling", "stable_range"]

#: PNG compression level passed to Pillow (0–9). Level 1 encodes a dashboard figure several
#: times faster than the default 6 for a file about 10 % larger: right for a live view.
PNG_COMPRESS_LEVEL = 1


class LiveFigure:
    """Show a Figure in ``self.image`` (an ``ipywidgets.Image``) and redraw it cheaply.

    >>> live = LiveFigure()
    >>> fig = Figure(figsize=(4, 3)); ax = fig.add_subplot()
    >>> line, = ax.plot([0, 1], [0, 1])
    >>> live.show(fig, animated=[line])          # full draw, layout frozen
    >>> line.set_ydata([1, 0]); live.redraw()    # only the line is drawn again
    """

    def __init__(self, image: widgets.Image | None = None):
        # natural size: in a VBox an image would otherwise be stretched to the full width
        self.image = image if image is not None else widgets.Image(
            format="png", layout=widgets.Layout(align_self="flex-start"))
        self.figure: Figure | None = None
        self.animated: list[Artist] = []
        self.full_draws = 0          # counted, so tests can check a move did not redraw all
        self._background = None

    def show(self, fig: Figure, animated: Iterable[Artist] = ()) -> None:
        """Take a newly built figure: lay it out once, freeze the layout, draw it."""
        FigureCanvasAgg(fig)
        self.figure = fig
        self.animated = []
        self.animate(animated)
        for artist in self.animated:         # the layout must see every artist once
            artist.set_animated(False)
        fig.canvas.draw()                    # runs the layout engine (constrained layout)
        fig.set_layout_engine("none")        # ... and keeps the axes where it put them
        for artist in self.animated:
            artist.set_animated(True)
        self.redraw(full=True)

    def animate(self, artists: Iterable[Artist]) -> None:
        """Mark ``artists`` as moving parts: drawn on every redraw, not in the background."""
        for artist in artists:
            artist.set_animated(True)
            self.animated.append(artist)

    def replace(self, old: Iterable[Artist], new: Iterable[Artist]) -> None:
        """Remove the artists ``old`` from the figure and animate ``new`` in their place."""
        gone = {id(a) for a in old}
        for artist in self.animated:
            if id(artist) in gone:
                artist.remove()
        self.animated = [a for a in self.animated if id(a) not in gone]
        self.animate(new)

    def move(self, new: Iterable[Artist], *, keep: Iterable[Artist] = (), ax=None,
             xlim: tuple[float, float] | None = None,
             ylim: tuple[float, float] | None = None) -> None:
        """One slider move: the animated artists (except ``keep``, e.g. a legend drawn above
        them) are replaced by ``new``. If ``xlim`` / ``ylim`` differ from ``ax``'s limits they
        are set and the figure is laid out again (:meth:`relayout`); otherwise only the moving
        artists are drawn on the kept background (:meth:`redraw`)."""
        kept = {id(a) for a in keep}
        self.replace([a for a in self.animated if id(a) not in kept], new)
        axes = [ax] if ax is not None else []
        before = _limits(axes)
        if xlim is not None:
            ax.set_xlim(*xlim)
        if ylim is not None:
            ax.set_ylim(*ylim)
        self._show(before, axes)

    def redraw_marks(self, axes: Sequence, draw: Callable[[], list],
                     update: Callable[[], bool] | None = None,
                     fit: Callable[[], None] | None = None) -> None:
        """Like :meth:`move`, for figures whose marks can also be moved in place, or whose
        axes autoscale.

        ``update()`` may move the animated artists in place (cheap) and say so by returning
        True; otherwise they are removed and ``draw()`` puts new ones on ``axes`` (the old go
        first, so a legend made by ``draw`` lists only the new ones; bar containers they
        emptied are dropped). Axes that autoscale are fitted to the artists now there
        (``relim``, ``autoscale_view``); ``fit()`` sets explicit limits. Then, as in
        :meth:`move`: blit if no axis limit moved, else lay out again.
        """
        before = _limits(axes)
        if update is None or not update():
            self.replace(list(self.animated), [])
            for ax in axes:
                ax.containers = [c for c in ax.containers
                                 if any(getattr(a, "axes", None) is ax for a in c.get_children())]
            self.animate(draw())
        for ax in axes:
            if ax.get_autoscalex_on() or ax.get_autoscaley_on():
                ax.relim()
                ax.autoscale_view()
        if fit is not None:
            fit()
        self._show(before, axes)

    def _show(self, limits_before: list, axes: Sequence) -> None:
        """Blit when no axis limit moved since ``limits_before``, else lay out again."""
        if _limits(axes) == limits_before:
            self.redraw()
        else:
            self.relayout()

    def relayout(self) -> None:
        """Lay the figure out again and draw it in full — after new axis limits, whose tick
        labels may need another width. The layout sees every artist, as in :meth:`show`, so
        the picture equals that of a freshly built figure."""
        fig = self.figure
        for artist in self.animated:
            artist.set_animated(False)
        fig.set_layout_engine("constrained")
        fig.get_layout_engine().execute(fig)
        fig.set_layout_engine("none")
        for artist in self.animated:
            artist.set_animated(True)
        self.redraw(full=True)

    def redraw(self, full: bool = False) -> None:
        """Render the figure into ``self.image``.

        ``full=False`` pastes the background and draws only the animated artists;
        ``full=True`` first redraws the background (after limits, ticks or static artists
        changed).
        """
        if self.figure is None:
            raise RuntimeError("LiveFigure.redraw: no figure yet; call show(fig) first")
        fig = self.figure
        canvas = fig.canvas
        if full or self._background is None:
            canvas.draw()
            self._background = canvas.copy_from_bbox(fig.bbox)
            self.full_draws += 1
        else:
            canvas.restore_region(self._background)
        for artist in sorted(self.animated, key=lambda a: a.get_zorder()):
            if artist.get_visible():
                fig.draw_artist(artist)
        self.image.value = self.png()

    def png(self) -> bytes:
        """The figure as it is on the canvas now, encoded as PNG."""
        from PIL import Image

        canvas = self.figure.canvas
        width, height = canvas.get_width_height(physical=True)
        rgba = np.asarray(canvas.buffer_rgba())
        buf = io.BytesIO()
        Image.fromarray(rgba[:height, :width], "RGBA").save(
            buf, format="png", compress_level=PNG_COMPRESS_LEVEL)
        return buf.getvalue()

    def clear(self) -> None:
        """Show nothing (e.g. while the inputs are invalid)."""
        self.image.value = b""


def _limits(axes: Sequence) -> list:
    return [(tuple(ax.get_xlim()), tuple(ax.get_ylim())) for ax in axes]


def nice_ceiling(value: float) -> float:
    """The smallest 'nice' number ≥ ``value`` from 1, 1.25, 1.5, 2, 2.5, 3, 4, 5, 6, 8 × 10^k.

    Dashboards round an axis limit up to it, so small moves keep the same axis (and only the
    moving artists are redrawn), while the axis still follows large changes.
    """
    if not np.isfinite(value) or value <= 0:
        raise ValueError(f"nice_ceiling(value={value!r}): need a positive finite number")
    exponent = np.floor(np.log10(value))
    for step in (1.0, 1.25, 1.5, 2.0, 2.5, 3.0, 4.0, 5.0, 6.0, 8.0, 10.0):
        candidate = step * 10.0 ** exponent
        if candidate >= value * (1 - 1e-12):
            return float(candidate)
    return float(10.0 ** (exponent + 1))  # pragma: no cover - the loop ends at 10


def stable_range(low: float, high: float, current: tuple[float, float] | None = None, *,
                 headroom: float = 1.15) -> tuple[float, float]:
    """An axis range (bottom, top) for data between ``low`` and ``high`` (``high`` > 0) that
    stays put while a slider moves.

    ``current`` is kept while the data fit inside it and fill at least 30 % of its top;
    otherwise a new range is chosen: top = :func:`nice_ceiling` of ``high`` × ``headroom``
    (room to grow before the next change), bottom = 0 when ``low`` ≥ 0, else minus a nice
    number below ``low``. A kept range means only the moving artists are redrawn, and
    students see the curve move against a fixed scale.
    """
    if current is not None and current[0] <= low and 0.3 * current[1] <= high <= current[1]:
        return current
    top = nice_ceiling(high * headroom)
    bottom = 0.0 if low >= 0 else -nice_ceiling(-low * headroom)
    return (bottom, top)
