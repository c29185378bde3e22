"""The telecom world (see casekit.generate)."""

__all__: list[str] = []
