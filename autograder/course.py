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


GRADES_CONFIG = '''\
# 이 결과 폴더는 nbgrader 과정입니다: 자동 채점 결과(gradebook.db, autograded/)를 formgrader가 보여 줍니다.
# python -m autograder grade 가 만들고, python -m autograder lab --instructor --grades <이 폴더> 로 엽니다.
# 수동 점수를 넣은 뒤 python -m autograder totals <이 폴더> 로 grades.csv와 보고서를 다시 씁니다.
c = get_config()  # noqa: F821
load_subconfig({repo_config!r})  # noqa: F821
c.CourseDirectory.root = {root!r}
c.CourseDirectory.release_directory = "release"
c.CourseDirectory.feedback_directory = "nbgrader_feedback"  # feedback/ holds the grader's pages (no hidden tests)
c.CourseDirectory.db_url = {db_url!r}
'''


def grades_course(out_dir: Path, assignments: list[str], repo: Path = REPO):
    """Make an output folder an nbgrader course (config, solutions link, gradebook with these
    assignments) whose ``autograded/`` is the grader's, so formgrader can grade it by hand."""
    out_dir = Path(out_dir).resolve()
    cfg = scratch_course(out_dir, repo)
    cfg.CourseDirectory.feedback_directory = "nbgrader_feedback"
    text = GRADES_CONFIG.format(repo_config=str(repo / "nbgrader_config.py"), root=str(out_dir),
                                db_url=cfg.CourseDirectory.db_url)
    path = out_dir / "nbgrader_config.py"
    if not path.exists() or path.read_text(encoding="utf-8") != text:
        path.write_text(text, encoding="utf-8")
    from nbgrader.api import Gradebook, MissingEntry

    with Gradebook(cfg.CourseDirectory.db_url, cfg.CourseDirectory.course_id) as gb:
        known = set()
        for aid in assignments:
            try:
                gb.find_assignment(aid)
                known.add(aid)
            except MissingEntry:
                pass
    for aid in assignments:
        if aid not in known:  # an assignment's cells are recorded once (as nbgrader generate_assignment does)
            generate_assignment(cfg, aid)
    return cfg


def import_rows(cfg, assignment: str, student: str, rows: list[dict]) -> None:
    """Put one graded submission's autograded scores (the grader's, per graded cell) into the
    course gradebook, keeping any manual score an instructor already gave (then marked for review)."""
    from nbgrader.api import Gradebook, MissingEntry

    with Gradebook(cfg.CourseDirectory.db_url, cfg.CourseDirectory.course_id) as gb:
        gb.update_or_create_student(student)
        gb.update_or_create_submission(assignment, student)
        for row in rows:
            try:
                grade = gb.find_grade(row["grade_id"], row["notebook"], assignment, student)
            except MissingEntry:
                continue
            waiting = row["status"] == "manual"
            grade.auto_score = None if waiting else float(row["points"])
            grade.needs_manual_grade = waiting or grade.manual_score is not None
        gb.db.commit()


def manual_grades(out_dir: Path) -> dict[tuple[str, str, str, str], tuple[float, str]]:
    """What instructors entered in formgrader: (student, assignment, notebook, grade_id) -> (score, comment)."""
    db = Path(out_dir) / "gradebook.db"
    if not db.exists():
        return {}
    from nbgrader.api import Comment, Grade, Gradebook

    out = {}
    with Gradebook(f"sqlite:///{db}") as gb:
        comments = {}
        for c in gb.db.query(Comment).filter(Comment.manual_comment != None):  # noqa: E711
            nb = c.notebook
            comments[(nb.student.id, nb.assignment.name, nb.name, c.name)] = c.manual_comment.strip()
        for g in gb.db.query(Grade).filter(Grade.manual_score != None):  # noqa: E711
            nb = g.notebook
            key = (nb.student.id, nb.assignment.name, nb.name, g.name)
            out[key] = (float(g.manual_score) + float(g.extra_credit or 0), comments.get(key, ""))
    return out
