"""The book builds (warnings are errors) with solutions collapsed and no hidden tests."""

from __future__ import annotations

import html
import re

import pytest

from conftest import REPO
from test_grading import hidden_lines

from autograder.book import CORRECTION, learner_links
from autograder.nbutil import assignments, is_solution, notebook_names, read


def test_book_builds_without_warnings(book_site):
    site = book_site
    assert (site / "index.html").exists()
    toc = (REPO / "book" / "_toc.yml").read_text(encoding="utf-8")
    secret = hidden_lines()
    for aid in assignments():
        for name in notebook_names(aid):
            assert f"{aid}/{name}" in toc, f"{aid}/{name} is missing from book/_toc.yml"
            page = html.unescape((site / aid / f"{name}.html").read_text(encoding="utf-8"))
            solution_code = sum(is_solution(c) and c.cell_type == "code"
                                for c in read(REPO / "solutions" / aid / f"{name}.ipynb").cells)
            assert page.count("tag_hide-input") >= solution_code, "every solution code cell is collapsed"
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
            assert page.count("caution admonition") == boxes, f"{aid}/{name}: {boxes} correction boxes"


def test_chapter_pages_offer_the_learners_notebook(book_site):
    """Each chapter page links the release notebook (not the solutions it was built from) for download."""
    for aid in assignments():
        for name in notebook_names(aid):
            page = (book_site / aid / f"{name}.html").read_text(encoding="utf-8")
            hrefs = re.findall(r'href="([^"]*_downloads/[^"]*/' + re.escape(name) + r'\.ipynb)"', page)
            assert hrefs, f"{aid}/{name}: no download link to the learner's notebook"
            got = (book_site / aid / hrefs[0]).resolve().read_bytes()
            assert got == (REPO / "notebooks" / aid / f"{name}.ipynb").read_bytes()
            assert "BEGIN SOLUTION" not in got.decode("utf-8")
            # no repository configured for this build: no Binder or Colab buttons that lead nowhere
            assert "mybinder.org" not in page and "colab.research.google.com" not in page


def test_launch_links_open_the_release_notebook():
    assert "Binder" not in learner_links("ch01_losses", "01_regression_losses")
    links = learner_links("ch01_losses", "01_regression_losses", "https://github.com/lossopt/lossopt.git", "main")
    assert "https://mybinder.org/v2/gh/lossopt/lossopt/main?labpath=notebooks/ch01_losses/01_regression_losses.ipynb" in links
    assert "https://colab.research.google.com/github/lossopt/lossopt/blob/main/notebooks/ch01_losses/01_regression_losses.ipynb" in links
    with pytest.raises(ValueError):
        learner_links("ch01_losses", "01_regression_losses", "not a url")
