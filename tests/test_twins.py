"""Each solutions notebook has a MyST text twin with the same cells and nbgrader metadata."""

from __future__ import annotations

import jupytext
import pytest
from conftest import REPO

from autograder.nbutil import read

NOTEBOOKS = sorted((REPO / "solutions").glob("*/*.ipynb"))
TWINS = sorted((REPO / "solutions").glob("*/*.md"))


def essence(nb):
    return [
        (c.cell_type, c.source.strip(), c.metadata.get("nbgrader"), sorted(c.metadata.get("tags", [])))
        for c in nb.cells
    ]


def test_every_notebook_has_a_twin_and_back():
    assert NOTEBOOKS
    assert {p.with_suffix("") for p in NOTEBOOKS} == {p.with_suffix("") for p in TWINS}


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.stem)
def test_twin_in_sync(path):
    twin = jupytext.read(str(path.with_suffix(".md")))
    assert essence(twin) == essence(read(path)), f"{path.name} and its twin differ: edit the .md, then `make sync`"
    assert read(path).metadata.get("kernelspec", {}).get("name") == "python3"
