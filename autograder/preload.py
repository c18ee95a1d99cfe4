"""The grader's side of :mod:`autograder.zygote`: start a zygote, and a kernel manager that uses it.

:class:`Zygote` starts the sandboxed zygote of a grading worker (the same bubblewrap sandbox as a
notebook's, see :mod:`autograder.sandbox`, binding the worker's kernels folder instead of one
kernel's folder, and keeping the capabilities it needs to make each kernel's namespaces and drop
them). :func:`configure` makes an autograde configuration start its kernels through it
(:class:`ZygoteKernelManager`); everything else about a kernel (its folder, connection file,
budgets, user id, environment, verdicts) is the sandbox's.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from traitlets import Unicode

from autograder import sandbox, zygote

ZYGOTE_PY = Path(zygote.__file__).resolve()


def _env(home: Path) -> dict:
    env = {
        "PATH": os.pathsep.join([str(Path(sys.executable).parent), "/usr/local/bin", "/usr/bin", "/bin"]),
        "HOME": str(home), "TMPDIR": "/tmp", "LANG": "C.UTF-8", "LC_ALL": "C.UTF-8",
        "MPLCONFIGDIR": str(home / ".cache" / "matplotlib"), "MPLBACKEND": "agg",
        "PYTHONHASHSEED": os.environ.get("PYTHONHASHSEED", "0"), "JPY_SESSION_NAME": "",
    }
    env.update({k: v for k, v in os.environ.items() if k.startswith("LOSSOPT_")})
    return env


class Zygote:
    """One sandboxed zygote: ``kroot`` is where its kernels' folders go, ``socket`` where to ask."""

    def __init__(self, kroot: Path, hide: list[str]):
        self.kroot = Path(kroot)
        self.kroot.mkdir(parents=True, exist_ok=True)
        os.chmod(self.kroot, 0o711)
        ctl = self.kroot / ".ctl"
        ctl.mkdir(mode=0o700)
        home = self.kroot / ".zhome"
        home.mkdir(mode=0o700)
        mpl = Path.home() / ".cache" / "matplotlib"
        if mpl.is_dir():
            shutil.copytree(mpl, home / ".cache" / "matplotlib", ignore=shutil.ignore_patterns("*.lock", "tex.cache"))
        self.socket = str(ctl / "zygote.sock")
        self.hide = list(hide)
        # everything sandbox.hidden_paths hides (the repository but lossopt/ and the venv, /root, /home,
        # and ``hide``); a kernel forked from here keeps this interpreter's standard library, which
        # may live under /root (pyenv): it is re-exposed, the rest of /root is not
        hidden = sandbox.hidden_paths(self.hide)
        script = ctl / "zygote.py"  # the repository's autograder/ is hidden: the zygote runs a copy
        shutil.copy(ZYGOTE_PY, script)
        args = [sandbox.bwrap_path() or "bwrap", "--ro-bind", "/", "/", "--dev", "/dev", "--proc", "/proc", "--tmpfs", "/tmp",
                *sandbox._hide_args(hidden), *sandbox._keep_args(hidden), *sandbox._dirs_to(self.kroot, hidden),
                "--bind", str(self.kroot), str(self.kroot),
                "--unshare-net", "--unshare-pid", "--unshare-ipc", "--unshare-uts", "--die-with-parent", "--new-session",
                "--chdir", str(home), "--clearenv"]
        for k, v in _env(home).items():
            args += ["--setenv", k, v]
        for cap in zygote.CAPS:
            args += ["--cap-add", cap]
        args += ["--", sys.executable, "-I", str(script), "serve", self.socket, str(self.kroot)]
        self.log = open(self.kroot / ".ctl" / "zygote.log", "wb")
        self.proc = subprocess.Popen(args, stdout=subprocess.PIPE, stderr=self.log, stdin=subprocess.DEVNULL,
                                     start_new_session=True)
        line = self.proc.stdout.readline()
        if line.strip() != b"ready":
            self.close()
            raise RuntimeError(f"zygote did not start: {(self.kroot / '.ctl' / 'zygote.log').read_bytes()[-2000:]!r}")

    def alive(self) -> bool:
        return self.proc.poll() is None

    def close(self) -> None:
        try:
            os.killpg(self.proc.pid, 9)
        except ProcessLookupError:
            pass
        self.proc.wait()
        self.log.close()


class ZygoteKernelManager(sandbox.SandboxKernelManager):
    """A sandboxed kernel forked from the zygote at ``zygote_socket`` (see :mod:`autograder.zygote`)."""

    zygote_socket = Unicode("", help="the zygote's socket").tag(config=True)

    def _prepare(self) -> Path:
        base = super()._prepare()
        os.chmod(base, 0o700)
        return base

    def format_kernel_cmd(self, extra_arguments=None):
        sandboxed = super().format_kernel_cmd(extra_arguments)  # also hands the folder to the kernel's user
        if not self.sandbox or not self.zygote_socket:
            return sandboxed
        from jupyter_client.manager import AsyncKernelManager

        cmd = AsyncKernelManager.format_kernel_cmd(self, extra_arguments)
        # as in the ordinary sandbox: the kernel starts through lossopt._kernel (its audit hook first)
        cmd = [("lossopt._kernel" if c == "ipykernel_launcher" else c) for c in cmd]
        env = {}
        for i, arg in enumerate(sandboxed):  # the environment the sandbox would set, as it sets it
            if arg == "--setenv":
                env[sandboxed[i + 1]] = sandboxed[i + 2]
            if arg == "--":
                break
        if len(cmd) < 3 or cmd[1] != "-m":
            return sandboxed  # not `python -m module …`: start it the ordinary way
        lim = sandbox.Limits(**self.limits) if self.limits else sandbox.Limits()
        spec = {"cmd": cmd, "env": env, "cwd": str(self._base / "work"), "base": str(self._base),
                "uid": int(self.uid), "limits": lim.to_json()}
        fd, path = tempfile.mkstemp(prefix="spec-", dir=str(Path(self.zygote_socket).parent))
        with os.fdopen(fd, "w", encoding="utf-8") as fh:
            json.dump(spec, fh)
        return [sys.executable, "-I", "-S", str(ZYGOTE_PY), "client", self.zygote_socket, path]


def configure(cfg, socket_path: str, kroot: str) -> None:
    """Start the kernels of ``cfg``'s autograde from the zygote at ``socket_path`` (their folders in ``kroot``)."""
    cfg.SandboxExecute.kernel_manager_class = ZygoteKernelManager
    cfg.ZygoteKernelManager.zygote_socket = socket_path
    cfg.ZygoteKernelManager.scratch = kroot
