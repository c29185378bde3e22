"""The shipped datasets regenerate byte for byte from their params.json, and load.

Every folder under ``datasets/`` is checked (telecom and tobacco are expected; a missing one
is skipped with the reason). Regeneration goes through the same path an instructor uses:
``python -m casekit generate --params <folder>/params.json --out <tmp>`` (in-process ``main``).
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

import casekit as ck
from casekit.cli import main

DATASETS = Path(__file__).resolve().parents[1] / "datasets"
EXPECTED = ("telecom", "tobacco")
FOLDERS = sorted({*EXPECTED, *(p.name for p in DATASETS.glob("*") if p.is_dir())})
FILES = ("customers.csv", "activity.csv", "truth.csv", "params.json", "schema.json", "README.md",
         "README.zh.md")


def _folder(name: str) -> Path:
    folder = DATASETS / name
    if not folder.is_dir():
        pytest.skip(f"datasets/{name}/ is not in the tree yet (its generator's engineer ships it)")
    return folder


@pytest.mark.parametrize("name", FOLDERS)
def test_dataset_regenerates_byte_for_byte(name, tmp_path):
    folder = _folder(name)
    assert sorted(p.name for p in folder.iterdir()) == sorted(FILES)
    out = tmp_path / name
    assert main(["generate", "--params", str(folder / "params.json"), "--out", str(out)]) == 0
    for file in FILES:
        assert (out / file).read_bytes() == (folder / file).read_bytes(), \
            f"datasets/{name}/{file} differs from what its params.json generates"


@pytest.mark.parametrize("name", FOLDERS)
def test_dataset_loads_and_is_class_size(name):
    folder = _folder(name)
    base = ck.load(folder)
    params = json.loads((folder / "params.json").read_text(encoding="utf-8"))
    assert base.world == params["world"] == name
    assert len(base.customers) == len(base.truth) == params["size"]
    assert int(base.activity["period"].max()) <= params["periods"]
    size_mb = sum(f.stat().st_size for f in folder.iterdir()) / 1e6
    assert size_mb < 10, f"datasets/{name} is {size_mb:.1f} MB; keep shipped data small"
    readme = (folder / "README.md").read_text(encoding="utf-8")
    for table in ("customers", "activity", "truth"):
        for column in getattr(base, table).columns:
            assert f"`{column}`" in readme, (table, column)


def test_shipped_telecom_is_the_documented_class_dataset():
    base = ck.load(_folder("telecom"))
    p = base.params
    assert (p.size, p.periods, p.seed) == (2000, 24, 0)
    assert p.values == ck.telecom_params().values           # built with the defaults
