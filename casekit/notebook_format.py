"""How a built notebook is made byte-for-byte reproducible (used by :mod:`casekit.build`).

An executed notebook carries things that change from run to run without the lesson changing:
random widget model ids, the kernel's Python patch version, execution timing, and how the
kernel happened to split printed text into stream outputs. :func:`normalise` replaces each with
something derived from the notebook itself (its name, its cells' order and text), so building
twice with no change writes the same bytes.
"""

from __future__ import annotations

import copy
import hashlib
import json
import re
from pathlib import Path

__all__ = ["SOURCE_FORMAT", "read_myst", "KERNEL", "KERNELSPEC", "LANGUAGE_INFO", "WIDGET_STATE", "WIDGET_VIEW", "normalise",
           "set_cell_ids"]

#: The text format of the sources (Jupytext's MyST Markdown).
SOURCE_FORMAT = "md:myst"
KERNEL = "python3"
KERNELSPEC = {"display_name": "Python 3", "language": "python", "name": KERNEL}
#: What Jupyter needs to highlight the code; the Python version is left out on purpose (it would
#: change the file on every machine with another patch release).
LANGUAGE_INFO = {"codemirror_mode": {"name": "ipython", "version": 3},
                 "file_extension": ".py", "mimetype": "text/x-python", "name": "python",
                 "nbconvert_exporter": "python", "pygments_lexer": "ipython3"}
WIDGET_STATE = "application/vnd.jupyter.widget-state+json"
WIDGET_VIEW = "application/vnd.jupyter.widget-view+json"
_HEX_ID = re.compile(r"[0-9a-f]{32}")


def set_cell_ids(nb) -> None:
    """Give each cell an id derived from its type and source (repeats get a counter).

    Parameters
    ----------
    nb : nbformat.NotebookNode
        The notebook; its cells' ids are set in place.
    """
    seen: dict[str, int] = {}
    for cell in nb.cells:
        digest = hashlib.sha1(f"{cell.cell_type}\n{cell.source}".encode()).hexdigest()[:8]
        n = seen.get(digest, 0)
        seen[digest] = n + 1
        cell["id"] = digest if n == 0 else f"{digest}-{n}"


_MODEL_REF = re.compile(r"IPY_MODEL_([0-9a-f]{32})")


def _references(value) -> list[str]:
    """The model ids a widget's state refers to (``"IPY_MODEL_<id>"`` strings), in the order
    of a sorted walk of the state (so the order does not depend on how the kernel sent it)."""
    return _MODEL_REF.findall(json.dumps(value, sort_keys=True))


def _content_key(model: dict) -> str:
    """A model's state with the ids it refers to blanked out: what it *is*, not what it is
    called (orders the models no output reaches)."""
    return _MODEL_REF.sub("IPY_MODEL_", json.dumps(model, sort_keys=True))


def _widget_ids(nb, name: str) -> dict[str, str]:
    """Old → new widget model ids: new ids are derived from ``name`` and a canonical order.

    The kernel's creation order (and so the order of the widget-state metadata) can change from
    run to run, so it is not used. The order is: the models the outputs display, cell by cell;
    then, breadth first, the models those refer to (a layout, a style, a box's children) in a
    sorted walk of each state; then any model nothing reaches, by its content.
    """
    state = nb.metadata.get("widgets", {}).get(WIDGET_STATE, {}).get("state", {})
    order: list[str] = []
    for cell in nb.cells:
        for out in cell.get("outputs", []):
            mid = out.get("data", {}).get(WIDGET_VIEW, {}).get("model_id")
            if mid and mid not in order:
                order.append(mid)
    k = 0
    while True:
        while k < len(order):
            for ref in _references(state.get(order[k], {})):
                if ref not in order:
                    order.append(ref)
            k += 1
        rest = sorted((m for m in state if m not in order),
                      key=lambda m: _content_key(state[m]))
        if not rest:
            break
        order.append(rest[0])
    return {old: hashlib.sha1(f"{name}:{n}".encode()).hexdigest()[:32]
            for n, old in enumerate(order)}


def _merge_streams(outputs: list) -> list:
    """Join consecutive stream outputs of the same stream (how the kernel split the text
    depends on when it flushed, not on the code)."""
    merged: list = []
    for out in outputs:
        if (out.get("output_type") == "stream" and merged
                and merged[-1].get("output_type") == "stream"
                and merged[-1].get("name") == out.get("name")):
            merged[-1]["text"] = merged[-1]["text"] + out["text"]
        else:
            merged.append(out)
    return merged


def normalise(nb, name: str):
    """Make an executed notebook byte-for-byte reproducible (see the module docstring).

    Parameters
    ----------
    nb : nbformat.NotebookNode
        An executed notebook; changed in place and returned.
    name : str
        The notebook's name (e.g. ``"07_retention_what_if"``); seeds the widget ids.

    Returns
    -------
    nbformat.NotebookNode
    """
    import nbformat

    nb.metadata["kernelspec"] = dict(KERNELSPEC)
    nb.metadata["language_info"] = copy.deepcopy(LANGUAGE_INFO)
    for cell in nb.cells:
        cell.metadata.pop("execution", None)
        if cell.cell_type == "code":
            cell.outputs = _merge_streams(cell.outputs)
    mapping = _widget_ids(nb, name)
    if mapping:
        text = _HEX_ID.sub(lambda m: mapping.get(m.group(0), m.group(0)), json.dumps(nb))
        nb = nbformat.from_dict(json.loads(text))
        widgets = nb.metadata.get("widgets", {}).get(WIDGET_STATE)
        if widgets and "state" in widgets:
            widgets["state"] = dict(sorted(widgets["state"].items()))
    return nb


def read_myst(path: str | Path):
    """The notebook a MyST Markdown source describes (Jupytext), with errors naming the file.

    Parameters
    ----------
    path : str or Path
        A ``.md`` file in Jupytext's MyST format, UTF-8.

    Returns
    -------
    nbformat.NotebookNode
        As ``jupytext.reads`` gives it (metadata untouched).

    Raises
    ------
    ValueError
        The file is not UTF-8, or Jupytext cannot read it (e.g. broken front matter).
    """
    import jupytext

    path = Path(path)
    try:
        text = path.read_text(encoding="utf-8")
    except UnicodeDecodeError as err:
        raise ValueError(f"{path}: not UTF-8 text (byte {err.start}); save the source as UTF-8 "
                         "(in most editors: Save with Encoding → UTF-8)") from None
    try:
        return jupytext.reads(text, fmt=SOURCE_FORMAT)
    except Exception as err:  # jupytext and the YAML reader raise many kinds
        first = str(err).strip().splitlines()[0] if str(err).strip() else type(err).__name__
        raise ValueError(f"{path}: not a readable MyST notebook source ({first}); check the "
                         "front matter between the '---' lines and the cell markers") from None
