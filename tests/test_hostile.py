"""A hostile class, graded through the real sandbox: every guarantee of the grader gets a case.

Only ``ch01_losses/01_regression_losses`` (the cheapest notebook) is submitted, so each student
costs one kernel; the other notebooks of the assignment are simply missing (zero, no kernel).
A hostile cell keeps the solution and adds its attack, so a test that passes proves the attack
did not work (e.g. ``mse_tests`` passes only if the kernel could not see ``solutions/``).
"""

from __future__ import annotations

import csv
import fcntl
import hashlib
import os
import socket
import subprocess
import sys
import time

import nbformat
import pytest
from conftest import REPO

from autograder import sandbox
from autograder.grade import GradeError, discover, grade, load_results
from autograder.nbutil import is_solution, nbgrader_meta, read

AID, NB = "ch01_losses", "01_regression_losses"
MARKER = "lossopt-hostile-detached-7f3a"

pytestmark = pytest.mark.skipif(not sandbox.available()[0], reason="bubblewrap sandbox unavailable: " + sandbox.available()[1])


def solution_sources():
    return {nbgrader_meta(c)["grade_id"]: c.source for c in read(REPO / "solutions" / AID / f"{NB}.ipynb").cells if is_solution(c)}


def notebook(extra: dict[str, str]) -> nbformat.NotebookNode:
    """The solved notebook with code appended to the named answer cells."""
    from autograder.nbutil import with_sources

    return with_sources(read(REPO / "solutions" / AID / f"{NB}.ipynb"), extra, append=True)


def put(subs, student, nb):
    folder = subs / student / AID
    folder.mkdir(parents=True, exist_ok=True)
    nbformat.write(nb, str(folder / f"{NB}.ipynb"))
    return folder / f"{NB}.ipynb"


def rows(result, student):
    return {r["grade_id"]: r for r in result["rows"] if r["student"] == student and r["notebook"] == NB}


def snapshot(*folders):
    return sorted((str(p), hashlib.sha256(p.read_bytes()).hexdigest()) for folder in folders
                  for p in folder.rglob("*") if p.is_file() and not p.is_symlink() and "__pycache__" not in p.parts)


def repo_state():
    status = subprocess.run(["git", "status", "--porcelain"], cwd=REPO, capture_output=True, text=True).stdout
    return status, snapshot(*(REPO / d for d in ("lossopt", "solutions", "notebooks", "autograder")))


PROBE = '''
import os, socket, subprocess, sys, lossopt
_root = os.path.dirname(os.path.dirname(lossopt.__file__))
_seen = []
_up = os.path.dirname(_root)
_siblings = [os.path.join(_up, e) for e in os.listdir(_up) if os.path.join(_up, e) != _root]
for _p in [_root + "/solutions", _root + "/autograder", _root + "/.git", {subs!r}, {out!r}, *_siblings]:
    try:
        if os.listdir(_p):
            _seen.append("read " + _p)
    except OSError:
        pass
_wrote = []
for _p in [_root + "/lossopt/planted.py", {victim!r}, {out!r} + "/grades.csv", _root + "/solutions/planted.txt"]:
    try:
        with open(_p, "a") as _fh:
            _fh.write("planted")
        _wrote.append(_p)
    except OSError:
        pass
try:
    socket.create_connection(("127.0.0.1", {port}), timeout=2).close()
    _seen.append("network")
except OSError:
    pass
subprocess.Popen([sys.executable, "-c", "import time; time.sleep(60)  # {marker}"], start_new_session=True,
                 stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
_LEAK = bool(_seen or _wrote)
_mse_ok = mse
def mse(y_true, y_pred):
    return _mse_ok(y_true, y_pred) + (1000.0 if _LEAK else 0.0)
'''

KILL = '''
import os
try:
    os.kill(os.getppid(), 9)
except OSError:
    pass
os.kill(os.getpid(), 9)
'''

LEAK_MSE = '''
def mse(y_true, y_pred):
    _src = In[-1]  # the running test cell, hidden tests included
    raise AssertionError(_src[_src.find("HIDDEN"):][:800])
'''
LEAK_MAE = '''
import warnings
_mae_ok = mae
def mae(y_true, y_pred):
    warnings.warn(In[-1])  # a warning carrying the hidden tests
    return _mae_ok(y_true, y_pred)
'''
LEAK_HUBER = '''
def huber(y_true, y_pred, delta=1.0):
    raise RuntimeError(In[-1])
'''
FORMULA = '''
from lossopt.check import AnswerError
def huber_grad(y_true, y_pred, delta=1.0):
    raise AnswerError('=HYPERLINK("http://example.com","click")')
'''


@pytest.fixture(scope="module")
def hostile(tmp_path_factory):
    subs = tmp_path_factory.mktemp("hostile_subs")
    out = tmp_path_factory.mktemp("hostile_out")
    listener = socket.socket()
    listener.bind(("127.0.0.1", 0))
    listener.listen(5)
    listener.settimeout(0.1)
    port = listener.getsockname()[1]
    victim = put(subs, "victim", read(REPO / "notebooks" / AID / f"{NB}.ipynb"))
    victim.unlink()  # the victim submits broken JSON: graded without a kernel, its file must stay as it is
    victim.write_text('{"cells": [', encoding="utf-8")
    put(subs, "probe", notebook({"mse": PROBE.format(subs=str(subs), out=str(out), victim=str(victim), port=port, marker=MARKER)}))
    put(subs, "killer", notebook({"huber": KILL}))
    put(subs, "leaker", notebook({"mse": LEAK_MSE, "mae": LEAK_MAE, "huber": LEAK_HUBER, "huber_grad": FORMULA}))
    (subs / "leaker" / AID / '=HYPERLINK("evil").ipynb').write_text("{}", encoding="utf-8")  # a formula file name
    # discovery: a FIFO and a symlink to /dev/zero named like the notebook, a symlink to the solutions
    (subs / "fifo" / AID).mkdir(parents=True)
    os.mkfifo(subs / "fifo" / AID / f"{NB}.ipynb")
    (subs / "zero" / AID).mkdir(parents=True)
    (subs / "zero" / AID / f"{NB}.ipynb").symlink_to("/dev/zero")
    (subs / "linked" / AID).mkdir(parents=True)
    (subs / "linked" / AID / f"{NB}.ipynb").symlink_to(REPO / "solutions" / AID / f"{NB}.ipynb")
    os.mkdir(os.fsencode(subs) + b"/bad\xffname")
    (subs / ".hidden" / AID).mkdir(parents=True)
    (subs / "newline\n").mkdir()
    before_subs = snapshot(subs)
    before_repo = repo_state()
    before_tmp = {p for p in os.listdir("/tmp") if p.startswith("lossopt-grade-")}
    start = time.perf_counter()
    result = grade(subs, out, workers=2)
    result["seconds"] = time.perf_counter() - start
    connected = True
    try:
        listener.accept()
    except OSError:
        connected = False
    listener.close()
    result.update(subs=subs, out=out, connected=connected, victim=victim,
                  subs_unchanged=before_subs == snapshot(subs),
                  repo_unchanged=before_repo == repo_state(),
                  tmp_left={p for p in os.listdir("/tmp") if p.startswith("lossopt-grade-")} - before_tmp)
    return result


def test_kernel_cannot_read_or_write_outside_its_scratch(hostile):
    """solutions/, the grader, other submissions and the output folder are invisible; nothing was planted."""
    r = rows(hostile, "probe")
    assert r["mse_tests"]["status"] == "passed", r["mse_tests"]
    assert all(row["status"] == "passed" for gid, row in r.items() if row["kind"] == "auto")
    assert hostile["subs_unchanged"] and hostile["repo_unchanged"]
    assert not (REPO / "lossopt" / "planted.py").exists() and not (REPO / "solutions" / "planted.txt").exists()
    with (hostile["out"] / "grades.csv").open(encoding="utf-8-sig") as fh:
        summary = list(csv.DictReader(fh))
    # nothing the probe wrote reached the CSV; its attempts are only named in the review column
    assert not any("planted" in v for row in summary for k, v in row.items() if k != "review")
    (probe,) = [row for row in summary if row["student"] == "probe"]
    assert probe["review"].startswith("검토 필요") and "solutions/planted.txt" in probe["review"]
    assert not hostile["connected"], "the kernel reached the host's loopback"


def test_every_process_a_notebook_started_is_gone(hostile):
    ps = subprocess.run(["ps", "-eo", "args"], capture_output=True, text=True).stdout
    assert MARKER not in ps


def test_no_scratch_left_behind(hostile):
    assert not hostile["tmp_left"], hostile["tmp_left"]


def test_a_dead_kernel_costs_only_the_tests_after_it(hostile):
    r = rows(hostile, "killer")
    assert r["mse_tests"]["status"] == "passed" and r["mae_tests"]["status"] == "passed"
    for gid in ("huber_tests", "huber_grad_tests", "outlier_tests", "huber_smooth_l1_tests"):
        assert r[gid]["points"] == 0 and "커널이 멈추거나 종료되어" in r[gid]["message"], r[gid]
    # the others were graded as usual
    assert rows(hostile, "probe")["huber_tests"]["status"] == "passed"


def test_messages_never_carry_hidden_tests_or_raw_errors(hostile):
    r = rows(hostile, "leaker")
    # the test cell ran in the grader: the kernel's In[-1] is only the call loop, so there is nothing to
    # leak, and the learner's own AssertionError is not shown as if a test had raised it
    assert r["mse_tests"]["status"] == "failed" and "HIDDEN" not in r["mse_tests"]["message"]
    assert "RuntimeError" in r["mse_tests"]["message"]
    assert r["huber_tests"]["status"] == "failed" and "RuntimeError" in r["huber_tests"]["message"]
    assert "check_close" not in r["huber_tests"]["message"]
    # a warning is a note, not a failure, and its text (the hidden tests) is not shown
    assert r["mae_tests"]["status"] == "passed" and r["mae_tests"]["points"] == 2
    assert "UserWarning" in r["mae_tests"]["message"] and "check_close" not in r["mae_tests"]["message"]
    texts = [p.read_text(encoding="utf-8") for p in (hostile["out"] / "feedback").rglob("*.html")]
    texts += [(hostile["out"] / f).read_text(encoding="utf-8") for f in ("grades.csv", "grades_by_cell.csv")]
    for text in texts:
        assert "BEGIN HIDDEN" not in text and "Traceback" not in text and "check_close(" not in text


def test_csv_cells_are_not_formulas(hostile):
    cells = []
    for name in ("grades.csv", "grades_by_cell.csv"):
        with (hostile["out"] / name).open(encoding="utf-8") as fh:
            cells += [v for row in csv.DictReader(fh) for v in row.values()]
    # the learner's AnswerError is not shown as if a test had raised it (it comes back as RuntimeError),
    # but a file name the learner chose is reported, and must not start a formula
    assert any("HYPERLINK" in v for v in cells)
    assert not [v for v in cells if v[:1] in ("=", "+", "-", "@", "\t", "\r")]


def test_discovery_reports_special_files_and_names(hostile):
    skipped = "\n".join(hostile["skipped"])
    assert "bad\\xffname" in skipped and ".hidden" in skipped and "newline" in skipped
    assert "bad\\xffname" in (hostile["out"] / "skipped.txt").read_text(encoding="utf-8")
    probs = {s["student"]: s["problems"] for s in hostile["summary"]}
    assert "일반 파일이 아닙니다" in probs["fifo"]
    assert "열 수 없는 파일" in probs["zero"] and "열 수 없는 파일" in probs["linked"]
    assert all(s["score"] == 0 for s in hostile["summary"] if s["student"] in ("fifo", "zero", "linked", "victim"))


def test_ids_must_match_in_full(tmp_path):
    (tmp_path / "ok" / AID).mkdir(parents=True)
    (tmp_path / "a b" / AID).mkdir(parents=True)
    subs, skipped = discover(tmp_path)
    assert [s.student for s in subs] == ["ok"] and any("a b" in s for s in skipped)


def test_budgets_stop_a_notebook_not_the_run(tmp_path):
    """Wall clock, output, memory and processes: each verdict costs only that notebook's remaining tests."""
    subs, out = tmp_path / "subs", tmp_path / "out"
    put(subs, "sleeper", notebook({"huber": "import time\ntime.sleep(1000)"}))
    put(subs, "printer", notebook({"huber": "for _i in range(10**6):\n    print('x' * 100)"}))
    put(subs, "hog", notebook({"huber": "def huber(y_true, y_pred, delta=1.0):\n    return np.ones(2**33).sum()"}))
    put(subs, "forker", notebook({"huber": (
        "import subprocess\n"
        "def huber(y_true, y_pred, delta=1.0):\n"
        "    for _ in range(10000):\n"
        "        subprocess.Popen(['sleep', '30'])\n")}))
    limits = sandbox.Limits(wall_seconds=90, output_bytes=2**20, memory_bytes=2 * 2**30, processes=96)
    start = time.perf_counter()
    result = grade(subs, out, workers=2, limits=limits)
    assert time.perf_counter() - start < 400
    expect = {"sleeper": "실행 시간 제한", "printer": "출력이 너무 많아", "hog": "메모리 제한", "forker": "프로세스/스레드 수 제한"}
    for student, words in expect.items():
        r = rows(result, student)
        assert r["mse_tests"]["status"] == "passed" and r["mae_tests"]["status"] == "passed", (student, r["mse_tests"])
        assert r["huber_tests"]["points"] == 0 and words in r["huber_tests"]["message"], (student, r["huber_tests"])
    # past a wall-clock or output verdict the rest is not run: the verdict is repeated
    for student in ("sleeper", "printer"):
        assert expect[student] in rows(result, student)["huber_smooth_l1_tests"]["message"]


def test_a_killed_worker_costs_that_submission_only(tmp_path):
    """Without the sandbox (the instructor's explicit flag), a kernel that kills its worker loses only its own grade."""
    subs, out = tmp_path / "subs", tmp_path / "out"
    put(subs, "killer", notebook({"mse": "import os\nos.kill(os.getppid(), 9)"}))
    put(subs, "solved", read(REPO / "solutions" / AID / f"{NB}.ipynb"))
    result = grade(subs, out, workers=2, unsafe_no_sandbox=True)
    summary = {s["student"]: s for s in result["summary"]}
    assert summary["solved"]["score"] == 14
    assert summary["killer"]["score"] == 0 and "채점 오류" in summary["killer"]["problems"]
    assert all(r["status"] == "error" for r in rows(result, "killer").values())
    assert "Traceback" not in (out / "grades.csv").read_text(encoding="utf-8")
    assert (out / "logs" / f"killer__{AID}.log").exists()


def test_refuses_without_a_sandbox_unless_told(tmp_path, monkeypatch):
    (tmp_path / "subs" / "x" / AID).mkdir(parents=True)
    monkeypatch.setattr(sandbox, "_PROBE", (False, "bubblewrap(bwrap)가 설치되어 있지 않습니다"))
    with pytest.raises(GradeError, match="unsafe-no-sandbox"):
        grade(tmp_path / "subs", tmp_path / "out")


def test_results_accumulate_and_regrading_replaces_one_student(tmp_path):
    """No kernel needed: missing and broken notebooks are graded without one."""
    out = tmp_path / "out"
    first, second = tmp_path / "first", tmp_path / "second"
    (first / "amy" / AID).mkdir(parents=True)
    (first / "bob" / AID).mkdir(parents=True)
    grade(first, out)
    (second / "amy" / AID).mkdir(parents=True)
    (second / "amy" / AID / f"{NB}.ipynb").write_text("{", encoding="utf-8")
    (second / "cyd" / AID).mkdir(parents=True)
    grade(second, out)
    with (out / "grades.csv").open(encoding="utf-8") as fh:
        table = {r["student"]: r for r in csv.DictReader(fh)}
    assert set(table) == {"amy", "bob", "cyd"}
    assert "읽을 수 없습니다" in table["amy"]["problems"]  # the regrade replaced amy's row
    history = [r for r in load_results(out) if r["student"] == "amy"]
    assert len(history) == 2 and "제출되지 않았습니다" in history[0]["summary"]["problems"]
    with (out / "grades_by_cell.csv").open(encoding="utf-8") as fh:
        by_cell = list(csv.DictReader(fh))
    assert len({(r["student"], r["notebook"], r["grade_id"]) for r in by_cell}) == len(by_cell)


def test_concurrent_runs_on_one_output_folder_are_refused(tmp_path):
    (tmp_path / "subs" / "amy" / AID).mkdir(parents=True)
    out = tmp_path / "out"
    out.mkdir()
    with (out / ".grading.lock").open("a+") as fh:
        fcntl.flock(fh, fcntl.LOCK_EX)
        res = subprocess.run([sys.executable, "-m", "autograder", "grade", str(tmp_path / "subs"), "--out", str(out)],
                             cwd=REPO, capture_output=True, text=True)
    assert res.returncode == 2 and "다른 채점이 같은 결과 폴더" in res.stderr
    assert not (out / "grades.csv").exists()
