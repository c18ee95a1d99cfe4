"""The prose stands alone and keeps the book's conventions (book/glossary.md).

A learner has never seen the study notes the chapters grew from, so no text may refer to them;
every correction uses the one box style; one word per concept.
"""

from __future__ import annotations

import re

import pytest
from conftest import REPO

from autograder.book import CORRECTION, correction_boxes
from autograder.nbutil import read

NOTEBOOKS = sorted((REPO / "solutions").glob("*/*.ipynb"))
PAGES = sorted((REPO / "book").glob("*.md"))


def _markdown(path):
    if path.suffix == ".md":
        return [path.read_text(encoding="utf-8")]
    return [c.source for c in read(path).cells if c.cell_type == "markdown"]


def _without_code(text: str) -> str:
    return re.sub(r"`[^`\n]*`", "", text)


def _notes_mentions(text: str) -> list[str]:
    """Places that refer to the study notes (노트북, notebook, is fine)."""
    return [f"refers to the notes: …{m.group(0)}…" for m in re.finditer(r"[^\n]{0,30}노트(?!북)[^\n]{0,30}", text)]


@pytest.mark.parametrize("path", NOTEBOOKS + PAGES, ids=lambda p: f"{p.parent.name}/{p.stem}")
def test_prose_keeps_the_conventions(path):
    problems = []
    for text in _markdown(path):
        prose = _without_code(text)
        problems += _notes_mentions(prose)
        for line in text.splitlines():
            if "바로잡기" in line and line.lstrip().startswith("#"):
                problems.append(f"a correction as a heading, not a box: {line.strip()}")
            if "바로잡기:" in line and not line.startswith(CORRECTION):
                problems.append(f"a correction outside the box style: {line.strip()[:80]}")
        for word in ("걸음", "RMSprop"):  # 스텝 (step); RMSProp is the algorithm, `RMSprop` the torch class
            if word in prose:
                problems.append(f"uses {word!r} (see book/glossary.md)")
    assert not problems, "\n".join(problems)


def test_correction_box_becomes_one_admonition():
    text = 'before\n\n> **바로잡기.** 흔한 설명: "a"\n>\n> 실제로는 b.\n\nafter'
    out = correction_boxes(text)
    assert out.count(":::{admonition} 바로잡기") == 1 and ":class: caution" in out
    assert '흔한 설명: "a"' in out and "실제로는 b." in out and "> " not in out
    assert out.startswith("before") and out.endswith("after")


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: f"{p.parent.name}/{p.stem}")
def test_code_and_printed_text_do_not_refer_to_the_notes(path):
    """Printed labels, test docstrings (shown in feedback) and comments stand alone too."""
    problems = [m for c in read(path).cells if c.cell_type == "code" for m in _notes_mentions(c.source)]
    assert not problems, "\n".join(problems)


def test_feedback_sentences_do_not_refer_to_the_notes():
    problems = [f"{p.name}: {m}" for p in sorted((REPO / "lossopt").rglob("*.py")) for m in _notes_mentions(p.read_text(encoding="utf-8"))]
    assert not problems, "\n".join(problems)
