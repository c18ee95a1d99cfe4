"""Throughput of the grader against stock nbgrader: ``python -m autograder bench N``.

Builds N synthetic submissions (student ``b000``, ``b001``, …; assignments in turn, or the one
given; each student in turn solved, blank, partly solved, or solved with known mistakes, made
from ``solutions/`` and ``notebooks/`` as the test suite makes its students), then grades them

* with stock nbgrader, sequentially: ``nbgrader generate_assignment`` and ``nbgrader autograde``
  in a scratch course, in a process of their own (timers only are added: :mod:`autograder.timing`);
* with the project's grader (:func:`autograder.grade.grade`, the sandbox on unless told),

checks that every autograded cell got the same points, and prints both throughputs (notebooks per
minute, wall clock of the grading step), their ratio, and where a notebook's time goes.
This is a script, not a test: timings depend on what else runs on the machine.
"""

from __future__ import annotations

import functools
import importlib.util
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import nbformat

from autograder import timing
from autograder.nbutil import REPO, assignments, graded_cells, is_solution, nbgrader_meta, notebook_names, read

KINDS = ("solved", "blank", "partial", "mistaken")


def _specs():
    """PARTIAL and MISTAKES of tests/conftest.py (the suite's students), if the tests are there."""
    path = REPO / "tests" / "conftest.py"
    try:
        spec = importlib.util.spec_from_file_location("_lossopt_conftest", path)
        mod = importlib.util.module_from_spec(spec)
        spec.loader.exec_module(mod)
        return mod.PARTIAL, mod.MISTAKES
    except Exception:  # noqa: BLE001 - an installed copy without tests: generic partial students
        return {}, {}


def _with(release_nb, sources: dict) -> nbformat.NotebookNode:
    from autograder.nbutil import with_sources

    return with_sources(release_nb, sources)


def make_student(kind: str, aid: str, name: str, partial: dict, mistakes: dict):
    sol = read(REPO / "solutions" / aid / f"{name}.ipynb")
    rel = read(REPO / "notebooks" / aid / f"{name}.ipynb")
    answers = {nbgrader_meta(c)["grade_id"]: c.source for c in sol.cells if is_solution(c)}
    if kind == "solved":
        return sol
    if kind == "blank":
        return rel
    if kind == "partial":
        fill = partial.get(aid, {}).get(name, {}).get("fill") or list(answers)[: max(1, len(answers) // 2)]
        return _with(rel, {g: answers[g] for g in fill if g in answers})
    wrong = {cell: source for cell, source, _, _ in mistakes.get(aid, {}).get(name, [])}
    if not wrong:  # no known mistake here: the last answer left blank
        wrong = {list(answers)[-1]: next(c.source for c in rel.cells if nbgrader_meta(c).get("grade_id") == list(answers)[-1])}
    return _with(sol, wrong)


def build(folder: Path, n: int, only: str | None = None) -> list[tuple[str, str, str]]:
    """N submissions under ``folder``: [(student, assignment, kind)]."""
    partial, mistakes = _specs()
    aids = [only] if only else assignments()
    made = []
    for i in range(n):
        # chapters in turn; kinds in turn, shifted each round so that every chapter meets every kind
        shift = i // len(aids) if len(aids) > 1 else 0
        aid, kind, student = aids[i % len(aids)], KINDS[(i + shift) % len(KINDS)], f"b{i:03d}"
        (folder / student / aid).mkdir(parents=True)
        for name in notebook_names(aid):
            nbformat.write(make_student(kind, aid, name, partial, mistakes), str(folder / student / aid / f"{name}.ipynb"))
        made.append((student, aid, kind))
    return made


def _env() -> dict:
    env = dict(os.environ)
    env["PATH"] = str(Path(sys.executable).parent) + os.pathsep + env.get("PATH", "")
    env.setdefault("LOSSOPT_HEADLESS", "1")
    env.setdefault("PYTHONHASHSEED", "0")
    env["PYTHONPATH"] = str(REPO) + os.pathsep + env.get("PYTHONPATH", "")
    return env


def stock(subs: Path, made, work: Path) -> dict:
    """Stock sequential nbgrader on a scratch course: {(student, aid): {grade_id: points}}, timings."""
    root = work / "stock"
    root.mkdir()
    (root / "solutions").symlink_to(REPO / "solutions", target_is_directory=True)
    cfg = (REPO / "nbgrader_config.py").read_text(encoding="utf-8")
    cfg += f"\nc.CourseDirectory.root = {str(root)!r}\nc.CourseDirectory.release_directory = 'release'\n"
    (root / "nbgrader_config.py").write_text(cfg, encoding="utf-8")
    aids = sorted({a for _, a, _ in made})
    run = lambda dump, *args: subprocess.run(  # noqa: E731
        [sys.executable, "-m", "autograder.timing", str(dump), *args], cwd=root, env=_env(),
        stdout=subprocess.DEVNULL, stderr=(work / "stock.log").open("ab"), check=True)
    t = time.perf_counter()
    for aid in aids:
        run(work / "stock-gen.json", "generate_assignment", aid, "--force")
    prep = time.perf_counter() - t
    for student, aid, _ in made:
        shutil.copytree(subs / student / aid, root / "submitted" / student / aid)
    t = time.perf_counter()
    timings: dict = {}
    for aid in aids:  # one sequential `nbgrader autograde` per assignment, every student in it
        dump = work / f"stock-{aid}.json"
        run(dump, "autograde", aid, "--force")
        timing.merge(timings, json.loads(dump.read_text(encoding="utf-8")))
    wall = time.perf_counter() - t
    from nbgrader.api import Gradebook

    points = {}
    with Gradebook(f"sqlite:///{root / 'gradebook.db'}", "lossopt") as gb:
        for student, aid, _ in made:
            sub = gb.find_submission(aid, student)
            for nb in sub.notebooks:
                for g in nb.grades:
                    if not is_manual(aid, nb.name, g.name):
                        points.setdefault((student, aid), {})[f"{nb.name}/{g.name}"] = float(g.score)
    return {"points": points, "wall": wall, "prep": prep, "timings": timings}


@functools.lru_cache(maxsize=None)
def _kinds(aid: str, name: str) -> dict:
    return {c["grade_id"]: c["kind"] for c in graded_cells(read(REPO / "solutions" / aid / f"{name}.ipynb"))}


def is_manual(aid: str, name: str, gid: str) -> bool:
    return _kinds(aid, name).get(gid) != "auto"


def ours(subs: Path, work: Path, workers: int | None, unsafe: bool, scheduler: str | None) -> dict:
    """The project's grader on the same submissions: points per autograded cell, timings."""
    from autograder import grade as grade_mod

    timings: dict = {}
    seen = []
    inner = grade_mod._grade_one

    def spy(*a, **kw):
        result = inner(*a, **kw)
        seen.append(result)
        return result

    from autograder import distributed

    grade_mod._grade_one = spy  # the pool path grades in this process
    distributed._bench_hook = seen.append  # the Dask path reports its results here
    kw = {"scheduler": scheduler} if scheduler else {}
    t = time.perf_counter()
    try:
        result = grade_mod.grade(subs, work / "out", workers, unsafe_no_sandbox=unsafe, **kw)
    finally:
        grade_mod._grade_one = inner
        distributed._bench_hook = None
    wall = time.perf_counter() - t
    for r in seen:
        timing.merge(timings, r.get("timings"))
    points = {}
    for row in result["rows"]:
        if row["kind"] == "auto":
            points.setdefault((row["student"], row["assignment"]), {})[f"{row['notebook']}/{row['grade_id']}"] = float(row["points"])
    return {"points": points, "wall": wall, "timings": timings, "errors": [r for r in result["summary"] if r["problems"]]}


def _table(rows: dict[str, dict[str, float]]) -> str:
    keys = list(dict.fromkeys(k for r in rows.values() for k in r))
    lines = [f"{'초/노트북 (s per notebook)':<28}" + "".join(f"{name:>14}" for name in rows)]
    for k in keys:
        lines.append(f"{k:<28}" + "".join(f"{r.get(k, 0.0):>14.2f}" for r in rows.values()))
    lines.append(f"{'sum':<28}" + "".join(f"{sum(r.values()):>14.2f}" for r in rows.values()))
    return "\n".join(lines)


def main(n: int, assignment: str | None = None, workers: int | None = None, unsafe: bool = False,
         scheduler: str | None = None, skip_stock: bool = False, keep: Path | None = None) -> int:
    work = Path(tempfile.mkdtemp(prefix="lossopt-bench-"))
    try:
        subs = work / "subs"
        subs.mkdir()
        made = build(subs, n, assignment)
        notebooks = sum(len(notebook_names(a)) for _, a, _ in made)
        kinds = {k: sum(1 for _, _, kk in made if kk == k) for k in KINDS}
        print(f"제출물 {n}개 ({', '.join(f'{k} {v}' for k, v in kinds.items() if v)}), 노트북 {notebooks}개, "
              f"과제: {', '.join(sorted({a for _, a, _ in made}))}; 코어 {os.cpu_count()}개, "
              f"부하 {os.getloadavg()[0]:.2f}", flush=True)
        st = None if skip_stock else stock(subs, made, work)
        if st:
            print(f"stock nbgrader (순차): {st['wall']:.1f} s, {notebooks / st['wall'] * 60:.1f} 노트북/분 "
                  f"(generate_assignment {st['prep']:.1f} s 별도)", flush=True)
        us = ours(subs, work, workers, unsafe, scheduler)
        print(f"lossopt grader ({'샌드박스 없음' if unsafe else '샌드박스'}, workers={workers or os.cpu_count()}"
              f"{', scheduler=' + scheduler if scheduler else ''}): {us['wall']:.1f} s, "
              f"{notebooks / us['wall'] * 60:.1f} 노트북/분", flush=True)
        rows = {"lossopt": timing.breakdown(us["timings"], notebooks)}
        same = True
        if st:
            rows = {"stock": timing.breakdown(st["timings"], notebooks), **rows}
            print(f"비율 (ratio): {st['wall'] / us['wall']:.2f}x")
            diff = [(k, st["points"].get(k), us["points"].get(k)) for k in sorted(set(st["points"]) | set(us["points"]))
                    if st["points"].get(k) != us["points"].get(k)]
            same = not diff
            if same:
                print(f"점수: 자동 채점 셀 {sum(len(v) for v in us['points'].values())}개 모두 같습니다 (identical).")
            for key, a, b in diff:
                cells = sorted(set(a or {}) | set(b or {}))
                bad = [f"{c}: stock {(a or {}).get(c)} / lossopt {(b or {}).get(c)}" for c in cells if (a or {}).get(c) != (b or {}).get(c)]
                print(f"점수가 다릅니다 {key[0]}/{key[1]}: " + "; ".join(bad))
        print(_table(rows))
        print("(kernel_start: 커널 프로세스 시작부터 응답까지, imports: 첫 코드 셀, gradebook: gradebook 쓰기/읽기, "
              "nbgrader_steps: 노트북 변환의 나머지, course_copy/process_start/worker_setup: 제출물마다의 준비를 노트북 수로 나눈 값; "
              "병렬 실행에서는 합이 벽시계 시간보다 큽니다)")
        if keep:
            shutil.copytree(work, keep, symlinks=True, dirs_exist_ok=True)
        return 0 if same else 1
    finally:
        shutil.rmtree(work, ignore_errors=True)
