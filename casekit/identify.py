"""Identify key customers: Pareto/ABC, Lorenz/Gini, whale curve, pyramid, RFM, value matrix."""

__all__: list[str] = []
