"""Plots for the evaluate chapter(s)."""

__all__: list[str] = []
