"""The kit's packaging: environment.yml and pyproject.toml name the same packages and bounds."""

from __future__ import annotations

import re
import subprocess
import sys
import tomllib
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def _normalise(requirement: str) -> tuple[str, str]:
    """'pandas>=2.2,<4' or 'pandas >=2.2,<4' -> ('pandas', '>=2.2,<4')."""
    m = re.fullmatch(r"\s*([A-Za-z0-9_.\-]+)\s*(.*?)\s*", requirement)
    assert m, requirement
    return m.group(1).lower(), m.group(2).replace(" ", "")


def _conda_dependencies() -> dict[str, str]:
    deps: dict[str, str] = {}
    in_deps = False
    for line in (ROOT / "environment.yml").read_text().splitlines():
        if line.startswith("dependencies:"):
            in_deps = True
            continue
        m = re.match(r"^  - ([A-Za-z].*)$", line)  # top-level list items only (not pip:)
        if in_deps and m and not m.group(1).startswith("pip:"):
            name, spec = _normalise(m.group(1))
            deps[name] = spec
    return deps


def _pyproject_dependencies() -> dict[str, str]:
    project = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]
    reqs = project["dependencies"] + project["optional-dependencies"]["test"]
    return dict(_normalise(r) for r in reqs)


def test_environment_yml_matches_pyproject():
    conda = _conda_dependencies()
    python = conda.pop("python")
    pip = conda.pop("pip")
    assert python == ">=3.11" and pip == ""
    assert conda == _pyproject_dependencies()


def test_python_floor_matches():
    project = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]
    assert project["requires-python"] == ">=3.11"
    assert _conda_dependencies()["python"] == ">=3.11"


def test_installed_versions_satisfy_the_bounds():
    """What the venv resolved really lies inside the bounds we publish."""
    from importlib.metadata import version

    for name, spec in _pyproject_dependencies().items():
        installed = tuple(int(p) for p in re.findall(r"\d+", version(name))[:3])
        for clause in spec.split(","):
            op, bound = re.fullmatch(r"(>=|<)([\d.]+)", clause).groups()
            b = tuple(int(p) for p in bound.split("."))
            if op == ">=":
                assert installed[: len(b)] >= b, (name, version(name), clause)
            else:
                assert installed[: len(b)] < b, (name, version(name), clause)


def test_cli_help_and_version():
    out = subprocess.run([sys.executable, "-m", "casekit", "--help"], capture_output=True,
                         text=True, check=True).stdout
    assert "casekit" in out and "usage" in out
    out = subprocess.run([sys.executable, "-m", "casekit", "--version"], capture_output=True,
                         text=True, check=True).stdout
    import casekit

    assert out.strip() == f"casekit {casekit.__version__}"
    project = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]
    assert casekit.__version__ == project["version"]


def test_analysis_modules_do_not_load_matplotlib_or_widgets():
    code = ("import sys, casekit; "
            "bad = [m for m in ('matplotlib', 'ipywidgets') if m in sys.modules]; "
            "print(','.join(bad))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                         check=True).stdout.strip()
    assert out == "", f"importing casekit loaded {out}"
