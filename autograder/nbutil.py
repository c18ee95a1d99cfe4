"""Notebook helpers shared by the release check, the grader, the feedback and the book."""

from __future__ import annotations

from pathlib import Path

import nbformat

REPO = Path(__file__).resolve().parents[1]
SOLUTIONS = REPO / "solutions"

BEGIN_SOLUTION, END_SOLUTION = "### BEGIN SOLUTION", "### END SOLUTION"
BEGIN_HIDDEN, END_HIDDEN = "### BEGIN HIDDEN TESTS", "### END HIDDEN TESTS"
MARKERS = (BEGIN_SOLUTION, END_SOLUTION, BEGIN_HIDDEN, END_HIDDEN, "### BEGIN MARK SCHEME", "### END MARK SCHEME")


def assignments(solutions: Path = SOLUTIONS) -> list[str]:
    """Assignment ids: the folders of ``solutions/`` that hold at least one notebook."""
    return sorted(p.name for p in solutions.iterdir() if p.is_dir() and any(p.glob("*.ipynb")))


def notebook_names(assignment: str, solutions: Path = SOLUTIONS) -> list[str]:
    """Names (without .ipynb) of an assignment's notebooks, in reading order."""
    return sorted(p.stem for p in (solutions / assignment).glob("*.ipynb"))


def nbgrader_meta(cell) -> dict:
    return cell.get("metadata", {}).get("nbgrader", {}) or {}


def is_solution(cell) -> bool:
    return bool(nbgrader_meta(cell).get("solution"))


def is_graded(cell) -> bool:
    return bool(nbgrader_meta(cell).get("grade"))


def is_test(cell) -> bool:
    """An autograded test cell: graded, code, not a solution."""
    return is_graded(cell) and cell.cell_type == "code" and not is_solution(cell)


def graded_cells(nb) -> list[dict]:
    """Every graded cell: grade_id, points, kind ('auto' for tests, 'manual' for answers)."""
    out = []
    for cell in nb.cells:
        meta = nbgrader_meta(cell)
        if meta.get("grade"):
            kind = "auto" if is_test(cell) else "manual"
            out.append({"grade_id": meta["grade_id"], "points": float(meta.get("points", 0)), "kind": kind})
    return out


def strip_region(source: str, begin: str, end: str) -> str:
    """Remove every ``begin``…``end`` region (marker lines included)."""
    lines, keep, inside = source.splitlines(), [], False
    for line in lines:
        stripped = line.strip()
        if stripped.startswith(begin):
            inside = True
            continue
        if stripped.startswith(end):
            inside = False
            continue
        if not inside:
            keep.append(line)
    return "\n".join(keep).rstrip()


def region_lines(source: str, begin: str, end: str) -> tuple[list[str], list[str]]:
    """Split a cell's stripped, non-blank lines into (inside begin…end regions, outside)."""
    inside_lines, outside_lines, inside = [], [], False
    for line in source.splitlines():
        if begin in line:
            inside = True
        elif end in line:
            inside = False
        elif line.strip():
            (inside_lines if inside else outside_lines).append(line.strip())
    return inside_lines, outside_lines


def strip_hidden_tests(source: str) -> str:
    return strip_region(source, BEGIN_HIDDEN, END_HIDDEN)


def drop_marker_lines(source: str) -> str:
    """Keep a solution's code but drop its BEGIN/END SOLUTION lines."""
    return "\n".join(l for l in source.splitlines() if l.strip() not in (BEGIN_SOLUTION, END_SOLUTION)).strip("\n")


def first_docstring_line(source: str) -> str:
    """The first line of a test cell's docstring (its one-line description)."""
    text = source.strip()
    for quote in ('"""', "'''"):
        if text.startswith(quote):
            body = text[3:].split(quote, 1)[0]
            return body.strip().splitlines()[0] if body.strip() else ""
    return ""


def read(path: Path):
    return nbformat.read(str(path), as_version=4)
