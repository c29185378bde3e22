"""Bad inputs to casekit.labels (language, labels, the one money format)."""

from __future__ import annotations

import casekit as ck
from bad_inputs import Case

L = ck.labels

CASES = [
    Case("labels.set_language.unknown", lambda: L.set_language("fr"), ValueError, "language"),
    Case("labels.set_language.none", lambda: L.set_language(None), ValueError, "language"),
    Case("labels.label.a_number", lambda: L.label(5), TypeError, "key"),
    Case("labels.plot_label.none", lambda: L.plot_label(None), TypeError, "key"),
    Case("labels.register.not_a_mapping", lambda: L.register([("a", "b")]), TypeError,
         "entries"),
    Case("labels.register.not_a_pair", lambda: L.register({"x_key": "x"}), TypeError, "x_key"),
    Case("labels.register.conflict", lambda: L.register({"key": ("other", "其他")}), ValueError,
         "key"),
    Case("labels.money.negative", lambda: L.money(-300000), None,
         check=lambda s: s == "-¥300,000",
         why="one money format everywhere: the sign before the currency sign (labels.money)"),
    Case("labels.money.negative_small", lambda: L.money(-344.4), None,
         check=lambda s: s == "-¥344", why="-¥344, never ¥-344 (labels.money)"),
    Case("labels.money.rounds_to_zero", lambda: L.money(-0.3), None, check=lambda s: s == "¥0",
         why="an amount that rounds to zero has no sign (labels.money)"),
    Case("labels.money.decimals", lambda: L.money(-1234.567, decimals=2), None,
         check=lambda s: s == "-¥1,234.57", why="decimals= for per-customer amounts"),
    Case("labels.money.nan", lambda: L.money(float("nan")), None, check=lambda s: s == "—",
         why="a missing amount shows as a dash, not ¥nan (labels.money)"),
    Case("labels.money.text", lambda: L.money("12"), TypeError, "value"),
    Case("labels.money.decimals_negative", lambda: L.money(1.0, decimals=-1), ValueError,
         "decimals"),
]
