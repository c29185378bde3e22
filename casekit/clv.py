"""Customer lifetime value: the textbook formula, cash-flow table, per-customer CLV, sBG."""

__all__: list[str] = []
