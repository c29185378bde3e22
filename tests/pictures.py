"""Comparing dashboard pictures: the PNG a live figure shows, decoded to pixels."""

from __future__ import annotations

import io

import numpy as np
from PIL import Image


def pixels(png: bytes) -> np.ndarray:
    """The RGBA pixels of a PNG (bytes or a memoryview, as ``ipywidgets.Image.value``)."""
    return np.asarray(Image.open(io.BytesIO(bytes(png))).convert("RGBA"))


def assert_same_picture(a: bytes, b: bytes) -> None:
    """Two PNGs show exactly the same picture (same size, every pixel equal)."""
    pa, pb = pixels(a), pixels(b)
    assert pa.shape == pb.shape
    differing = int((pa != pb).any(axis=-1).sum())
    assert differing == 0, f"{differing} pixels differ"
