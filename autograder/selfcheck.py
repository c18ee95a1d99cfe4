"""Check one solutions notebook the way CI will, without touching the repository.

``python -m autograder selfcheck solutions/<assignment>/<name>.ipynb`` releases just that
notebook in a scratch course, autogrades the solutions (must be full marks on every
autograded cell) and the untouched release (must be zero on every graded cell), and prints
each graded cell with its message, so an author sees what a learner would.
"""

from __future__ import annotations

import os
import shutil
import tempfile
import time
from pathlib import Path

from autograder import course, feedback, sandbox
from autograder.nbutil import MARKERS, graded_cells, read
from autograder.worker import outcomes


def _cell_messages(nb) -> dict[str, str]:
    """grade_id -> the learner's message (an error, else the note about warnings)."""
    out = {}
    for gid, o in outcomes(nb).items():
        msg = feedback.error_message(o["ename"], o["evalue"]) if o["ename"] else ""
        out[gid] = msg or (feedback.stderr_message(o["stderr"]) if o["stderr"].strip() else "")
    return {k: v for k, v in out.items() if v}


def selfcheck(path: Path) -> tuple[bool, str]:
    path = Path(path).resolve()
    aid, name = path.parent.name, path.stem
    lines, ok = [], True
    with tempfile.TemporaryDirectory(prefix="lossopt-selfcheck-") as tmp:
        root = Path(tmp)
        cfg = course.scratch_course(root)
        # the same path as grading: in the sandbox when one can run here
        (root / "k").mkdir()
        safe = sandbox.available()[0]
        sandbox.configure(cfg, root / "k", [str(root)], sandbox.Limits(), safe, 200000 + os.getpid() if safe and os.geteuid() == 0 else 0,
                          source_root=root / cfg.CourseDirectory.source_directory, flags_dir=root / "flags")
        if not safe:
            lines.append("(bubblewrap 샌드박스를 쓸 수 없어 샌드박스 없이 실행합니다)")
        cfg.CourseDirectory.notebook_id = name
        course.generate_assignment(cfg, aid)
        released = root / "release" / aid / f"{name}.ipynb"
        text = released.read_text(encoding="utf-8")
        leaks = [m for m in MARKERS if m in text]
        if leaks:
            ok = False
            lines.append(f"release still holds markers: {leaks}")
        cells = graded_cells(read(released))
        for student, source in [("solved", path), ("untouched", released)]:
            dest = root / "submitted" / student / aid
            dest.mkdir(parents=True)
            shutil.copy(source, dest / f"{name}.ipynb")
            start = time.perf_counter()
            course.autograde(cfg, aid, student)
            seconds = time.perf_counter() - start
            scores = course.scores(cfg, aid, student)[name]
            msgs = _cell_messages(read(root / "autograded" / student / aid / f"{name}.ipynb"))
            lines.append(f"== {student} ({seconds:.1f} s)")
            for cell in cells:
                gid, s = cell["grade_id"], scores[cell["grade_id"]]
                if student == "solved":
                    good = s["needs_manual_grade"] if cell["kind"] == "manual" else s["score"] == s["max_score"]
                else:
                    good = s["score"] == 0 and not s["needs_manual_grade"]
                ok &= good
                status = "manual" if s["needs_manual_grade"] else f"{s['score']:g}/{s['max_score']:g}"
                lines.append(f"  {'ok ' if good else 'BAD'} {gid:<28} {status:<8} {msgs.get(gid, '').splitlines()[0] if msgs.get(gid) else ''}")
    total = sum(c["points"] for c in cells)
    lines.append(f"{len(cells)} graded cells, {total:g} points; {'OK' if ok else 'PROBLEMS ABOVE'}")
    return ok, "\n".join(lines)
