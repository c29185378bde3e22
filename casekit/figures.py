"""``python -m casekit figures``: every course figure at presentation size, for slides.

Each figure is drawn by the same public plot function the notebooks call (``ck.plots.*``), on
the shipped datasets (``datasets/telecom``, ``datasets/tobacco``) or, where the notebook uses
published data (Fader & Hardie's survival table, the course's cash-flow example), on that data.
Labels come from :mod:`casekit.labels` in the language asked for (``--lang en|zh``).

Figures are written at 13.33 × 7.5 inches (a 16:9 slide) with larger type, as
``<NN>_<name>.<format>`` (PNG at 150 dpi, or SVG). The output folder is marked with a file
``.casekit-figures``: the command refuses to write into an existing, non-empty folder that
does not carry the mark (a folder it did not write), like :meth:`casekit.CustomerBase.save`
refuses to replace a folder. Each file is written atomically (a temporary file, then a rename).
"""

from __future__ import annotations

import argparse
import os
import tempfile
from pathlib import Path
from typing import Callable

import numpy as np

__all__: list[str] = []

MARK = ".casekit-figures"
SLIDE_INCHES = (40 / 3, 7.5)            # 16:9; 2000 × 1125 pixels at 150 dpi
FORMATS = ("png", "svg")
LANGUAGES = ("en", "zh")


class _Data:
    """The datasets and results the figures need, loaded or computed once, on first use."""

    def __init__(self, datasets: Path) -> None:
        self.datasets = datasets
        self._cache: dict[str, object] = {}

    def get(self, name: str, make: Callable[[], object]):
        if name not in self._cache:
            self._cache[name] = make()
        return self._cache[name]

    @property
    def tel(self):
        import casekit as ck
        return self.get("tel", lambda: ck.load(self.datasets / "telecom"))

    @property
    def tob(self):
        import casekit as ck
        return self.get("tob", lambda: ck.load(self.datasets / "tobacco"))


def _ahp():
    import casekit as ck
    return ck.ahp(ck.pairwise_matrix(["contribution", "law_abiding", "integrity", "influence"],
                                     [3, 3, 5, 1, 2, 2]))


def _what_if(d: _Data, runs: int):
    import casekit as ck
    key = ck.Scenario("key tier", target="key", retention_uplift=0.3, uplift_kind="churn",
                      cost_per_customer=200)
    normal = ck.Scenario("normal tier", target="normal", retention_uplift=0.3,
                         uplift_kind="churn", cost_per_customer=200)
    return d.get(f"what_if{runs}", lambda: ck.what_if(d.tel, [key, normal], horizon=60,
                                                      runs=runs, seed=7))


def _played(d: _Data):
    import casekit as ck
    plan = ck.Plan(ck.Scenario("key care", target="key", retention_uplift=0.30,
                               uplift_kind="churn", cost_per_customer=200.0))
    return d.get("played", lambda: ck.play_forward(d.tel, plan, periods=12))


def _quarters(d: _Data):
    import casekit as ck
    q = d.get("quarters", lambda: ck.regrade(d.tob, every=13, weights=_ahp()))
    return q.pivot(index="customer_id", columns="window", values="grade")


def _bg(d: _Data):
    import casekit as ck
    summary = d.get("rfm_summary", lambda: ck.summary_from_activity(d.tob, amount="revenue"))
    return d.get("bg", lambda: ck.BetaGeo().fit(summary)), summary


#: Fader & Hardie (2007), "How to project customer retention", regular segment: % surviving.
_REGULAR = [100, 63.1, 46.8, 38.2, 32.6, 28.9, 26.2, 24.1, 22.3, 20.7, 19.4, 18.3, 17.3]


def _figures() -> list[tuple[str, Callable[[_Data], object]]]:
    """(file stem, maker) of every course figure, in course order."""
    import casekit as ck
    P = ck.plots
    return [
        ("01_world_composition_telecom", lambda d: P.world_composition(d.tel)),
        ("01_revenue_distribution", lambda d: P.revenue_distribution(d.tel)),
        ("01_retention_by_contract", lambda d: P.retention_by_contract(d.tel)),
        ("01_world_composition_tobacco", lambda d: P.world_composition(d.tob)),
        ("01_weekly_orders", lambda d: P.weekly_orders(d.tob)),
        ("01_order_frequency", lambda d: P.order_frequency(d.tob)),
        ("01_price_class_mix", lambda d: P.price_class_mix(d.tob, by="region")),
        ("01_concentration_curves",
         lambda d: P.concentration_curves({"telecom": d.tel, "tobacco": d.tob})),
        ("02_pareto_curve", lambda d: P.pareto_curve(d.tel)),
        ("02_whale_curve", lambda d: P.whale_curve(d.tel)),
        ("03_pyramid", lambda d: P.pyramid(d.tel)),
        ("03_rfm_heatmap", lambda d: P.rfm_heatmap(ck.rfm(d.tob))),
        ("03_value_matrix", lambda d: P.value_matrix(d.tel)),
        ("04_ahp_weights", lambda d: P.ahp_weights(_ahp())),
        ("04_grades_together", lambda d: P.grade_distribution(
            ck.tobacco_grading(d.tob, weights=_ahp(), by=("format_class",)), "region")),
        ("04_grades_separately", lambda d: P.grade_distribution(
            ck.tobacco_grading(d.tob, weights=_ahp()), "region")),
        ("04_grade_transitions", lambda d: P.grade_transitions(_quarters(d)[1],
                                                                _quarters(d)[2])),
        ("05_timing", lambda d: P.timing_plot(margin=100, retention=0.8, discount=0.1,
                                              periods=8)),
        ("05_cash_flow", lambda d: P.cash_flow_plot(ck.cash_flow_table(
            revenue=[1000, 1500, 2000, 2000, 2000], retention=1.0, discount=0.15, cost=500,
            timing="end", acquisition_cost=2500))),
        ("05_sbg_survival", lambda d: P.sbg_plot(
            ck.ShiftedBetaGeometric().fit(np.round(np.array(_REGULAR[:8]) * 10)),
            survivors=np.array(_REGULAR) * 10, periods=12, fitted_periods=7)),
        ("05_clv_vs_truth", lambda d: P.clv_vs_truth_plot(ck.customer_clv(d.tel,
                                                                            method="sbg"))),
        ("06_frequency_fit", lambda d: P.frequency_fit_plot(*_bg(d), max_frequency=10)),
        ("06_probability_alive", lambda d: P.probability_alive_plot(
            _bg(d)[0], frequencies=(5, 20, 35, 45), T=51)),
        ("06_clv_vs_truth", lambda d: P.clv_vs_truth_plot(ck.customer_clv(d.tob))),
        ("07_retention_fan", lambda d: P.retention_fan(_what_if(d, 200), "key tier",
                                                       delta=True)),
        ("07_delta_npv_bars", lambda d: P.delta_npv_bars(_what_if(d, 200))),
        ("07_payback_curve", lambda d: P.payback_curve(_what_if(d, 0), "key tier")),
        ("07_reichheld", lambda d: P.reichheld_bars(ck.reichheld_check(d.tel))),
        ("07_tier_projection", lambda d: P.tier_projection(ck.project_tiers(
            ck.migration_model(d.tel).P, ck.migration_model(d.tel).counts, 20))),
        ("07_allocation_comparison", lambda d: P.allocation_comparison(
            ck.compare_allocations(d.tel, 100_000, horizon=60))),
        ("08_play_paths", lambda d: P.play_paths(_played(d))),
        ("08_play_delta_bars", lambda d: P.play_delta_bars(_played(d))),
    ]


def figure_names() -> list[str]:
    """The file stems of every figure ``write_figures`` writes, in course order."""
    return [name for name, _ in _figures()]


def _check_out(out: Path) -> None:
    if out.exists() and not out.is_dir():
        raise FileExistsError(f"--out {str(out)!r}: a file (not a folder) is there; choose "
                              "another path")
    if out.exists() and any(out.iterdir()) and not (out / MARK).is_file():
        raise FileExistsError(f"--out {str(out)!r}: the folder exists, is not empty and was not "
                              f"written by `python -m casekit figures` (no {MARK} file); "
                              "choose a new or empty folder")


def _save(fig, target: Path, fmt: str) -> None:
    fd, tmp = tempfile.mkstemp(prefix=f".{target.name}.", suffix=f".{fmt}", dir=target.parent)
    os.close(fd)
    try:
        metadata = {"Date": None} if fmt == "svg" else {"Software": None}
        fig.savefig(tmp, format=fmt, dpi=150, metadata=metadata)
        mask = os.umask(0)
        os.umask(mask)
        os.chmod(tmp, 0o666 & ~mask)
        os.replace(tmp, target)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def write_figures(out: str | Path, lang: str = "en", fmt: str = "png",
                  datasets: str | Path = "datasets", only: list[str] | None = None
                  ) -> list[Path]:
    """Write every course figure at slide size into folder ``out``.

    Parameters
    ----------
    out : str or Path
        Output folder: new, empty, or one this function wrote before (it carries the file
        ``.casekit-figures``); anything else is refused with FileExistsError.
    lang : "en" or "zh"
        Language of titles, axes and legends (:func:`casekit.labels.set_language`).
    fmt : "png" or "svg"
    datasets : str or Path
        Folder holding the shipped ``telecom`` and ``tobacco`` datasets.
    only : list of str, optional
        File stems (or their chapter prefix, e.g. ``"04"``) to write; default all.

    Returns
    -------
    list of Path
        The files written.
    """
    import matplotlib

    from . import labels

    if lang not in LANGUAGES:
        raise ValueError(f"lang={lang!r}: allowed {LANGUAGES}")
    if fmt not in FORMATS:
        raise ValueError(f"format={fmt!r}: allowed {FORMATS}")
    datasets = Path(datasets)
    for world in ("telecom", "tobacco"):
        if not (datasets / world).is_dir():
            raise FileNotFoundError(f"datasets={str(datasets)!r}: no {world} dataset there; run "
                                    "from the project root or pass --datasets")
    chosen = _figures()
    if only:
        chosen = [(n, f) for n, f in chosen if n in only or n[:2] in only]
        if not chosen:
            raise ValueError(f"only={only!r}: no such figure; choose from {figure_names()}")
    out = Path(out)
    _check_out(out)
    out.mkdir(parents=True, exist_ok=True)
    (out / MARK).write_text("written by python -m casekit figures\n", encoding="utf-8")
    data = _Data(datasets)
    before = labels.get_language()
    written = []
    try:
        labels.set_language(lang)
        with matplotlib.rc_context({"font.size": 15, "axes.titlesize": 18,
                                    "axes.labelsize": 15, "legend.fontsize": 13,
                                    "svg.hashsalt": "casekit"}):
            for name, make in chosen:
                fig = make(data)
                fig.set_size_inches(*SLIDE_INCHES)
                target = out / f"{name}.{fmt}"
                _save(fig, target, fmt)
                written.append(target)
    finally:
        labels.set_language(before)
    return written


def _main(args: argparse.Namespace) -> int:
    for path in write_figures(args.out, args.lang, args.format, args.datasets, args.only):
        print(f"wrote {path}", flush=True)
    return 0


def register(subparsers) -> None:
    """Add the ``figures`` sub-command to ``python -m casekit``."""
    p = subparsers.add_parser(
        "figures", help="write every course figure at slide size (PNG or SVG, en or zh)",
        description="Draw every course figure with the public plot functions on the shipped "
                    "datasets, at 16:9 slide size, into a new folder (or one this command "
                    "wrote before).")
    p.add_argument("--out", required=True, help="output folder")
    p.add_argument("--lang", default="en", choices=LANGUAGES, help="label language")
    p.add_argument("--format", default="png", choices=FORMATS, help="file format")
    p.add_argument("--datasets", default="datasets",
                   help="folder of the shipped datasets (default: datasets)")
    p.add_argument("--only", nargs="*", metavar="NAME",
                   help="only these figures (file stem or chapter number, e.g. 04)")
    p.set_defaults(func=_main)
