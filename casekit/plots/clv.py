"""Plots for the clv chapter(s)."""

__all__: list[str] = []
