"""Per-student feedback pages.

Built from scores and error messages only: a page never contains the source of a test cell
or a traceback, so hidden tests cannot leak into it (stock nbgrader feedback renders the
executed notebook, tracebacks and all: nbgrader issue 917).
"""

from __future__ import annotations

import html
import re

from lossopt import messages

from autograder.fonts import embedded_font_face
from autograder.nbutil import first_docstring_line, is_test, nbgrader_meta

_STATUS = {"passed": "통과", "failed": "실패", "manual": "수동 채점 대기", "missing": "제출 없음", "error": "채점 오류", "graded": "강사 채점"}
_KNOWN = ("NotImplementedError", "NameError", "TypeError", "ValueError", "ModuleNotFoundError", "BlockingIOError")
_MAX = 1200
_IDENT = re.compile(r"[A-Za-z_][A-Za-z0-9_]{0,39}")
# numpy's own RuntimeWarning texts: the only warning text shown besides the category name
_NUMPY_WARNINGS = re.compile(r"(overflow|divide by zero|invalid value|underflow) encountered in (\w{1,30})")


def error_message(ename: str, evalue: str, limits: dict | None = None) -> str:
    """The learner-facing message for an error raised in a test cell.

    Only the checkers' own text (``AnswerError``, and the ``assert`` messages the test cells
    carry) is shown, bounded; every other kind gets a fixed hint, never its exception text.
    """
    lim = {"wall_seconds": 600, "cell_seconds": 180, "output_bytes": 4 * 2**20, "memory_bytes": 8 * 2**30, **(limits or {})}
    evalue = (evalue or "").strip()
    if ename in ("AnswerError", "AssertionError"):
        return evalue[:_MAX] if evalue else "단언(assert)이 실패했습니다."
    if ename == "LossoptLimit":
        if evalue == "wall":
            return messages.text("limit_time", seconds=lim["wall_seconds"])
        if evalue == "cell_time":
            return messages.text("limit_cell_time", seconds=lim["cell_seconds"])
        if evalue == "output":
            return messages.text("limit_output", mb=lim["output_bytes"] / 2**20)
        return messages.text("limit_dead", gb=lim["memory_bytes"] / 2**30)
    if ename in ("CellTimeoutError", "TimeoutError", "DeadKernelError"):
        return messages.text("error_timeout")
    if ename == "MemoryError":
        return messages.text("error_MemoryError", gb=lim["memory_bytes"] / 2**30)
    if ename == "NameError":
        found = re.fullmatch(r"name '([A-Za-z_][A-Za-z0-9_]{0,39})' is not defined", evalue)
        head = messages.text("error_NameError")
        return f"{head}\n(NameError: {found.group(1)})" if found else head
    if ename in _KNOWN:
        return f"{messages.text(f'error_{ename}')}\n({ename})"
    return messages.text("error_other", ename=ename if _IDENT.fullmatch(ename or "") else "알 수 없는")


def warning_names(stderr: str) -> list[str]:
    """The warnings in a cell's stderr, as ``Category`` or ``RuntimeWarning: <numpy's text>``."""
    found = []
    for line in stderr.splitlines():
        m = re.search(r"\b([A-Z][A-Za-z]{0,40}Warning)\b: ?(.*)", line)
        if not m:
            continue
        kind, rest = m.group(1), m.group(2)
        np_text = _NUMPY_WARNINGS.search(rest)
        found.append(f"{kind}: {np_text.group(0)}" if kind == "RuntimeWarning" and np_text else kind)
    return list(dict.fromkeys(found))[:5]


def stderr_message(stderr: str) -> str:
    """A note for the warnings a test cell printed: their names and an accurate hint, never
    their source lines (a warning costs nothing by itself)."""
    names = warning_names(stderr)
    parts = []
    for name in names:
        kind = name.split(":")[0]
        hint = messages.text(f"warning_{kind}") if f"warning_{kind}" in messages.MESSAGES["ko"] else messages.text("warning_other")
        parts.append(f"{name} ({hint})")
    return messages.text("warning_note", what="; ".join(parts) or "stderr 출력")


def _code_of(source: str) -> str:
    """Python source with its string literals blanked (they are names and messages meant to be shown)."""
    import io
    import tokenize

    try:
        tokens = list(tokenize.generate_tokens(io.StringIO(source).readline))
    except (tokenize.TokenError, IndentationError, SyntaxError):
        return re.sub(r"(\"[^\"\n]*\"|'[^'\n]*')", "\n", source)
    lines = source.splitlines(keepends=True)
    out = list(lines)
    for tok in reversed(tokens):
        if tok.type == tokenize.STRING or getattr(tokenize, "FSTRING_MIDDLE", -1) == tok.type:
            (r1, c1), (r2, c2) = tok.start, tok.end
            if r1 == r2:
                line = out[r1 - 1]
                out[r1 - 1] = line[:c1] + "\n" + line[c2:]
            else:
                out[r1 - 1] = out[r1 - 1][:c1] + "\n"
                for r in range(r1, r2 - 1):
                    out[r] = "\n"
                out[r2 - 1] = out[r2 - 1][c2:]
    return "".join(out)


class Redactor:
    """Refuses any message that carries a hidden test's line or a 20-character fragment of its code."""

    FRAGMENT = 20

    def __init__(self, hidden_sources: list[str], public: str = ""):
        """``public``: what the learner already has (the release notebooks): a fragment that
        appears there (a function name, a signature) is not a secret."""
        self.lines = set()
        self.fragments = set()
        public = " ".join(public.split())
        for src in hidden_sources:
            self.lines |= {l.strip() for l in src.splitlines() if len(l.strip()) >= 12}
            for line in _code_of(src).splitlines():
                code = " ".join(line.split())
                for i in range(0, max(0, len(code) - self.FRAGMENT) + 1):
                    piece = code[i:i + self.FRAGMENT]
                    if piece not in public:
                        self.fragments.add(piece)

    def leaks(self, message: str) -> bool:
        if any(line in message for line in self.lines):
            return True
        flat = " ".join(message.split())
        return any(flat[i:i + self.FRAGMENT] in self.fragments for i in range(0, max(0, len(flat) - self.FRAGMENT) + 1))

    def clean(self, message: str) -> str:
        return messages.text("error_redacted") if message and self.leaks(message) else message


def csv_safe(value):
    """A spreadsheet reads a cell that starts with = + - @ (or tab, CR) as a formula: quote it."""
    if isinstance(value, str) and value[:1] in ("=", "+", "-", "@", "\t", "\r"):
        return "'" + value
    return value


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
body{font-family:'NanumGothic',system-ui,sans-serif;max-width:60rem;margin:2rem auto;padding:0 1rem;color:#222}
table{border-collapse:collapse;width:100%}th,td{border:1px solid #ccc;padding:.4rem .6rem;vertical-align:top;text-align:left}
table{table-layout:fixed}th:nth-child(1){width:15%}th:nth-child(2){width:15%}th:nth-child(3){width:22%}th:nth-child(4){width:7%}th:nth-child(5){width:6%}td{overflow-wrap:anywhere}th{background:#f4f4f4}.passed{color:#1a7f37}.failed,.missing,.error{color:#b42318}.manual{color:#8a6d00}
pre,code{font-family:'NanumGothic',ui-monospace,'DejaVu Sans Mono',monospace}pre{white-space:pre-wrap;margin:0;font-size:.9em}.total{font-size:1.2em}
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
    content = "\n".join(body)
    font = embedded_font_face(html.unescape(content) + assignment + student)  # Hangul on any machine, offline
    return (
        "<!DOCTYPE html><html lang='ko'><head><meta charset='utf-8'>"
        f"<title>{e(assignment)} · {e(student)}</title><style>{font}{_CSS}</style></head><body>"
        + content
        + "</body></html>\n"
    )
