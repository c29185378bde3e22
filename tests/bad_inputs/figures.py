"""Bad inputs to ``python -m casekit figures`` (casekit.figures.write_figures)."""

import tempfile
from pathlib import Path

from bad_inputs import Case
from casekit import figures as F

_ROOT = Path(__file__).resolve().parents[2]
_DATA = _ROOT / "datasets"


def _foreign_folder() -> Path:
    d = Path(tempfile.mkdtemp(prefix="casekit-bad-figures-"))
    (d / "my_slides.pptx").write_text("not casekit's", encoding="utf-8")
    return d


def _a_file() -> Path:
    d = Path(tempfile.mkdtemp(prefix="casekit-bad-figures-"))
    (d / "out").write_text("a file", encoding="utf-8")
    return d / "out"


CASES = [
    Case("figures.write_figures.lang_unknown",
         lambda: F.write_figures(tempfile.mkdtemp(), lang="fr", datasets=_DATA), ValueError,
         "lang"),
    Case("figures.write_figures.format_unknown",
         lambda: F.write_figures(tempfile.mkdtemp(), fmt="jpg", datasets=_DATA), ValueError,
         "format"),
    Case("figures.write_figures.only_unknown",
         lambda: F.write_figures(tempfile.mkdtemp(), only=["99_nothing"], datasets=_DATA),
         ValueError, "only"),
    Case("figures.write_figures.no_datasets",
         lambda: F.write_figures(tempfile.mkdtemp(), datasets=tempfile.mkdtemp()),
         FileNotFoundError, "datasets"),
    Case("figures.write_figures.foreign_folder",
         lambda: F.write_figures(_foreign_folder(), only=["02_whale_curve"], datasets=_DATA),
         FileExistsError, "not written by"),
    Case("figures.write_figures.out_is_a_file",
         lambda: F.write_figures(_a_file(), only=["02_whale_curve"], datasets=_DATA),
         FileExistsError, "a file"),
]
