"""The tobacco world (see casekit.generate)."""

__all__: list[str] = []
