"""Timing helpers shared by the benchmark scripts (wall clock, milliseconds)."""

from __future__ import annotations

import statistics
import time
from typing import Callable


def times_ms(f: Callable[[], object], repeat: int) -> list[float]:
    """Wall-clock time of each of ``repeat`` calls of ``f``, in milliseconds."""
    times = []
    for _ in range(repeat):
        t = time.perf_counter()
        f()
        times.append(1000 * (time.perf_counter() - t))
    return times


def median_ms(f: Callable[[], object], repeat: int) -> float:
    """Median wall-clock time of ``repeat`` calls of ``f``, in milliseconds."""
    return statistics.median(times_ms(f, repeat))


def slider_moves(f: Callable[[], object], repeat: int, box=None) -> dict:
    """Median and slowest of ``repeat`` slider moves (ms) and, for a dashboard ``box``, how
    many of them redrew its whole figure (the others redrew only the moving parts)."""
    before = box.live.full_draws if box is not None else 0
    times = times_ms(f, repeat)
    return {"median_ms": statistics.median(times), "slowest_ms": max(times),
            "full_redraws": f"{box.live.full_draws - before}/{repeat}" if box is not None
            else ""}
