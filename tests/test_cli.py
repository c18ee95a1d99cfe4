"""The command line answers bad input with a clear message, not a traceback."""

from __future__ import annotations

import subprocess
import sys

from conftest import REPO


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
