"""Unit tests of the feedback text: messages without code, HTML escaped."""

from __future__ import annotations

from autograder.feedback import error_message, render, stderr_message


def test_answer_error_message_is_shown_as_is():
    assert error_message("AnswerError", "mse: 값이 다릅니다.") == "mse: 값이 다릅니다."
    assert "assert" in error_message("AssertionError", "")


def test_known_errors_get_a_korean_hint():
    assert "NotImplementedError" in error_message("NotImplementedError", "")
    assert "답안 셀" in error_message("NotImplementedError", "")
    assert "이름을 찾을 수 없습니다" in error_message("NameError", "name 'mse' is not defined")
    assert "ZeroDivisionError" in error_message("ZeroDivisionError", "division by zero")


def test_stderr_message_names_the_warning_but_not_the_source_line():
    text = "/tmp/ipykernel_1/12.py:3: RuntimeWarning: overflow encountered in exp\n  secret = hidden_reference(z)\n"
    msg = stderr_message(text)
    assert "RuntimeWarning: overflow encountered in exp" in msg and "secret" not in msg


def test_render_escapes_html():
    rows = [{"notebook": "nb", "grade_id": "x", "description": "<b>d</b>", "points": 0.0, "max_points": 2.0,
             "status": "failed", "message": "<script>alert(1)</script>"}]
    page = render("stu<dent>", "ch01_losses", rows, ["<i>note</i>"])
    assert "<script>" not in page and "&lt;script&gt;" in page and "stu&lt;dent&gt;" in page
