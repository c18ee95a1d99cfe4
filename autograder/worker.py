"""Grade one submission in a process of its own: ``python -m autograder.worker <job.json>``.

The parent (:mod:`autograder.grade`) supervises it: when this process is killed (by a kernel
outside the sandbox, a crash or the time budget) only this submission is lost. It copies the
parent's template course (release + gradebook, made once per run) into its job folder, puts
the notebooks the parent already read and checked into ``submitted/``, autogrades them through
the sandbox, and writes ``result.json``: scores and, per graded cell, the raw outcome (error
kind, checker text, warnings), from which the parent alone builds what a learner sees.
"""

from __future__ import annotations

import json
import os
import shutil
import sys
import traceback
from pathlib import Path


def outcomes(nb) -> dict[str, dict]:
    """Per graded cell: the first error (ename, evalue) and the warnings moved aside."""
    from autograder.nbutil import is_graded, nbgrader_meta

    out = {}
    for cell in nb.cells:
        if cell.cell_type != "code" or not is_graded(cell):
            continue
        errors = [o for o in cell.get("outputs", []) if o.get("output_type") == "error"]
        stderr = "".join(o.get("text", "") for o in cell.get("outputs", [])
                         if o.get("output_type") == "stream" and o.get("name") == "stderr")
        stderr += cell.get("metadata", {}).get("lossopt", {}).get("stderr", "")
        first = errors[0] if errors else {}
        out[nbgrader_meta(cell)["grade_id"]] = {
            "ename": str(first.get("ename", ""))[:200], "evalue": str(first.get("evalue", ""))[:5000],
            "stderr": stderr[:20000],
        }
    return out


def run(job: dict) -> dict:
    import warnings

    warnings.filterwarnings("ignore", module="sqlalchemy")
    warnings.filterwarnings("ignore", message=".*not in session.*")
    import time

    from autograder import course, sandbox, timing
    from autograder.nbutil import graded_cells, is_graded, nbgrader_meta, read

    if "t0" in job:  # interpreter start and imports, from the parent's launch
        timing.add("process_start", time.time() - job["t0"])
    timing.install()
    jdir = Path(job["dir"])
    root = jdir / "course"
    t = time.perf_counter()
    shutil.copytree(job["template"], root, symlinks=True)
    timing.add("course_copy", time.perf_counter() - t)
    cfg = course.config(root)
    kscratch = jdir / "k"
    kscratch.mkdir()
    uid = 200000 + os.getpid() if job["sandbox"] and os.geteuid() == 0 else 0
    flags_dir = jdir / "flags"
    sandbox.configure(cfg, kscratch, [*job["hide"], str(root)], sandbox.Limits(**job["limits"]), job["sandbox"], uid,
                      source_root=root / cfg.CourseDirectory.source_directory, flags_dir=flags_dir,
                      trusted=job.get("trusted", True))
    if job.get("zygote") and job["sandbox"]:  # kernels forked from the worker's preloaded zygote
        from autograder import preload

        preload.configure(cfg, job["zygote"]["socket"], job["zygote"]["kroot"])
    dest = root / "submitted" / job["student"] / job["assignment"]
    dest.mkdir(parents=True)
    for name in job["good"]:
        shutil.copy(jdir / "in" / f"{name}.ipynb", dest / f"{name}.ipynb")
    result = {"scores": {}, "outcomes": {}, "present": {}, "flags": {}, "log": ""}
    result["log"] = course.autograde(cfg, job["assignment"], job["student"])
    t = time.perf_counter()
    result["scores"] = course.scores(cfg, job["assignment"], job["student"])
    timing.add("scores_read", time.perf_counter() - t)
    graded = root / "autograded" / job["student"] / job["assignment"]
    for name in job["good"]:
        nb = read(graded / f"{name}.ipynb")
        result["outcomes"][name] = outcomes(nb)
        result["present"][name] = [nbgrader_meta(c)["grade_id"] for c in nb.cells if is_graded(c)]
        try:  # review flags: what the kernel did that a solution never needs (autograder.sandbox)
            result["flags"][name] = json.loads((flags_dir / f"{name}.json").read_text(encoding="utf-8"))
        except (OSError, ValueError):
            result["flags"][name] = [{"kind": "channel", "detail": "no flags file"}]
    result["autograded"] = str(graded)
    result["timings"] = timing.snapshot()
    return result


def main(argv: list[str]) -> int:
    path = Path(argv[0])
    job = json.loads(path.read_text(encoding="utf-8"))
    try:
        result = run(job)
        code = 0
    except Exception as exc:
        result = {"error": type(exc).__name__, "log": f"{exc}\n{traceback.format_exc()}"}
        code = 0
    tmp = path.with_name("result.json.part")
    tmp.write_text(json.dumps(result, ensure_ascii=False), encoding="utf-8")
    tmp.rename(path.with_name("result.json"))
    return code


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
