"""JupyterLab for learners (``make lab``) and for instructors (``make formgrade``).

Each role has a project-local Jupyter configuration folder, ``jupyter/<role>/``, passed as
``JUPYTER_CONFIG_DIR`` to this one server only, so the user's own configuration is neither
read for nbgrader's extensions nor changed:

- ``learner``: the notebooks of ``notebooks/``, nbgrader's Validate button, widgets and
  jupytext; none of nbgrader's instructor tools (formgrader, create assignment, course and
  assignment lists) on the server or in the page.
- ``instructor``: the repository root (the nbgrader course of ``nbgrader_config.py``), with
  formgrader and the create-assignment panel.

Both serve NanumGothic (SIL OFL, from the koreanize-matplotlib wheel that the figures use) as a
web font through ``custom.css``, so Hangul renders on a machine without Korean fonts.
"""

from __future__ import annotations

import os
import shutil
import sys
from pathlib import Path

from autograder.fonts import write_web_font
from autograder.nbutil import REPO

ROLES = {"learner": "notebooks", "instructor": "."}


def config_dir(role: str, repo: Path = REPO) -> Path:
    """The role's configuration folder, with the web font copied in (once)."""
    folder = repo / "jupyter" / role
    write_web_font(folder / "custom")
    shutil.copy2(repo / "jupyter" / "custom.css", folder / "custom" / "custom.css")  # one stylesheet for both roles
    return folder


def command(role: str, *extra: str, root: Path | None = None, repo: Path = REPO) -> tuple[list[str], dict[str, str]]:
    """The ``jupyter lab`` command line and environment for a role (``root``: another folder to open)."""
    if role not in ROLES:
        raise ValueError(f"알 수 없는 역할입니다: {role} (learner 또는 instructor)")
    env = {**os.environ, "JUPYTER_CONFIG_DIR": str(config_dir(role, repo))}
    argv = [str(Path(sys.executable).parent / "jupyter"), "lab", f"--ServerApp.root_dir={Path(root or repo / ROLES[role]).resolve()}"]
    if hasattr(os, "getuid") and os.getuid() == 0:  # containers and CI machines run as root
        argv.append("--allow-root")
    return argv + list(extra), env


def grades_root(grades: Path) -> Path:
    """A grading output folder made ready as the instructor's course (config and gradebook).

    ``python -m autograder grade`` makes every output folder an nbgrader course: its
    ``gradebook.db`` holds the autograded scores and ``autograded/`` the executed notebooks, so
    formgrader opened on it shows every autograded submission for manual grading; the manual
    scores show up in ``grades.csv`` and the class report on the next ``grade`` or ``totals``.
    """
    from autograder.grade import latest

    grades = Path(grades).resolve()
    if not (grades / "results.jsonl").exists():
        raise FileNotFoundError(f"채점 결과 폴더가 아닙니다 (results.jsonl 없음): {grades}")
    from autograder import course

    course.grades_course(grades, sorted({r["assignment"] for r in latest(grades)}))
    return grades


def run(role: str, *extra: str, grades: Path | None = None) -> int:
    """Start the role's server; the instructor's on a grading output folder if ``grades`` is given."""
    root = grades_root(grades) if grades is not None and role == "instructor" else None
    argv, env = command(role, *extra, root=root)
    os.chdir(root or REPO)  # formgrader reads nbgrader_config.py from the working folder
    os.execve(argv[0], argv, env)
    return 0  # not reached
