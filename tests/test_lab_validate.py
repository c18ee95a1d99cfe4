"""`make lab` and `make formgrade` through real servers.

The learner's server answers the Validate button (solved passes, untouched fails), shows none of
nbgrader's instructor tools and serves the Hangul web font; the instructor's has formgrader.
"""

from __future__ import annotations

import json
import re
import shutil
import socket
import subprocess
import time
import urllib.error
import urllib.parse
import urllib.request
from contextlib import contextmanager

from conftest import REPO

from autograder import lab
from autograder.nbutil import assignments, notebook_names

TOKEN = "lossopt-test-token"


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def fetch(port, path, data=None) -> tuple[int, bytes]:
    url = f"http://127.0.0.1:{port}{path}"
    body = urllib.parse.urlencode(data).encode() if data is not None else None
    req = urllib.request.Request(url, data=body, headers={"Authorization": f"token {TOKEN}"})
    try:
        with urllib.request.urlopen(req, timeout=120) as resp:
            return resp.status, resp.read()
    except urllib.error.HTTPError as err:
        return err.code, err.read()


def request(port, path, data=None):
    status, body = fetch(port, path, data)
    assert status == 200, (path, status)
    return json.loads(body.decode())


@contextmanager
def server(role, root):
    """The server `make lab` (learner) or `make formgrade` (instructor) starts, on a free port in ``root``."""
    port = free_port()
    argv, env = lab.command(role, "--no-browser", f"--port={port}", "--ServerApp.ip=127.0.0.1",
                            f"--ServerApp.token={TOKEN}", root=root)
    proc = subprocess.Popen(argv, env=env, cwd=root, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        for _ in range(120):
            try:
                request(port, "/api/status")
                break
            except (urllib.error.URLError, ConnectionError, AssertionError):
                time.sleep(0.5)
        yield port
    finally:
        proc.terminate()
        proc.wait(timeout=30)


def page_config(port) -> dict:
    status, html = fetch(port, "/lab")
    assert status == 200
    found = re.search(rb'<script id="jupyter-config-data" type="application/json">(.*?)</script>', html, re.S)
    return json.loads(found.group(1))


def test_learner_lab_validates_and_hides_instructor_tools(tmp_path):
    aid = assignments()[0]
    name = notebook_names(aid)[0]
    shutil.copy(REPO / "solutions" / aid / f"{name}.ipynb", tmp_path / "solved.ipynb")
    shutil.copy(REPO / "notebooks" / aid / f"{name}.ipynb", tmp_path / "untouched.ipynb")
    with server("learner", tmp_path) as port:
        assert request(port, f"/nbgrader_version?version={_nbgrader_version()}")["success"]
        solved = request(port, "/assignments/validate", {"path": "solved.ipynb"})
        assert solved["success"] and not solved["value"].get("failed") and not solved["value"].get("errored"), solved
        untouched = request(port, "/assignments/validate", {"path": "untouched.ipynb"})
        assert untouched["success"]  # the request worked ...
        assert untouched["value"].get("failed"), untouched  # ... and it reports failing cells
        # no instructor tools: neither on the server nor in the page
        assert fetch(port, "/formgrader")[0] == 404
        assert fetch(port, "/assignments")[0] == 404 and fetch(port, "/courses")[0] == 404
        disabled = set(page_config(port)["disabledExtensions"])
        hidden = {f"@jupyter/nbgrader:{p}" for p in ("formgrader", "create-assignment", "assignment-list", "course-list", "menu")}
        assert hidden <= disabled and "@jupyter/nbgrader:validate-assignment" not in disabled
        _serves_the_hangul_font(port)


def test_instructor_lab_has_formgrader(tmp_path):
    shutil.copy(REPO / "nbgrader_config.py", tmp_path / "nbgrader_config.py")
    with server("instructor", tmp_path) as port:
        status, html = fetch(port, "/formgrader")
        assert status == 200 and b"formgrade" in html.lower()
        disabled = set(page_config(port)["disabledExtensions"])
        assert "@jupyter/nbgrader:formgrader" not in disabled and "@jupyter/nbgrader:create-assignment" not in disabled
        _serves_the_hangul_font(port)


def _serves_the_hangul_font(port):
    status, html = fetch(port, "/lab")
    assert b'custom/custom.css"' in html  # the page loads the stylesheet ...
    status, css = fetch(port, "/custom/custom.css")  # ... which brings the font
    assert status == 200 and b"NanumGothic" in css and b"url(\"NanumGothic.ttf\")" in css
    status, font = fetch(port, "/custom/NanumGothic.ttf")
    assert status == 200 and font[:4] == b"\x00\x01\x00\x00" and len(font) > 1_000_000  # a TrueType font


def _nbgrader_version():
    import nbgrader

    return nbgrader.__version__
