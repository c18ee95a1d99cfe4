"""The whole grading path: full marks, zero, exact partial credit, feedback without leaks."""

from __future__ import annotations

import csv
import html
import re
from pathlib import Path

import pytest
from conftest import MISTAKES, PARTIAL, REPO

from autograder.nbutil import BEGIN_HIDDEN, END_HIDDEN, assignments, region_lines, graded_cells, is_test, notebook_names, read


def rows_of(graded, student, aid):
    return [r for r in graded["rows"] if r["student"] == student and r["assignment"] == aid]


def summary_of(graded, student, aid):
    (row,) = [r for r in graded["summary"] if r["student"] == student and r["assignment"] == aid]
    return row


@pytest.mark.parametrize("aid", assignments())
def test_solutions_score_full_marks(graded, aid):
    """Every autograded cell passes; written answers wait for a person."""
    rows = rows_of(graded, "solved", aid)
    assert rows, "no graded cells"
    for r in rows:
        if r["kind"] == "auto":
            assert r["status"] == "passed" and r["points"] == r["max_points"], r
        else:
            assert r["status"] == "manual", r
    s = summary_of(graded, "solved", aid)
    assert s["score"] + s["pending_manual_points"] == s["max_score"]


@pytest.mark.parametrize("aid", assignments())
def test_untouched_release_scores_zero_on_every_graded_cell(graded, aid):
    rows = rows_of(graded, "untouched", aid)
    expected = sum(len(graded_cells(read(REPO / "notebooks" / aid / f"{n}.ipynb"))) for n in notebook_names(aid))
    assert len(rows) == expected
    for r in rows:
        assert r["points"] == 0 and r["status"] == "failed", r
    assert summary_of(graded, "untouched", aid)["score"] == 0


@pytest.mark.parametrize("aid", sorted(PARTIAL))
def test_partial_submission_gets_exact_partial_score(graded, aid):
    rows = rows_of(graded, "partial", aid)
    must_pass = {(nb, gid) for nb, spec in PARTIAL[aid].items() for gid in spec["pass"]}
    expected = 0.0
    for r in rows:
        if (r["notebook"], r["grade_id"]) in must_pass:
            assert r["status"] == "passed", r
            expected += r["max_points"]
        else:
            assert r["points"] == 0, r
    assert expected > 0
    assert summary_of(graded, "partial", aid)["score"] == expected


MISTAKE_CASES = [(aid, nb, case) for aid, nbs in MISTAKES.items() for nb, cases in nbs.items() for case in cases]


@pytest.mark.parametrize("aid, notebook, case", MISTAKE_CASES, ids=lambda v: v[0] if isinstance(v, tuple) else str(v))
def test_feedback_names_the_mistake_and_hides_hidden_tests(graded, aid, notebook, case):
    _, _, test_id, hint = case
    (row,) = [r for r in rows_of(graded, "mistaken", aid) if r["grade_id"] == test_id and r["notebook"] == notebook]
    assert row["status"] == "failed" and hint in row["message"], row
    page = (graded["out"] / "feedback" / "mistaken" / f"{aid}.html").read_text(encoding="utf-8")
    assert hint in html.unescape(page)


def hidden_lines():
    """Every substantial line of every hidden test in solutions/."""
    lines = set()
    for aid in assignments():
        for name in notebook_names(aid):
            for cell in read(REPO / "solutions" / aid / f"{name}.ipynb").cells:
                if is_test(cell):
                    hidden, _ = region_lines(cell.source, BEGIN_HIDDEN, END_HIDDEN)
                    lines |= {line for line in hidden if len(line) >= 12}
    return lines


def test_feedback_never_shows_hidden_test_source(graded):
    secret = hidden_lines()
    assert secret, "the solutions have hidden tests"
    pages = list((graded["out"] / "feedback").rglob("*.html"))
    assert len(pages) >= len(assignments()) * 4
    texts = [html.unescape(p.read_text(encoding="utf-8")) for p in pages]
    texts += [(graded["out"] / f).read_text(encoding="utf-8") for f in ("grades.csv", "grades_by_cell.csv")]
    for text in texts:
        assert "HIDDEN TESTS" not in text and "Traceback" not in text
        leaked = [line for line in secret if line in text]
        assert not leaked, leaked[:3]


def test_broken_and_missing_notebooks_score_zero_with_a_reason(graded):
    for student, words in [("broken", "읽을 수 없습니다"), ("missing", "제출되지 않았습니다")]:
        for aid in assignments():
            rows = rows_of(graded, student, aid)
            assert rows and all(r["points"] == 0 and r["status"] == "missing" for r in rows)
            assert words in summary_of(graded, student, aid)["problems"]
            assert (graded["out"] / "feedback" / student / f"{aid}.html").exists()


def test_strays_are_reported_and_submissions_untouched(graded):
    assert any("no_such_assignment" in s for s in graded["skipped"])
    assert any("README.txt" in s for s in graded["skipped"])
    assert graded["submissions_unchanged"]


def test_grades_csv_has_one_row_per_student_and_assignment(graded):
    with (graded["out"] / "grades.csv").open(encoding="utf-8") as fh:
        rows = list(csv.DictReader(fh))
    students = {"solved", "untouched", "broken", "missing"}
    keys = {(r["student"], r["assignment"]) for r in rows}
    assert {(s, a) for s in students for a in assignments()} <= keys
    assert len(keys) == len(rows)
    assert all(re.fullmatch(r"\d+(\.\d+)?", r["score"]) for r in rows)


def test_deleted_test_cell_scores_zero_with_a_reason(graded):
    aid = assignments()[0]
    first = notebook_names(aid)[0]
    rows = [r for r in rows_of(graded, "tampered", aid) if r["notebook"] == first]
    deleted = [r for r in rows if "지워졌습니다" in r["message"]]
    assert len(deleted) == 1 and deleted[0]["points"] == 0 and deleted[0]["kind"] == "auto"
    others = [r for r in rows if r is not deleted[0] and r["kind"] == "auto"]
    assert others and all(r["status"] == "passed" for r in others)


def test_class_report_shows_pass_rates_mistakes_and_review(graded):
    """class_report.html: one offline page with every exercise's pass rate and the mistakes named most."""
    out = Path(graded["out_dir"])
    page = (out / "class_report.html").read_text(encoding="utf-8")
    text = html.unescape(page)
    rows = list(csv.DictReader((out / "grades_by_cell.csv").open(encoding="utf-8")))
    for aid in assignments():
        assert f"<h2>{aid}</h2>" in page
        for row in (r for r in rows if r["assignment"] == aid and r["kind"] == "auto"):
            assert f"<code>{row['grade_id']}</code>" in page
    # a pass rate that the CSV implies: the first autograded cell of the first notebook
    first = next(r for r in rows if r["kind"] == "auto")
    same = [r for r in rows if (r["assignment"], r["notebook"], r["grade_id"]) == (first["assignment"], first["notebook"], first["grade_id"])]
    rate = sum(r["status"] == "passed" for r in same) / len(same)
    assert f"<code>{first['grade_id']}</code></td><td>" in page and f"{rate:.0%}" in page
    # the mistakes the checkers named in the mistaken submissions are counted
    for aid, notebooks in MISTAKES.items():
        for cases in notebooks.values():
            for _, _, _, words in cases:
                assert words in text, f"{aid}: the named mistake {words!r} is missing from the report"
    # broken and missing submissions are listed for review
    assert "살펴볼 제출물" in page
    # self-contained: figures and the Hangul font are embedded, nothing is fetched
    assert "data:image/png;base64," in page and "data:font/ttf;base64," in page
    assert "src=\"http" not in page and "url(http" not in page


# ---------------------------------------------------------------------------------------------
# Duplicated, unknown and edited graded cells (resolved before nbgrader, a note per resolution),
# manual grades from formgrader in the totals, results that survive re-runs and crashes.

import copy
import json
import os
import signal
import subprocess
import sys
import time

import nbformat
from conftest import fill

from autograder import sandbox
from autograder.nbutil import is_solution, nbgrader_meta, resolve_cells

AID, NB = "ch01_losses", "01_regression_losses"
needs_sandbox = pytest.mark.skipif(not sandbox.available()[0], reason="bubblewrap sandbox unavailable: " + sandbox.available()[1])


def release_nb():
    return read(REPO / "notebooks" / AID / f"{NB}.ipynb")


def solved_from_release():
    """What a learner who solved everything submits: the release with every answer written."""
    sol = read(REPO / "solutions" / AID / f"{NB}.ipynb")
    return fill(release_nb(), sol, [nbgrader_meta(c)["grade_id"] for c in sol.cells if is_solution(c)])


def pasted(cell):
    """A copy of a cell as JupyterLab pastes it: the same metadata, a new cell id."""
    import uuid

    out = copy.deepcopy(cell)
    if "id" in out:
        out["id"] = uuid.uuid4().hex[:8]
    return out


def at(nb, gid):
    return [i for i, c in enumerate(nb.cells) if nbgrader_meta(c).get("grade_id") == gid]


def dup_answer_nb():
    """mse: the release stub pasted again below the answer; mae: a right copy run first, a wrong one run last."""
    nb = solved_from_release()
    i = at(nb, "mse")[0]
    nb.cells.insert(i + 1, pasted(release_nb().cells[at(release_nb(), "mse")[0]]))
    i = at(nb, "mae")[0]
    wrong = pasted(nb.cells[i])
    wrong.source = "def mae(y_true, y_pred):\n    return 0.0"
    nb.cells[i].execution_count, wrong.execution_count = 4, 9
    nb.cells.insert(i + 1, wrong)
    return nb


def dup_test_nb():
    """A test cell pasted twice (once above its answer), an extra graded cell, edited and wiped metadata."""
    nb = solved_from_release()
    j = at(nb, "mae_tests")[0]
    nb.cells.insert(j + 1, pasted(nb.cells[j]))
    nb.cells.insert(at(nb, "mae")[0], pasted(nb.cells[j]))  # above the answer: would fail there
    nb.cells.append(nbformat.v4.new_code_cell("bonus = 1", metadata={"nbgrader": {
        "grade": True, "grade_id": "my_bonus", "points": 50, "solution": False, "locked": False, "schema_version": 3}}))
    huber = nb.cells[at(nb, "huber_tests")[0]].metadata.nbgrader
    huber["points"], huber["locked"] = 100, False
    nb.cells[at(nb, "outlier_tests")[0]].metadata = {}
    nb.cells[at(nb, "huber_smooth_l1")[0]].metadata["nbgrader"] = "garbage"
    return nb


def write_nb(subs, student, nb, aid=AID, name=NB):
    folder = subs / student / aid
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / f"{name}.ipynb"
    path.write_text(nbformat.writes(nb), encoding="utf-8")  # written as is (no validation that would fix ids)
    return path


def test_resolve_duplicated_answer_keeps_the_worked_copy():
    nb = dup_answer_nb()
    n = len(nb.cells)
    notes = dict(resolve_cells(nb, release_nb()))
    assert len(at(nb, "mse")) == 1 and len(at(nb, "mae")) == 1
    assert "raise NotImplementedError" not in nb.cells[at(nb, "mse")[0]].source
    assert nb.cells[at(nb, "mae")[0]].source == "def mae(y_true, y_pred):\n    return 0.0"  # run last: the learner's choice
    assert len(nb.cells) == n - 1  # the stub copy is gone; the other mae copy stays, ungraded
    assert "2개" in notes["mse"] and "지웠습니다" in notes["mse"]
    assert "가장 나중에 실행한" in notes["mae"] and "보통 셀" in notes["mae"]


def test_resolve_duplicated_essay_and_untouched_copies():
    rel = release_nb()
    nb = copy.deepcopy(rel)
    k = at(nb, "choose_loss_essay")[0]
    mine = pasted(nb.cells[k])
    mine.source = "MAE는 이상치에 덜 민감합니다."
    nb.cells.insert(k + 1, mine)
    nb.cells.insert(k + 2, pasted(rel.cells[k]))
    notes = dict(resolve_cells(nb, rel))
    assert [nb.cells[i].source for i in at(nb, "choose_loss_essay")] == ["MAE는 이상치에 덜 민감합니다."]
    assert len(nb.cells) == len(rel.cells) and "3개" in notes["choose_loss_essay"]
    # every copy untouched: the first is kept, nothing is noted as the learner's answer
    nb = copy.deepcopy(rel)
    nb.cells.insert(k + 1, pasted(rel.cells[k]))
    notes = dict(resolve_cells(nb, rel))
    assert at(nb, "choose_loss_essay") == [k] and "첫 번째 셀" in notes["choose_loss_essay"]


def test_resolve_test_copies_unknown_and_edited_cells():
    nb = dup_test_nb()
    notes = resolve_cells(nb, release_nb())
    by_id = {gid: note for gid, note in notes if gid}
    unknown = [note for gid, note in notes if gid is None]
    assert len(at(nb, "mae_tests")) == 1 and at(nb, "mae_tests")[0] > at(nb, "mae")[0]
    assert "3개" in by_id["mae_tests"]
    assert any("my_bonus" in n for n in unknown) and not at(nb, "my_bonus")
    assert any("bonus = 1" == c.source for c in nb.cells)  # still runs, earns nothing
    assert nbgrader_meta(nb.cells[at(nb, "huber_tests")[0]]) == nbgrader_meta(release_nb().cells[at(release_nb(), "huber_tests")[0]])
    assert "되돌렸습니다" in by_id["huber_tests"] and "지워져" in by_id["outlier_tests"]
    assert at(nb, "outlier_tests") and not at(nb, "huber_smooth_l1")  # damaged metadata: an ordinary cell
    # a notebook as released needs nothing
    untouched = release_nb()
    assert resolve_cells(untouched, release_nb()) == [] and untouched == release_nb()


@pytest.fixture(scope="module")
def duplicates(tmp_path_factory):
    """A small class through the real sandbox: duplicated answers, duplicated/unknown/edited test cells."""
    subs, out = tmp_path_factory.mktemp("dup_subs"), tmp_path_factory.mktemp("dup_out")
    write_nb(subs, "dup_answer", dup_answer_nb())
    write_nb(subs, "dup_test", dup_test_nb())
    before = sorted((p, p.read_bytes()) for p in subs.rglob("*") if p.is_file())
    start = time.perf_counter()
    from autograder.grade import grade

    result = grade(subs, out, workers=2)
    result.update(out=out, seconds=time.perf_counter() - start,
                  unchanged=before == sorted((p, p.read_bytes()) for p in subs.rglob("*") if p.is_file()))
    return result


def cells(result, student):
    return {r["grade_id"]: r for r in result["rows"] if r["student"] == student and r["notebook"] == NB}


@needs_sandbox
def test_duplicated_answer_cells_grade_the_copy_the_learner_worked_on(duplicates):
    r = cells(duplicates, "dup_answer")
    assert r["mse_tests"]["status"] == "passed" and r["mse_tests"]["points"] == 2  # the stub copy below was dropped
    assert r["mae_tests"]["status"] == "failed" and r["mae_tests"]["points"] == 0  # the copy run last is wrong
    assert r["outlier_tests"]["points"] == 0  # the outlier exercise calls mae: affected too
    for gid in ("huber_tests", "huber_grad_tests", "huber_smooth_l1_tests"):
        assert r[gid]["status"] == "passed" and r[gid]["points"] == r[gid]["max_points"], r[gid]
    (s,) = [s for s in duplicates["summary"] if s["student"] == "dup_answer"]
    assert s["score"] == 10 and "답안 셀 'mse'이(가) 2개" in s["problems"] and "답안 셀 'mae'이(가) 2개" in s["problems"]
    page = html.unescape((duplicates["out"] / "feedback" / "dup_answer" / f"{AID}.html").read_text(encoding="utf-8"))
    assert "답안 셀 'mae'이(가) 2개" in page
    assert "답안 셀 'mae'" in (duplicates["out"] / "logs" / f"dup_answer__{AID}.log").read_text(encoding="utf-8")
    assert duplicates["unchanged"]


@needs_sandbox
def test_duplicated_unknown_and_edited_test_cells_cost_nothing(duplicates):
    r = cells(duplicates, "dup_test")
    assert set(r) == {"mse_tests", "mae_tests", "huber_tests", "huber_grad_tests", "outlier_tests",
                      "huber_smooth_l1_tests", "choose_loss_essay"}  # my_bonus earns nothing
    for gid, row in r.items():
        if row["kind"] == "auto":
            assert row["status"] == "passed" and row["points"] == row["max_points"], row
    assert r["huber_tests"]["max_points"] == 3 and "되돌렸습니다" in r["huber_tests"]["message"]
    assert "2개" not in r["mae_tests"]["message"] and "3개" in r["mae_tests"]["message"]
    (s,) = [s for s in duplicates["summary"] if s["student"] == "dup_test"]
    assert s["score"] == 14 and s["max_score"] == sum(row["max_points"] for row in duplicates["rows"] if row["student"] == "dup_test")
    assert "my_bonus" in s["problems"]
    with (duplicates["out"] / "grades.csv").open(encoding="utf-8") as fh:
        row = {x["student"]: x for x in csv.DictReader(fh)}["dup_test"]
    assert "my_bonus" in row["problems"] and "mae_tests" in row["problems"]


def formgrader_call(port, path, body=None):
    """formgrader's JSON API as its pages call it (PUT with a JSON body to change a grade or comment)."""
    import urllib.request

    from test_lab_validate import TOKEN

    req = urllib.request.Request(f"http://127.0.0.1:{port}{path}", method="PUT" if body is not None else "GET",
                                 data=json.dumps(body).encode() if body is not None else None,
                                 headers={"Authorization": f"token {TOKEN}", "Content-Type": "application/json"})
    with urllib.request.urlopen(req, timeout=120) as resp:
        return resp.status, resp.read()


def formgrader_json(port, path, body=None):
    return json.loads(formgrader_call(port, path, body)[1])


@needs_sandbox
def test_manual_grades_entered_in_formgrader_show_up_in_the_totals(duplicates):
    """formgrader, opened on the output folder as `lab --instructor --grades` does, lists every submission as
    autograded with our scores and shows the executed notebook; the manual score and comment entered
    through its API are in grades.csv, the class report and the learner's feedback after `totals`."""
    from test_lab_validate import server

    from autograder import lab

    out = duplicates["out"]
    with server("instructor", lab.grades_root(out)) as port:
        listed = {s["student"]: (s["autograded"], s["score"]) for s in formgrader_json(port, f"/formgrader/api/submissions/{AID}")}
        assert listed == {"dup_answer": (True, 10.0), "dup_test": (True, 14.0)}
        nbs = {n["student"]: n for n in formgrader_json(port, f"/formgrader/api/submitted_notebooks/{AID}/{NB}")}
        assert nbs["dup_test"]["needs_manual_grade"]
        status, page = formgrader_call(port, f"/formgrader/submissions/{nbs['dup_test']['id']}/")
        assert status == 200 and b"choose_loss_essay" in page  # the executed notebook, ready to grade
        grades = {g["name"]: g for g in formgrader_json(port, f"/formgrader/api/grades?submission_id={nbs['dup_test']['id']}")}
        assert grades["choose_loss_essay"]["auto_score"] is None and grades["mse_tests"]["auto_score"] == 2
        formgrader_json(port, f"/formgrader/api/grade/{grades['choose_loss_essay']['id']}", {"manual_score": 1.5})
        comments = {c["name"]: c for c in formgrader_json(port, f"/formgrader/api/comments?submission_id={nbs['dup_test']['id']}")}
        formgrader_json(port, f"/formgrader/api/comment/{comments['choose_loss_essay']['id']}", {"manual_comment": "이상치 설명이 좋습니다."})
        other = {g["name"]: g for g in formgrader_json(port, f"/formgrader/api/grades?submission_id={nbs['dup_answer']['id']}")}
        assert other["mae_tests"]["auto_score"] == 0
        formgrader_json(port, f"/formgrader/api/grade/{other['mae_tests']['id']}", {"manual_score": 1.0})  # part of a test given back
    res = subprocess.run([sys.executable, "-m", "autograder", "totals", str(out)], cwd=REPO, capture_output=True, text=True, timeout=300)
    assert res.returncode == 0, res.stderr[-2000:]
    with (out / "grades.csv").open(encoding="utf-8") as fh:
        table = {r["student"]: r for r in csv.DictReader(fh)}
    assert float(table["dup_test"]["score"]) == 15.5 and float(table["dup_answer"]["score"]) == 11
    assert float(table["dup_test"]["pending_manual_points"]) == 0
    with (out / "grades_by_cell.csv").open(encoding="utf-8") as fh:
        essay = [r for r in csv.DictReader(fh) if r["student"] == "dup_test" and r["grade_id"] == "choose_loss_essay"]
    assert essay[0]["status"] == "graded" and float(essay[0]["points"]) == 1.5
    page = html.unescape((out / "feedback" / "dup_test" / f"{AID}.html").read_text(encoding="utf-8"))
    assert "이상치 설명이 좋습니다." in page
    assert "강사 채점 1건" in html.unescape((out / "class_report.html").read_text(encoding="utf-8"))
    # the store keeps the autograder's results: manual grades are applied on top, on every run
    from autograder.grade import load_results

    assert sorted(rec["summary"]["score"] for rec in load_results(out)) == [10, 14]


@needs_sandbox
def test_other_assignments_add_up_and_the_history_stays(tmp_path):
    """No kernel needed: empty submissions are graded without one."""
    from autograder.grade import grade, load_results

    out = tmp_path / "out"
    other = next(a for a in assignments() if a != AID)
    (tmp_path / "a" / "amy" / AID).mkdir(parents=True)
    grade(tmp_path / "a", out)
    (tmp_path / "b" / "amy" / other).mkdir(parents=True)
    (tmp_path / "b" / "bob" / AID).mkdir(parents=True)
    grade(tmp_path / "b", out)
    (tmp_path / "c" / "amy" / AID).mkdir(parents=True)
    (tmp_path / "c" / "amy" / AID / f"{NB}.ipynb").write_text("{", encoding="utf-8")
    grade(tmp_path / "c", out)
    with (out / "grades.csv").open(encoding="utf-8") as fh:
        table = {(r["student"], r["assignment"]): r for r in csv.DictReader(fh)}
    assert set(table) == {("amy", AID), ("amy", other), ("bob", AID)}
    assert "읽을 수 없습니다" in table[("amy", AID)]["problems"]
    assert "제출되지 않았습니다" in table[("amy", other)]["problems"]
    runs = [(r["student"], r["assignment"]) for r in load_results(out)]
    assert runs.count(("amy", AID)) == 2 and len(runs) == 4
    from nbgrader.api import Gradebook

    with Gradebook(f"sqlite:///{out / 'gradebook.db'}") as gb:
        assert {a.name for a in gb.assignments} == {AID, other}
        assert {s.student.id for s in gb.assignment_submissions(AID)} == {"amy", "bob"}


@needs_sandbox
def test_a_killed_grading_run_keeps_the_finished_students(tmp_path):
    """The parent killed outright mid-class: finished students are in results.jsonl and grades.csv,
    its worker dies with it, and the next run removes the scratch folder it left."""
    subs, out = tmp_path / "subs", tmp_path / "out"
    (subs / "amy" / AID).mkdir(parents=True)  # missing notebooks: done at once
    nb = solved_from_release()
    nb.cells[at(nb, "mse")[0]].source += "\nimport time\ntime.sleep(1000)"
    write_nb(subs, "slow", nb)
    before = {p for p in os.listdir("/tmp") if p.startswith("lossopt-grade-")}
    proc = subprocess.Popen([sys.executable, "-m", "autograder", "grade", str(subs), "--out", str(out), "--workers", "2"],
                            cwd=REPO, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        deadline = time.time() + 240
        while time.time() < deadline:
            if (out / "results.jsonl").exists() and "amy" in (out / "results.jsonl").read_text(encoding="utf-8"):
                break
            assert proc.poll() is None, "the run ended before it was killed"
            time.sleep(0.5)
        else:
            pytest.fail("amy's result was never written")
        time.sleep(3)
        scratch = set()  # this run's (others may be grading on this machine too)
        for p in set(os.listdir("/tmp")) - before:
            try:
                if p.startswith("lossopt-grade-") and (Path("/tmp") / p / "owner").read_text().split()[0] == str(proc.pid):
                    scratch.add(p)
            except (OSError, IndexError):
                pass
        assert len(scratch) == 1
    finally:
        proc.send_signal(signal.SIGKILL)
        proc.wait()
    from autograder.grade import grade, load_results

    assert [r["student"] for r in load_results(out)] == ["amy"]
    with (out / "grades.csv").open(encoding="utf-8") as fh:
        assert [r["student"] for r in csv.DictReader(fh)] == ["amy"]
    time.sleep(2)
    ps = subprocess.run(["ps", "-eo", "args"], capture_output=True, text=True).stdout
    assert not [line for line in ps.splitlines() if "autograder.worker" in line and any(s in line for s in scratch)]
    (tmp_path / "later" / "bob" / AID).mkdir(parents=True)
    grade(tmp_path / "later", out)
    assert not any((Path("/tmp") / s).exists() for s in scratch), "the killed run's scratch (test sources) is still there"
    assert {r["student"] for r in load_results(out)} == {"amy", "bob"}


def test_totals_and_formgrader_need_a_results_folder_and_respect_the_lock(tmp_path):
    import fcntl

    def run(*args):
        return subprocess.run([sys.executable, "-m", "autograder", *args], cwd=REPO, capture_output=True, text=True, timeout=120)

    res = run("totals", str(tmp_path / "nope"))
    assert res.returncode == 2 and "채점 결과가 없습니다" in res.stderr and "Traceback" not in res.stderr
    res = run("lab", "--instructor", "--grades", str(tmp_path / "nope"))
    assert res.returncode == 2 and "results.jsonl" in res.stderr and "Traceback" not in res.stderr
    out = tmp_path / "out"
    out.mkdir()
    (out / "results.jsonl").write_text("", encoding="utf-8")
    with (out / ".grading.lock").open("a+") as fh:
        fcntl.flock(fh, fcntl.LOCK_EX)
        res = run("totals", str(out))
    assert res.returncode == 2 and "다른 채점이 같은 결과 폴더" in res.stderr
    res = run("totals", str(out))
    assert res.returncode == 0 and (out / "grades.csv").exists()


def test_regrading_keeps_the_manual_grades_and_marks_them_for_review(tmp_path):
    """No kernel: the gradebook import on its own. A regrade replaces the autograded scores and keeps
    what the instructor entered (formgrader then lists the cell for another look)."""
    from nbgrader.api import Gradebook

    from autograder import course
    from autograder.grade import with_manual_grades

    cfg = course.grades_course(tmp_path, [AID])
    rows = [{"notebook": NB, "grade_id": "mse_tests", "kind": "auto", "points": 2.0, "max_points": 2.0, "status": "passed", "message": ""},
            {"notebook": NB, "grade_id": "choose_loss_essay", "kind": "manual", "points": 0.0, "max_points": 2.0,
             "status": "manual", "message": "수동 채점을 기다리고 있습니다."}]
    course.import_rows(cfg, AID, "amy", rows)
    with Gradebook(cfg.CourseDirectory.db_url) as gb:
        gb.find_grade("choose_loss_essay", NB, AID, "amy").manual_score = 2.0
        gb.db.commit()
    rows[0].update(points=0.0, status="failed")  # the resubmission breaks mse
    course.import_rows(cfg, AID, "amy", rows)
    with Gradebook(cfg.CourseDirectory.db_url) as gb:
        essay = gb.find_grade("choose_loss_essay", NB, AID, "amy")
        assert essay.manual_score == 2.0 and essay.needs_manual_grade
        assert gb.find_grade("mse_tests", NB, AID, "amy").auto_score == 0
    rec = {"student": "amy", "assignment": AID, "rows": rows, "problems": [], "notes": [],
           "summary": {"student": "amy", "assignment": AID, "score": 0.0, "max_score": 4.0, "pending_manual_points": 2.0, "problems": ""}}
    (done,) = with_manual_grades([rec], course.manual_grades(tmp_path))
    assert done["summary"]["score"] == 2.0 and done["summary"]["pending_manual_points"] == 0
    assert rec["rows"][1]["status"] == "manual"  # the stored record itself is not changed
