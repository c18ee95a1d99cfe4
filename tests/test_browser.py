"""The built book, read in headless Chromium as a learner would.

Debian's ``chromium`` (installed by ``make test``'s system step) is driven by Playwright with
``executable_path``: Playwright's own browser download does not work offline. Each chapter page
must load with no console error and no request leaving the local server, render every formula
with MathJax, show its Hangul in the book's own web font, keep solution code collapsed until
clicked, carry no hidden-test text, load every figure and download the learner's notebook (not the solutions);
the search page must find a term.
One screenshot per page is kept in ``build/screenshots/`` (not committed).
"""

from __future__ import annotations

import functools
import http.server
import os
import shutil
import threading
from pathlib import Path

import pytest
from conftest import REPO
from test_grading import hidden_lines

from autograder.nbutil import assignments, is_solution, notebook_names, read

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
SHOTS = REPO / "build" / "screenshots"
PAGES = [f"{aid}/{name}" for aid in assignments() for name in notebook_names(aid)]
# pydata-sphinx-theme logs this on a first visit (no theme mode stored yet) and then picks "auto":
# the theme's own noise, not a fault of the page.
BENIGN = ("Got invalid theme mode: . Resetting to auto.",)


def _console_error(msg) -> str | None:
    if msg.type != "error" or msg.text in BENIGN:
        return None
    if msg.location.get("url", "").endswith("/favicon.ico"):  # the browser asks for one; the book has none
        return None
    return f"{msg.text} ({msg.location.get('url', '')})"


@pytest.fixture(scope="module")
def browser():
    if CHROMIUM is None:
        if os.environ.get("CI"):
            pytest.fail("chromium is missing: make test's system step should have installed it")
        pytest.skip("chromium is not installed (sudo apt-get install chromium)")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as pw:
        chromium = pw.chromium.launch(executable_path=CHROMIUM, headless=True, args=["--no-sandbox", "--disable-gpu"])
        yield chromium
        chromium.close()


@pytest.fixture(scope="module")
def site(book_site):
    """The built book on a local HTTP server: its origin."""
    class Quiet(http.server.SimpleHTTPRequestHandler):
        def log_message(self, *args):
            pass

    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(Quiet, directory=str(book_site)))
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{httpd.server_address[1]}"
    httpd.shutdown()


def open_page(browser, origin, path):
    """A fresh page at ``path``, with lists of its console errors and of requests leaving ``origin``."""
    page = browser.new_page(viewport={"width": 1280, "height": 900}, accept_downloads=True)
    errors, outside = [], []
    page.on("console", lambda msg: errors.append(_console_error(msg)) if _console_error(msg) else None)
    page.on("pageerror", lambda exc: errors.append(str(exc)))
    page.on("request", lambda req: outside.append(req.url)
            if not req.url.startswith((origin, "data:", "blob:", "about:")) else None)
    page.goto(f"{origin}/{path}", wait_until="load")
    return page, errors, outside


@pytest.mark.parametrize("path", PAGES)
def test_chapter_page_in_a_browser(browser, site, path):
    page, errors, outside = open_page(browser, site, f"{path}.html")
    try:
        # math: MathJax typeset every formula; no raw TeX delimiters left in the text
        page.wait_for_function("() => window.MathJax && MathJax.startup && MathJax.startup.promise", timeout=30_000)
        page.evaluate("() => MathJax.startup.promise")
        untypeset = page.evaluate("""() => [...document.querySelectorAll('span.math, div.math')]
            .filter(e => !e.querySelector('mjx-container')).map(e => e.textContent.slice(0, 60))""")
        assert not untypeset, f"formulas left as TeX: {untypeset[:3]}"
        text = page.inner_text("main")
        assert "\\(" not in text and "$$" not in text and "\\[" not in text
        # Hangul in the book's own font (the machine has no Korean font of its own to fall back on)
        page.evaluate("() => document.fonts.ready")
        nanum = page.evaluate("""() => [...document.fonts].filter(f => f.family.replace(/["']/g, '') === 'NanumGothic')
            .map(f => f.status)""")
        assert "loaded" in nanum, f"NanumGothic web font not loaded: {nanum}"
        assert page.evaluate("() => document.fonts.check('16px NanumGothic', '한글')")
        # solution code starts collapsed and opens on click
        toggles = page.locator("div.tag_hide-input details.hide")
        aid, name = path.split("/")
        solution_code = sum(is_solution(c) and c.cell_type == "code" for c in read(REPO / "solutions" / aid / f"{name}.ipynb").cells)
        assert toggles.count() >= solution_code, "every solution code cell sits behind a toggle"
        if solution_code:
            first = toggles.first
            code = first.locator("div.cell_input")
            assert first.get_attribute("open") is None and not code.is_visible()
            first.locator("summary").click()
            assert code.is_visible()
        # no hidden-test text anywhere on the page
        html = page.content()
        leaked = [line for line in hidden_lines() if line in html]
        assert not leaked, f"hidden-test lines on the page: {leaked[:2]}"
        # every figure loaded
        images = page.evaluate("() => [...document.images].map(i => [i.src, i.complete && i.naturalWidth > 0])")
        assert all(ok for _, ok in images), [src for src, ok in images if not ok]  # a page may have no figure
        # the learner's notebook downloads from the page; the theme's own button (the solutions) is gone
        assert page.locator(".dropdown-download-buttons").count() == 0
        link = page.locator("a.download", has_text="학생용 노트북")
        with page.expect_download() as download:
            link.first.click()
        assert Path(download.value.path()).read_bytes() == (REPO / "notebooks" / aid / f"{name}.ipynb").read_bytes()
        SHOTS.mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(SHOTS / f"{path.replace('/', '__')}.png"))
        assert not errors, f"console errors: {errors[:3]}"
        assert not outside, f"requests leaving the machine: {outside[:3]}"
    finally:
        page.close()


def test_intro_glossary_and_search_in_a_browser(browser, site):
    for path in ("intro.html", "glossary.html"):
        page, errors, outside = open_page(browser, site, path)
        assert "바로잡기" in page.inner_text("main") and not errors and not outside, (path, errors, outside)
        page.close()
    page, errors, outside = open_page(browser, site, "search.html?q=Huber")
    try:
        page.wait_for_selector("#search-results li", timeout=30_000)
        hits = page.locator("#search-results li a").evaluate_all("links => links.map(a => a.getAttribute('href'))")
        assert any("01_regression_losses" in h for h in hits), hits
        assert not errors and not outside, (errors, outside)
    finally:
        page.close()
