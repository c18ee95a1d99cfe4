"""Where a graded notebook's time goes: timers around nbgrader's and nbclient's own steps.

:func:`install` wraps (measures only, changes nothing) the steps of an autograde run in this
process: kernel start (process start until the kernel answers), the first code cell (the
notebook's imports), the other code cells the learner runs, the test cells, kernel shutdown,
gradebook writes (``init_assignment`` and ``SaveAutoGrades``) and the whole of each notebook's
``convert_single_notebook``; what nbgrader does besides (sanitizing pass, reading, writing,
other preprocessors) is the rest of that. The same timers run in the project's grader
(:mod:`autograder.worker`) and, in ``python -m autograder bench``, around stock ``nbgrader
autograde``, so the two breakdowns are comparable.
"""

from __future__ import annotations

import atexit
import functools
import json
import time

TOTALS: dict[str, float] = {}
COUNTS: dict[str, int] = {}
_INSTALLED = False


def add(key: str, seconds: float, count: int = 1) -> None:
    TOTALS[key] = TOTALS.get(key, 0.0) + seconds
    COUNTS[key] = COUNTS.get(key, 0) + count


def snapshot() -> dict:
    return {"totals": dict(TOTALS), "counts": dict(COUNTS)}


def merge(into: dict, other: dict | None) -> dict:
    for key, value in (other or {}).get("totals", {}).items():
        into.setdefault("totals", {})[key] = into.setdefault("totals", {}).get(key, 0.0) + value
    for key, value in (other or {}).get("counts", {}).items():
        into.setdefault("counts", {})[key] = into.setdefault("counts", {}).get(key, 0) + value
    return into


def _timed(key, fn):
    @functools.wraps(fn)
    def wrapper(*a, **kw):
        t = time.perf_counter()
        try:
            return fn(*a, **kw)
        finally:
            add(key, time.perf_counter() - t)

    return wrapper


def install() -> None:
    """Put the timers in place (once per process)."""
    global _INSTALLED
    if _INSTALLED:
        return
    _INSTALLED = True
    from nbclient.client import NotebookClient
    from nbconvert.preprocessors.execute import ExecutePreprocessor
    from nbgrader.converters.autograde import Autograde
    from nbgrader.preprocessors import SaveAutoGrades

    from autograder.nbutil import is_graded, is_solution

    # the sync wrappers are what nbconvert's ExecutePreprocessor calls (they wrap the async originals)
    NotebookClient.start_new_kernel = _timed("kernel_start", NotebookClient.start_new_kernel)
    NotebookClient.start_new_kernel_client = _timed("kernel_start", NotebookClient.start_new_kernel_client)
    NotebookClient._cleanup_kernel = _timed("kernel_stop", NotebookClient._cleanup_kernel)

    cell_fn = ExecutePreprocessor.preprocess_cell

    @functools.wraps(cell_fn)
    def preprocess_cell(self, cell, resources, index):
        if cell.cell_type != "code":
            return cell_fn(self, cell, resources, index)
        first = next((i for i, c in enumerate(self.nb.cells) if c.cell_type == "code"), index)
        key = "imports" if index == first else "test_cells" if is_graded(cell) and not is_solution(cell) else "student_cells"
        t = time.perf_counter()
        try:
            return cell_fn(self, cell, resources, index)
        finally:
            add(key, time.perf_counter() - t)

    ExecutePreprocessor.preprocess_cell = preprocess_cell
    SaveAutoGrades.preprocess = _timed("gradebook", SaveAutoGrades.preprocess)
    Autograde.init_assignment = _timed("gradebook_init", Autograde.init_assignment)
    Autograde.convert_single_notebook = _timed("notebook_total", Autograde.convert_single_notebook)


def dump_at_exit(path: str) -> None:
    """Write :func:`snapshot` to ``path`` when this process ends (for a stock nbgrader run)."""
    atexit.register(lambda: open(path, "w", encoding="utf-8").write(json.dumps(snapshot())))


def stock_main() -> None:
    """``python -m autograder.timing <dump.json> <nbgrader args…>``: stock nbgrader, timers on."""
    import sys

    install()
    dump_at_exit(sys.argv[1])
    sys.argv = ["nbgrader", *sys.argv[2:]]
    from nbgrader.apps.nbgraderapp import main

    main()


def breakdown(t: dict, notebooks: int) -> dict[str, float]:
    """Seconds per notebook for each step; ``nbgrader_steps`` is what the notebook cost besides."""
    tot = t.get("totals", {})
    n = max(1, notebooks)
    executed = max(1, t.get("counts", {}).get("notebook_total", notebooks))
    inside = sum(tot.get(k, 0.0) for k in ("kernel_start", "kernel_stop", "imports", "student_cells", "test_cells"))
    save = tot.get("gradebook", 0.0)  # SaveAutoGrades, inside the notebook's conversion
    out = {
        "kernel_start": tot.get("kernel_start", 0.0) / executed,
        "kernel_stop": tot.get("kernel_stop", 0.0) / executed,
        "imports": tot.get("imports", 0.0) / executed,
        "student_cells": tot.get("student_cells", 0.0) / executed,
        "test_cells": tot.get("test_cells", 0.0) / executed,
        # the notebook's convert_single_notebook minus the above (gradebook writes inside it included below)
        "nbgrader_steps": max(0.0, tot.get("notebook_total", 0.0) - inside - save) / executed,
        "gradebook": (save + tot.get("gradebook_init", 0.0) + tot.get("scores_read", 0.0)) / executed,
    }
    for key in ("course_copy", "process_start", "worker_setup", "dispatch"):
        if key in tot:
            out[key] = tot[key] / n
    return out


if __name__ == "__main__":
    stock_main()
