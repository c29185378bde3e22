"""Widgets for the worlds chapter(s)."""

__all__: list[str] = []
