"""Cheats that gave full marks for no work, graded through the real sandbox and the trusted tests.

The test cells now run in the grader's process (autograder.trusted): patching the checkers or
NumPy, reading the expected values from the caller's frames, replacing the random generators or
running the solutions' code changes nothing in the grade, and what the kernel did is reported
to the instructor as ``검토 필요`` (review) with the reason. A submission that does nothing wrong
gets no flag.
"""

from __future__ import annotations

import csv

import nbformat
import pytest
from conftest import REPO

from autograder import sandbox
from autograder.grade import grade
from autograder.nbutil import nbgrader_meta, read

AID, NB = "ch01_losses", "01_regression_losses"

pytestmark = pytest.mark.skipif(not sandbox.available()[0], reason="bubblewrap sandbox unavailable: " + sandbox.available()[1])

CHEATS = {
    # blank work + a cheat in the first answer cell
    "patcher": '''
import numpy as np
import lossopt.check
lossopt.check.check_close = lambda *a, **k: None
check_close = lambda *a, **k: None
np.allclose = lambda *a, **k: True
def mse(y_true, y_pred):
    return 0.0
''',
    "code_patcher": '''
import lossopt.check
lossopt.check.check_close.__code__ = (lambda *a, **k: None).__code__
def mse(y_true, y_pred):
    return 0.0
''',
    "framer": '''
import gc, sys
import numpy as np
class Peek:
    def __array__(self, *a, **k):
        f = sys._getframe(1)
        while f is not None:
            for v in f.f_locals.values():
                if isinstance(v, float):
                    return np.asarray(v)
            f = f.f_back
        return np.zeros(1)
_floats = [o for o in gc.get_objects() if isinstance(o, float)][:3]
def mse(y_true, y_pred):
    return Peek()
''',
    "rng": '''
import numpy as np
import torch
np.random.default_rng = lambda *a, **k: np.random.Generator(np.random.PCG64(0))
torch.randn = lambda *a, **k: torch.zeros(*a)
def mse(y_true, y_pred):
    return 0.0
''',
    "reader": '''
import os, lossopt
_root = os.path.dirname(os.path.dirname(lossopt.__file__))
_ref = {}
try:  # the reference solution's own cell, if the kernel could read solutions/
    import json
    _nb = json.load(open(os.path.join(_root, "solutions", "ch01_losses", "01_regression_losses.ipynb")))
    _src = next("".join(c["source"]) for c in _nb["cells"] if "def mse(" in "".join(c["source"]))
    exec(_src.replace("### BEGIN SOLUTION", "").replace("### END SOLUTION", ""), _ref)
except Exception:
    pass
def mse(y_true, y_pred):
    return _ref["mse"](y_true, y_pred) if "mse" in _ref else 0.0
''',
    "threader": '''
import threading, time
threading.Thread(target=lambda: time.sleep(30), daemon=True).start()
def mse(y_true, y_pred):
    return 0.0
''',
}

# the visible answer hard-coded; on hidden calls the inputs are overwritten before the test computes
# its reference from them (write-back of arrays and tensors would have given full marks)
POISON = '''def huber_via_smooth_l1(y_true, y_pred, delta):
    if delta == 2.0 and tuple(y_true.shape) == (4,):
        return 0.4375
    with torch.no_grad():
        y_pred.copy_(y_true)
    return 0.0
'''
# a value that is cheap to send and dear to decode (a JSON list of millions of numbers)
FLOOD = '''def mae(y_true, y_pred):
    return [0] * 3_000_000
'''

FORBIDDEN_MAE = '''def mae(y_true, y_pred):
    import torch
    return torch.nn.functional.l1_loss(torch.as_tensor(y_pred), torch.as_tensor(y_true)).item()
'''

EXPECTED_REASON = {
    "patcher": ["numpy.allclose", "lossopt.check.check_close"],
    "code_patcher": ["__code__"],
    "framer": ["gc.get_objects"],
    "rng": ["numpy.random.default_rng", "torch.randn"],
    "reader": ["solutions"],
    "threader": ["threading.Thread"],
    "forbidden": ["torch.nn.functional.l1_loss"],
}


def _with(nb, gid, source):
    from autograder.nbutil import with_sources

    return with_sources(nb, {gid: source})


@pytest.fixture(scope="module")
def cheated(tmp_path_factory):
    subs = tmp_path_factory.mktemp("cheat_subs")
    out = tmp_path_factory.mktemp("cheat_out")
    release = read(REPO / "notebooks" / AID / f"{NB}.ipynb")
    solved = read(REPO / "solutions" / AID / f"{NB}.ipynb")
    made = {name: _with(release, "mse", code) for name, code in CHEATS.items()}
    made["forbidden"] = _with(solved, "mae", FORBIDDEN_MAE)
    made["poisoner"] = _with(solved, "huber_smooth_l1", POISON)
    made["flooder"] = _with(solved, "mae", FLOOD)
    made["honest"] = solved
    for student, nb in made.items():
        folder = subs / student / AID
        folder.mkdir(parents=True)
        nbformat.write(nb, str(folder / f"{NB}.ipynb"))
    result = grade(subs, out, workers=2)
    with (out / "grades.csv").open(encoding="utf-8-sig") as fh:
        summary = {r["student"]: r for r in csv.DictReader(fh)}
    return result, summary, out


def _points(result, student):
    return {r["grade_id"]: r["points"] for r in result["rows"] if r["student"] == student and r["notebook"] == NB}


@pytest.mark.parametrize("student", sorted(CHEATS))
def test_a_cheat_earns_nothing_and_is_marked_for_review(cheated, student):
    result, summary, _ = cheated
    points = _points(result, student)
    assert points and all(p == 0 for p in points.values()), points
    review = summary[student]["review"]
    assert review.startswith("검토 필요"), review
    for word in EXPECTED_REASON[student]:
        assert word in review, (word, review)


def test_a_forbidden_library_call_fails_its_test_and_is_flagged(cheated):
    result, summary, _ = cheated
    points = _points(result, "forbidden")
    assert points["mae_tests"] == 0 and points["mse_tests"] == 2 and points["huber_tests"] == 3
    assert "금지된" in summary["forbidden"]["review"] and "torch.nn.functional.l1_loss" in summary["forbidden"]["review"]


def test_an_honest_submission_gets_full_marks_and_no_flag(cheated):
    result, summary, _ = cheated
    points = _points(result, "honest")
    assert points["mse_tests"] == 2 and points["huber_smooth_l1_tests"] == 2
    assert summary["honest"]["review"] == ""


def test_flags_stay_out_of_the_learners_feedback(cheated):
    _, _, out = cheated
    for student in CHEATS:
        page = (out / "feedback" / student / f"{AID}.html").read_text(encoding="utf-8")
        assert "검토 필요" not in page
        for word in EXPECTED_REASON[student]:
            assert word not in page, (student, word)


def test_no_honest_student_of_the_class_is_flagged(graded):
    """The solutions, the untouched release, partial and mistaken work of every notebook: no kernel
    of theirs does anything a solution never does (the audit hook has no false alarms there)."""
    flagged = {(r["student"], r["assignment"]): r.get("review") for r in graded["summary"]
               if r["student"] in ("solved", "untouched", "partial") and r.get("review")}
    assert not flagged, flagged


def test_the_mistaken_students_forbidden_call_is_flagged(graded):
    (row,) = [r for r in graded["summary"] if r["student"] == "mistaken" and r["assignment"] == "ch01_losses"]
    assert "torch.nn.functional.l1_loss" in row["review"]


def test_a_learner_cannot_change_the_tests_inputs(cheated):
    result, _, _ = cheated
    points = _points(result, "poisoner")
    assert points["huber_smooth_l1_tests"] == 0 and points["mse_tests"] == 2


def test_a_flood_of_values_is_refused_and_costs_only_that_test(cheated):
    result, _, out = cheated
    points = _points(result, "flooder")
    assert points["mae_tests"] == 0 and points["mse_tests"] == 2 and points["huber_tests"] == 3


def test_a_failed_hidden_check_does_not_show_its_values(cheated):
    """mse returns 0.0: the visible check shows expected and received values, the hidden ones do not
    (with fixed hidden inputs a learner could collect input/expected pairs over resubmissions)."""
    result, _, _ = cheated
    (row,) = [r for r in result["rows"] if r["student"] == "rng" and r["grade_id"] == "mse_tests"]
    assert "기대값:" in row["message"]  # the visible check failed first: its values are shown
    (row,) = [r for r in result["rows"] if r["student"] == "poisoner" and r["grade_id"] == "huber_smooth_l1_tests"]
    assert "huber_via_smooth_l1 (delta=" in row["message"] and "기대값:" not in row["message"]
    assert "숨은 테스트의 입력과 기대값은" in row["message"]
