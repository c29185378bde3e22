"""Plots for the scenarios chapter(s)."""

__all__: list[str] = []
