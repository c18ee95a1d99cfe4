"""Make the student release: ``notebooks/`` = ``nbgrader generate_assignment`` of ``solutions/``."""

from __future__ import annotations

import shutil
import tempfile
from pathlib import Path

from autograder import course
from autograder.nbutil import REPO, assignments


def generate(dest: Path, which: list[str] | None = None, repo: Path = REPO) -> list[str]:
    """Generate the release of ``which`` (default: every assignment) into ``dest``."""
    which = which or assignments(repo / "solutions")
    with tempfile.TemporaryDirectory(prefix="lossopt-release-") as tmp:
        root = Path(tmp)
        cfg = course.scratch_course(root, repo)
        for aid in which:
            course.generate_assignment(cfg, aid)
            target = dest / aid
            if target.exists():
                shutil.rmtree(target)
            shutil.copytree(root / "release" / aid, target)
    return which


def release(which: list[str] | None = None, repo: Path = REPO) -> list[str]:
    """Regenerate ``notebooks/`` from ``solutions/``: the named assignments, or all of them
    (then assignments gone from solutions/ are removed from notebooks/ too)."""
    dest = repo / "notebooks"
    dest.mkdir(exist_ok=True)
    known = assignments(repo / "solutions")
    unknown = [a for a in which or [] if a not in known]
    if unknown:
        raise ValueError(f"solutions/에 없는 과제입니다: {', '.join(unknown)} (과제: {', '.join(known)})")
    made = generate(dest, which or None, repo=repo)
    if not which:
        for old in dest.iterdir():
            if old.is_dir() and old.name not in made:
                shutil.rmtree(old)
    return made


def differences(repo: Path = REPO) -> list[str]:
    """How the committed release differs from a fresh generate_assignment (empty when equal)."""
    import nbformat

    problems = []
    with tempfile.TemporaryDirectory(prefix="lossopt-fresh-") as tmp:
        fresh = Path(tmp)
        generate(fresh, repo=repo)
        committed = repo / "notebooks"
        a = {p.relative_to(fresh) for p in fresh.rglob("*") if p.is_file()}
        b = {p.relative_to(committed) for p in committed.rglob("*") if p.is_file()} if committed.exists() else set()
        for rel in sorted(a - b):
            problems.append(f"missing from notebooks/: {rel}")
        for rel in sorted(b - a):
            problems.append(f"not made by generate_assignment: notebooks/{rel}")
        for rel in sorted(a & b):
            if rel.suffix == ".ipynb":
                x = nbformat.read(str(fresh / rel), as_version=4)
                y = nbformat.read(str(committed / rel), as_version=4)
                if x != y:
                    problems.append(f"differs from a fresh release: notebooks/{rel} (run `make release`)")
            elif (fresh / rel).read_bytes() != (committed / rel).read_bytes():
                problems.append(f"differs from a fresh release: notebooks/{rel}")
    return problems
