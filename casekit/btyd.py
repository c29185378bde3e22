"""Non-contractual CLV: BG/NBD and Gamma-Gamma (Fader, Hardie & Lee 2005)."""

__all__: list[str] = []
