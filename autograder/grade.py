"""Autograde a class: every ``<submissions>/<student>/<assignment>/<name>.ipynb``.

Submissions are read (regular files only, size capped) and copied, never changed. Each
submission is graded by a child process of its own (:mod:`autograder.worker`) in a scratch
course copied from a template made once per run, its kernels inside the bubblewrap sandbox
(:mod:`autograder.sandbox`); the parent supervises the children, so a killed or hung one costs
that submission only. The parent alone writes the output folder, under a lock: every result is
appended to ``results.jsonl`` (the history), and ``grades.csv`` (one row per student and
assignment), ``grades_by_cell.csv`` (one row per graded cell) are rendered from the latest result
of each student and assignment, so runs add up. Learners see ``feedback/<student>/<assignment>.html``,
built from the checkers' messages and fixed hints only; instructors find logs under ``logs/``.
"""

from __future__ import annotations

import csv
import datetime
import fcntl
import json
import os
import re
import shutil
import stat
import subprocess
import sys
import tempfile
import time
import uuid
from dataclasses import dataclass, field
from pathlib import Path

import nbformat

from autograder import course, feedback, sandbox
from autograder.nbutil import BEGIN_HIDDEN, END_HIDDEN, SOLUTIONS, assignments, graded_cells, is_test, notebook_names, read

_ID = re.compile(r"[A-Za-z0-9][A-Za-z0-9_.@-]*")
MAX_NOTEBOOK_BYTES = 20 * 2**20


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
    data: dict[str, bytes] = field(default_factory=dict, repr=False)  # notebook name -> the bytes read


def _shown(name: str) -> str:
    """A file name as it can be printed and written (names that are not UTF-8 are escaped)."""
    return name.encode("utf-8", "surrogateescape").decode("utf-8", "backslashreplace")


def _entries(folder: Path, where: str, skipped: list[str]) -> list[os.DirEntry]:
    """The entries of ``folder`` worth looking at; every other one is reported in ``skipped``."""
    keep = []
    for entry in sorted(os.scandir(folder), key=lambda e: e.name):
        label = f"{where}{_shown(entry.name)}"
        try:
            entry.name.encode("utf-8")
        except UnicodeEncodeError:
            skipped.append(f"{label}: 이름이 UTF-8이 아니라서 건너뜁니다.")
            continue
        if entry.name.startswith("."):
            skipped.append(f"{label}: 숨은 항목(.으로 시작)이라 건너뜁니다.")
            continue
        if entry.is_symlink():
            skipped.append(f"{label}: 심볼릭 링크라서 건너뜁니다 (실제 폴더나 파일을 제출하세요).")
            continue
        keep.append(entry)
    return keep


def _read_notebook(path: Path) -> tuple[bytes | None, str | None]:
    """The bytes of a notebook file, or why it cannot be read: only a regular file, size capped."""
    try:
        fd = os.open(path, os.O_RDONLY | os.O_NOFOLLOW | os.O_NONBLOCK)
    except OSError as exc:
        return None, "열 수 없는 파일입니다 (심볼릭 링크이거나 권한이 없습니다)" if exc.errno else "열 수 없는 파일입니다"
    try:
        st = os.fstat(fd)
        if not stat.S_ISREG(st.st_mode):
            return None, "일반 파일이 아닙니다 (FIFO, 장치 파일 등)"
        if st.st_size > MAX_NOTEBOOK_BYTES:
            return None, f"파일이 너무 큽니다 ({st.st_size / 2**20:.0f} MB, 최대 {MAX_NOTEBOOK_BYTES // 2**20} MB)"
        data = os.read(fd, MAX_NOTEBOOK_BYTES + 1)
        return data[:MAX_NOTEBOOK_BYTES], None
    finally:
        os.close(fd)


def discover(submissions: Path, known: list[str] | None = None) -> tuple[list[Submission], list[str]]:
    """Find submissions; report what cannot be graded instead of failing on it."""
    if not submissions.exists():
        raise GradeError(f"제출 폴더가 없습니다: {submissions}")
    if not submissions.is_dir():
        raise GradeError(f"제출 폴더가 아니라 파일입니다: {submissions}")
    known = known if known is not None else assignments()
    found, skipped = [], []
    for sdir in _entries(submissions, "", skipped):
        if not sdir.is_dir(follow_symlinks=False):
            skipped.append(f"{sdir.name}: 학생 폴더가 아닌 파일이라 건너뜁니다 (형식: <student>/<assignment>/<name>.ipynb).")
            continue
        if not _ID.fullmatch(sdir.name):
            skipped.append(f"{sdir.name}: 학생 ID에 쓸 수 없는 문자가 있어 건너뜁니다 (영문, 숫자, _ . @ -).")
            continue
        for adir in _entries(Path(sdir.path), f"{sdir.name}/", skipped):
            if not adir.is_dir(follow_symlinks=False):
                skipped.append(f"{sdir.name}/{adir.name}: 과제 폴더가 아닌 파일이라 건너뜁니다.")
                continue
            if adir.name not in known:
                skipped.append(f"{sdir.name}/{adir.name}: 알 수 없는 과제입니다 (과제: {', '.join(known)}).")
                continue
            sub = Submission(sdir.name, adir.name, Path(adir.path))
            expected = notebook_names(adir.name)
            present = {e.name: e for e in _entries(Path(adir.path), f"{sdir.name}/{adir.name}/", skipped)}
            for name in expected:
                path = Path(adir.path) / f"{name}.ipynb"
                if not os.path.lexists(path):
                    sub.problems[name] = "제출되지 않았습니다 (파일 없음): 0점으로 처리합니다."
                    continue
                data, why = _read_notebook(path)
                if why:
                    sub.problems[name] = f"노트북 파일을 읽을 수 없습니다 ({why}): 0점으로 처리합니다."
                    continue
                try:
                    nb = nbformat.reads(data.decode("utf-8"), as_version=4)
                    nbformat.validate(nb)
                except Exception as exc:  # any unreadable file is reported, never fatal
                    sub.problems[name] = f"노트북 파일을 읽을 수 없습니다 ({type(exc).__name__}): 0점으로 처리합니다."
                    continue
                sub.good.append(name)
                sub.data[name] = data
            for extra in sorted(present):
                if extra.endswith(".ipynb") and extra[:-6] not in expected:
                    sub.notes.append(f"{extra}: 이 과제의 노트북이 아니라서 채점하지 않았습니다.")
            found.append(sub)
    return found, skipped


def hidden_sources(aid: str) -> list[str]:
    """The hidden-test regions of an assignment's test cells (what no message may carry)."""
    out = []
    for name in notebook_names(aid):
        for cell in read(SOLUTIONS / aid / f"{name}.ipynb").cells:
            if is_test(cell):
                inside, lines = False, []
                for line in cell.source.splitlines():
                    if BEGIN_HIDDEN in line:
                        inside = True
                    elif END_HIDDEN in line:
                        inside = False
                    elif inside:
                        lines.append(line)
                out.append("\n".join(lines))
    return out


def public_text(release: Path) -> str:
    """Everything the release gives a learner (every cell of every notebook)."""
    return "\n".join(cell.source for nb in sorted(Path(release).glob("*.ipynb")) for cell in read(nb).cells)


def _messages(result: dict, redactor: feedback.Redactor, limits: dict) -> dict:
    """Per notebook and graded cell: (message if it failed, note about warnings)."""
    out = {}
    for name, cells in result.get("outcomes", {}).items():
        for gid, o in cells.items():
            msg = feedback.error_message(o["ename"], o["evalue"], limits) if o["ename"] else ""
            note = feedback.stderr_message(o["stderr"]) if o["stderr"].strip() else ""
            out.setdefault(name, {})[gid] = (redactor.clean(msg), redactor.clean(note))
    return out


def _rows(result: dict, msgs: dict) -> list[dict]:
    """One row per graded cell, zero for missing or broken notebooks."""
    rows = []
    for name in notebook_names(result["assignment"]):
        # graded cells and their one-line docstrings (which come before any hidden test)
        release_nb = read(SOLUTIONS / result["assignment"] / f"{name}.ipynb")
        descriptions = feedback.descriptions(release_nb)
        got = result["scores"].get(name, {})
        cell_msgs = msgs.get(name, {})
        for cell in graded_cells(release_nb):
            gid, score = cell["grade_id"], got.get(cell["grade_id"])
            row = {"student": result["student"], "assignment": result["assignment"], "notebook": name,
                   "grade_id": gid, "description": descriptions.get(gid, ""), "kind": cell["kind"],
                   "points": 0.0, "max_points": cell["points"], "status": "", "message": ""}
            message, note = cell_msgs.get(gid, ("", ""))
            if name in result["problems"]:
                row.update(status="missing", message=result["problems"][name])
            elif result["error"] or score is None:
                row.update(status="error", message=messages_text("error_worker"))
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
                    row["message"] = unanswered if cell["kind"] == "manual" else (message or "테스트를 통과하지 못했습니다.")
                if note:
                    row["message"] = f"{row['message']}\n{note}".strip()
            rows.append(row)
    return rows


def messages_text(key: str, **fields) -> str:
    from lossopt import messages

    return messages.text(key, **fields)


class _Lock:
    """An exclusive lock on an output folder: a second run on it is refused, not interleaved."""

    def __init__(self, out_dir: Path):
        self.path = out_dir / ".grading.lock"

    def __enter__(self):
        self.fh = self.path.open("a+")
        try:
            fcntl.flock(self.fh, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            self.fh.close()
            raise GradeError(f"다른 채점이 같은 결과 폴더를 쓰고 있습니다: {self.path.parent} (그 채점이 끝난 뒤 다시 실행하세요).") from None
        return self

    def __exit__(self, *exc):
        fcntl.flock(self.fh, fcntl.LOCK_UN)
        self.fh.close()


def _grade_one(sub: Submission, scratch: Path, template: Path, index, opts: dict, launch=None) -> dict:
    """Grade one submission in a supervised child process; whatever happens to it, return a result."""
    jdir = scratch / f"j{index}"
    (jdir / "in").mkdir(parents=True)
    for name in sub.good:
        (jdir / "in" / f"{name}.ipynb").write_bytes(sub.data[name])
    job = {"dir": str(jdir), "template": str(template), "student": sub.student, "assignment": sub.assignment,
           "good": sub.good, "t0": time.time(), **opts}
    (jdir / "job.json").write_text(json.dumps(job), encoding="utf-8")
    base = {"student": sub.student, "assignment": sub.assignment, "problems": dict(sub.problems),
            "notes": list(sub.notes), "scores": {}, "outcomes": {}, "error": None, "log": ""}
    if not sub.good:
        return base
    budget = opts["limits"]["wall_seconds"] * len(sub.good) + 300
    with (jdir / "worker.log").open("wb") as log:
        if launch is not None:  # the Dask worker's: forked from a process that has the grader imported
            proc = launch(jdir / "job.json", jdir, log)
        else:
            proc = subprocess.Popen([sys.executable, "-m", "autograder.worker", str(jdir / "job.json")],
                                    stdout=log, stderr=subprocess.STDOUT, start_new_session=True, cwd=str(jdir))
        try:
            proc.wait(timeout=budget)
        except subprocess.TimeoutExpired:
            pass
        finally:
            try:  # the worker and anything it left behind in its session
                os.killpg(proc.pid, 9)
            except ProcessLookupError:
                pass
            proc.wait()
    worker_log = (jdir / "worker.log").read_bytes()[-200000:].decode("utf-8", "replace")
    try:
        result = json.loads((jdir / "result.json").read_text(encoding="utf-8"))
    except (OSError, ValueError):
        result = {"error": f"worker exit {proc.returncode}"}
    base.update({k: result[k] for k in ("scores", "outcomes", "present", "timings") if k in result})
    base["error"] = result.get("error")
    base["log"] = f"{result.get('log', '')}\n--- worker output ---\n{worker_log}"
    if result.get("autograded") and not base["error"]:
        base["autograded_dir"] = result["autograded"]
    return base


def grade(submissions: Path, out_dir: Path, workers: int | None = None, *, unsafe_no_sandbox: bool = False,
          limits: sandbox.Limits | None = None, progress=None, scheduler: str | None = None) -> dict:
    """Grade every submission; return a summary of this run (the output folder holds all runs).

    ``progress``, if given, is called as ``progress(total)`` once grading starts and as
    ``progress(total, student=…, assignment=…, status="graded" | "error" | "missing")`` after each
    submission (the command line draws a progress bar from it on a terminal).
    """
    submissions, out_dir = Path(submissions).resolve(), Path(out_dir).resolve()
    if out_dir == submissions or submissions in out_dir.parents:
        raise GradeError("결과 폴더를 제출 폴더 안에 둘 수 없습니다: 제출물을 덮어쓸 수 있습니다.")
    if not unsafe_no_sandbox:
        ok, why = sandbox.available()
        if not ok:
            raise GradeError(f"{why}. 샌드박스 없이는 제출물이 채점기, 정답(solutions/), 다른 학생의 파일을 읽고 고칠 수 있어 "
                             "채점하지 않습니다. 믿을 수 있는 제출물만이라면 --unsafe-no-sandbox 로 실행하세요.")
    subs, skipped = discover(submissions)
    if not subs:
        raise GradeError(f"채점할 제출물이 없습니다: {submissions} (형식: <student>/<assignment>/<name>.ipynb)")
    out_dir.mkdir(parents=True, exist_ok=True)
    limits = limits or sandbox.Limits()
    with _Lock(out_dir):
        return _grade_locked(subs, skipped, submissions, out_dir, workers, unsafe_no_sandbox, limits, progress, scheduler)


def _status(result: dict) -> str:
    if result.get("error"):
        return "error"
    return "graded" if result.get("scores") else "missing"


def _grade_locked(subs, skipped, submissions, out_dir, workers, unsafe, limits, progress=None, scheduler=None) -> dict:
    import warnings

    warnings.filterwarnings("ignore", module="sqlalchemy")
    warnings.filterwarnings("ignore", message=".*not in session.*")
    workers = max(1, min(workers or os.cpu_count() or 1, len(subs)))
    run_id = datetime.datetime.now().strftime("%Y%m%dT%H%M%S") + "-" + uuid.uuid4().hex[:6]
    scratch = Path(tempfile.mkdtemp(prefix="lossopt-grade-"))
    try:
        template = scratch / "template"
        cfg = course.scratch_course(template)
        for aid in sorted({s.assignment for s in subs}):
            course.generate_assignment(cfg, aid)
        opts = {"sandbox": not unsafe, "limits": limits.to_json(),
                "hide": [str(submissions), str(out_dir), str(scratch)]}
        report = progress or (lambda total, **done: None)
        report(len(subs))
        from autograder import distributed  # Dask: a local cluster, or the one at ``scheduler``

        results = distributed.grade_all(subs, scratch, template, opts, workers, scheduler, report)
        records = []
        redactors = {aid: feedback.Redactor(hidden_sources(aid), public_text(template / "release" / aid))
                     for aid in {r["assignment"] for r in results}}
        for result in sorted(results, key=lambda r: (r["student"], r["assignment"])):
            records.append(_publish(result, out_dir, run_id, redactors[result["assignment"]], limits.to_json()))
    finally:
        shutil.rmtree(scratch, ignore_errors=True)
    with (out_dir / "results.jsonl").open("a", encoding="utf-8") as fh:
        for rec in records:
            fh.write(json.dumps(rec, ensure_ascii=False) + "\n")
    _render(out_dir)
    (out_dir / "skipped.txt").write_text("\n".join(skipped) + ("\n" if skipped else ""), encoding="utf-8")
    return {"summary": [r["summary"] for r in records], "rows": [row for r in records for row in r["rows"]],
            "skipped": skipped, "out_dir": str(out_dir), "run": run_id}


def _publish(result: dict, out_dir: Path, run_id: str, redactor: feedback.Redactor, limits: dict) -> dict:
    """Feedback page, autograded notebooks and instructor log of one result; its store record."""
    student, aid = result["student"], result["assignment"]
    rows = _rows(result, _messages(result, redactor, limits))
    total = sum(r["points"] for r in rows)
    maximum = sum(r["max_points"] for r in rows)
    manual = sum(r["max_points"] for r in rows if r["status"] == "manual")
    problems = [*result["problems"].values(), *result["notes"]]
    if result["error"]:
        problems.append(f"채점 오류: 강사용 기록 logs/{student}__{aid}.log 을 보세요.")
    summary = {"student": student, "assignment": aid, "score": total, "max_score": maximum,
               "pending_manual_points": manual, "problems": " | ".join(problems)}
    page = feedback.render(student, aid, rows, result["notes"])
    path = out_dir / "feedback" / student / f"{aid}.html"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(page, encoding="utf-8")
    keep = out_dir / "autograded" / student / aid
    if result.get("autograded_dir"):
        if keep.exists():
            shutil.rmtree(keep)
        keep.parent.mkdir(parents=True, exist_ok=True)
        shutil.copytree(result["autograded_dir"], keep, symlinks=True)
    elif result.get("autograded_files") is not None:  # graded on a Dask worker: the files come as bytes
        if keep.exists():
            shutil.rmtree(keep)
        for rel, data in result["autograded_files"].items():
            dest = keep / rel
            if Path(rel).is_absolute() or ".." in Path(rel).parts:
                continue
            dest.parent.mkdir(parents=True, exist_ok=True)
            dest.write_bytes(data)
    if result.get("log"):
        log = out_dir / "logs" / f"{student}__{aid}.log"
        log.parent.mkdir(parents=True, exist_ok=True)
        log.write_text(result["log"], encoding="utf-8", errors="replace")
    return {"run": run_id, "time": datetime.datetime.now().isoformat(timespec="seconds"),
            "student": student, "assignment": aid, "summary": summary, "rows": rows}


def load_results(out_dir: Path) -> list[dict]:
    """Every stored result, oldest first (a damaged line is skipped, not fatal)."""
    path = Path(out_dir) / "results.jsonl"
    out = []
    if path.exists():
        for line in path.read_text(encoding="utf-8", errors="replace").splitlines():
            try:
                rec = json.loads(line)
                if isinstance(rec, dict) and "summary" in rec:
                    out.append(rec)
            except ValueError:
                continue
    return out


def _render(out_dir: Path) -> None:
    """grades.csv and grades_by_cell.csv from the latest result of every student and assignment."""
    latest = {}
    for rec in load_results(out_dir):
        latest[(rec["student"], rec["assignment"])] = rec
    recs = [latest[k] for k in sorted(latest)]
    _write_csv(out_dir / "grades.csv", [r["summary"] for r in recs])
    _write_csv(out_dir / "grades_by_cell.csv", [row for r in recs for row in r["rows"]])
    try:  # the class report is a view of the same results: it never costs a grade
        from autograder import report

        report.write(recs, out_dir)
    except Exception as exc:  # noqa: BLE001
        log = out_dir / "logs" / "class_report.log"
        log.parent.mkdir(parents=True, exist_ok=True)
        log.write_text(f"class_report.html could not be written: {type(exc).__name__}: {exc}\n", encoding="utf-8")


def _write_csv(path: Path, rows: list[dict]) -> None:
    tmp = path.with_name(path.name + ".part")
    if not rows:
        tmp.write_text("", encoding="utf-8")
    else:
        with tmp.open("w", newline="", encoding="utf-8") as fh:
            writer = csv.DictWriter(fh, fieldnames=list(rows[0]))
            writer.writeheader()
            writer.writerows({k: feedback.csv_safe(v) for k, v in row.items()} for row in rows)
    tmp.replace(path)
