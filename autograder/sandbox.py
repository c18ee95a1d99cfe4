"""Run a submission's kernel in a bubblewrap sandbox, with budgets.

nbgrader's autograde executes a notebook through nbclient. The course configuration made by
:func:`configure` replaces nbgrader's ``Execute`` preprocessor with :class:`SandboxExecute`,
whose kernel manager (:class:`SandboxKernelManager`) starts ipykernel as

    bwrap --ro-bind / / --tmpfs /tmp --bind <scratch> <scratch> --unshare-net --unshare-pid ...
          [hide: repo except lossopt/ and the venv, siblings of the repo, /root, /home, the
           submissions and output folders] -- prlimit [memory, processes, file size, CPU] --
          setpriv --reuid <uid of its own> -- python -m ipykernel_launcher -f <scratch>/kernel.json

ZMQ runs over ``ipc`` sockets in the scratch folder (the sandbox has no network, not even
loopback). The kernel runs as an unprivileged user id of its own (so the process limit counts
only its processes), in a copy of its notebook's folder without any notebook, and every
process it started dies with the sandbox's PID namespace when the notebook ends.

The budgets (:class:`Limits`) are enforced per notebook: wall clock (the timeout of each cell
is what is left of it), output size (counted as outputs arrive, the kernel is killed past it),
memory, processes, file size. Past a budget the notebook's remaining cells are not run and
carry a verdict (``LossoptLimit``); cells that ran before keep their outputs, hence their points.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import time
from dataclasses import asdict, dataclass
from pathlib import Path

from jupyter_client.manager import AsyncKernelManager
from nbformat.notebooknode import NotebookNode
from traitlets import Bool, Dict, Float, Integer, List, Unicode

from nbgrader.preprocessors import Execute

from autograder.nbutil import REPO, is_graded, is_solution

VERDICT = "LossoptLimit"  # ename of the error output a budget verdict leaves in a cell
VERDICTS = {
    "wall": "time",
    "output": "output",
    "dead": "dead",
}


@dataclass
class Limits:
    """Per-notebook budgets; the defaults are far above what a correct solution needs."""

    wall_seconds: float = 600.0  # a solved notebook takes 10-40 s
    cell_seconds: float = 180.0
    memory_bytes: int = 8 * 2**30  # address space; torch + a solution stay under 3 GiB
    processes: int = 512  # threads count too (torch, OpenBLAS)
    output_bytes: int = 4 * 2**20  # all outputs of one notebook (a solution prints a few kB)
    file_bytes: int = 256 * 2**20  # largest file the kernel may write
    cpu_seconds: int = 1200

    def to_json(self) -> dict:
        return asdict(self)


def bwrap_path() -> str | None:
    return shutil.which("bwrap")


_PROBE: tuple[bool, str] | None = None


def available() -> tuple[bool, str]:
    """Whether a bubblewrap sandbox can run here (checked once, by running ``true`` in one)."""
    global _PROBE
    if _PROBE is None:
        bw = bwrap_path()
        if not bw:
            _PROBE = (False, "bubblewrap(bwrap)가 설치되어 있지 않습니다 (make setup 이 설치합니다: apt-get install bubblewrap)")
        else:
            cmd = [bw, "--ro-bind", "/", "/", "--dev", "/dev", "--proc", "/proc", "--tmpfs", "/tmp",
                   "--unshare-net", "--unshare-pid", "--die-with-parent", "--new-session", "--", "true"]
            try:
                res = subprocess.run(cmd, capture_output=True, text=True, timeout=30)
                ok = res.returncode == 0
                why = "" if ok else (res.stderr.strip().splitlines() or ["?"])[-1][:200]
            except (OSError, subprocess.TimeoutExpired) as exc:
                ok, why = False, type(exc).__name__
            _PROBE = (True, "") if ok else (False, f"bubblewrap 샌드박스를 시작할 수 없습니다 ({why})")
    return _PROBE


def hidden_paths(extra: list[str]) -> list[str]:
    """What the kernel must not see: the repository except lossopt/ and the venv, the other
    entries of every folder above the repository, home folders, and ``extra``."""
    keep = {Path(sys.prefix).resolve(), (REPO / "lossopt").resolve(), Path(sys.base_prefix).resolve()}
    keep |= {p.parent for p in list(keep)}  # e.g. /usr/local for /usr/local/lib/python3
    out: list[str] = []
    chain = [REPO, *REPO.parents]
    for folder in chain:
        if folder == Path("/"):
            break
        try:
            entries = list(folder.iterdir())
        except OSError:
            continue
        for entry in entries:
            real = entry.resolve()
            if any(real == k or real in k.parents for k in keep) or real in chain or entry.name.endswith(".egg-info"):
                continue
            out.append(str(entry))
    out += ["/root", "/home", "/var/tmp", "/mnt", "/media", "/srv", "/run"]
    out += [str(Path(p).resolve()) for p in extra]
    return list(dict.fromkeys(p for p in out if os.path.lexists(p)))


def _hide_args(paths: list[str]) -> list[str]:
    args = []
    for p in paths:
        if os.path.isdir(p) and not os.path.islink(p):
            args += ["--tmpfs", p]
        elif os.path.islink(p):
            real = os.path.realpath(p)
            if os.path.isdir(real):
                args += ["--tmpfs", real]
            elif os.path.exists(real):
                args += ["--ro-bind", "/dev/null", real]
        else:
            args += ["--ro-bind", "/dev/null", p]
    return args


def _dirs_to(path: Path, hidden: list[str]) -> list[str]:
    """bwrap makes missing mount points mode 0700: make the folders above the scratch that lie
    in a hidden (tmpfs) folder traversable for the kernel's user."""
    tops = [Path("/tmp"), *(Path(h) for h in hidden)]
    args = []
    for parent in reversed(path.parents):
        if any(t in parent.parents for t in tops):
            args += ["--perms", "0711", "--dir", str(parent)]
    return args


def _keep_args(hidden: list[str]) -> list[str]:
    """Re-expose, read-only, what a hidden folder may hold and the kernel needs (Python itself
    may live under /root, e.g. pyenv; the repository and its venv may live under /tmp, e.g. a CI
    clone). The folders bwrap creates above them are made traversable for the kernel's user."""
    args, made = [], set()
    for p in dict.fromkeys([Path(sys.base_prefix).resolve(), Path(sys.prefix).resolve(), (REPO / "lossopt").resolve()]):
        dirs = _dirs_to(p, hidden)
        for i in range(0, len(dirs), 4):  # ["--perms", "0711", "--dir", path] each
            if dirs[i + 3] not in made:
                made.add(dirs[i + 3])
                args += dirs[i:i + 4]
        args += ["--ro-bind", str(p), str(p)]
    return args


class SandboxKernelManager(AsyncKernelManager):
    """An ipykernel inside bubblewrap, talking over ipc sockets in a scratch folder."""

    scratch = Unicode("", help="folder for this kernel's sockets, home and working copy").tag(config=True)
    hide = List(Unicode(), help="paths the kernel must not see").tag(config=True)
    limits = Dict(help="Limits.to_json()").tag(config=True)
    sandbox = Bool(True, help="False: no bwrap (the instructor's --unsafe-no-sandbox)").tag(config=True)
    uid = Integer(0, help="user id the kernel runs as (0: the grader's own)").tag(config=True)

    def _prepare(self) -> Path:
        n = getattr(type(self), "_count", 0) + 1
        type(self)._count = n
        base = Path(self.scratch or "/tmp") / f"k{os.getpid()}-{n}"
        base.mkdir(parents=True)
        for sub in ("home", "work", "tmp"):
            (base / sub).mkdir()
        self.transport = "ipc"
        self.ip = str(base / "ipc")
        self.connection_file = str(base / "kernel.json")
        return base

    def _listen_audit(self, base: Path) -> None:
        """Collect the kernel's audit reports (lossopt._kernel) on a socket in its scratch folder."""
        import socket
        import threading

        self.audit: list[dict] = []
        self.pings: set[str] = set()
        path = base / "audit.sock"
        lst = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
        lst.bind(str(path))
        path.chmod(0o777)
        lst.listen(1)
        lst.settimeout(300)
        self._audit_path = path

        def read():
            try:
                conn, _ = lst.accept()
            except OSError:
                return
            finally:
                lst.close()
            buf = b""
            with conn:
                while True:
                    try:
                        chunk = conn.recv(65536)
                    except OSError:
                        break
                    if not chunk:
                        break
                    buf += chunk
                    while b"\n" in buf and len(self.audit) < 500:
                        line, buf = buf.split(b"\n", 1)
                        try:
                            ev = json.loads(line.decode("utf-8", "replace"))
                        except ValueError:
                            self.audit.append({"kind": "channel", "detail": "malformed report"})
                            continue
                        if not isinstance(ev, dict):
                            continue
                        kind, detail = str(ev.get("kind", "?"))[:40], str(ev.get("detail", ""))[:300]
                        if kind == "ping":
                            self.pings.add(detail)
                        else:
                            self.audit.append({"kind": kind, "detail": detail})
                    if len(buf) > 2**20:
                        buf = b""

        self._audit_thread = threading.Thread(target=read, name="lossopt-audit", daemon=True)
        self._audit_thread.start()

    async def start_kernel(self, **kw):  # type: ignore[override]
        base = self._prepare()
        self._listen_audit(base)
        if not self.sandbox:
            env = dict(kw.get("env") or os.environ)
            env["LOSSOPT_AUDIT"] = str(self._audit_path)
            kw["env"] = env
        source = Path(kw.get("cwd") or ".")
        # its own copy of the notebook's folder, without any notebook (the executed ones hold tests)
        if source.is_dir():
            for item in source.iterdir():
                if item.is_file() and not item.is_symlink() and item.suffix != ".ipynb" and item.stat().st_size < 50 * 2**20:
                    shutil.copy(item, base / "work" / item.name)
        mpl = Path.home() / ".cache" / "matplotlib"  # the font cache: building it costs seconds
        if mpl.is_dir():
            shutil.copytree(mpl, base / "home" / ".cache" / "matplotlib", ignore=shutil.ignore_patterns("*.lock", "tex.cache"))
        kw["cwd"] = str(base / "work")
        self._base = base
        await super().start_kernel(**kw)

    def format_kernel_cmd(self, extra_arguments=None):
        cmd = super().format_kernel_cmd(extra_arguments)
        # the kernel starts through lossopt._kernel: its audit hook is in before any cell runs
        cmd = [("lossopt._kernel" if c == "ipykernel_launcher" else c) for c in cmd]
        base = self._base
        lim = Limits(**self.limits) if self.limits else Limits()
        if self.uid:
            for p in [base, *base.rglob("*")]:
                os.lchown(p, self.uid, self.uid)
        prl = ["prlimit", f"--as={lim.memory_bytes}", f"--nproc={lim.processes}", f"--fsize={lim.file_bytes}",
               f"--cpu={lim.cpu_seconds}", f"--core=0", "--"]
        drop = ["setpriv", f"--reuid={self.uid}", f"--regid={self.uid}", "--clear-groups", "--no-new-privs",
                "--bounding-set=-all", "--inh-caps=-all", "--"] if self.uid else []
        if not self.sandbox:
            return [*prl, *cmd]
        env = {
            "PATH": os.pathsep.join([str(Path(sys.executable).parent), "/usr/local/bin", "/usr/bin", "/bin"]),
            "HOME": str(base / "home"), "TMPDIR": str(base / "tmp"), "LANG": "C.UTF-8", "LC_ALL": "C.UTF-8",
            "MPLCONFIGDIR": str(base / "home" / ".cache" / "matplotlib"), "MPLBACKEND": "agg",
            "PYTHONHASHSEED": os.environ.get("PYTHONHASHSEED", "0"), "JPY_SESSION_NAME": "",
            "LOSSOPT_AUDIT": str(self._audit_path),
        }
        env.update({k: v for k, v in os.environ.items() if k.startswith("LOSSOPT_")})
        args = [bwrap_path() or "bwrap", "--ro-bind", "/", "/", "--dev", "/dev", "--proc", "/proc", "--tmpfs", "/tmp",
                *_hide_args(list(self.hide)), *_keep_args(list(self.hide)), *_dirs_to(base, list(self.hide)), "--bind", str(base), str(base),
                "--unshare-net", "--unshare-pid", "--unshare-ipc", "--unshare-uts", "--die-with-parent", "--new-session",
                "--chdir", str(base / "work"), "--clearenv"]
        for k, v in env.items():
            args += ["--setenv", k, v]
        return [*args, "--", *prl, *drop, *cmd]

    async def _async_cleanup_resources(self, restart: bool = False) -> None:
        await super()._async_cleanup_resources(restart=restart)
        if getattr(self, "_base", None) is not None and not restart:
            shutil.rmtree(self._base, ignore_errors=True)


class TrustedSetupError(RuntimeError):
    """The grader cannot run test cells in its own process (a configuration error, not a verdict)."""


def _verdict_output(kind: str) -> NotebookNode:
    return NotebookNode(output_type="error", ename=VERDICT, evalue=kind, traceback=[f"{VERDICT}: {kind}"])


class SandboxExecute(Execute):
    """nbgrader's Execute with a wall-clock and output budget per notebook and warnings kept apart.

    A graded test cell's stderr (warnings) is moved into ``cell.metadata.lossopt.stderr``:
    nbgrader scores any cell with stderr output as zero, but a warning is not a wrong answer.
    """

    wall_seconds = Float(600.0).tag(config=True)
    cell_seconds = Float(180.0).tag(config=True)
    output_bytes = Integer(4 * 2**20).tag(config=True)
    trusted = Bool(True, help="run graded test cells in this process (autograder.trusted)").tag(config=True)
    source_root = Unicode("", help="the course's source folder (solutions/): the prelude of the test code").tag(config=True)
    flags_dir = Unicode("", help="where each notebook's review flags are written (<notebook>.json)").tag(config=True)

    def preprocess(self, nb, resources=None, km=None):
        self._deadline = time.monotonic() + self.wall_seconds
        self._out_bytes = 0
        self._verdict = None
        self._tests = None
        self._km_ref = None
        info = (resources or {}).get("nbgrader", {})
        self._nb_name = str(info.get("notebook", "notebook"))
        self._aid = str(info.get("assignment", ""))
        self.timeout_func = self._remaining
        try:
            return super().preprocess(nb, resources, km)
        except TrustedSetupError:
            raise
        except Exception as exc:  # a kernel that never started or died during shutdown
            self.log.error("execution stopped: %s: %s", type(exc).__name__, exc)
            self._verdict = self._verdict or "dead"
            for cell in nb.cells:
                if cell.cell_type == "code" and not cell.get("execution_count") and not cell.get("outputs"):
                    cell.outputs = [_verdict_output(self._verdict)]
            return nb, resources
        finally:
            self._write_flags()

    def _write_flags(self) -> None:
        if not self.flags_dir:
            return
        km = getattr(self, "_km_ref", None)
        thread = getattr(km, "_audit_thread", None)
        if thread is not None:
            thread.join(2.0)
        flags = list(getattr(km, "audit", []) or [])
        if self._tests is not None:
            flags += self._tests.flags
        seen, out = set(), []
        for f in flags:
            key = (f.get("kind"), f.get("detail"))
            if key not in seen:
                seen.add(key)
                out.append(f)
        folder = Path(self.flags_dir)
        folder.mkdir(parents=True, exist_ok=True)
        (folder / f"{self._nb_name}.json").write_text(json.dumps(out[:100], ensure_ascii=False), encoding="utf-8")

    def _source_notebook(self) -> Path:
        path = Path(self.source_root) / self._aid / f"{self._nb_name}.ipynb"
        if not self.source_root or not path.is_file():
            raise TrustedSetupError(f"source notebook for the trusted tests not found: {path}")
        return path

    def _ping(self, remote) -> None:
        """The kernel's audit hook must echo a fresh nonce: otherwise its reports are cut off."""
        import secrets

        nonce = secrets.token_hex(8)
        remote.ping(nonce)
        km = self.km
        end = time.monotonic() + 3.0
        while time.monotonic() < end:
            if nonce in getattr(km, "pings", ()):
                return
            time.sleep(0.005)
        self._tests.flags.append({"kind": "channel", "detail": "audit"})

    def _trusted_cell(self, cell, resources, index):
        from autograder import trusted

        if self._tests is None:
            self._tests = trusted.NotebookTests(self._source_notebook(), log=self.log)
        base = getattr(self.km, "_base", None) or Path(self.km.connection_file).parent
        uid = getattr(self.km, "uid", 0)
        chan = trusted.CellChannel(Path(base), index, uid if getattr(self.km, "sandbox", False) else 0)
        gid = cell.metadata.get("nbgrader", {}).get("grade_id", f"cell{index}")
        chan.start(self._tests, cell.source, f"test {gid}", ping=self._ping)
        source = cell.source
        cell.source = trusted.SERVE.format(path=str(chan.path))
        try:
            cell, resources = self._kernel_cell(cell, resources, index)
        finally:
            cell.source = source
        result = chan.finish()
        if any(o.get("output_type") == "error" and o.get("ename") == VERDICT for o in cell.outputs):
            return cell, resources  # a budget verdict: the test did not finish
        outputs = [o for o in cell.outputs if o.get("output_type") != "error"]
        serve_failed = [o for o in cell.outputs if o.get("output_type") == "error"]
        if result.get("stdout"):
            outputs.append(NotebookNode(output_type="stream", name="stdout", text=result["stdout"]))
        err = result.get("error")
        if err is None and serve_failed:
            err = trusted.ChannelError("serve loop failed")
        if isinstance(err, trusted.ChannelError):
            self._tests.flags.append({"kind": "channel", "detail": str(err)[:200]})
        if err is not None:
            ename = type(err).__name__
            evalue = str(err)[:5000]
            outputs.append(NotebookNode(output_type="error", ename=ename, evalue=evalue, traceback=[f"{ename}: {evalue}"]))
        cell.outputs = outputs
        if result.get("notes"):
            meta = cell.metadata.setdefault("lossopt", {})
            meta["stderr"] = (meta.get("stderr", "") + "\n".join(result["notes"]) + "\n")[:20000]
        return cell, resources

    def _remaining(self, cell) -> int:
        return max(1, int(min(self.cell_seconds, self._deadline - time.monotonic()) + 0.999))

    def preprocess_cell(self, cell, resources, index):
        if cell.cell_type != "code":
            return cell, resources
        if getattr(self, "km", None) is not None:
            self._km_ref = self.km  # nbclient drops self.km when the kernel shuts down: its audit stays here
        if self.trusted and is_graded(cell) and not is_solution(cell) and self._verdict is None \
                and time.monotonic() < self._deadline:
            return self._trusted_cell(cell, resources, index)
        return self._kernel_cell(cell, resources, index)

    def _kernel_cell(self, cell, resources, index):
        if self._verdict is None and time.monotonic() >= self._deadline:
            self._verdict = "wall"
        if self._verdict is not None:
            cell.outputs = [_verdict_output(self._verdict)]
            return cell, resources
        from nbclient.exceptions import CellTimeoutError, DeadKernelError

        started = time.monotonic()
        timeout = self._remaining(cell)
        try:
            cell, resources = super().preprocess_cell(cell, resources, index)
        except (DeadKernelError, CellTimeoutError) as exc:
            if self._verdict is None and (isinstance(exc, CellTimeoutError) or time.monotonic() - started >= timeout - 1):
                self._verdict = "wall" if time.monotonic() >= self._deadline - 1 else "cell_time"
            self._verdict = self._verdict or "dead"
            self._kill()
            cell.outputs = [o for o in cell.get("outputs", []) if o.get("output_type") != "error"]
            cell.outputs.append(_verdict_output(self._verdict))
            return cell, resources
        timed_out = any(o.get("output_type") == "error" and o.get("ename") == "CellTimeoutError" for o in cell.outputs)
        if timed_out:
            self._verdict = "wall" if time.monotonic() >= self._deadline - 1 else "cell_time"
        if self._verdict is not None:
            cell.outputs = [o for o in cell.outputs if o.get("output_type") != "error"] + [_verdict_output(self._verdict)]
            self._kill()
        elif is_graded(cell) and not is_solution(cell):
            err = [o for o in cell.outputs if o.get("output_type") == "stream" and o.get("name") == "stderr"]
            if err:
                cell.metadata.setdefault("lossopt", {})["stderr"] = "".join(o.get("text", "") for o in err)[:20000]
                cell.outputs = [o for o in cell.outputs if o not in err]
        return cell, resources

    def _kill(self) -> None:
        try:
            if self.km is not None and self.km.has_kernel:
                self.km.provisioner.process.kill()
        except Exception:  # already gone
            pass

    def output(self, outs, msg, display_id, cell_index):
        content = msg.get("content", {})
        size = len(json.dumps(content.get("data", content.get("text", "")), default=str)) if msg.get("msg_type") in (
            "stream", "display_data", "execute_result", "error", "update_display_data") else 0
        self._out_bytes += size
        if self._out_bytes > self.output_bytes:
            if self._verdict is None:
                self._verdict = "output"
                self._kill()
            return None
        return super().output(outs, msg, display_id, cell_index)


def configure(cfg, scratch: Path, hide: list[str], limits: Limits, sandbox: bool, uid: int,
              source_root: Path | None = None, flags_dir: Path | None = None, trusted: bool = True) -> None:
    """Make nbgrader's autograde in ``cfg`` execute through the sandbox (test cells: trusted)."""
    from nbconvert.preprocessors import ClearMetadataPreprocessor
    from nbgrader.preprocessors import AssignLatePenalties, CheckCellMetadata, IgnorePattern, LimitOutput, SaveAutoGrades

    cfg.Autograde.autograde_preprocessors = [SandboxExecute, IgnorePattern, ClearMetadataPreprocessor, LimitOutput,
                                             SaveAutoGrades, AssignLatePenalties, CheckCellMetadata]
    cfg.SandboxExecute.kernel_manager_class = SandboxKernelManager
    cfg.SandboxExecute.wall_seconds = float(limits.wall_seconds)
    cfg.SandboxExecute.cell_seconds = float(limits.cell_seconds)
    cfg.SandboxExecute.output_bytes = int(limits.output_bytes)
    cfg.SandboxExecute.trusted = bool(trusted)
    cfg.SandboxExecute.source_root = str(source_root or "")
    cfg.SandboxExecute.flags_dir = str(flags_dir or "")
    cfg.SandboxExecute.shutdown_kernel = "immediate"
    cfg.SandboxExecute.interrupt_on_timeout = False  # a timeout is a verdict: the kernel is killed, not interrupted
    cfg.SandboxKernelManager.scratch = str(scratch)
    # the repository except lossopt/ and the venv, its siblings, home folders, and ``hide``
    cfg.SandboxKernelManager.hide = hidden_paths(list(hide)) if sandbox else list(hide)
    cfg.SandboxKernelManager.limits = limits.to_json()
    cfg.SandboxKernelManager.sandbox = bool(sandbox)
    cfg.SandboxKernelManager.uid = int(uid)
