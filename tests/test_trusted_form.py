"""Test cells are written for the trusted grader (autograder.trusted).

When a class is graded, a test cell runs in the grader's process: its names come from the source
notebook's given imports and definitions, from earlier test cells, or, by value or as a proxy,
from the learner's kernel. A test cell must therefore only use names that one of these provides,
and never a callable that a given cell makes as plain data (``f = lambda …``): that one would be
the learner's to change, and so would anything computed with it.
"""

from __future__ import annotations

import ast
import builtins
import symtable

import pytest
from conftest import REPO

from autograder.nbutil import is_graded, is_solution, read
from autograder.trusted import _python

NOTEBOOKS = sorted(REPO.glob("solutions/*/*.ipynb"))


def _top_names(tree: ast.Module) -> tuple[set[str], set[str], set[str]]:
    """(imports and defs, plain data, data that is callable) assigned at the top of a cell."""
    defs, data, callables = set(), set(), set()
    for node in tree.body:
        if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)):
            defs.add(node.name)
        elif isinstance(node, (ast.Import, ast.ImportFrom)):
            defs |= {(a.asname or a.name).split(".")[0] for a in node.names}
        elif isinstance(node, (ast.Assign, ast.AnnAssign, ast.AugAssign, ast.For, ast.With)):
            targets = node.targets if isinstance(node, ast.Assign) else [getattr(node, "target", None)] + [
                i.optional_vars for i in getattr(node, "items", []) if i.optional_vars is not None]
            names = {n.id for t in targets if t is not None for n in ast.walk(t) if isinstance(n, ast.Name)}
            data |= names
            if isinstance(getattr(node, "value", None), ast.Lambda):
                callables |= names
    # names bound in nested blocks at the top (with, if, try, for) count as data too
    table = symtable.symtable(ast.unparse(tree), "cell", "exec")
    data |= {s.get_name() for s in table.get_symbols() if s.is_assigned() or s.is_imported()} - defs
    return defs, data, callables


def _free(source: str) -> set[str]:
    table = symtable.symtable(source, "cell", "exec")
    assigned = {s.get_name() for s in table.get_symbols() if s.is_assigned() or s.is_imported()}
    free = set()

    def walk(t):
        for s in t.get_symbols():
            if t.get_type() == "module":
                if s.is_referenced() and s.get_name() not in assigned:
                    free.add(s.get_name())
            elif s.is_global() and s.get_name() not in assigned:
                free.add(s.get_name())
        for child in t.get_children():
            walk(child)

    walk(table)
    return {n for n in free if not hasattr(builtins, n)}


def problems_of(cells) -> list[str]:
    answers: set[str] = set()
    for c in cells:
        if is_solution(c):
            answers |= set().union(*_top_names(ast.parse(_python(c.source)))[:2])
    provided, given_data, given_callables = set(), set(), set()
    problems = []
    for c in cells:
        tree = ast.parse(_python(c.source))
        defs, data, callables = _top_names(tree)
        if is_graded(c) and not is_solution(c):
            for name in sorted(_free(_python(c.source))):
                if name in given_callables and name not in answers:
                    problems.append(f"{c.metadata['nbgrader']['grade_id']}: {name} is a callable given as data")
                elif name not in provided and name not in answers and name not in given_data:
                    problems.append(f"{c.metadata['nbgrader']['grade_id']}: {name} is defined nowhere before")
            provided |= defs | data
        elif not is_solution(c):
            provided |= defs - answers
            given_data |= data - answers
            given_callables |= callables - answers
    return problems


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: f"{p.parent.name}/{p.stem}")
def test_test_cells_use_only_names_the_grader_can_provide(path):
    problems = problems_of([c for c in read(path).cells if c.cell_type == "code"])
    assert not problems, problems


def test_the_check_rejects_what_the_grader_cannot_provide():
    import nbformat

    def cell(src, **nbg):
        c = nbformat.v4.new_code_cell(src)
        c.metadata["nbgrader"] = nbg
        return c

    cells = [cell("import numpy as np\nloss_at = lambda lr, i: lr\ndata = np.zeros(3)\ndef helper():\n    return 1"),
             cell("def answer(x):\n    return x", solution=True, grade=False, grade_id="a"),
             cell("assert answer(data) is not None and helper() == 1\nassert loss_at(1, 2) == 1\nassert nowhere", grade=True,
                  solution=False, grade_id="t", points=1)]
    assert problems_of(cells) == ["t: loss_at is a callable given as data", "t: nowhere is defined nowhere before"]
