"""The README stays true: every API name and command it shows exists."""

from __future__ import annotations

import re
import shlex
import subprocess
import sys
from pathlib import Path

import pytest

import casekit as ck

ROOT = Path(__file__).resolve().parents[1]
README = (ROOT / "README.md").read_text(encoding="utf-8")


def test_every_ck_name_in_the_readme_exists():
    names = set(re.findall(r"\bck\.((?:widgets\.|plots\.|labels\.)?[A-Za-z_]\w*)", README))
    assert len(names) > 10
    missing = []
    for dotted in sorted(names):
        obj = ck
        for part in dotted.split("."):
            if not hasattr(obj, part):
                missing.append(dotted)
                break
            obj = getattr(obj, part)
    assert not missing, f"README mentions names casekit does not have: {missing}"


def test_functions_named_in_backticks_exist():
    """Backticked calls such as `whale_summary` or `ahp` in the 'What is inside' section."""
    section = README.split("## What is inside", 1)[1].split("## For instructors", 1)[0]
    names = set(re.findall(r"`([a-z_][a-z0-9_]+)`", section))
    ignore = {"truth", "runs", "planning_retention", "true_clv", "exercises", "ahp"}
    public = set(dir(ck)) | set(dir(ck.widgets)) | {"ahp"}
    assert hasattr(ck, "ahp")
    missing = sorted(n for n in names - ignore if n not in public and "." not in n)
    assert not missing, f"README names functions casekit does not export: {missing}"


@pytest.mark.parametrize("line", sorted(set(
    m.strip() for m in re.findall(r"^python -m casekit [^\n#]+", README, flags=re.M))))
def test_cli_commands_in_the_readme_parse(line):
    """Each sub-command shown in the README is known to the CLI (checked with --help)."""
    words = shlex.split(line)[3:]
    sub = [w for w in words if not w.startswith("-")][:1]
    out = subprocess.run([sys.executable, "-m", "casekit", *sub, "--help"], capture_output=True,
                         text=True)
    assert out.returncode == 0, out.stderr
    for flag in (w.split("=")[0] for w in words if w.startswith("--")):
        assert flag in out.stdout, f"{line!r}: {flag} is not an option of {sub}"


def test_make_targets_in_the_readme_exist():
    makefile = (ROOT / "Makefile").read_text()
    for target in set(re.findall(r"^make (\w+)", README, flags=re.M)):
        assert re.search(rf"^{target}:", makefile, flags=re.M), target
