"""Grading tasks on Dask distributed: one task per submission, on this machine or on many.

:func:`grade_all` is where :mod:`autograder.grade` dispatches its submissions. By default it
starts an embedded ``LocalCluster`` sized to the machine (one single-threaded worker process per
core: notebooks never share a GIL) and stops it afterwards; with ``scheduler=ADDRESS`` (or Dask's
own configuration, ``DASK_SCHEDULER_ADDRESS``) the same tasks go to a running cluster whose
workers are other machines with the project installed (``dask scheduler``, ``dask worker ADDRESS``,
or dask-jobqueue on a batch system). ``scheduler="pool"`` is the former path (a thread per core
supervising one grading process per submission on this machine, no Dask).

A task (:func:`grade_task`) is idempotent: it gets the submission's bytes, grades them in a fresh
folder of its worker's own scratch space (an nbgrader course made once per worker process and
assignment, copied per submission), in a supervised grading process of its own with the kernel in
the bubblewrap sandbox, exactly as :func:`autograder.grade._grade_one` does, and returns the whole
result (autograded notebooks included, as bytes); it writes nothing anywhere else. When a worker
is lost, Dask runs its tasks again elsewhere; the parent alone records results, once per
submission, keyed by student and assignment. A submission whose task keeps killing workers (Dask
gives up after ``distributed.scheduler.allowed-failures``) costs that submission only.

A worker checks that its ``solutions/`` are the parent's (a fingerprint per assignment) before it
grades: a machine with another version of the course refuses instead of grading differently.
"""

from __future__ import annotations

import atexit
import ctypes
import hashlib
import os
import shutil
import signal
import subprocess
import sys
import tempfile
import threading
import time
import uuid
from pathlib import Path

from autograder.nbutil import SOLUTIONS, notebook_names

_PREFIX = "lossopt-dask-"
_bench_hook = None  # python -m autograder bench: sees every result as it arrives


def fingerprint(aid: str, solutions: Path = SOLUTIONS) -> str:
    """What must be the same on every machine that grades ``aid``: its solution notebooks and the
    course configuration."""
    h = hashlib.sha256()
    for name in notebook_names(aid, solutions):
        h.update(name.encode() + b"\0" + (solutions / aid / f"{name}.ipynb").read_bytes())
    h.update((solutions.parent / "nbgrader_config.py").read_bytes())
    return h.hexdigest()[:16]


# --------------------------------------------------------------------------- the worker's side

class _State:
    """Per worker process: a scratch folder, one template course per assignment, the launcher."""

    def __init__(self):
        _sweep()
        self.scratch = Path(tempfile.mkdtemp(prefix=f"{_PREFIX}{os.getpid()}-"))
        atexit.register(shutil.rmtree, self.scratch, True)
        self.templates: dict[str, Path] = {}
        self.lock = threading.Lock()
        self.cfg = None
        self.zygote = None

    def zygote_for(self, hide: list[str]):
        """This worker's zygote (:mod:`autograder.zygote`) for a sandbox hiding ``hide``; restarted
        when it died or the paths changed (another grading run)."""
        from autograder import preload

        with self.lock:
            z = self.zygote
            if z is None or not z.alive() or z.hide != hide:
                if z is not None:
                    z.close()
                kroot = self.scratch / f"kernels-{uuid.uuid4().hex[:6]}"
                self.zygote = z = preload.Zygote(kroot, hide)
                atexit.register(z.close)
            return {"socket": z.socket, "kroot": str(z.kroot)}

    def template(self, aid: str) -> Path:
        with self.lock:
            if aid not in self.templates:
                from autograder import course

                root = self.scratch / "template"
                if self.cfg is None:
                    self.cfg = course.scratch_course(root)
                course.generate_assignment(self.cfg, aid)
                self.templates[aid] = root
            return self.templates[aid]


def _sweep() -> None:
    """Scratch folders of worker processes that died without cleaning up (killed, machine reset)."""
    for p in Path(tempfile.gettempdir()).glob(f"{_PREFIX}*"):
        try:
            pid = int(p.name[len(_PREFIX):].split("-")[0])
            os.kill(pid, 0)
        except ProcessLookupError:
            shutil.rmtree(p, ignore_errors=True)
        except (ValueError, PermissionError, OSError):
            continue


_STATE: _State | None = None
_STATE_LOCK = threading.Lock()


def _state() -> _State:
    global _STATE
    with _STATE_LOCK:
        if _STATE is None or _STATE.pid != os.getpid():
            _STATE = _State()
            _STATE.pid = os.getpid()
        return _STATE


class _Forked:
    """A grading process forked from a server that has nbgrader and the grader imported already
    (what ``python -m autograder.worker`` costs to start, paid once per worker process). It is a
    session leader (killed as a group, like the subprocess it replaces) and dies with its worker."""

    _ctx = None

    def __init__(self, job: Path, jdir: Path, log):
        import multiprocessing

        if _Forked._ctx is None:
            ctx = multiprocessing.get_context("forkserver")
            ctx.set_forkserver_preload(["autograder.worker", "autograder.course", "autograder.sandbox",
                                        "autograder.timing", "nbgrader.converters", "nbgrader.api",
                                        "nbgrader.preprocessors", "nbclient", "nbconvert",
                                        # what the trusted test code imports (autograder.trusted runs it here)
                                        "autograder.trusted", "numpy", "torch", "torch.nn.functional",
                                        "lossopt.check", "lossopt.steps", "lossopt.schedules", "lossopt.problems"])
            _Forked._ctx = ctx
        self._proc = _Forked._ctx.Process(target=_child, args=(str(job), str(jdir), str(log.name)), daemon=False)
        me = multiprocessing.current_process()  # a Dask worker process is "daemonic": it may fork all the same
        daemonic = me._config.get("daemon")
        me._config["daemon"] = False
        try:
            self._proc.start()
        finally:
            me._config["daemon"] = daemonic
        self.pid = self._proc.pid

    def wait(self, timeout=None):
        self._proc.join(timeout)
        if self._proc.exitcode is None:
            raise subprocess.TimeoutExpired("grading process", timeout)
        return self._proc.exitcode

    @property
    def returncode(self):
        return self._proc.exitcode


def _child(job: str, jdir: str, log_path: str) -> None:
    os.setsid()
    try:  # die with the fork server, which ends with its worker
        ctypes.CDLL(None, use_errno=True).prctl(1, signal.SIGKILL)  # PR_SET_PDEATHSIG
    except (OSError, AttributeError):
        pass
    os.chdir(jdir)
    log_fd = os.open(log_path, os.O_WRONLY | os.O_APPEND)
    os.dup2(log_fd, 1)
    os.dup2(log_fd, 2)
    os.close(log_fd)
    from autograder import worker

    code = worker.main([job])
    sys.stdout.flush()
    sys.stderr.flush()
    os._exit(code or 0)


def grade_task(payload: dict) -> dict:
    """Grade one submission on this worker; return its result (nothing is written elsewhere)."""
    from autograder import grade as g

    sub = g.Submission(payload["student"], payload["assignment"], Path("."), list(payload["good"]),
                       dict(payload["problems"]), list(payload["notes"]), dict(payload["data"]))
    sub.cell_notes = dict(payload.get("cell_notes") or {})
    base = {"student": sub.student, "assignment": sub.assignment, "problems": dict(sub.problems),
            "notes": list(sub.notes), "cell_notes": sub.cell_notes, "scores": {}, "outcomes": {}, "error": None, "log": ""}
    if not sub.good:
        return base
    t = time.perf_counter()
    st = _state()
    mine = fingerprint(sub.assignment)
    if mine != payload["fingerprint"]:
        base["error"] = "course mismatch"
        base["log"] = (f"worker {os.uname().nodename}: solutions/{sub.assignment} differs from the grading machine's "
                       f"({mine} != {payload['fingerprint']}); install the same version of the course there.")
        return base
    template = st.template(sub.assignment)
    opts = dict(payload["opts"])
    opts["hide"] = [*opts["hide"], str(st.scratch)]
    zlog = ""
    if opts.get("sandbox") and os.geteuid() == 0 and payload.get("zygote", True):
        try:
            opts["zygote"] = st.zygote_for(opts["hide"])
        except Exception as exc:  # noqa: BLE001 - no zygote: every kernel starts the ordinary way
            opts["zygote"] = None
            zlog = f"zygote unavailable, kernels started the ordinary way: {type(exc).__name__}: {exc}\n"
    setup = time.perf_counter() - t
    index = uuid.uuid4().hex[:12]  # a fresh folder per attempt: a retried task starts clean
    result = g._grade_one(sub, st.scratch, template, index, opts, launch=_Forked if payload.get("fork", True) else None)
    jdir = st.scratch / f"j{index}"
    try:
        if result.get("autograded_dir"):
            folder = Path(result.pop("autograded_dir"))
            result["autograded_files"] = {str(p.relative_to(folder)): p.read_bytes()
                                          for p in sorted(folder.rglob("*")) if p.is_file() and not p.is_symlink()}
    finally:
        shutil.rmtree(jdir, ignore_errors=True)
    timings = result.setdefault("timings", {"totals": {}, "counts": {}})
    tot = timings.setdefault("totals", {})
    tot["worker_setup"] = tot.get("worker_setup", 0.0) + setup
    result["worker"] = os.uname().nodename
    result["log"] = zlog + result.get("log", "")
    return result


# --------------------------------------------------------------------------- the parent's side

def _client(scheduler: str | None, workers: int):
    """A Dask client and what to close afterwards: the given scheduler, Dask's configured one, or an
    embedded local cluster of ``workers`` single-threaded processes (loopback only)."""
    import logging

    import dask
    from distributed import Client, LocalCluster

    address = scheduler or dask.config.get("scheduler-address", None)
    if address:
        client = Client(address, timeout="30s")
        return client, [client]
    cluster = LocalCluster(n_workers=workers, threads_per_worker=1, processes=True, host="127.0.0.1",
                           dashboard_address="127.0.0.1:0", memory_limit=0, silence_logs=logging.ERROR)
    client = Client(cluster)
    return client, [_Cleanup(client), client, cluster]


class _Cleanup:
    """Closing an embedded cluster: its workers first stop their zygotes and remove their scratch."""

    def __init__(self, client):
        self.client = client

    def close(self):
        self.client.run(release)


def release() -> None:
    """This worker process's zygote and scratch folder, gone (the next task makes new ones)."""
    global _STATE
    with _STATE_LOCK:
        st, _STATE = _STATE, None
    if st is not None:
        if st.zygote is not None:
            st.zygote.close()
        shutil.rmtree(st.scratch, ignore_errors=True)


def grade_all(subs, scratch: Path, template: Path, opts: dict, workers: int, scheduler: str | None, report,
              on_result=None) -> list[dict]:
    """Results of every submission (one each, whatever happened to the workers), reported as they come:
    ``on_result(result)`` (the parent's publishing: store, feedback, gradebook) then ``report``."""
    on_result = on_result or (lambda result: None)
    from autograder import grade as g

    if scheduler == "pool":  # no Dask: a thread per worker supervising a grading process each
        from concurrent.futures import ThreadPoolExecutor, as_completed

        with ThreadPoolExecutor(max_workers=workers) as pool:
            futures = [pool.submit(g._grade_one, sub, scratch, template, i, opts) for i, sub in enumerate(subs)]
            results = []
            for future in as_completed(futures):
                results.append(future.result())
                on_result(results[-1])
                report(len(subs), student=results[-1]["student"], assignment=results[-1]["assignment"],
                       status=g._status(results[-1]))
        return results

    from distributed import as_completed

    client, closers = _client(scheduler, workers)
    prints = {aid: fingerprint(aid) for aid in {s.assignment for s in subs}}
    done: dict[tuple[str, str], dict] = {}
    try:
        futures = {}
        for sub in subs:
            payload = {"student": sub.student, "assignment": sub.assignment, "good": sub.good, "problems": sub.problems,
                       "notes": sub.notes, "cell_notes": sub.cell_notes, "data": sub.data, "opts": opts,
                       "fingerprint": prints[sub.assignment]}
            key = f"lossopt-grade-{sub.student}-{sub.assignment}-{uuid.uuid4().hex[:8]}"
            futures[client.submit(grade_task, payload, key=key, pure=False)] = sub
        for future in as_completed(list(futures)):
            sub = futures[future]
            try:
                result = future.result()
            except Exception as exc:  # noqa: BLE001 - e.g. KilledWorker: this submission only
                result = {"student": sub.student, "assignment": sub.assignment, "problems": dict(sub.problems),
                          "notes": list(sub.notes), "scores": {}, "outcomes": {}, "error": type(exc).__name__,
                          "log": f"Dask task {future.key} failed: {type(exc).__name__}: {exc}"}
            k = (result["student"], result["assignment"])
            if k in done:  # never recorded twice
                continue
            done[k] = result
            on_result(result)
            if _bench_hook is not None:
                _bench_hook(result)
            report(len(subs), student=result["student"], assignment=result["assignment"], status=g._status(result))
    finally:
        for c in closers:
            try:
                c.close()
            except Exception:  # noqa: BLE001
                pass
    return list(done.values())
