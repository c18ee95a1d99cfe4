"""Run nbgrader in-process on a scratch course folder.

The repository root is the instructor's course (``nbgrader_config.py``). The tools here
load that same configuration but put nbgrader's working folders (release/, submitted/,
autograded/, gradebook.db) in a scratch folder whose ``solutions`` links to the repo's, so
that grading never touches the repository and several graders can run side by side.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

from autograder.nbutil import REPO

# nbgrader runs `alembic` by name when it creates a gradebook.
_BIN = str(Path(sys.executable).parent)
if _BIN not in os.environ.get("PATH", "").split(os.pathsep):
    os.environ["PATH"] = _BIN + os.pathsep + os.environ.get("PATH", "")
# Kernels started for grading inherit this: interactive explorers draw a static figure.
os.environ.setdefault("LOSSOPT_HEADLESS", "1")


class NbgraderError(RuntimeError):
    """An nbgrader step failed; the message carries its log."""


def config(root: Path, repo: Path = REPO):
    """The course configuration, with the working folders moved under ``root``."""
    from traitlets.config.loader import PyFileConfigLoader

    cfg = PyFileConfigLoader("nbgrader_config.py", path=str(repo)).load_config()
    cfg.CourseDirectory.root = str(root)
    cfg.CourseDirectory.release_directory = "release"
    cfg.CourseDirectory.db_url = f"sqlite:///{root / 'gradebook.db'}"
    return cfg


def scratch_course(root: Path, repo: Path = REPO):
    """Lay out a scratch course in ``root`` (linking the repo's solutions) and return its config."""
    root.mkdir(parents=True, exist_ok=True)
    cfg = config(root, repo)
    link = root / cfg.CourseDirectory.source_directory
    if not link.exists():
        link.symlink_to(repo / cfg.CourseDirectory.source_directory, target_is_directory=True)
    return cfg


def _run(app, what: str) -> str:
    from nbgrader.utils import capture_log

    result = capture_log(app)
    if not result.get("success"):
        raise NbgraderError(f"{what} failed:\n{result.get('log', '')}\n{result.get('error', '')}")
    return result.get("log", "")


def generate_assignment(cfg, assignment: str) -> str:
    """``nbgrader generate_assignment`` into ``<root>/release/<assignment>``."""
    from nbgrader.converters import GenerateAssignment
    from nbgrader.coursedir import CourseDirectory

    coursedir = CourseDirectory(config=cfg)
    coursedir.assignment_id = assignment
    app = GenerateAssignment(coursedir=coursedir, config=cfg)
    app.force = True
    app.create_assignment = True
    return _run(app, f"generate_assignment {assignment}")


def autograde(cfg, assignment: str, student: str) -> str:
    """``nbgrader autograde`` of ``<root>/submitted/<student>/<assignment>``."""
    from nbgrader.converters import Autograde
    from nbgrader.coursedir import CourseDirectory

    coursedir = CourseDirectory(config=cfg)
    coursedir.assignment_id = assignment
    coursedir.student_id = student
    app = Autograde(coursedir=coursedir, config=cfg)
    app.force = True
    app.create_student = True
    return _run(app, f"autograde {assignment} for {student}")


def scores(cfg, assignment: str, student: str) -> dict[str, dict[str, dict]]:
    """Gradebook scores: {notebook: {grade_id: {score, max_score, needs_manual_grade}}}."""
    from nbgrader.api import Gradebook

    out: dict[str, dict[str, dict]] = {}
    with Gradebook(cfg.CourseDirectory.db_url, cfg.CourseDirectory.course_id) as gb:
        submission = gb.find_submission(assignment, student)
        for nb in submission.notebooks:
            out[nb.name] = {
                g.name: {
                    "score": float(g.score),
                    "max_score": float(g.max_score),
                    "needs_manual_grade": bool(g.needs_manual_grade),
                }
                for g in nb.grades
            }
    return out
