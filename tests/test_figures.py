"""``python -m casekit figures``: slide-size figures, in either language, never over a folder it
did not write."""

from __future__ import annotations

import struct
from pathlib import Path

import pytest

from casekit import cli
from casekit import figures as F

ROOT = Path(__file__).resolve().parents[1]
DATA = ROOT / "datasets"


def _png_size(path: Path) -> tuple[int, int]:
    head = path.read_bytes()[:24]
    assert head[:8] == b"\x89PNG\r\n\x1a\n"
    return struct.unpack(">II", head[16:24])


def test_every_notebook_chapter_with_figures_is_covered():
    chapters = {name[:2] for name in F.figure_names()}
    assert {"01", "02", "03", "04", "05", "06", "07", "08"} <= chapters
    assert len(F.figure_names()) == len(set(F.figure_names()))


def test_png_at_slide_size_and_rewrite_of_own_folder(tmp_path):
    out = tmp_path / "slides"
    written = F.write_figures(out, only=["02_whale_curve", "04_ahp_weights"], datasets=DATA)
    assert [p.name for p in written] == ["02_whale_curve.png", "04_ahp_weights.png"]
    # 13⅓ × 7.5 inches at 150 dpi: 2000 × 1125 pixels (a 16:9 slide)
    assert _png_size(written[0]) == (2000, 1125)
    assert (out / F.MARK).is_file()
    # the folder it wrote may be written again
    again = F.write_figures(out, only=["02_whale_curve"], datasets=DATA)
    assert again[0].read_bytes() == written[0].read_bytes()


def test_svg_and_chinese_via_the_command_line(tmp_path, capsys):
    out = tmp_path / "zh"
    rc = cli.main(["figures", "--out", str(out), "--lang", "zh", "--format", "svg",
                   "--datasets", str(DATA), "--only", "02_pareto_curve"])
    assert rc == 0
    svg = (out / "02_pareto_curve.svg").read_text(encoding="utf-8")
    assert svg.lstrip().startswith("<?xml") and "<svg" in svg
    assert "wrote" in capsys.readouterr().out


def test_a_folder_it_did_not_write_is_refused_and_left_alone(tmp_path, capsys):
    (tmp_path / "notes.txt").write_text("mine", encoding="utf-8")
    rc = cli.main(["figures", "--out", str(tmp_path), "--datasets", str(DATA),
                   "--only", "02_whale_curve"])
    assert rc == 2 and "not written by" in capsys.readouterr().err
    assert sorted(p.name for p in tmp_path.iterdir()) == ["notes.txt"]


@pytest.mark.slow
def test_all_figures_are_drawn(tmp_path):
    written = F.write_figures(tmp_path / "all", datasets=DATA)
    assert [p.stem for p in written] == F.figure_names()
