"""Shared fixtures: the repository paths and one grading run that several tests read."""

from __future__ import annotations

import os
import shutil
import sys
from pathlib import Path

import nbformat
import pytest

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))
os.environ["PATH"] = str(Path(sys.executable).parent) + os.pathsep + os.environ.get("PATH", "")

from autograder.nbutil import assignments, is_solution, nbgrader_meta, notebook_names, read  # noqa: E402

# Partly solved submissions: which solution cells are filled in, and which graded tests must
# then pass (every other graded cell must score zero). Each chapter adds its own line.
PARTIAL = {
    "ch01_losses": {"01_regression_losses": {"fill": ["mse", "mae"], "pass": ["mse_tests", "mae_tests"]}},
}

# A wrong answer whose feedback must name the mistake: (notebook, solution cell, wrong code,
# failing test, words the feedback must contain).
MISTAKES = {
    "ch01_losses": (
        "01_regression_losses",
        "mse",
        'def mse(y_true, y_pred):\n    """MAE by mistake."""\n    return np.mean(np.abs(np.asarray(y_pred) - np.asarray(y_true)))',
        "mse_tests",
        "MAE를 계산했습니다",
    ),
}


def fill(release_nb, solution_nb, grade_ids):
    """The release notebook with the solutions of ``grade_ids`` copied in."""
    sources = {nbgrader_meta(c).get("grade_id"): c.source for c in solution_nb.cells if is_solution(c)}
    nb = nbformat.from_dict(release_nb)
    for cell in nb.cells:
        gid = nbgrader_meta(cell).get("grade_id")
        if is_solution(cell) and gid in grade_ids:
            cell.source = sources[gid]
    return nb


def replace(release_nb, grade_id, source):
    nb = nbformat.from_dict(release_nb)
    for cell in nb.cells:
        if nbgrader_meta(cell).get("grade_id") == grade_id:
            cell.source = source
    return nb


@pytest.fixture(scope="session")
def graded(tmp_path_factory):
    """Grade one class of made-up students, once: the solutions, the untouched release, a
    partly solved one, one with a known mistake, a broken file and a missing one."""
    from autograder.grade import grade

    subs = tmp_path_factory.mktemp("submissions")
    out = tmp_path_factory.mktemp("grading")
    for aid in assignments():
        for name in notebook_names(aid):
            sol = read(REPO / "solutions" / aid / f"{name}.ipynb")
            rel = read(REPO / "notebooks" / aid / f"{name}.ipynb")
            made = {"solved": sol, "untouched": rel}
            spec = PARTIAL.get(aid, {}).get(name)
            if spec:
                made["partial"] = fill(rel, sol, spec["fill"])
            mistake = MISTAKES.get(aid)
            if mistake and mistake[0] == name:
                made["mistaken"] = replace(rel, mistake[1], mistake[2])
            if (aid, name) == (assignments()[0], notebook_names(assignments()[0])[0]):
                # the grader's own behaviour, checked once: a deleted test cell scores zero
                tampered = nbformat.from_dict(sol)
                first_test = next(c for c in tampered.cells if nbgrader_meta(c).get("grade") and not is_solution(c))
                tampered.cells.remove(first_test)
                made["tampered"] = tampered
            for student, nb in made.items():
                folder = subs / student / aid
                folder.mkdir(parents=True, exist_ok=True)
                nbformat.write(nb, str(folder / f"{name}.ipynb"))
            broken = subs / "broken" / aid
            broken.mkdir(parents=True, exist_ok=True)
            (broken / f"{name}.ipynb").write_text('{"cells": [', encoding="utf-8")
        (subs / "missing" / aid).mkdir(parents=True, exist_ok=True)
    (subs / "stray" / "no_such_assignment").mkdir(parents=True)
    (subs / "README.txt").write_text("not a student\n", encoding="utf-8")
    before = sorted((p.relative_to(subs), p.read_bytes()) for p in subs.rglob("*") if p.is_file())
    result = grade(subs, out, workers=2)
    after = sorted((p.relative_to(subs), p.read_bytes()) for p in subs.rglob("*") if p.is_file())
    result["submissions_unchanged"] = before == after
    result["out"] = out
    yield result
    shutil.rmtree(subs, ignore_errors=True)
