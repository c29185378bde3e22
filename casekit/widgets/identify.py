"""Widgets for the identify chapter(s)."""

__all__: list[str] = []
