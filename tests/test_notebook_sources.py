"""Course notebooks have one text source each, and the built ``.ipynb`` is up to date with it.

* every ``notebooks/source/*.md`` (MyST Markdown) has its built ``notebooks/<name>.ipynb`` with
  the same cells (types and sources) — cheap: nothing is executed here;
* every ``notebooks/*.ipynb`` has a source (nobody hand-edits the JSON), and was built executed
  (every code cell run once, in order), so students see outputs when they open it;
* the build's normalisation makes two runs byte-for-byte equal: random widget ids, split
  printed text and timing metadata are taken out; a notebook edited by hand after its source
  is not overwritten without ``force``.

Rebuild with ``make notebooks`` (``python -m casekit build``).
"""

from __future__ import annotations

import json
import os
import uuid
from pathlib import Path

import nbformat
import pytest

from casekit import build as B
from casekit import notebook_format as NF

ROOT = Path(__file__).resolve().parents[1]
NOTEBOOKS = ROOT / "notebooks"
SOURCES = sorted((NOTEBOOKS / "source").glob("*.md"))


def test_there_is_a_source_for_each_course_notebook():
    built = sorted(p.stem for p in NOTEBOOKS.glob("*.ipynb"))
    assert len(SOURCES) >= 8
    assert sorted(p.stem for p in SOURCES) == built, \
        "each notebooks/NN_name.ipynb is built from notebooks/source/NN_name.md"


@pytest.mark.parametrize("source", SOURCES, ids=lambda p: p.stem)
def test_source_is_myst_markdown(source):
    head = source.read_text(encoding="utf-8").split("---", 2)[1]
    assert "format_name: myst" in head, f"{source}: not in Jupytext's MyST format"


@pytest.mark.parametrize("source", SOURCES, ids=lambda p: p.stem)
def test_built_notebook_has_the_cells_of_its_source(source):
    built = nbformat.read(NOTEBOOKS / f"{source.stem}.ipynb", as_version=4)
    want = B.cells_of(B.read_source(source))
    got = B.cells_of(built)
    first = next((i for i, (a, b) in enumerate(zip(got, want)) if a != b), min(len(got),
                                                                              len(want)))
    assert got == want, (f"notebooks/{source.stem}.ipynb is stale with respect to "
                         f"{source.relative_to(ROOT)} (first difference at cell {first}); "
                         "run `make notebooks`")


@pytest.mark.parametrize("source", SOURCES, ids=lambda p: p.stem)
def test_built_notebook_was_executed_top_to_bottom(source):
    built = nbformat.read(NOTEBOOKS / f"{source.stem}.ipynb", as_version=4)
    counts = [c.execution_count for c in built.cells if c.cell_type == "code"]
    assert counts == list(range(1, len(counts) + 1)), \
        f"{source.stem}.ipynb: execution counts {counts}; build it executed (make notebooks)"
    assert all("execution" not in c.metadata for c in built.cells), "timing metadata kept"
    assert "version" not in built.metadata.get("language_info", {}), "Python version kept"


def test_stale_reports_a_changed_source(tmp_path):
    (tmp_path / "source").mkdir()
    src = tmp_path / "source" / "01_x.md"
    src.write_text("---\njupytext:\n  text_representation:\n    format_name: myst\n---\n\n"
                   "# Title\n\n```{code-cell} ipython3\nprint(1 + 1)\n```\n")
    assert B.stale(tmp_path / "source", tmp_path) == [tmp_path / "01_x.ipynb"]  # missing
    B.build_notebook(src, tmp_path, run=False)
    assert B.stale(tmp_path / "source", tmp_path) == []
    nb = nbformat.read(tmp_path / "01_x.ipynb", as_version=4)
    assert B.cells_of(nb) == [("markdown", "# Title"), ("code", "print(1 + 1)")]
    src.write_text(src.read_text().replace("1 + 1", "2 + 2"))
    assert B.stale(tmp_path / "source", tmp_path) == [tmp_path / "01_x.ipynb"]


def test_a_hand_edited_notebook_is_not_overwritten_without_force(tmp_path):
    src = tmp_path / "02_y.md"
    src.write_text("```{code-cell} ipython3\nx = 1\n```\n")
    target, changed = B.build_notebook(src, tmp_path, run=False)
    assert changed
    target_again, changed = B.build_notebook(src, tmp_path, run=False)
    assert (target_again, changed) == (target, False)          # same bytes: not rewritten
    nb = nbformat.read(target, as_version=4)
    nb.cells[0].source = "x = 2  # my own work"
    nbformat.write(nb, target)
    later = src.stat().st_mtime + 10
    os.utime(target, (later, later))
    with pytest.raises(B.StaleEditError, match="02_y.md"):
        B.build_notebook(src, tmp_path, run=False)
    assert "my own work" in target.read_text()
    B.build_notebook(src, tmp_path, run=False, force=True)
    assert "my own work" not in target.read_text()


def _widget_notebook(ids: list[str]) -> nbformat.NotebookNode:
    """A notebook as nbclient leaves it: a slider inside a box, shown by one output."""
    box, slider = ids
    nb = nbformat.v4.new_notebook()
    cell = nbformat.v4.new_code_cell("w", execution_count=1, id="c1")  # set by read_source
    cell.metadata["execution"] = {"iopub.execute_input": "2026-01-01T00:00:00Z"}
    cell.outputs = [nbformat.v4.new_output("stream", name="stdout", text="a\n"),
                    nbformat.v4.new_output("stream", name="stdout", text="b\n"),
                    nbformat.v4.new_output("execute_result", execution_count=1, data={
                        NF.WIDGET_VIEW: {"model_id": box, "version_major": 2,
                                        "version_minor": 0},
                        "text/plain": "VBox()"})]
    nb.cells = [cell]
    nb.metadata["widgets"] = {NF.WIDGET_STATE: {"version_major": 2, "version_minor": 0, "state": {
        box: {"model_name": "VBoxModel", "state": {"children": [f"IPY_MODEL_{slider}"]}},
        slider: {"model_name": "FloatSliderModel", "state": {"value": 0.5}}}}}
    nb.metadata["language_info"] = {"name": "python", "version": "3.11.7"}
    return nb


def test_normalise_makes_random_widget_ids_reproducible():
    runs = [[uuid.uuid4().hex, uuid.uuid4().hex] for _ in range(2)]
    texts = [json.dumps(B.normalise(_widget_notebook(ids), "07_x"), sort_keys=True)
             for ids in runs]
    assert texts[0] == texts[1]
    for old in runs[0]:
        assert old not in texts[0]
    nb = json.loads(texts[0])
    state = nb["metadata"]["widgets"][NF.WIDGET_STATE]["state"]
    box = nb["cells"][0]["outputs"][-1]["data"][NF.WIDGET_VIEW]["model_id"]
    slider = state[box]["state"]["children"][0].removeprefix("IPY_MODEL_")
    assert state[slider]["model_name"] == "FloatSliderModel"      # references still resolve
    other = json.dumps(B.normalise(_widget_notebook(runs[0]), "06_y"), sort_keys=True)
    assert box not in other                                        # ids differ per notebook


def test_normalise_ignores_the_order_the_kernel_sent_the_widget_state_in():
    """The kernel's creation order of widget models changes from run to run (a rebuild of 01
    rewrote every id): the same widgets, listed in the other order and with other random ids,
    normalise to the same bytes."""
    nb = _widget_notebook([uuid.uuid4().hex, uuid.uuid4().hex])
    state = nb.metadata["widgets"][NF.WIDGET_STATE]["state"]
    layout, unshown = uuid.uuid4().hex, uuid.uuid4().hex
    (box, slider) = list(state)
    state[slider]["state"]["layout"] = f"IPY_MODEL_{layout}"
    state[layout] = {"model_name": "LayoutModel", "state": {"width": "50%"}}
    state[unshown] = {"model_name": "ButtonModel", "state": {"description": "never shown"}}
    flipped = _widget_notebook([uuid.uuid4().hex, uuid.uuid4().hex])
    new_box, new_slider = list(flipped.metadata["widgets"][NF.WIDGET_STATE]["state"])
    new_layout, new_unshown = uuid.uuid4().hex, uuid.uuid4().hex
    flipped.metadata["widgets"][NF.WIDGET_STATE]["state"] = {      # reversed creation order
        new_unshown: {"model_name": "ButtonModel", "state": {"description": "never shown"}},
        new_layout: {"model_name": "LayoutModel", "state": {"width": "50%"}},
        new_slider: {"model_name": "FloatSliderModel",
                     "state": {"value": 0.5, "layout": f"IPY_MODEL_{new_layout}"}},
        new_box: state[box] | {"state": {"children": [f"IPY_MODEL_{new_slider}"]}}}
    a, b = (json.dumps(B.normalise(n, "01_x"), sort_keys=True) for n in (nb, flipped))
    assert a == b
    names = {m["model_name"] for m in json.loads(a)["metadata"]["widgets"][NF.WIDGET_STATE]
             ["state"].values()}
    assert names == {"VBoxModel", "FloatSliderModel", "LayoutModel", "ButtonModel"}


def test_normalise_joins_printed_text_and_drops_timing():
    nb = B.normalise(_widget_notebook([uuid.uuid4().hex, uuid.uuid4().hex]), "07_x")
    outputs = nb.cells[0].outputs
    assert [o.output_type for o in outputs] == ["stream", "execute_result"]
    assert outputs[0].text == "a\nb\n"
    assert "execution" not in nb.cells[0].metadata
    assert nb.metadata["language_info"] == B.LANGUAGE_INFO


def test_streams_of_different_names_stay_apart():
    outs = [nbformat.v4.new_output("stream", name="stdout", text="a"),
            nbformat.v4.new_output("stream", name="stderr", text="b"),
            nbformat.v4.new_output("stream", name="stdout", text="c")]
    assert [o.text for o in NF._merge_streams(outs)] == ["a", "b", "c"]


@pytest.mark.parametrize("timeout", [0, -5, 2.5, True])
def test_bad_timeout_is_refused(timeout):
    with pytest.raises(ValueError, match="timeout"):
        B.execute(nbformat.v4.new_notebook(), ".", timeout=timeout)


def test_missing_source_folder_is_named(tmp_path):
    with pytest.raises(FileNotFoundError, match="nowhere"):
        B.sources(tmp_path / "nowhere")


def test_build_check_command_agrees(capsys, monkeypatch):
    from casekit.cli import main

    monkeypatch.chdir(ROOT)
    assert main(["build", "--check"]) == 0
    assert "up to date" in capsys.readouterr().out
    assert main(["build", "--only", "99"]) == 2          # no such notebook: a clear error
    assert "--only 99" in capsys.readouterr().err
