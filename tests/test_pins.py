"""environment.yml and pyproject.toml pin the same packages."""

from __future__ import annotations

import re
import tomllib

from conftest import REPO


def norm(spec: str) -> str:
    spec = spec.strip().strip('"').strip("'")
    name, rest = re.match(r"^([A-Za-z0-9_.\-\[\]]+)\s*(.*)$", spec).groups()
    return re.sub(r"[-_.]+", "-", name).lower() + rest.replace(" ", "")


def pyproject_pins():
    data = tomllib.loads((REPO / "pyproject.toml").read_text(encoding="utf-8"))
    return {norm(d) for d in data["project"]["dependencies"]}


def environment_pins():
    pins, in_pip = set(), False
    for line in (REPO / "environment.yml").read_text(encoding="utf-8").splitlines():
        if re.match(r"^\s*-\s*pip:\s*$", line):
            in_pip = True
            continue
        m = re.match(r"^\s{4,}-\s*(.+?)\s*$", line)
        if in_pip and m and not m.group(1).startswith("-e"):
            pins.add(norm(m.group(1)))
    return pins


def test_pins_agree():
    assert pyproject_pins() == environment_pins()


def test_key_pins():
    pins = pyproject_pins()
    assert "torch==2.13.0" in pins  # the local CPU build; anything else pulls CUDA packages
    assert "jupyter-book>=1,<2" in pins  # 2.x fetches its theme at build time
    for name in ["nbgrader", "jupyterlab", "nbval", "jupytext", "numpy", "matplotlib"]:
        assert any(p.startswith(name + "==") for p in pins), name
