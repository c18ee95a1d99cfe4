"""Grading on a real Dask cluster: a scheduler and two workers started with Dask's own commands.

The same small class is graded on the embedded local cluster (the default) and on the
cluster at ``--scheduler``; grades and feedback must be the same byte for byte. One worker
is killed (its whole process group, as a machine that goes away) while it grades: its task is
run again on the other worker and every submission is recorded exactly once.
"""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path

import nbformat
import pytest

from conftest import REPO, fill, read
from autograder import sandbox

pytestmark = pytest.mark.skipif(not sandbox.available()[0], reason="bubblewrap sandbox unavailable: " + sandbox.available()[1])

AID, NAME = "ch04_schedules", "01_decay_schedules"  # one short notebook per submission: the others are missing


def _class(folder: Path) -> None:
    sol = read(REPO / "solutions" / AID / f"{NAME}.ipynb")
    rel = read(REPO / "notebooks" / AID / f"{NAME}.ipynb")
    made = {"s1": sol, "s2": rel, "s3": fill(rel, sol, ["step_lr"])}
    for student, nb in made.items():
        (folder / student / AID).mkdir(parents=True)
        nbformat.write(nb, str(folder / student / AID / f"{NAME}.ipynb"))


def _env() -> dict:
    env = dict(os.environ)
    env["PYTHONPATH"] = str(REPO) + os.pathsep + env.get("PYTHONPATH", "")
    env["PATH"] = str(Path(sys.executable).parent) + os.pathsep + env.get("PATH", "")
    env["DASK_DISTRIBUTED__SCHEDULER__WORK_STEALING"] = "False"  # a task stays where it was sent
    return env


def _dask(*args, log: Path) -> subprocess.Popen:
    return subprocess.Popen([str(Path(sys.executable).parent / "dask"), *args], cwd=str(REPO), env=_env(),
                            stdout=log.open("wb"), stderr=subprocess.STDOUT, start_new_session=True)


def _outputs(out: Path) -> dict[str, bytes]:
    files = [out / "grades.csv", out / "grades_by_cell.csv", *sorted((out / "feedback").rglob("*.html"))]
    return {str(p.relative_to(out)): p.read_bytes() for p in files}


@pytest.fixture
def cluster(tmp_path):
    sched_file = tmp_path / "scheduler.json"
    procs = [_dask("scheduler", "--host", "127.0.0.1", "--port", "0", "--no-dashboard", "--scheduler-file", str(sched_file),
                   log=tmp_path / "scheduler.log")]
    deadline = time.monotonic() + 60
    while not sched_file.exists() and time.monotonic() < deadline:
        time.sleep(0.2)
    address = json.loads(sched_file.read_text())["address"]
    assert address.startswith("tcp://127.0.0.1:")
    for i in range(2):
        procs.append(_dask("worker", address, "--host", "127.0.0.1", "--nthreads", "1", "--nworkers", "1",
                           "--no-dashboard", "--memory-limit", "0", "--name", f"w{i}", log=tmp_path / f"worker{i}.log"))
    from distributed import Client

    with Client(address, timeout="60s") as client:
        client.wait_for_workers(2, timeout=90)
    yield address, procs
    for p in procs:
        try:
            os.killpg(p.pid, signal.SIGKILL)
        except ProcessLookupError:
            pass
        p.wait()
    from autograder import distributed

    distributed._sweep()  # the killed workers' scratch folders (a worker starting on this machine does the same)


def test_cluster_grades_like_local_and_survives_a_lost_worker(tmp_path, cluster):
    from distributed import Client

    from autograder.grade import grade, load_results

    address, procs = cluster
    subs = tmp_path / "subs"
    _class(subs)
    local = grade(subs, tmp_path / "local", workers=2)
    assert {r["student"] for r in local["summary"]} == {"s1", "s2", "s3"}
    assert not any("채점 오류" in r["problems"] for r in local["summary"])

    killed = {}

    def kill_one_busy_worker():
        with Client(address, timeout="30s") as watcher:
            names = {w["name"]: addr for addr, w in watcher.scheduler_info()["workers"].items()}
            deadline = time.monotonic() + 120
            while time.monotonic() < deadline:
                busy = {a: keys for a, keys in watcher.processing().items() if keys}
                for name, addr in names.items():
                    if busy.get(addr):
                        time.sleep(3)  # well inside the task: the grading process and its kernel run
                        proc = procs[1 + int(name[1:])]
                        os.killpg(proc.pid, signal.SIGKILL)  # the nanny, the worker, all it started
                        killed.update(name=name, keys=list(busy[addr]))
                        return
                time.sleep(0.2)

    killer = threading.Thread(target=kill_one_busy_worker)
    killer.start()
    remote = grade(subs, tmp_path / "remote", scheduler=address)
    killer.join()
    assert killed, "no worker was busy to be killed"
    # every submission once, none lost, none twice
    assert sorted(r["student"] for r in remote["summary"]) == ["s1", "s2", "s3"]
    assert sorted(r["student"] for r in load_results(tmp_path / "remote")) == ["s1", "s2", "s3"]
    assert _outputs(tmp_path / "remote") == _outputs(tmp_path / "local")
    scores = {r["student"]: r["score"] for r in remote["summary"]}
    assert scores["s1"] > scores["s3"] > scores["s2"] == 0
    assert (tmp_path / "remote" / "autograded" / "s1" / AID / f"{NAME}.ipynb").is_file()
