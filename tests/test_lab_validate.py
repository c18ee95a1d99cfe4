"""`make lab`'s server answers the nbgrader Validate button: solved passes, untouched fails."""

from __future__ import annotations

import json
import shutil
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.parse
import urllib.request
from pathlib import Path

from conftest import REPO

from autograder.nbutil import assignments, notebook_names

TOKEN = "lossopt-test-token"


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def request(port, path, data=None):
    url = f"http://127.0.0.1:{port}{path}"
    body = urllib.parse.urlencode(data).encode() if data is not None else None
    req = urllib.request.Request(url, data=body, headers={"Authorization": f"token {TOKEN}"})
    with urllib.request.urlopen(req, timeout=120) as resp:
        return json.loads(resp.read().decode())


def test_validate_button_through_the_lab_server(tmp_path):
    aid = assignments()[0]
    name = notebook_names(aid)[0]
    shutil.copy(REPO / "solutions" / aid / f"{name}.ipynb", tmp_path / "solved.ipynb")
    shutil.copy(REPO / "notebooks" / aid / f"{name}.ipynb", tmp_path / "untouched.ipynb")
    port = free_port()
    jupyter = Path(sys.executable).parent / "jupyter"
    server = subprocess.Popen(
        [str(jupyter), "lab", "--no-browser", "--allow-root", f"--port={port}", "--ServerApp.ip=127.0.0.1",
         f"--ServerApp.token={TOKEN}", f"--ServerApp.root_dir={tmp_path}"],
        cwd=tmp_path, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
    )
    try:
        for _ in range(120):
            try:
                request(port, "/api/status")
                break
            except (urllib.error.URLError, ConnectionError):
                time.sleep(0.5)
        assert request(port, f"/nbgrader_version?version={_nbgrader_version()}")["success"]
        solved = request(port, "/assignments/validate", {"path": "solved.ipynb"})
        assert solved["success"] and not solved["value"].get("failed") and not solved["value"].get("errored"), solved
        untouched = request(port, "/assignments/validate", {"path": "untouched.ipynb"})
        assert untouched["success"]  # the request worked ...
        assert untouched["value"].get("failed"), untouched  # ... and it reports failing cells
    finally:
        server.terminate()
        server.wait(timeout=30)


def _nbgrader_version():
    import nbgrader

    return nbgrader.__version__
