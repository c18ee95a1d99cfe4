"""Kernels forked from a sandboxed process that has imported numpy, torch, matplotlib and lossopt.

Starting a kernel and importing torch, numpy and matplotlib costs seconds of CPU per notebook,
the same for every student: not their code. A *zygote* pays it once per grading worker:

    bwrap [the notebook sandbox: same hidden paths, read-only root, no network, own PID
           namespace] --bind <kernels folder> -- python zygote.py serve <socket>

imports those libraries and waits. For each notebook the grader's kernel manager
(:class:`ZygoteKernelManager`) runs ``python zygote.py client`` in place of the sandboxed kernel
command; the client hands the zygote the notebook's kernel command, environment, budgets and user
id, and its own stdin/stdout/stderr. The zygote forks; the fork enters new mount, PID, IPC, UTS
and network namespaces and forks the kernel, PID 1 of its namespace (every process the kernel
starts dies with it). The kernel mounts a fresh /proc, /tmp and /dev/shm of its own, hides the
kernels folder except its own one, sets the budgets (rlimits), drops to the notebook's user id
with no capabilities and no new privileges, reseeds the random sources a fresh interpreter would
seed, and runs the kernel command in that process. When the client ends (the kernel manager
stopped or killed it), the zygote's fork kills the kernel, hence its whole namespace.

So a notebook sees what it sees in a bubblewrap sandbox of its own, and nothing of another
notebook; it only starts from a process in which the libraries are imported already. The zygote
runs nothing a student wrote: every fork starts from the same untouched state. This file uses
the standard library only at the top (the client runs as ``python -I -S``).
"""

from __future__ import annotations

import ctypes
import json
import os
import select
import signal
import socket
import struct
import sys

PRELOAD = ["numpy", "torch", "torch.nn", "torch.nn.functional", "matplotlib", "matplotlib.pyplot",
           "lossopt", "lossopt.plot", "lossopt.check", "lossopt.messages", "lossopt.seed",
           "ipykernel.kernelapp", "ipykernel.ipkernel", "ipykernel.zmqshell", "ipykernel.comm", "comm",
           "IPython.core.interactiveshell", "IPython.core.completer", "IPython.core.pylabtools", "jedi",
           "zmq", "tornado.ioloop", "jupyter_client.session", "matplotlib_inline.backend_inline"]
# (not imported: modules whose import changes global state a notebook could notice, e.g.
# koreanize_matplotlib's fonts, or debugpy's tracing set-up)
CAPS = ["CAP_SYS_ADMIN", "CAP_SETUID", "CAP_SETGID", "CAP_SETPCAP", "CAP_KILL", "CAP_CHOWN", "CAP_DAC_OVERRIDE",
        "CAP_FOWNER", "CAP_SYS_RESOURCE"]
_NS = 0x00020000 | 0x04000000 | 0x08000000 | 0x20000000 | 0x40000000  # CLONE_NEW{NS,UTS,IPC,PID,NET}
_MS_NOSUID, _MS_NODEV, _MS_NOEXEC, _MS_BIND, _MS_REC, _MS_PRIVATE = 2, 4, 8, 4096, 16384, 1 << 18
_MS_RDONLY, _MS_REMOUNT = 1, 32
_HEADER = struct.Struct("!Q")


def _libc():
    return ctypes.CDLL(None, use_errno=True)


def _check(rc: int, what: str) -> None:
    if rc != 0:
        err = ctypes.get_errno()
        raise OSError(err, f"{what}: {os.strerror(err)}")


def _mount(src, target, fstype, flags, data=None) -> None:
    enc = lambda s: s.encode() if s is not None else None  # noqa: E731
    _check(_libc().mount(enc(src), enc(target), enc(fstype), ctypes.c_ulong(flags), enc(data)), f"mount {target}")


def _recv_exact(conn: socket.socket, n: int) -> bytes:
    out = b""
    while len(out) < n:
        chunk = conn.recv(n - len(out))
        if not chunk:
            raise EOFError
        out += chunk
    return out


# --------------------------------------------------------------------------- the kernel (PID 1)

def _limits(lim: dict) -> None:
    import resource

    for res, value in ((resource.RLIMIT_AS, lim["memory_bytes"]), (resource.RLIMIT_NPROC, lim["processes"]),
                       (resource.RLIMIT_FSIZE, lim["file_bytes"]), (resource.RLIMIT_CPU, lim["cpu_seconds"]),
                       (resource.RLIMIT_CORE, 0)):
        resource.setrlimit(res, (value, value))


def _drop(uid: int) -> None:
    libc = _libc()
    for cap in range(64):  # empty the bounding set (CAP_SETPCAP goes last with it)
        if libc.prctl(24, cap, 0, 0, 0) != 0:  # PR_CAPBSET_DROP; EINVAL past the last capability
            if ctypes.get_errno() == 22:
                break
            raise OSError(ctypes.get_errno(), "PR_CAPBSET_DROP")
    libc.prctl(47, 4, 0, 0, 0)  # PR_CAP_AMBIENT_CLEAR_ALL
    if uid:
        os.setgroups([])
        os.setresgid(uid, uid, uid)
        os.setresuid(uid, uid, uid)  # a non-zero uid clears every capability
    _check(libc.prctl(38, 1, 0, 0, 0), "PR_SET_NO_NEW_PRIVS")


def _keep_paths() -> list[str]:
    """The environment the kernel imports from, where it lies under /tmp (e.g. a CI clone): the
    fresh /tmp below would hide it (modules not preloaded, lossopt._kernel among them)."""
    cands = [sys.prefix, sys.base_prefix]
    mod = sys.modules.get("lossopt")
    if mod is not None and getattr(mod, "__file__", None):
        cands.append(os.path.dirname(mod.__file__))
    out = []
    for c in cands:
        real = os.path.realpath(c)
        if real.startswith(("/tmp/", "/dev/shm/")) and os.path.isdir(real) and real not in out:
            out.append(real)
    return out


def _kernel(spec: dict, fds: list[int], kroot: str) -> None:
    """PID 1 of the notebook's namespaces: make its world; then its child drops privileges and runs the kernel."""
    base = spec["base"]
    held = os.open(base, os.O_RDONLY | os.O_DIRECTORY)  # its own folder, bound back below
    keep = [(p, os.open(p, os.O_RDONLY | os.O_DIRECTORY)) for p in _keep_paths()]  # bound back read-only
    _mount(None, "/", None, _MS_REC | _MS_PRIVATE)
    _mount("proc", "/proc", "proc", _MS_NOSUID | _MS_NODEV | _MS_NOEXEC)
    for tmp in ("/tmp", "/dev/shm"):
        if os.path.isdir(tmp):
            _mount("tmpfs", tmp, "tmpfs", _MS_NOSUID | _MS_NODEV, "mode=1777")
    # the kernels folder keeps only this notebook's own folder (not the socket, no other kernel)
    if os.path.isdir(kroot):
        _mount("tmpfs", kroot, "tmpfs", _MS_NOSUID | _MS_NODEV, "mode=0711")
    old = os.umask(0)
    os.makedirs(base, mode=0o711, exist_ok=True)
    os.umask(old)
    _mount(f"/proc/self/fd/{held}", base, None, _MS_BIND | _MS_REC)
    os.close(held)
    for path, fd in keep:
        old = os.umask(0o022)
        os.makedirs(path, mode=0o755, exist_ok=True)
        os.umask(old)
        _mount(f"/proc/self/fd/{fd}", path, None, _MS_BIND | _MS_REC)
        _mount(None, path, None, _MS_REMOUNT | _MS_BIND | _MS_RDONLY)
        os.close(fd)
    for i, fd in enumerate(fds):
        os.dup2(fd, i)
    # this process stays PID 1 of the namespace (as bubblewrap's own init does): it reaps, passes
    # an interrupt on, and ends when the kernel ends, taking every other process of it along
    kernel = os.fork()
    if kernel != 0:
        os.closerange(3, 65536)
        signal.signal(signal.SIGCHLD, signal.SIG_DFL)
        signal.signal(signal.SIGINT, lambda *a: os.kill(kernel, signal.SIGINT))
        signal.signal(signal.SIGTERM, lambda *a: os.kill(kernel, signal.SIGKILL))
        while True:
            try:
                pid, status = os.wait()
            except InterruptedError:
                continue
            except ChildProcessError:
                raise SystemExit(1)
            if pid == kernel:
                raise SystemExit(os.waitstatus_to_exitcode(status) & 0xFF)
    os.setsid()
    signal.signal(signal.SIGINT, signal.default_int_handler)
    signal.signal(signal.SIGTERM, signal.SIG_DFL)
    signal.signal(signal.SIGCHLD, signal.SIG_DFL)
    _limits(spec["limits"])
    _drop(spec["uid"])
    os.closerange(3, 65536)
    os.environ.clear()
    os.environ.update(spec["env"])
    os.chdir(spec["cwd"])
    import random

    random.seed()  # what a fresh interpreter does at import; numpy's legacy generator likewise
    mtrand = sys.modules.get("numpy.random.mtrand")
    if mtrand is not None:
        mtrand.seed()
    import runpy

    cmd = spec["cmd"]
    sys.argv = [cmd[2], *cmd[3:]]
    sys.path[0] = os.getcwd()  # as `python -m` has it (not this file's folder)
    runpy.run_module(cmd[2], run_name="__main__", alter_sys=True)


def _watch(conn: socket.socket, spec: dict, fds: list[int], kroot: str) -> None:
    """The zygote's fork for one notebook: new namespaces, the kernel as their PID 1, and its end."""
    _check(_libc().unshare(_NS), "unshare")
    pid = os.fork()
    if pid == 0:
        conn.close()
        code = 1
        try:
            _kernel(spec, fds, kroot)
            code = 0
        except SystemExit as exc:
            code = exc.code if isinstance(exc.code, int) else 0
        except BaseException as exc:  # noqa: BLE001
            try:
                import traceback

                os.write(2, f"zygote: kernel failed: {type(exc).__name__}: {exc}\n{traceback.format_exc()[-3000:]}".encode())
            except OSError:
                pass
        finally:
            for stream in (sys.stdout, sys.stderr):
                try:
                    stream.flush()
                except Exception:  # noqa: BLE001
                    pass
            os._exit(code)
    for fd in fds:
        os.close(fd)
    pidfd = os.pidfd_open(pid)
    status = None
    while status is None:
        ready, _, _ = select.select([conn, pidfd], [], [])
        if conn in ready:
            data = conn.recv(64)
            if not data:  # the client is gone: so is the kernel, and its namespace
                os.kill(pid, signal.SIGKILL)
            elif b"I" in data:
                os.kill(pid, signal.SIGINT)
        if pidfd in ready:
            _, status = os.waitpid(pid, 0)
    try:
        conn.sendall(_HEADER.pack(os.waitstatus_to_exitcode(status) & 0xFFFF))
    except OSError:
        pass


def serve(path: str, kroot: str) -> None:
    """Import the libraries, then fork a sandboxed kernel for every request on ``path``."""
    import importlib

    for name in PRELOAD:
        try:
            importlib.import_module(name)
        except Exception:  # noqa: BLE001 - a library missing here is imported by the notebook itself
            pass
    srv = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    srv.bind(path)
    os.chmod(path, 0o600)
    srv.listen(16)
    signal.signal(signal.SIGCHLD, lambda *a: None)
    os.write(1, b"ready\n")
    while True:
        while True:  # reap finished forks
            try:
                pid, _ = os.waitpid(-1, os.WNOHANG)
            except ChildProcessError:
                break
            if pid == 0:
                break
        try:
            conn, _ = srv.accept()
        except InterruptedError:
            continue
        try:
            cred = conn.getsockopt(socket.SOL_SOCKET, socket.SO_PEERCRED, struct.calcsize("3i"))
            if struct.unpack("3i", cred)[1] != 0:  # only the grader (root) may ask
                conn.close()
                continue
            head, fds, _, _ = socket.recv_fds(conn, _HEADER.size, 3)
            spec = json.loads(_recv_exact(conn, _HEADER.unpack(head)[0]))
        except (OSError, EOFError, ValueError, struct.error):
            conn.close()
            continue
        if os.fork() == 0:
            srv.close()
            try:
                _watch(conn, spec, fds, kroot)
            finally:
                os._exit(0)
        conn.close()
        for fd in fds:
            os.close(fd)


def client(path: str, spec_file: str) -> int:
    """The kernel manager's "kernel process": ask the zygote for a kernel, live as long as it does."""
    with open(spec_file, "rb") as fh:
        data = fh.read()
    os.unlink(spec_file)
    conn = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    conn.connect(path)
    socket.send_fds(conn, [_HEADER.pack(len(data))], [0, 1, 2])
    conn.sendall(data)
    signal.signal(signal.SIGINT, lambda *a: conn.send(b"I"))
    signal.signal(signal.SIGTERM, lambda *a: os._exit(143))  # closing the socket ends the kernel
    try:
        return _HEADER.unpack(_recv_exact(conn, _HEADER.size))[0]
    except (EOFError, OSError):
        return 1


if __name__ == "__main__":
    if sys.argv[1] == "serve":
        serve(sys.argv[2], sys.argv[3])
    elif sys.argv[1] == "client":
        sys.exit(client(sys.argv[2], sys.argv[3]))
