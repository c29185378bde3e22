"""Multi-criteria evaluation: normalisation, weighted scores, AHP, fuzzy evaluation, grading."""

__all__: list[str] = []
