"""What ``make grade`` shows while it works: a live bar on a terminal, nothing otherwise.

Drawn with rich (https://github.com/Textualize/rich): done / total, per-status counts, elapsed and
remaining time; then one summary table. When standard error is not a terminal (CI, a log file),
the bar stays quiet and only the plain result lines are printed.
"""

from __future__ import annotations

import sys
from collections import Counter
from contextlib import contextmanager

LABELS = {"graded": "채점", "error": "오류", "missing": "제출 없음"}


@contextmanager
def live(stream=None):
    """Yield a ``progress(total, **done)`` callback for :func:`autograder.grade.grade`."""
    stream = stream or sys.stderr
    if not stream.isatty():
        yield None
        return
    from rich.console import Console
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn, TimeRemainingColumn

    counts: Counter[str] = Counter()
    bar = Progress(TextColumn("채점 {task.description}"), BarColumn(), MofNCompleteColumn(),
                   TimeElapsedColumn(), TextColumn("남은 시간"), TimeRemainingColumn(),
                   console=Console(file=stream), transient=False)
    task = None

    def progress(total, **done):
        nonlocal task
        if task is None:
            task = bar.add_task("", total=total)
        if done:
            counts[done["status"]] += 1
            bar.update(task, advance=1,
                       description=" · ".join(f"{LABELS[k]} {counts[k]}" for k in LABELS if counts[k]))

    with bar:
        yield progress


def summary_table(rows: list[dict], stream=None) -> bool:
    """Print the run's scores as one table on a terminal; return False (print nothing) elsewhere."""
    stream = stream or sys.stdout
    if not stream.isatty():
        return False
    from rich.console import Console
    from rich.table import Table

    table = Table(title="채점 결과")
    for col in ("학생", "과제", "점수", "문제"):
        table.add_column(col, justify="right" if col == "점수" else "left")
    for row in rows:
        table.add_row(row["student"], row["assignment"], f"{row['score']:g} / {row['max_score']:g}", row["problems"] or "")
    Console(file=stream).print(table)
    return True
