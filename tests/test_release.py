"""notebooks/ is exactly nbgrader's release of solutions/, and carries no answers."""

from __future__ import annotations

import json

import pytest
from conftest import REPO

from autograder.nbutil import BEGIN_SOLUTION, END_SOLUTION, MARKERS, assignments, region_lines, is_solution, notebook_names, read
from autograder.release import differences


def test_release_equals_fresh_generate_assignment():
    problems = differences()
    assert not problems, "\n".join(problems)


def test_release_holds_only_notebooks():
    files = [p for p in (REPO / "notebooks").rglob("*") if p.is_file()]
    assert files
    others = [str(p.relative_to(REPO)) for p in files if p.suffix != ".ipynb"]
    assert not others, f"only notebooks belong in notebooks/ (twins carry answers): {others}"


@pytest.mark.parametrize("folder", ["notebooks", "solutions"])
def test_no_outputs_committed(folder):
    for path in (REPO / folder).rglob("*.ipynb"):
        for cell in read(path).cells:
            if cell.cell_type == "code":
                assert not cell.outputs and cell.execution_count is None, f"{path}: outputs are never committed"


def split_lines(nb):
    """(lines inside solution regions, lines everywhere else), stripped, of a solutions notebook."""
    inside_lines, outside_lines = set(), set()
    for cell in nb.cells:
        if is_solution(cell) and cell.cell_type == "markdown":
            inside_lines |= {line.strip() for line in cell.source.splitlines() if len(line.strip()) > 30}
            continue
        inside, outside = region_lines(cell.source, BEGIN_SOLUTION, END_SOLUTION)
        if is_solution(cell):
            inside_lines |= set(inside)
        else:
            outside += inside
        outside_lines |= set(outside)
    return inside_lines, outside_lines


def test_release_has_no_markers_and_no_solution_code():
    checked = 0
    for aid in assignments():
        for name in notebook_names(aid):
            inside, outside = split_lines(read(REPO / "solutions" / aid / f"{name}.ipynb"))
            # a line that the notebook also shows outside any solution (e.g. in buggy code to
            # fix) is no secret; every other solution line must be gone from the release
            secret = {line for line in inside - outside if len(line) >= 8}
            checked += len(secret)
            text = (REPO / "notebooks" / aid / f"{name}.ipynb").read_text(encoding="utf-8")
            for marker in MARKERS:
                assert marker not in text, f"{aid}/{name}: {marker}"
            released = {line.strip() for c in read(REPO / "notebooks" / aid / f"{name}.ipynb").cells for line in c.source.splitlines()}
            leaked = sorted(secret & released)
            assert not leaked, f"{aid}/{name} leaks solution lines: {leaked[:3]}"
    assert checked, "the solutions have solution code"


def test_every_assignment_is_released_and_known():
    released = sorted(p.name for p in (REPO / "notebooks").iterdir() if p.is_dir())
    assert released == assignments()
    ids = {"ch01_losses", "ch02_gradient_descent", "ch03_optimizers", "ch04_schedules", "ch05_diagnosis"}
    assert set(assignments()) <= ids


def test_grade_ids_are_unique_and_metadata_complete():
    keys = {"grade", "grade_id", "locked", "schema_version", "solution", "task"}
    for aid in assignments():
        for name in notebook_names(aid):
            seen = set()  # nbgrader keys grade cells by notebook and grade_id
            for cell in read(REPO / "solutions" / aid / f"{name}.ipynb").cells:
                meta = cell.metadata.get("nbgrader")
                if not meta:
                    continue
                assert keys <= set(meta), f"{name}: {json.dumps(meta)}"
                assert meta["grade_id"] not in seen, f"duplicate grade_id {meta['grade_id']}"
                seen.add(meta["grade_id"])
                if meta["grade"]:
                    assert meta.get("points", 0) > 0, meta["grade_id"]
