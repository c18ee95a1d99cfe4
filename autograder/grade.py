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
from lossopt import messages
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
    cell_notes: dict[str, dict[str, str]] = field(default_factory=dict)  # notebook -> grade_id -> resolution note


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
            resolved = result.get("cell_notes", {}).get(name, {}).get(gid)
            if resolved:
                row["message"] = f"{row['message']}\n{resolved}".strip()
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


try:  # looked up once here: between fork and exec only the call itself runs
    import ctypes

    _PRCTL = ctypes.CDLL(None, use_errno=True).prctl
except (OSError, AttributeError):  # not Linux: the parent's own cleanup still applies
    _PRCTL = None


def _die_with_parent() -> None:
    """In the worker, before it runs: killed when the grading process dies (even by SIGKILL)."""
    if _PRCTL is not None:
        _PRCTL(1, 9)  # PR_SET_PDEATHSIG, SIGKILL


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
            "notes": list(sub.notes), "cell_notes": sub.cell_notes, "scores": {}, "outcomes": {}, "error": None, "log": ""}
    if not sub.good:
        return base
    budget = opts["limits"]["wall_seconds"] * len(sub.good) + 300
    with (jdir / "worker.log").open("wb") as log:
        if launch is not None:  # the Dask worker's: forked from a process that has the grader imported
            proc = launch(jdir / "job.json", jdir, log)
        else:
            proc = subprocess.Popen([sys.executable, "-m", "autograder.worker", str(jdir / "job.json")],
                                    stdout=log, stderr=subprocess.STDOUT, start_new_session=True, cwd=str(jdir),
                                    preexec_fn=_die_with_parent)
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
    base.update({k: result[k] for k in ("scores", "outcomes", "present", "flags", "timings") if k in result})
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


def resolve(sub: Submission, release: Path) -> None:
    """Duplicated, unknown and edited graded cells resolved before nbgrader sees them (notes kept)."""
    from autograder.nbutil import resolve_cells

    for name in list(sub.good):
        try:
            nb = nbformat.reads(sub.data[name].decode("utf-8"), as_version=4)
            notes = resolve_cells(nb, read(release / f"{name}.ipynb"))
        except Exception as exc:  # noqa: BLE001  never fatal: nbgrader then judges the notebook as it is
            sub.notes.append(f"{name}: 채점 셀을 확인하지 못했습니다 ({type(exc).__name__}); 제출본 그대로 채점했습니다.")
            continue
        if not notes:
            continue
        sub.data[name] = nbformat.writes(nb).encode("utf-8")
        for gid, note in notes:
            sub.notes.append(f"{name}: {note}")
            if gid:
                cell = sub.cell_notes.setdefault(name, {})
                cell[gid] = f"{cell[gid]}\n{note}" if gid in cell else note


def _grade_locked(subs, skipped, submissions, out_dir, workers, unsafe, limits, progress=None, scheduler=None) -> dict:
    import warnings

    warnings.filterwarnings("ignore", module="sqlalchemy")
    warnings.filterwarnings("ignore", message=".*not in session.*")
    workers = max(1, min(workers or os.cpu_count() or 1, len(subs)))
    run_id = datetime.datetime.now().strftime("%Y%m%dT%H%M%S") + "-" + uuid.uuid4().hex[:6]
    _remove_stale_scratch()
    scratch = Path(tempfile.mkdtemp(prefix="lossopt-grade-"))
    (scratch / "owner").write_text(_process_id(os.getpid()), encoding="utf-8")
    aids = sorted({s.assignment for s in subs})
    records = []
    try:
        template = scratch / "template"
        cfg = course.scratch_course(template)
        for aid in aids:
            course.generate_assignment(cfg, aid)
        for sub in subs:
            resolve(sub, template / "release" / sub.assignment)
        out_cfg = _gradebook_course(out_dir, aids)
        opts = {"sandbox": not unsafe, "limits": limits.to_json(),
                "hide": [str(submissions), str(out_dir), str(scratch)]}
        redactors = {aid: feedback.Redactor(hidden_sources(aid), public_text(template / "release" / aid)) for aid in aids}
        report = progress or (lambda total, **done: None)
        report(len(subs))
        rendered = 0.0

        def publish(result: dict) -> None:
            """Published as soon as it is done: a crash of this process later keeps it."""
            nonlocal rendered
            rec = _publish(result, out_dir, run_id, redactors[result["assignment"]], limits.to_json())
            _append(out_dir, rec)
            _to_gradebook(out_cfg, rec, out_dir)
            records.append(rec)
            if time.monotonic() - rendered > 15:  # the CSVs follow the store, cheaply (0.4 s for 600 results)
                _render(out_dir, report_page=False)
                rendered = time.monotonic()

        from autograder import distributed  # Dask: a local cluster, or the one at ``scheduler``

        distributed.grade_all(subs, scratch, template, opts, workers, scheduler, report, on_result=publish)
    finally:
        shutil.rmtree(scratch, ignore_errors=True)
    _render(out_dir)
    (out_dir / "skipped.txt").write_text("\n".join(skipped) + ("\n" if skipped else ""), encoding="utf-8")
    records.sort(key=lambda r: (r["student"], r["assignment"]))
    return {"summary": [r["summary"] for r in records], "rows": [row for r in records for row in r["rows"]],
            "skipped": skipped, "out_dir": str(out_dir), "run": run_id}


def _process_id(pid: int) -> str:
    """A process id that a later process cannot reuse: pid and start time."""
    try:
        start = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[19]
    except (OSError, IndexError):
        return ""
    return f"{pid} {start}"


def _remove_stale_scratch() -> None:
    """Scratch folders (holding every test's source) of grading runs that were killed outright."""
    for path in Path(tempfile.gettempdir()).glob("lossopt-grade-*"):
        try:
            owner = (path / "owner").read_text(encoding="utf-8").strip()
        except OSError:
            continue
        if owner and _process_id(int(owner.split()[0])) != owner:
            shutil.rmtree(path, ignore_errors=True)


def _append(out_dir: Path, rec: dict) -> None:
    """One finished result onto results.jsonl, on disk before the next one starts."""
    with (out_dir / "results.jsonl").open("a", encoding="utf-8") as fh:
        fh.write(json.dumps(rec, ensure_ascii=False) + "\n")
        fh.flush()
        os.fsync(fh.fileno())


def _gradebook_course(out_dir: Path, aids: list[str]):
    """The output folder as an nbgrader course for formgrader; None if it cannot be made (logged)."""
    try:
        return course.grades_course(out_dir, aids)
    except Exception as exc:  # noqa: BLE001  the gradebook is a view for manual grading: it never costs a grade
        _log(out_dir, "gradebook.log", f"the formgrader gradebook could not be prepared: {type(exc).__name__}: {exc}")
        return None


def _to_gradebook(out_cfg, rec: dict, out_dir: Path) -> None:
    if out_cfg is None:
        return
    try:
        course.import_rows(out_cfg, rec["assignment"], rec["student"], rec["rows"])
    except Exception as exc:  # noqa: BLE001
        _log(out_dir, "gradebook.log", f"{rec['student']}/{rec['assignment']} not imported: {type(exc).__name__}: {exc}")


def _log(out_dir: Path, name: str, text: str) -> None:
    log = out_dir / "logs" / name
    log.parent.mkdir(parents=True, exist_ok=True)
    with log.open("a", encoding="utf-8") as fh:
        fh.write(f"{datetime.datetime.now().isoformat(timespec='seconds')} {text}\n")


def _publish(result: dict, out_dir: Path, run_id: str, redactor: feedback.Redactor, limits: dict) -> dict:
    """Feedback page, autograded notebooks and instructor log of one result; its store record."""
    student, aid = result["student"], result["assignment"]
    rows = _rows(result, _messages(result, redactor, limits))
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
    log_text = result.get("log", "")
    if result.get("notes"):
        log_text = "--- notes ---\n" + "\n".join(result["notes"]) + "\n" + log_text
    if log_text:
        log = out_dir / "logs" / f"{student}__{aid}.log"
        log.parent.mkdir(parents=True, exist_ok=True)
        log.write_text(log_text, encoding="utf-8", errors="replace")
    rec = {"run": run_id, "time": datetime.datetime.now().isoformat(timespec="seconds"),
           "student": student, "assignment": aid, "error": bool(result["error"]),
           "problems": list(result["problems"].values()), "notes": list(result["notes"]), "rows": rows,
           "review": review_reasons(result.get("flags") or {})}
    rec["summary"] = _summary(rec)
    _feedback_page(rec, out_dir)
    return rec


def _summary(rec: dict) -> dict:
    rows = rec["rows"]
    problems = [*rec.get("problems", []), *rec.get("notes", [])]
    if rec.get("error"):
        problems.append(f"채점 오류: 강사용 기록 logs/{rec['student']}__{rec['assignment']}.log 을 보세요.")
    return {"student": rec["student"], "assignment": rec["assignment"], "score": sum(r["points"] for r in rows),
            "max_score": sum(r["max_points"] for r in rows),
            "pending_manual_points": sum(r["max_points"] for r in rows if r["status"] == "manual"),
            "problems": " | ".join(problems),
            "review": (messages.text("flag_review") + ": " + " | ".join(rec["review"])) if rec.get("review") else ""}


def review_reasons(flags: dict) -> list[str]:
    """The instructor's reasons to look at a submission: per notebook, what its kernel did that a
    solution never does (reported by lossopt._kernel's audit hook and the trusted tests)."""
    out = []
    for name, items in sorted(flags.items()):
        if not isinstance(items, list):
            continue
        for item in items[:20]:
            if not isinstance(item, dict):
                continue
            kind = str(item.get("kind", "other"))
            key = f"flag_{kind}" if f"flag_{kind}" in messages.MESSAGES["ko"] else "flag_other"
            out.append(f"{name}: " + messages.text(key, detail=str(item.get("detail", ""))[:200]))
    return out[:50]


def _feedback_page(rec: dict, out_dir: Path) -> None:
    page = feedback.render(rec["student"], rec["assignment"], rec["rows"], rec.get("notes", []))
    path = out_dir / "feedback" / rec["student"] / f"{rec['assignment']}.html"
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(path.name + ".part")
    tmp.write_text(page, encoding="utf-8")
    tmp.replace(path)


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


def latest(out_dir: Path) -> list[dict]:
    """The latest result of every student and assignment, sorted."""
    last = {}
    for rec in load_results(out_dir):
        last[(rec["student"], rec["assignment"])] = rec
    return [last[k] for k in sorted(last)]


def with_manual_grades(recs: list[dict], manual: dict) -> list[dict]:
    """The records with the grades an instructor entered in formgrader applied (copies; the store is unchanged).

    ``manual``: (student, assignment, notebook, grade_id) -> (score, comment), from :func:`course.manual_grades`.
    A manual score replaces the autograded one (the instructor's word is final) and settles a
    written answer that waited for a person; the instructor's comment is shown to the learner.
    """
    out = []
    for rec in recs:
        rows, changed = [], False
        for row in rec["rows"]:
            got = manual.get((rec["student"], rec["assignment"], row["notebook"], row["grade_id"]))
            if got is None or row["status"] in ("missing", "error"):
                rows.append(row)
                continue
            score, comment = got
            row = dict(row, points=float(score))
            if row["kind"] == "manual" or row["status"] == "manual":
                row["status"] = "graded"
                row["message"] = "강사가 채점했습니다."
            else:
                row["status"] = "passed" if row["points"] >= row["max_points"] else "failed"
                row["message"] = f"{row['message']}\n강사가 점수를 {row['points']:g}점으로 고쳤습니다.".strip()
            if comment:
                row["message"] = f"{row['message']}\n강사 의견: {comment}"
            rows.append(row)
            changed = True
        if changed:
            rec = dict(rec, rows=rows, manual=True)
            if "problems" in rec:
                rec["summary"] = _summary(rec)
            else:  # a record of an older grader: only the totals change
                rec["summary"] = dict(rec["summary"], score=sum(r["points"] for r in rows),
                                      pending_manual_points=sum(r["max_points"] for r in rows if r["status"] == "manual"))
        out.append(rec)
    return out


def _render(out_dir: Path, report_page: bool = True) -> list[dict]:
    """grades.csv and grades_by_cell.csv (and the class report) from the latest result of every
    student and assignment, with the manual grades of the output folder's gradebook applied."""
    recs = latest(out_dir)
    try:
        manual = course.manual_grades(out_dir)
    except Exception as exc:  # noqa: BLE001  an unreadable gradebook costs the manual grades, said in the log
        _log(out_dir, "gradebook.log", f"manual grades not read: {type(exc).__name__}: {exc}")
        manual = {}
    recs = with_manual_grades(recs, manual)
    _write_csv(out_dir / "grades.csv", [r["summary"] for r in recs])
    _write_csv(out_dir / "grades_by_cell.csv", [row for r in recs for row in r["rows"]])
    if not report_page:
        return recs
    for rec in recs:
        if rec.get("manual"):
            _feedback_page(rec, out_dir)
    try:  # the class report is a view of the same results: it never costs a grade
        from autograder import report

        report.write(recs, out_dir)
    except Exception as exc:  # noqa: BLE001
        log = out_dir / "logs" / "class_report.log"
        log.parent.mkdir(parents=True, exist_ok=True)
        log.write_text(f"class_report.html could not be written: {type(exc).__name__}: {exc}\n", encoding="utf-8")
    return recs


def totals(out_dir: Path) -> list[dict]:
    """Re-render grades.csv, grades_by_cell.csv, the class report and feedback pages from the
    stored results and the manual grades entered in formgrader since (``python -m autograder totals``)."""
    out_dir = Path(out_dir).resolve()
    if not (out_dir / "results.jsonl").exists():
        raise GradeError(f"채점 결과가 없습니다: {out_dir / 'results.jsonl'}")
    with _Lock(out_dir):
        return _render(out_dir)


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
