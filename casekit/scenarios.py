"""What-if retention scenarios: costs, ROI, Monte Carlo bands, tier migration, allocation."""

__all__: list[str] = []
