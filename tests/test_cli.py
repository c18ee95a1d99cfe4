"""The command line answers bad input with a clear message, not a traceback."""

from __future__ import annotations

import io
import subprocess
import sys

from conftest import REPO

from autograder.grade import grade
from autograder.progress import live, summary_table


def run(*args):
    return subprocess.run([sys.executable, "-m", "autograder", *args], cwd=REPO, capture_output=True, text=True)


def test_grade_missing_folder(tmp_path):
    res = run("grade", str(tmp_path / "nope"), "--out", str(tmp_path / "out"))
    assert res.returncode == 2
    assert "제출 폴더가 없습니다" in res.stderr and "Traceback" not in res.stderr


def test_grade_empty_folder(tmp_path):
    (tmp_path / "subs").mkdir()
    res = run("grade", str(tmp_path / "subs"), "--out", str(tmp_path / "out"))
    assert res.returncode == 2 and "채점할 제출물이 없습니다" in res.stderr


def test_grade_refuses_output_inside_submissions(tmp_path):
    (tmp_path / "subs" / "a" / "ch01_losses").mkdir(parents=True)
    res = run("grade", str(tmp_path / "subs"), "--out", str(tmp_path / "subs" / "out"))
    assert res.returncode == 2 and "제출 폴더 안" in res.stderr


class _Terminal(io.StringIO):
    def isatty(self):
        return True


def test_progress_bar_on_a_terminal_and_quiet_elsewhere():
    term = _Terminal()
    with live(term) as progress:
        progress(2)
        progress(2, student="a", assignment="ch01_losses", status="graded")
        progress(2, student="b", assignment="ch01_losses", status="error")
    shown = term.getvalue()
    assert "2/2" in shown and "채점 1" in shown and "오류 1" in shown
    with live(io.StringIO()) as progress:
        assert progress is None  # not a terminal: no bar
    rows = [{"student": "a", "assignment": "ch01_losses", "score": 3.0, "max_score": 16.0, "problems": ""}]
    assert summary_table(rows, io.StringIO()) is False
    term = _Terminal()
    assert summary_table(rows, term) and "3 / 16" in term.getvalue()


def test_grade_reports_each_submission_to_progress(tmp_path):
    (tmp_path / "subs" / "s1" / "ch01_losses").mkdir(parents=True)  # nothing submitted: no kernel needed
    events = []
    grade(tmp_path / "subs", tmp_path / "out", progress=lambda total, **done: events.append((total, done)))
    assert events[0] == (1, {}) and events[-1] == (1, {"student": "s1", "assignment": "ch01_losses", "status": "missing"})
    res = run("grade", str(tmp_path / "subs"), "--out", str(tmp_path / "out2"))
    assert res.returncode == 0 and "s1" in res.stdout and "━" not in res.stderr  # no bar off a terminal
