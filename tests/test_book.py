"""The book builds (warnings are errors) with solutions collapsed and no hidden tests."""

from __future__ import annotations

import html

from conftest import REPO
from test_grading import hidden_lines

from autograder.book import CORRECTION
from autograder.nbutil import assignments, notebook_names, read


def test_book_builds_without_warnings(book_site):
    site = book_site
    assert (site / "index.html").exists()
    toc = (REPO / "book" / "_toc.yml").read_text(encoding="utf-8")
    secret = hidden_lines()
    for aid in assignments():
        for name in notebook_names(aid):
            assert f"{aid}/{name}" in toc, f"{aid}/{name} is missing from book/_toc.yml"
            page = html.unescape((site / aid / f"{name}.html").read_text(encoding="utf-8"))
            assert "tag_hide-input" in page, "solution cells are collapsed"
            assert "BEGIN SOLUTION" not in page and "HIDDEN TESTS" not in page
            assert not [line for line in secret if line in page]
            assert "Traceback" not in page
    assert list((site / "_images").glob("*.png")), "figures were rendered"
    # math renders offline: MathJax is served from the site itself, not from a CDN
    assert (site / "_static" / "mathjax" / "tex-chtml.js").exists()
    page = (site / assignments()[0] / f"{notebook_names(assignments()[0])[0]}.html").read_text(encoding="utf-8")
    assert "_static/mathjax/tex-chtml.js" in page and "cdn.jsdelivr" not in page
    # Hangul comes with the site: the web font and the stylesheet that uses it
    assert (site / "_static" / "NanumGothic.ttf").stat().st_size > 1_000_000
    assert "_static/hangul.css" in page
    # every page with a correction box shows it as a caution admonition, and no box is left a quote
    for aid in assignments():
        for name in notebook_names(aid):
            boxes = sum(c.source.count(CORRECTION) for c in read(REPO / "solutions" / aid / f"{name}.ipynb").cells
                        if c.cell_type == "markdown")
            page = (site / aid / f"{name}.html").read_text(encoding="utf-8")
            assert page.count("admonition caution") == boxes, f"{aid}/{name}: {boxes} correction boxes"
