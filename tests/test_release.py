"""notebooks/ is exactly nbgrader's release of solutions/, and carries no answers."""

from __future__ import annotations

import json

import pytest
from conftest import REPO

from autograder.nbutil import BEGIN_SOLUTION, END_SOLUTION, MARKERS, assignments, is_solution, notebook_names, read
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


def solution_lines():
    """(assignment, notebook, line) for every substantial line inside a solution region."""
    found = []
    for aid in assignments():
        for name in notebook_names(aid):
            for cell in read(REPO / "solutions" / aid / f"{name}.ipynb").cells:
                if not is_solution(cell):
                    continue
                if cell.cell_type == "markdown":
                    found += [(aid, name, line.strip()) for line in cell.source.splitlines() if len(line.strip()) > 30]
                    continue
                inside = False
                for line in cell.source.splitlines():
                    if BEGIN_SOLUTION in line:
                        inside = True
                    elif END_SOLUTION in line:
                        inside = False
                    elif inside and len(line.strip()) >= 10:
                        found.append((aid, name, line.strip()))
    return found


def test_release_has_no_markers_and_no_solution_code():
    lines = solution_lines()
    assert lines, "the solutions have solution code"
    for aid in assignments():
        for name in notebook_names(aid):
            text = (REPO / "notebooks" / aid / f"{name}.ipynb").read_text(encoding="utf-8")
            for marker in MARKERS:
                assert marker not in text, f"{aid}/{name}: {marker}"
            sources = "\n".join(c.source for c in read(REPO / "notebooks" / aid / f"{name}.ipynb").cells)
            leaked = [line for a, n, line in lines if (a, n) == (aid, name) and line in sources]
            assert not leaked, f"{aid}/{name} leaks solution lines: {leaked[:3]}"


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
