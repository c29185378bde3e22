"""The kit's packaging: environment.yml and pyproject.toml name the same packages and bounds."""

from __future__ import annotations

import ast
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
    reqs = project["dependencies"] + [r for extra in project["optional-dependencies"].values()
                                      for r in extra]
    found: dict[str, str] = {}
    for name, spec in map(_normalise, reqs):
        assert found.setdefault(name, spec) == spec, f"{name}: {spec} vs {found[name]}"
    return found


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


# --------------------------------------------------------------------------------------------
# The layout: small modules, no import cycle, no private names across packages
# --------------------------------------------------------------------------------------------

PACKAGE = ROOT / "casekit"

#: The longest a module may be: one concept per module (issue 16).
MAX_LINES = 500

#: Modules allowed to be longer, each for a stated reason.
LONG_MODULES: set[str] = set()

#: Import cycles allowed for now, as sets of modules.
KNOWN_CYCLES: list[set[str]] = []

#: (importing module, imported module) pairs allowed to use private names for now.
KNOWN_PRIVATE_IMPORTS: set[tuple[str, str]] = set()


def _modules() -> dict[str, Path]:
    """Dotted name -> file, for every module of the package."""
    out = {}
    for path in sorted(PACKAGE.rglob("*.py")):
        parts = list(path.relative_to(ROOT).with_suffix("").parts)
        if parts[-1] == "__init__":
            parts = parts[:-1]
        out[".".join(parts)] = path
    return out


def _is_package(name: str, modules: dict[str, Path]) -> bool:
    return modules[name].name == "__init__.py"


def _resolve(importer: str, node: ast.ImportFrom, modules: dict[str, Path]) -> str | None:
    """The dotted module a ``from ... import`` statement reads from (None: not casekit)."""
    if node.level == 0:
        base = node.module or ""
    else:
        here = importer.split(".")
        if not _is_package(importer, modules):
            here = here[:-1]
        here = here[:len(here) - (node.level - 1)]
        base = ".".join(here + ([node.module] if node.module else []))
    return base if base.split(".")[0] == "casekit" else None


def _imports(name: str, path: Path, modules: dict[str, Path]):
    """(imported module, names taken from it, the node) for every casekit import, anywhere in
    the file (imports inside functions count: they make the same dependency, only later)."""
    tree = ast.parse(path.read_text())
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            for alias in node.names:
                if alias.name.split(".")[0] == "casekit":
                    yield alias.name, [], node
        elif isinstance(node, ast.ImportFrom):
            base = _resolve(name, node, modules)
            if base is None:
                continue
            taken = []
            for alias in node.names:
                sub = f"{base}.{alias.name}"
                if sub in modules:                      # `from . import labels`: a module
                    yield sub, [], node
                else:
                    taken.append(alias.name)
            if taken:
                yield base, taken, node


def _import_graph() -> dict[str, set[str]]:
    modules = _modules()
    graph: dict[str, set[str]] = {m: set() for m in modules}
    for name, path in modules.items():
        for target, _names, _node in _imports(name, path, modules):
            if target in modules and target != name:
                graph[name].add(target)
    return graph


def _cycles(graph: dict[str, set[str]]) -> list[set[str]]:
    """Strongly connected components with more than one module (Tarjan's algorithm)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    out: list[set[str]] = []

    def visit(v: str) -> None:
        index[v] = low[v] = len(index)
        stack.append(v)
        on_stack.add(v)
        for w in graph[v]:
            if w not in index:
                visit(w)
                low[v] = min(low[v], low[w])
            elif w in on_stack:
                low[v] = min(low[v], index[w])
        if low[v] == index[v]:
            comp = set()
            while True:
                w = stack.pop()
                on_stack.discard(w)
                comp.add(w)
                if w == v:
                    break
            if len(comp) > 1:
                out.append(comp)

    for v in sorted(graph):
        if v not in index:
            visit(v)
    return out


def _home(name: str, modules: dict[str, Path]) -> str:
    """The unit that may share private names: a subpackage (its __init__ and modules), or a
    single top-level module (``casekit.clv`` and ``casekit.btyd`` are separate homes)."""
    if _is_package(name, modules):
        return name
    parent = name.rsplit(".", 1)[0]
    return name if parent == "casekit" else parent


def _private(part: str) -> bool:
    return part.startswith("_") and not (part.startswith("__") and part.endswith("__"))


def _private_crossings() -> set[tuple[str, str, str]]:
    """(importer, imported module, private name or module) for each private name read from
    another home: imported by name, a private module, or an attribute of an imported module
    (``idf._helper``)."""
    modules = _modules()
    found = set()
    for name, path in modules.items():
        mine = _home(name, modules)
        aliases: dict[str, str] = {}
        for target, taken, node in _imports(name, path, modules):
            if target not in modules:
                continue
            if _home(target, modules) == mine:
                continue
            outside = target[len(mine) + 1:] if target.startswith(mine + ".") else target
            if any(_private(p) for p in outside.split(".")):
                found.add((name, target, target.rsplit(".", 1)[-1]))
            for n in taken:
                if _private(n):
                    found.add((name, target, n))
            for alias in node.names:
                local = alias.asname or alias.name
                if isinstance(node, ast.ImportFrom) and f"{target}" in modules and not taken:
                    aliases[local] = target
        if not aliases:
            continue
        for node in ast.walk(ast.parse(path.read_text())):
            if (isinstance(node, ast.Attribute) and isinstance(node.value, ast.Name)
                    and node.value.id in aliases and _private(node.attr)):
                found.add((name, aliases[node.value.id], node.attr))
    return found


def test_no_module_is_longer_than_500_lines():
    long = {str(p.relative_to(ROOT)): len(p.read_text().splitlines())
            for p in PACKAGE.rglob("*.py")}
    too_long = {p: n for p, n in long.items() if n > MAX_LINES and p not in LONG_MODULES}
    assert not too_long, f"modules over {MAX_LINES} lines (split them by concept): {too_long}"


def test_there_is_no_import_cycle():
    cycles = [c for c in _cycles(_import_graph()) if c not in KNOWN_CYCLES]
    assert not cycles, f"import cycles among casekit modules: {cycles}"


def test_the_cycle_finder_finds_a_cycle():
    graph = {"a": {"b"}, "b": {"c"}, "c": {"a"}, "d": {"a"}}
    assert _cycles(graph) == [{"a", "b", "c"}]


def test_no_module_reads_private_names_of_another_package():
    crossings = {c for c in _private_crossings() if c[:2] not in KNOWN_PRIVATE_IMPORTS}
    assert not crossings, ("private names used across packages (make what is needed public, "
                           f"documented and tested): {sorted(crossings)}")


def test_the_private_name_check_sees_the_three_ways_in(tmp_path, monkeypatch):
    pkg = tmp_path / "casekit"
    (pkg / "plots").mkdir(parents=True)
    (pkg / "identify").mkdir()
    for f in ("__init__.py", "plots/__init__.py", "identify/__init__.py", "identify/_x.py"):
        (pkg / f).write_text("")
    (pkg / "plots" / "a.py").write_text(
        "from ..identify._x import helper\n"               # a private module
        "from ..identify import _secret\n"                 # a private name
        "from .. import identify as idf\n"
        "idf._hidden()\n")                                 # a private attribute
    monkeypatch.setattr(sys.modules[__name__], "ROOT", tmp_path)
    monkeypatch.setattr(sys.modules[__name__], "PACKAGE", pkg)
    found = {(imp, name) for imp, _target, name in _private_crossings()}
    assert found == {("casekit.plots.a", "_x"), ("casekit.plots.a", "_secret"),
                     ("casekit.plots.a", "_hidden")}


def test_analysis_modules_never_import_views():
    views = ("casekit.plots", "casekit.widgets")
    graph = _import_graph()
    bad = {(m, t) for m, targets in graph.items() if not m.startswith(views)
           for t in targets if t.startswith(views)}
    assert not bad, f"analysis modules importing plots or widgets: {sorted(bad)}"
