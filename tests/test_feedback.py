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


def test_feedback_page_carries_its_hangul_font():
    """A feedback page reads right offline on a machine without Korean fonts: the glyphs it uses are embedded."""
    import base64
    import io
    import re

    from fontTools.ttLib import TTFont

    from autograder.feedback import render

    rows = [{"notebook": "01_x", "grade_id": "mse_tests", "description": "평균제곱오차", "points": 0.0, "max_points": 2.0,
             "status": "failed", "message": "값이 다릅니다.\n  추정되는 실수: 합을 돌려주었습니다."}]
    page = render("s1", "ch01_losses", rows, ["참고 문장"])
    data = re.search(r"data:font/ttf;base64,([A-Za-z0-9+/=]+)", page)
    assert data and "unicode-range" in page and "font-family:'NanumGothic'" in page
    cmap = TTFont(io.BytesIO(base64.b64decode(data.group(1)))).getBestCmap()
    assert all(ord(ch) in cmap for ch in "평균제곱오차값이다릅니추정되는실수합을돌려주었참고문장피드백")
