"""CustomerBase: the shape, save/load round trip, atomic writes and clear load errors."""

from __future__ import annotations

import csv
import json
import os
import stat

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from casekit.base import Column, CustomerBase, ParamSpec, Params, load


def make_base(n: int = 6, seed: int = 0) -> CustomerBase:
    rng = np.random.default_rng(seed)
    customers = pd.DataFrame({
        "customer_id": np.arange(n, dtype="int32"),
        "segment": pd.Categorical(rng.choice(["key", "normal"], n), categories=["key", "normal"]),
        "region": pd.Categorical(rng.choice(["urban", "rural"], n), categories=["urban", "rural"]),
        "lines": rng.integers(1, 3000, n).astype("int16"),
        "share": rng.random(n).astype("float32"),
        "flag": rng.random(n) < 0.5,
        "note": pd.array([f"n{i}" for i in range(n)], dtype="string"),
    })
    activity = pd.DataFrame({
        "customer_id": np.repeat(np.arange(n, dtype="int32"), 3),
        "period": np.tile(np.arange(1, 4, dtype="int16"), n),
        "revenue": rng.lognormal(3, 1, 3 * n),
        "margin": rng.normal(0, 50, 3 * n),
    })
    truth = pd.DataFrame({
        "customer_id": np.arange(n, dtype="int32"),
        "true_clv": rng.normal(1000, 500, n),
        "true_tier": pd.Categorical(rng.choice(["small", "normal", "key"], n),
                                    categories=["small", "normal", "key"], ordered=True),
    })
    params = Params("toy", seed, n, 3, "month", {"discount_rate": 0.1, "label": "x"})
    return CustomerBase(customers, activity, truth, params)


def test_round_trip_is_equal_including_dtypes(tmp_path):
    base = make_base()
    base.save(tmp_path / "b")
    again = load(tmp_path / "b")
    assert again.equals(base)
    for t in ("customers", "activity", "truth"):
        pd.testing.assert_frame_equal(getattr(again, t), getattr(base, t), check_exact=True)
    assert again.truth["true_tier"].cat.ordered
    assert again.params == base.params
    assert sorted(p.name for p in (tmp_path / "b").iterdir()) == [
        "README.md", "README.zh.md", "activity.csv", "customers.csv", "params.json",
        "schema.json", "truth.csv"]


def test_datasheet_documents_every_column(tmp_path):
    base = make_base()
    base.save(tmp_path / "b")
    text = (tmp_path / "b" / "README.md").read_text()
    for t in ("customers", "activity", "truth"):
        assert f"## {t}.csv" in text
        for col in getattr(base, t).columns:
            assert f"| `{col}` |" in text


@settings(max_examples=25, deadline=None)
@given(st.lists(st.floats(allow_nan=False, allow_infinity=False, width=64), min_size=1,
                max_size=20))
def test_floats_survive_the_csv_exactly(tmp_path_factory, values):
    n = len(values)
    base = CustomerBase(
        pd.DataFrame({"customer_id": np.arange(n, dtype="int32")}),
        pd.DataFrame({"customer_id": np.arange(n, dtype="int32"),
                      "period": np.ones(n, dtype="int16"), "revenue": np.array(values)}),
        pd.DataFrame({"customer_id": np.arange(n, dtype="int32")}),
        Params("toy", 0, n, 1, "week"))
    path = tmp_path_factory.mktemp("f") / "b"
    base.save(path)
    again = load(path)
    assert np.array_equal(again.activity["revenue"].to_numpy(), np.array(values))


def test_same_base_saves_the_same_bytes(tmp_path):
    make_base(seed=3).save(tmp_path / "a")
    make_base(seed=3).save(tmp_path / "b")
    for f in (tmp_path / "a").iterdir():
        assert f.read_bytes() == (tmp_path / "b" / f.name).read_bytes(), f.name


def test_refuses_to_overwrite_without_flag(tmp_path):
    make_base(seed=1).save(tmp_path / "b")
    before = (tmp_path / "b" / "truth.csv").read_bytes()
    with pytest.raises(FileExistsError, match="overwrite=True"):
        make_base(seed=2).save(tmp_path / "b")
    assert (tmp_path / "b" / "truth.csv").read_bytes() == before
    make_base(seed=2).save(tmp_path / "b", overwrite=True)
    assert (tmp_path / "b" / "truth.csv").read_bytes() != before
    assert load(tmp_path / "b").equals(make_base(seed=2))


def test_refuses_a_file_in_the_way(tmp_path):
    (tmp_path / "b").write_text("mine")
    with pytest.raises(FileExistsError, match="a file"):
        make_base().save(tmp_path / "b", overwrite=True)
    assert (tmp_path / "b").read_text() == "mine"


def test_crash_mid_write_leaves_old_folder_intact(tmp_path, monkeypatch):
    make_base(seed=1).save(tmp_path / "b")
    snapshot = {f.name: f.read_bytes() for f in (tmp_path / "b").iterdir()}
    original = pd.DataFrame.to_csv
    calls = {"n": 0}

    def crashing_to_csv(self, *args, **kwargs):
        calls["n"] += 1
        if calls["n"] == 2:  # customers.csv written, then the crash
            raise KeyboardInterrupt("power cut")
        return original(self, *args, **kwargs)

    monkeypatch.setattr(pd.DataFrame, "to_csv", crashing_to_csv)
    with pytest.raises(KeyboardInterrupt):
        make_base(seed=2).save(tmp_path / "b", overwrite=True)
    assert {f.name: f.read_bytes() for f in (tmp_path / "b").iterdir()} == snapshot
    assert [p.name for p in tmp_path.iterdir()] == ["b"], "temporary folder left behind"


@pytest.fixture
def saved(tmp_path):
    path = tmp_path / "b"
    make_base().save(path)
    return path


def test_load_missing_folder(tmp_path):
    with pytest.raises(FileNotFoundError, match="no such folder"):
        load(tmp_path / "nope")


def test_load_missing_file_names_it(saved):
    (saved / "activity.csv").unlink()
    with pytest.raises(FileNotFoundError, match="activity.csv"):
        load(saved)


def test_load_missing_column_names_file_and_column(saved):
    frame = pd.read_csv(saved / "customers.csv").drop(columns=["lines"])
    frame.to_csv(saved / "customers.csv", index=False)
    with pytest.raises(ValueError, match=r"customers\.csv: missing column\(s\) \['lines'\]"):
        load(saved)


def test_load_extra_column_names_file_and_column(saved):
    frame = pd.read_csv(saved / "truth.csv")
    frame["secret"] = 1
    frame.to_csv(saved / "truth.csv", index=False)
    with pytest.raises(ValueError, match=r"truth\.csv: unexpected column\(s\) \['secret'\]"):
        load(saved)


def test_load_wrong_type_names_file_column_and_row(saved):
    text = (saved / "activity.csv").read_text().splitlines()
    cells = text[2].split(",")
    cells[1] = "two"  # the period of the 2nd data row
    text[2] = ",".join(cells)
    (saved / "activity.csv").write_text("\n".join(text) + "\n")
    with pytest.raises(ValueError, match=r"activity\.csv, column 'period', row 2: value 'two'"):
        load(saved)


def test_load_unknown_category_names_column(saved):
    frame = pd.read_csv(saved / "customers.csv")
    frame.loc[0, "segment"] = "vip"
    frame.to_csv(saved / "customers.csv", index=False)
    with pytest.raises(ValueError, match=r"customers\.csv, column 'segment'.*'vip'"):
        load(saved)


def test_params_json_round_trip():
    p = Params("toy", 7, 10, 12, "month", {"a": 1.5, "b": [1, 2], "c": "x", "d": np.float64(2)})
    again = Params.from_json(p.to_json())
    assert again == p and again.a == 1.5 and again.d == 2.0
    assert json.loads(p.to_json())["seed"] == 7
    with pytest.raises(AttributeError, match="no parameter 'zzz'"):
        p.zzz


@pytest.mark.parametrize("seed, error", [(1.5, TypeError), ("1", TypeError), (True, TypeError),
                                         (-1, ValueError)])
def test_params_rejects_bad_seed(seed, error):
    with pytest.raises(error, match="seed"):
        Params("toy", seed, 1, 1, "month")


def test_customer_base_requires_ids():
    base = make_base()
    with pytest.raises(ValueError, match="customer_id"):
        CustomerBase(base.customers.drop(columns="customer_id"), base.activity, base.truth,
                     base.params)
    with pytest.raises(ValueError, match="period"):
        CustomerBase(base.customers, base.activity.drop(columns="period"), base.truth,
                     base.params)


def test_param_spec_check_messages():
    share = ParamSpec("churn_share", 0.1, "fraction", "x", kind="share")
    assert share.check(0.5) == 0.5
    with pytest.raises(ValueError, match=r"churn_share=1\.5 is out of range; allowed: \[0, 1\]"):
        share.check(1.5)
    count = ParamSpec("lines", 3, "lines", "x", kind="int", low=1)
    with pytest.raises(TypeError, match="whole number"):
        count.check(2.5)
    with pytest.raises(TypeError, match="expected a number"):
        count.check("3")


def test_column_rejects_unknown_dtype():
    with pytest.raises(ValueError, match="dtype='complex'"):
        Column("x", "complex")


# --------------------------------------------------------------------------------------------
# Overwrite only what casekit wrote; links; permissions (issue 11)
# --------------------------------------------------------------------------------------------


def test_overwrite_refuses_a_folder_casekit_did_not_write(tmp_path):
    thesis = tmp_path / "thesis"
    thesis.mkdir()
    (thesis / "chapter1.docx").write_text("three years of work")
    with pytest.raises(FileExistsError) as info:
        make_base().save(thesis, overwrite=True)
    assert "chapter1.docx" in str(info.value) and "not written by casekit" in str(info.value)
    assert (thesis / "chapter1.docx").read_text() == "three years of work"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["thesis"]


def test_overwrite_refuses_a_dataset_folder_with_a_file_added(tmp_path):
    make_base().save(tmp_path / "b")
    (tmp_path / "b" / "my_notes.txt").write_text("notes")
    with pytest.raises(FileExistsError, match="my_notes.txt"):
        make_base(seed=2).save(tmp_path / "b", overwrite=True)
    assert (tmp_path / "b" / "my_notes.txt").read_text() == "notes"


def test_save_refuses_links(tmp_path):
    real = tmp_path / "real"
    make_base().save(real)
    (tmp_path / "link").symlink_to(real, target_is_directory=True)
    with pytest.raises(FileExistsError, match="symbolic link"):
        make_base(seed=2).save(tmp_path / "link", overwrite=True)
    # a link inside a dataset folder makes it a folder casekit did not write
    (real / "README.md").unlink()
    (tmp_path / "elsewhere.md").write_text("keep me")
    (real / "README.md").symlink_to(tmp_path / "elsewhere.md")
    with pytest.raises(FileExistsError, match="README.md"):
        make_base(seed=2).save(real, overwrite=True)
    assert (tmp_path / "elsewhere.md").read_text() == "keep me"


@pytest.mark.parametrize("umask, folder, file", [(0o022, 0o755, 0o644), (0o077, 0o700, 0o600),
                                                 (0o002, 0o775, 0o664)])
def test_saved_folder_follows_the_umask(tmp_path, umask, folder, file):
    old = os.umask(umask)
    try:
        make_base().save(tmp_path / "b")
    finally:
        os.umask(old)
    assert stat.S_IMODE((tmp_path / "b").stat().st_mode) == folder
    assert stat.S_IMODE((tmp_path / "b" / "customers.csv").stat().st_mode) == file


def test_save_into_a_folder_that_cannot_be_made_names_it(tmp_path):
    (tmp_path / "a_file").write_text("x")
    with pytest.raises(OSError, match="cannot write the folder") as info:
        make_base().save(tmp_path / "a_file" / "b")
    assert "a_file" in str(info.value)


def test_save_refuses_nan_and_inf(tmp_path):
    base = make_base()
    base.activity.loc[4, "revenue"] = np.inf
    with pytest.raises(ValueError, match=r"CustomerBase.activity, column 'revenue', row 5"):
        base.save(tmp_path / "b")
    assert not (tmp_path / "b").exists()


# --------------------------------------------------------------------------------------------
# Formula cells (CSV injection): escaped on write, read back unchanged
# --------------------------------------------------------------------------------------------


def _text_base(notes: list) -> CustomerBase:
    n = len(notes)
    return CustomerBase(
        pd.DataFrame({"customer_id": np.arange(n, dtype="int32"),
                      "note": pd.array(notes, dtype="string")}),
        pd.DataFrame({"customer_id": np.arange(n, dtype="int32"),
                      "period": np.ones(n, dtype="int16")}),
        pd.DataFrame({"customer_id": np.arange(n, dtype="int32")}),
        Params("toy", 0, n, 1, "month"))


def test_formula_cells_are_neutralised_in_the_file(tmp_path):
    notes = ["=HYPERLINK(\"http://evil\",\"x\")", "+1", "-2", "@SUM(A1)", "\tx", "\rx", "plain",
             "'=already quoted"]
    _text_base(notes).save(tmp_path / "b")
    with open(tmp_path / "b" / "customers.csv", newline="", encoding="utf-8") as f:
        cells = [row[1] for row in csv.reader(f)][1:]
    # written by hand from OWASP's rule: a ' before each dangerous start (and before a ')
    assert cells == ["'=HYPERLINK(\"http://evil\",\"x\")", "'+1", "'-2", "'@SUM(A1)", "'\tx",
                     "'\rx", "plain", "''=already quoted"]
    schema = json.loads((tmp_path / "b" / "schema.json").read_text())
    assert schema["escaped"] == {"customers": ["note"]}
    assert list(load(tmp_path / "b").customers["note"]) == notes


def test_datasets_without_formula_cells_keep_their_bytes(tmp_path):
    make_base().save(tmp_path / "b")
    assert "escaped" not in json.loads((tmp_path / "b" / "schema.json").read_text())


@settings(max_examples=60, deadline=None)
@given(st.lists(st.one_of(st.none(), st.text(alphabet=st.sampled_from(
    list("=+-@'\t\r\n\",; aZ0NAnul")), max_size=6), st.text(max_size=5)), min_size=1,
    max_size=12))
def test_text_cells_round_trip_exactly(tmp_path_factory, notes):
    notes = [None if v is None else v.replace("\x00", "") for v in notes]
    path = tmp_path_factory.mktemp("t") / "b"
    _text_base(notes).save(path)
    again = load(path).customers["note"]
    assert [None if v is pd.NA else v for v in again] == notes


def test_only_text_cells_are_escaped_not_numbers():
    from casekit.base import escape_text_columns

    frame = pd.DataFrame({"key": pd.Series([-1.5, "=1+1", None, "-x"], dtype=object),
                          "tier": pd.Categorical(["-", "a", "-", "a"], categories=["a", "-", "@b"]),
                          "n": [-1, -2, -3, -4]})
    out, cols = escape_text_columns(frame, empty=False)
    assert cols == ["key", "tier"]
    assert out["key"].tolist()[:2] == [-1.5, "'=1+1"] and out["key"].tolist()[3] == "'-x"
    assert out["key"][2] is None
    assert out["tier"].tolist() == ["'-", "a", "'-", "a"]
