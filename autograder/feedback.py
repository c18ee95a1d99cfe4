"""Per-student feedback pages.

Built from scores and error messages only: a page never contains the source of a test cell
or a traceback, so hidden tests cannot leak into it (stock nbgrader feedback renders the
executed notebook, tracebacks and all: nbgrader issue 917).
"""

from __future__ import annotations

import html

from lossopt import messages

from autograder.nbutil import first_docstring_line, is_test, nbgrader_meta

_STATUS = {"passed": "통과", "failed": "실패", "manual": "수동 채점 대기", "missing": "제출 없음", "error": "채점 오류"}
_KNOWN = ("NotImplementedError", "NameError", "TypeError", "ValueError", "ModuleNotFoundError")
_MAX = 1200


def error_message(ename: str, evalue: str) -> str:
    """The learner-facing message for an error raised in a test cell (no traceback)."""
    evalue = (evalue or "").strip()
    if ename in ("AnswerError", "AssertionError"):
        return evalue[:_MAX] if evalue else "단언(assert)이 실패했습니다."
    if ename in ("CellTimeoutError", "TimeoutError", "DeadKernelError"):
        return messages.text("error_timeout")
    head = messages.text(f"error_{ename}") if ename in _KNOWN else messages.text("error_other", ename=ename)
    detail = f"{ename}: {evalue}" if evalue else ename
    return f"{head}\n({detail[:_MAX]})"


def stderr_message(stderr: str) -> str:
    """A test cell that printed to stderr fails in nbgrader; name the warning, never its source line."""
    import re

    found = re.findall(r"\b(\w*(?:Warning|Error)): ([^\n]{0,300})", stderr)
    what = "; ".join(f"{kind}: {msg.strip()}" for kind, msg in dict.fromkeys(found)) or "stderr 출력"
    return messages.text("error_stderr", what=what)


def descriptions(release_nb) -> dict[str, str]:
    """grade_id -> one-line description: the first docstring line of each test cell.

    Only a docstring that opens the cell is used, so nothing after it (hidden tests) can leak.
    """
    out = {}
    for cell in release_nb.cells:
        meta = nbgrader_meta(cell)
        if meta.get("grade"):
            out[meta["grade_id"]] = first_docstring_line(cell.source) if is_test(cell) else "서술형 답안"
    return out


_CSS = """
body{font-family:'NanumGothic','Malgun Gothic','Apple SD Gothic Neo',sans-serif;max-width:60rem;margin:2rem auto;padding:0 1rem;color:#222}
table{border-collapse:collapse;width:100%}th,td{border:1px solid #ccc;padding:.4rem .6rem;vertical-align:top;text-align:left}
th{background:#f4f4f4}.passed{color:#1a7f37}.failed,.missing,.error{color:#b42318}.manual{color:#8a6d00}
pre{white-space:pre-wrap;margin:0;font-size:.9em}.total{font-size:1.2em}
"""


def render(student: str, assignment: str, rows: list[dict], notes: list[str]) -> str:
    """One HTML page: total, then every graded cell with points, result and message."""
    e = html.escape
    total = sum(r["points"] for r in rows)
    maximum = sum(r["max_points"] for r in rows)
    pending = sum(r["max_points"] for r in rows if r["status"] == "manual")
    body = [
        f"<h1>{e(assignment)} 피드백</h1>",
        f"<p>학생: <b>{e(student)}</b></p>",
        f"<p class='total'>점수: <b>{total:g} / {maximum:g}</b>"
        + (f" (수동 채점 대기 {pending:g}점 포함 안 됨)" if pending else "")
        + "</p>",
        "<table><tr><th>노트북</th><th>항목</th><th>설명</th><th>점수</th><th>결과</th><th>메시지</th></tr>",
    ]
    for r in rows:
        status = r["status"]
        body.append(
            f"<tr><td>{e(r['notebook'])}</td><td><code>{e(r['grade_id'])}</code></td><td>{e(r['description'])}</td>"
            f"<td>{r['points']:g} / {r['max_points']:g}</td><td class='{e(status)}'>{e(_STATUS.get(status, status))}</td>"
            f"<td><pre>{e(r['message'])}</pre></td></tr>"
        )
    body.append("</table>")
    if notes:
        body.append("<h2>참고</h2><ul>" + "".join(f"<li>{e(n)}</li>" for n in notes) + "</ul>")
    return (
        "<!DOCTYPE html><html lang='ko'><head><meta charset='utf-8'>"
        f"<title>{e(assignment)} · {e(student)}</title><style>{_CSS}</style></head><body>"
        + "\n".join(body)
        + "</body></html>\n"
    )
