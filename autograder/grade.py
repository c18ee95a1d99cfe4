"""Autograde a class: every ``<submissions>/<student>/<assignment>/<name>.ipynb``.

Submissions are copied, never changed. Each worker process grades its share of students in
a scratch course of its own (its own gradebook), so grading runs in parallel; the parent
writes ``grades.csv`` (one row per student and assignment), ``grades_by_cell.csv`` (one row
per graded cell), ``feedback/<student>/<assignment>.html`` and the autograded notebooks.
A broken or missing notebook scores zero with a message saying why; the others are graded.
"""

from __future__ import annotations

import csv
import os
import re
import shutil
import tempfile
import traceback
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path

import nbformat

from autograder import course, feedback
from autograder.nbutil import SOLUTIONS, assignments, graded_cells, is_graded, nbgrader_meta, notebook_names, read

_ID = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_.@-]*$")


class GradeError(RuntimeError):
    """A problem with the submissions folder as a whole (message in Korean)."""


@dataclass
class Submission:
    student: str
    assignment: str
    folder: Path
    good: list[str] = field(default_factory=list)  # notebook names that parse
    problems: dict[str, str] = field(default_factory=dict)  # notebook name -> why it is not graded
    notes: list[str] = field(default_factory=list)  # warnings that do not stop grading


def discover(submissions: Path, known: list[str] | None = None) -> tuple[list[Submission], list[str]]:
    """Find submissions; report what cannot be graded instead of failing on it."""
    if not submissions.exists():
        raise GradeError(f"제출 폴더가 없습니다: {submissions}")
    if not submissions.is_dir():
        raise GradeError(f"제출 폴더가 아니라 파일입니다: {submissions}")
    known = known if known is not None else assignments()
    found, skipped = [], []
    for sdir in sorted(p for p in submissions.iterdir() if not p.name.startswith(".")):
        if not sdir.is_dir():
            skipped.append(f"{sdir.name}: 학생 폴더가 아닌 파일이라 건너뜁니다 (형식: <student>/<assignment>/<name>.ipynb).")
            continue
        if not _ID.match(sdir.name):
            skipped.append(f"{sdir.name}: 학생 ID에 쓸 수 없는 문자가 있어 건너뜁니다 (영문, 숫자, _ . @ -).")
            continue
        for adir in sorted(p for p in sdir.iterdir() if not p.name.startswith(".")):
            if not adir.is_dir():
                skipped.append(f"{sdir.name}/{adir.name}: 과제 폴더가 아닌 파일이라 건너뜁니다.")
                continue
            if adir.name not in known:
                skipped.append(f"{sdir.name}/{adir.name}: 알 수 없는 과제입니다 (과제: {', '.join(known)}).")
                continue
            sub = Submission(sdir.name, adir.name, adir)
            expected = notebook_names(adir.name)
            for name in expected:
                path = adir / f"{name}.ipynb"
                if not path.exists():
                    sub.problems[name] = "제출되지 않았습니다 (파일 없음): 0점으로 처리합니다."
                    continue
                try:
                    nb = nbformat.read(str(path), as_version=4)
                    nbformat.validate(nb)
                except Exception as exc:  # any unreadable file is reported, never fatal
                    first = str(exc).strip().splitlines()[0][:200] if str(exc).strip() else type(exc).__name__
                    sub.problems[name] = f"노트북 파일을 읽을 수 없습니다 ({first}): 0점으로 처리합니다."
                    continue
                sub.good.append(name)
            for extra in sorted(adir.glob("*.ipynb")):
                if extra.stem not in expected:
                    sub.notes.append(f"{extra.name}: 이 과제의 노트북이 아니라서 채점하지 않았습니다.")
            found.append(sub)
    return found, skipped


def _cell_messages(nb) -> dict[str, str]:
    """For each graded cell, the learner-facing message of its error (if it raised)."""
    out = {}
    for cell in nb.cells:
        if cell.cell_type != "code" or not is_graded(cell):
            continue
        outputs = cell.get("outputs", [])
        errors = [o for o in outputs if o.get("output_type") == "error"]
        stderr = "".join(o.get("text", "") for o in outputs if o.get("output_type") == "stream" and o.get("name") == "stderr")
        if errors:
            out[nbgrader_meta(cell)["grade_id"]] = feedback.error_message(errors[0].get("ename", ""), errors[0].get("evalue", ""))
        elif stderr:  # nbgrader fails a test cell that writes to stderr, e.g. a RuntimeWarning
            out[nbgrader_meta(cell)["grade_id"]] = feedback.stderr_message(stderr)
    return out


def _grade_share(job: tuple[list[Submission], str]) -> list[dict]:
    """Worker: grade a share of the submissions in a scratch course of its own."""
    import warnings

    warnings.filterwarnings("ignore", module="sqlalchemy")
    warnings.filterwarnings("ignore", message=".*not in session.*")
    subs, out_dir = job
    results = []
    with tempfile.TemporaryDirectory(prefix="lossopt-grade-") as tmp:
        root = Path(tmp)
        cfg = course.scratch_course(root)
        for aid in sorted({s.assignment for s in subs}):
            course.generate_assignment(cfg, aid)
        for sub in subs:
            result = {"student": sub.student, "assignment": sub.assignment, "problems": dict(sub.problems),
                      "notes": list(sub.notes), "scores": {}, "messages": {}, "error": None}
            try:
                dest = root / "submitted" / sub.student / sub.assignment
                shutil.copytree(sub.folder, dest, ignore=shutil.ignore_patterns(".*", "*.md", "*.py"))
                for name in sub.problems:  # an unreadable notebook must not reach nbgrader
                    bad = dest / f"{name}.ipynb"
                    if bad.exists():
                        bad.unlink()
                if sub.good:
                    course.autograde(cfg, sub.assignment, sub.student)
                    result["scores"] = course.scores(cfg, sub.assignment, sub.student)
                    graded = root / "autograded" / sub.student / sub.assignment
                    keep = Path(out_dir) / "autograded" / sub.student / sub.assignment
                    if keep.exists():
                        shutil.rmtree(keep)
                    keep.parent.mkdir(parents=True, exist_ok=True)
                    shutil.copytree(graded, keep)
                    for name in sub.good:
                        graded_nb = read(graded / f"{name}.ipynb")
                        result["messages"][name] = _cell_messages(graded_nb)
                        result.setdefault("present", {})[name] = [
                            nbgrader_meta(c)["grade_id"] for c in graded_nb.cells if is_graded(c)
                        ]
            except Exception as exc:
                result["error"] = f"{type(exc).__name__}: {exc}"
                result["traceback"] = traceback.format_exc()
            results.append(result)
    return results


def _rows(result: dict) -> list[dict]:
    """One row per graded cell, zero for missing or broken notebooks."""
    rows = []
    for name in notebook_names(result["assignment"]):
        # graded cells and their one-line docstrings (which come before any hidden test)
        release_nb = read(SOLUTIONS / result["assignment"] / f"{name}.ipynb")
        descriptions = feedback.descriptions(release_nb)
        got = result["scores"].get(name, {})
        msgs = result["messages"].get(name, {})
        for cell in graded_cells(release_nb):
            gid, score = cell["grade_id"], got.get(cell["grade_id"])
            row = {"student": result["student"], "assignment": result["assignment"], "notebook": name,
                   "grade_id": gid, "description": descriptions.get(gid, ""), "kind": cell["kind"],
                   "points": 0.0, "max_points": cell["points"], "status": "", "message": ""}
            if name in result["problems"]:
                row.update(status="missing", message=result["problems"][name])
            elif result["error"] or score is None:
                row.update(status="error", message="채점 중 오류가 나서 0점으로 처리했습니다. 강사에게 알려 주세요.")
            elif cell["kind"] == "auto" and gid not in result.get("present", {}).get(name, [gid]):
                row.update(status="failed", message="이 테스트 셀이 제출본에서 지워졌습니다: 학생용 노트북을 새로 받아 답을 옮겨 적으세요. 강사가 확인하기 전까지 0점입니다.")
            elif score["needs_manual_grade"]:
                row.update(status="manual", message="수동 채점을 기다리고 있습니다.")
            else:
                row["points"] = score["score"]
                passed = score["score"] >= score["max_score"]
                row["status"] = "passed" if passed else "failed"
                if not passed:
                    # nbgrader gives an unchanged answer cell zero without asking for a manual grade
                    unanswered = "답안을 쓰지 않았습니다: 답안 셀이 처음 그대로라 0점입니다."
                    row["message"] = unanswered if cell["kind"] == "manual" else msgs.get(gid, "테스트를 통과하지 못했습니다.")
            rows.append(row)
    return rows


def grade(submissions: Path, out_dir: Path, workers: int | None = None) -> dict:
    """Grade every submission; return a summary (also written to ``out_dir``)."""
    submissions, out_dir = Path(submissions).resolve(), Path(out_dir).resolve()
    if out_dir == submissions or submissions in out_dir.parents:
        raise GradeError("결과 폴더를 제출 폴더 안에 둘 수 없습니다: 제출물을 덮어쓸 수 있습니다.")
    subs, skipped = discover(submissions)
    out_dir.mkdir(parents=True, exist_ok=True)
    if not subs:
        raise GradeError(f"채점할 제출물이 없습니다: {submissions} (형식: <student>/<assignment>/<name>.ipynb)")
    students = sorted({s.student for s in subs})
    workers = max(1, min(workers or os.cpu_count() or 1, len(students)))
    shares: list[list[Submission]] = [[] for _ in range(workers)]
    for i, student in enumerate(students):
        shares[i % workers].extend(s for s in subs if s.student == student)
    jobs = [(share, str(out_dir)) for share in shares if share]
    if workers == 1:
        results = [r for job in jobs for r in _grade_share(job)]
    else:
        with ProcessPoolExecutor(max_workers=workers) as pool:
            results = [r for part in pool.map(_grade_share, jobs) for r in part]
    results.sort(key=lambda r: (r["student"], r["assignment"]))

    all_rows, summary = [], []
    for result in results:
        rows = _rows(result)
        all_rows.extend(rows)
        total = sum(r["points"] for r in rows)
        maximum = sum(r["max_points"] for r in rows)
        manual = sum(r["max_points"] for r in rows if r["status"] == "manual")
        summary.append({"student": result["student"], "assignment": result["assignment"],
                        "score": total, "max_score": maximum, "pending_manual_points": manual,
                        "problems": " | ".join([*result["problems"].values(), *result["notes"],
                                                *([result["error"]] if result["error"] else [])])})
        page = feedback.render(result["student"], result["assignment"], rows, result["notes"])
        path = out_dir / "feedback" / result["student"] / f"{result['assignment']}.html"
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(page, encoding="utf-8")
        if result.get("traceback"):
            log = out_dir / "logs" / f"{result['student']}__{result['assignment']}.log"
            log.parent.mkdir(parents=True, exist_ok=True)
            log.write_text(result["traceback"], encoding="utf-8")

    _write_csv(out_dir / "grades.csv", summary)
    _write_csv(out_dir / "grades_by_cell.csv", all_rows)
    (out_dir / "skipped.txt").write_text("\n".join(skipped) + ("\n" if skipped else ""), encoding="utf-8")
    return {"summary": summary, "rows": all_rows, "skipped": skipped, "out_dir": str(out_dir)}


def _write_csv(path: Path, rows: list[dict]) -> None:
    if not rows:
        path.write_text("", encoding="utf-8")
        return
    with path.open("w", newline="", encoding="utf-8") as fh:
        writer = csv.DictWriter(fh, fieldnames=list(rows[0]))
        writer.writeheader()
        writer.writerows(rows)
