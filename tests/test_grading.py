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
