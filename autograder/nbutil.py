"""Notebook helpers shared by the release check, the grader, the feedback and the book."""

from __future__ import annotations

from pathlib import Path

import nbformat

REPO = Path(__file__).resolve().parents[1]
SOLUTIONS = REPO / "solutions"

BEGIN_SOLUTION, END_SOLUTION = "### BEGIN SOLUTION", "### END SOLUTION"
BEGIN_HIDDEN, END_HIDDEN = "### BEGIN HIDDEN TESTS", "### END HIDDEN TESTS"
MARKERS = (BEGIN_SOLUTION, END_SOLUTION, BEGIN_HIDDEN, END_HIDDEN, "### BEGIN MARK SCHEME", "### END MARK SCHEME")


def assignments(solutions: Path = SOLUTIONS) -> list[str]:
    """Assignment ids: the folders of ``solutions/`` that hold at least one notebook."""
    return sorted(p.name for p in solutions.iterdir() if p.is_dir() and any(p.glob("*.ipynb")))


def notebook_names(assignment: str, solutions: Path = SOLUTIONS) -> list[str]:
    """Names (without .ipynb) of an assignment's notebooks, in reading order."""
    return sorted(p.stem for p in (solutions / assignment).glob("*.ipynb"))


def nbgrader_meta(cell) -> dict:
    return cell.get("metadata", {}).get("nbgrader", {}) or {}


def is_solution(cell) -> bool:
    return bool(nbgrader_meta(cell).get("solution"))


def is_graded(cell) -> bool:
    return bool(nbgrader_meta(cell).get("grade"))


def is_test(cell) -> bool:
    """An autograded test cell: graded, code, not a solution."""
    return is_graded(cell) and cell.cell_type == "code" and not is_solution(cell)


def graded_cells(nb) -> list[dict]:
    """Every graded cell: grade_id, points, kind ('auto' for tests, 'manual' for answers)."""
    out = []
    for cell in nb.cells:
        meta = nbgrader_meta(cell)
        if meta.get("grade"):
            kind = "auto" if is_test(cell) else "manual"
            out.append({"grade_id": meta["grade_id"], "points": float(meta.get("points", 0)), "kind": kind})
    return out


def strip_region(source: str, begin: str, end: str) -> str:
    """Remove every ``begin``…``end`` region (marker lines included)."""
    lines, keep, inside = source.splitlines(), [], False
    for line in lines:
        stripped = line.strip()
        if stripped.startswith(begin):
            inside = True
            continue
        if stripped.startswith(end):
            inside = False
            continue
        if not inside:
            keep.append(line)
    return "\n".join(keep).rstrip()


def region_lines(source: str, begin: str, end: str) -> tuple[list[str], list[str]]:
    """Split a cell's stripped, non-blank lines into (inside begin…end regions, outside)."""
    inside_lines, outside_lines, inside = [], [], False
    for line in source.splitlines():
        if begin in line:
            inside = True
        elif end in line:
            inside = False
        elif line.strip():
            (inside_lines if inside else outside_lines).append(line.strip())
    return inside_lines, outside_lines


def strip_hidden_tests(source: str) -> str:
    return strip_region(source, BEGIN_HIDDEN, END_HIDDEN)


def drop_marker_lines(source: str) -> str:
    """Keep a solution's code but drop its BEGIN/END SOLUTION lines."""
    return "\n".join(l for l in source.splitlines() if l.strip() not in (BEGIN_SOLUTION, END_SOLUTION)).strip("\n")


def first_docstring_line(source: str) -> str:
    """The first line of a test cell's docstring (its one-line description)."""
    text = source.strip()
    for quote in ('"""', "'''"):
        if text.startswith(quote):
            body = text[3:].split(quote, 1)[0]
            return body.strip().splitlines()[0] if body.strip() else ""
    return ""


def read(path: Path):
    return nbformat.read(str(path), as_version=4)


_FLAGS = ("grade", "solution", "locked", "task")


def with_sources(nb, sources: dict, append: bool = False):
    """A copy of ``nb`` whose cells named in ``sources`` (grade_id -> source) have that source
    (or, with ``append``, get it added below theirs): how tests and the benchmark make students."""
    nb = nbformat.from_dict(nb)
    for cell in nb.cells:
        gid = nbgrader_meta(cell).get("grade_id")
        if gid in sources:
            cell.source = cell.source + "\n" + sources[gid] if append else sources[gid]
    return nb


def _same_meta(meta: dict, ref: dict) -> bool:
    """Whether a submitted cell's nbgrader metadata grades it as the release does."""
    if any(bool(meta.get(k)) != bool(ref.get(k)) for k in _FLAGS):
        return False
    if ref.get("grade"):
        try:
            return float(meta.get("points")) == float(ref.get("points", 0))
        except (TypeError, ValueError):
            return False
    return True


def _norm(source) -> str:
    return "\n".join(line.rstrip() for line in str(source or "").strip().splitlines())


def resolve_cells(nb, release) -> list[tuple[str | None, str]]:
    """Make a submitted notebook's graded cells what nbgrader expects, as a learner would expect.

    nbgrader 0.9.6 blanks the metadata of a duplicated graded cell and then rejects the whole
    notebook; a cell whose nbgrader metadata is unknown or damaged does the same. Resolved here,
    in place, before nbgrader sees the notebook (each resolution returns ``(grade_id, Korean note)``):

    - nbgrader metadata that is not a dict, or has no known ``grade_id``: removed (the cell runs
      as an ordinary cell and earns nothing); a cell without metadata whose source is exactly a
      release test cell that is otherwise missing gets that test's metadata back;
    - a known cell whose metadata was edited (grade, solution, locked, task, points): the
      release's metadata is restored;
    - a duplicated answer cell: the copy the learner worked on is graded (the one run last, by
      execution count, among the copies that differ from the release stub; else the last such
      copy; else the first). Edited copies above it stay as ordinary cells, copies below it (which
      would overwrite the graded answer) and untouched stubs are removed;
    - a duplicated test (or other locked) cell: one copy is kept (the first below the graded copy
      of the answer before it), the others are removed; nbgrader restores its locked source.
    """
    import copy

    ref = {}
    for cell in release.cells:
        meta = nbgrader_meta(cell)
        if meta.get("grade_id"):
            ref[meta["grade_id"]] = cell
    order = list(ref)
    notes: list[tuple[str | None, str]] = []

    # 1. metadata: damaged or unknown removed, edited restored
    for i, cell in enumerate(nb.cells):
        md = cell.setdefault("metadata", {})
        if "nbgrader" not in md:
            continue
        meta = md["nbgrader"]
        gid = meta.get("grade_id") if isinstance(meta, dict) else None
        graded_like = isinstance(meta, dict) and any(meta.get(k) for k in _FLAGS)
        if not isinstance(gid, str) or gid not in ref:
            del md["nbgrader"]
            if graded_like or not isinstance(meta, dict):
                shown = f"'{gid}'" if isinstance(gid, str) and gid else "(이름 없음)"
                notes.append((None, f"배포본에 없는 채점 셀 {shown}이(가) 있어 채점 정보를 지우고 보통 셀로 실행했습니다 "
                                    f"({i + 1}번째 셀, 점수에 들어가지 않습니다)."))
            continue
        rmeta = nbgrader_meta(ref[gid])
        if not _same_meta(meta, rmeta):
            notes.append((gid, f"셀 '{gid}'의 채점 정보(nbgrader 메타데이터)가 바뀌어 있어 배포본대로 되돌렸습니다."))
        md["nbgrader"] = copy.deepcopy(dict(rmeta))

    # 2. a test cell that lost its metadata but kept its source exactly
    present = {nbgrader_meta(c).get("grade_id") for c in nb.cells}
    for cell in nb.cells:
        if nbgrader_meta(cell):
            continue
        for gid, rcell in ref.items():
            if gid not in present and is_test(rcell) and cell.cell_type == rcell.cell_type \
                    and _norm(cell.source) == _norm(rcell.source):
                cell.setdefault("metadata", {})["nbgrader"] = copy.deepcopy(dict(nbgrader_meta(rcell)))
                present.add(gid)
                notes.append((gid, f"테스트 셀 '{gid}'의 채점 정보가 지워져 있어 배포본대로 되돌렸습니다."))
                break

    # 3. duplicates, in release order (answers before the tests that follow them)
    kept: dict[str, int] = {}
    drop: set[int] = set()
    for gid in order:
        copies = [i for i, c in enumerate(nb.cells) if nbgrader_meta(c).get("grade_id") == gid]
        if len(copies) < 2:
            if copies:
                kept[gid] = copies[0]
            continue
        rcell = ref[gid]
        if is_solution(rcell):
            stub = _norm(rcell.source)
            worked = [i for i in copies if _norm(nb.cells[i].source) not in (stub, "")]
            by_run = False
            if worked:
                runs = [(nb.cells[i].get("execution_count") or 0, i) for i in worked]
                by_run = any(n for n, _ in runs)
                keep = max(runs)[1] if by_run else worked[-1]
            else:
                keep = copies[0]
            plain = removed = 0
            for i in copies:
                if i == keep:
                    continue
                if i > keep or i not in worked:
                    drop.add(i)
                    removed += 1
                else:
                    del nb.cells[i].metadata["nbgrader"]
                    plain += 1
            how = ("배포본과 다르게 고친 것 중 가장 나중에 실행한 셀" if by_run else
                   "배포본과 다르게 고친 것 중 마지막 셀" if worked else "첫 번째 셀")
            note = f"답안 셀 '{gid}'이(가) {len(copies)}개 있어 {how}({keep + 1}번째 셀)을 채점했습니다."
            if plain:
                note += f" 그 위의 고친 복사본 {plain}개는 채점하지 않는 보통 셀로 실행했습니다."
            if removed:
                note += f" 나머지 복사본 {removed}개는 지웠습니다."
            notes.append((gid, note))
        else:
            before = [g for g in order[:order.index(gid)] if is_solution(ref[g]) and g in kept]
            after = kept[before[-1]] if before else -1
            keep = next((i for i in copies if i > after), copies[0])
            drop.update(i for i in copies if i != keep)
            notes.append((gid, f"테스트 셀 '{gid}'이(가) {len(copies)}개 있어 하나({keep + 1}번째 셀)만 원래 내용으로 채점하고 "
                               "복사본은 지웠습니다."))
        kept[gid] = keep
    if drop:
        nb.cells = [c for i, c in enumerate(nb.cells) if i not in drop]
    return notes
