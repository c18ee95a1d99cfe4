"""Every solutions notebook runs to the end on other floating-point paths than this machine's.

Machines of our kind differ in their CPUs (AVX-512 on some, AVX2 on others), and torch picks
its kernels, and so its rounding, by the CPU. nbval and the book already run each notebook on
this machine's path; here each runs again (all cells must pass) on

- ``default``: torch's non-vectorised kernels (``ATEN_CPU_CAPABILITY=default``), one thread
  (another summation order in reductions and BLAS), and
- ``avx2``: the AVX2 kernels, when this machine would use AVX-512 (skipped, with the reason,
  where AVX2 is already the native path: nbval covers it).

So a cell that asserts digits of a chaotic or float32 run fails here, not on a learner's CPU.
"""

from __future__ import annotations

import os
import subprocess
import sys

import nbformat
import pytest
from conftest import REPO
from nbclient import NotebookClient

NOTEBOOKS = sorted((REPO / "solutions").glob("*/*.ipynb"))


def _native_capability() -> str:
    code = "import torch; print(torch.backends.cpu.get_cpu_capability())"
    env = {k: v for k, v in os.environ.items() if k != "ATEN_CPU_CAPABILITY"}
    return subprocess.run([sys.executable, "-c", code], env=env, capture_output=True, text=True, check=True).stdout.strip()


NATIVE = _native_capability()
PATHS = {
    "default-1thread": {"ATEN_CPU_CAPABILITY": "default", "OMP_NUM_THREADS": "1", "MKL_NUM_THREADS": "1"},
    "avx2": {"ATEN_CPU_CAPABILITY": "avx2"},
}


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: f"{p.parent.name}/{p.stem}")
@pytest.mark.parametrize("fp", list(PATHS))
def test_notebook_runs_on_another_fp_path(fp, path):
    if fp == "avx2" and NATIVE != "AVX512":
        pytest.skip(f"this CPU's native path is {NATIVE}: nbval already runs it")
    nb = nbformat.read(str(path), as_version=4)
    env = {**os.environ, "LOSSOPT_HEADLESS": "1", "LOSSOPT_STRICT_FONTS": "1", "PYTHONHASHSEED": "0", **PATHS[fp]}
    # a last cell reports the kernel's path: the cells ran on the path this test names
    nb.cells.append(nbformat.v4.new_code_cell("import torch; print(torch.backends.cpu.get_cpu_capability(), torch.get_num_threads())"))
    client = NotebookClient(nb, timeout=180, kernel_name="python3", resources={"metadata": {"path": str(path.parent)}})
    client.execute(env=env)
    printed = "".join(o.get("text", "") for o in nb.cells[-1].outputs if o.get("name") == "stdout")
    capability, threads = printed.split()[-2:]
    assert capability == {"default-1thread": "DEFAULT", "avx2": "AVX2"}[fp]
    if fp == "default-1thread":
        assert threads == "1"
