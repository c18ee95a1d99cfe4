"""Graded test cells run here, in the grader's process, not in the learner's kernel.

During a test cell the kernel runs :func:`lossopt._kernel.serve`, a loop that answers requests
over a Unix socket in the kernel's scratch folder: the value of a name in the learner's
namespace, a call of a learner's function. The test cell's code (visible and hidden parts) runs
in a :class:`TrustedNamespace` that holds

1. the prelude: the ``import`` statements and the ``def``/``class`` definitions of the given
   cells of the SOURCE notebook (``solutions/``), never the submission's own;
2. what earlier test cells of the notebook defined;
3. for any other name, the learner's value, fetched through :mod:`lossopt._wire` (plain data by
   value, callables as :class:`KernelObject` proxies).

The expected values and the comparisons never enter the kernel, so a learner's code cannot read
or change them. What a call leaves behind in the kernel comes back only as data.
"""

from __future__ import annotations

import ast
import builtins
import io
import json
import socket
import threading
import time
from pathlib import Path
from typing import Any

from lossopt import _wire

FROM_KERNEL = frozenset({"f", "c", "b", "nd", "no", "ns", "pt", "ndt", "tdt", "l", "tu", "d", "sn", "r", "rng", "opt", "ref"})
_BUILTIN_NAMES = frozenset(dir(builtins))
SERVE = "__import__('lossopt._kernel', fromlist=['serve']).serve({path!r})"
STDOUT_LIMIT = 20000


class ChannelError(RuntimeError):
    """The kernel's side of the channel is gone or answered something malformed."""


def _exception(m: dict) -> BaseException:
    name = m.get("type")
    cls = getattr(builtins, name) if name in _wire.EXCEPTIONS else RuntimeError
    msg = str(m.get("msg", ""))[:2000]
    if cls is KeyError and "key" in m:
        try:
            key = _wire.decode(m["key"], FROM_KERNEL - {"ref"}) if isinstance(m["key"], dict) or not isinstance(m["key"], str) else m["key"]
        except _wire.WireError:
            key = "?"
        exc = KeyError(key)
    else:
        exc = cls(msg)
    exc.__lossopt_learner__ = str(m.get("name", name))[:80]  # raised by the learner's code
    return exc


class Remote:
    """The learner's kernel as the test code sees it (one per notebook)."""

    def __init__(self) -> None:
        self.sock: socket.socket | None = None
        self.callbacks: dict[int, Any] = {}
        self.notes: list[str] = []  # warnings the learner's code emitted
        self.flags: list[dict] = []
        self.calls = 0

    # -- transport
    def request(self, msg: dict) -> dict:
        if self.sock is None:
            raise ChannelError("no kernel channel")
        try:
            _wire.send(self.sock, msg)
            while True:
                m = _wire.recv(self.sock)
                op = m.get("op")
                if op in ("ret", "err"):
                    return m
                if op == "cb":
                    _wire.send(self.sock, self._callback(m))
                    continue
                raise ChannelError(f"unexpected message {op!r}")
        except (OSError, EOFError, _wire.WireError) as exc:
            raise ChannelError(f"kernel channel: {type(exc).__name__}") from exc

    def _callback(self, m: dict) -> dict:
        fn = self.callbacks.get(m.get("id"))
        if fn is None:
            return {"op": "err", "type": "RuntimeError", "name": "ProtocolError", "msg": "unknown callback"}
        try:
            args = self.decode(m.get("args"))
            kwargs = self.decode(m.get("kwargs"))
            if not isinstance(args, list) or not isinstance(kwargs, dict):
                raise _wire.WireError("bad callback arguments")
            return {"op": "ret", "v": self.encode(fn(*args, **kwargs))}
        except Exception as exc:  # the test's own function failed: the learner sees only its type
            return {"op": "err", "type": "RuntimeError", "name": type(exc).__name__, "msg": type(exc).__name__}

    # -- values
    def _ref(self, x: Any) -> dict:
        if isinstance(x, KernelObject):
            return {"t": "ref", "id": x._lossopt_id}
        if callable(x):
            cb = len(self.callbacks) + 1
            self.callbacks[cb] = x
            return {"t": "cb", "id": cb}
        raise _wire.WireError(f"a value of type {type(x).__name__} cannot be passed to the learner's code")

    def encode(self, x: Any) -> Any:
        return _wire.encode(x, self._ref)

    def decode(self, tree: Any) -> Any:
        return _wire.decode(tree, FROM_KERNEL, lambda tag, node: KernelObject(
            self, node["id"], str(node.get("type", "?"))[:80], bool(node.get("callable")),
            node.get("name") if isinstance(node.get("name"), str) else None))

    def _value(self, m: dict) -> Any:
        if m.get("op") == "err":
            raise _exception(m)
        try:
            return self.decode(m.get("v"))
        except _wire.WireError as exc:
            raise TypeError(f"학생 코드가 돌려준 값을 읽을 수 없습니다 ({exc})") from None

    # -- operations
    def get(self, name: str) -> Any:
        m = self.request({"op": "get", "name": name})
        if m.get("missing"):
            raise KeyError(name)
        if "module" in m:
            raise KeyError(name)  # a module only the learner imported: the test cannot use it
        return self._value(m)

    def getattr(self, obj_id: int, name: str) -> Any:
        return self._value(self.request({"op": "getattr", "id": obj_id, "name": name}))

    def call(self, obj_id: int, args: tuple, kwargs: dict, forbid: list[str] | None = None):
        self.calls += 1
        msg = {"op": "call", "id": obj_id, "args": self.encode(list(args)), "kwargs": self.encode(dict(kwargs))}
        if forbid:
            msg["forbid"] = list(forbid)
        m = self.request(msg)
        if m.get("op") == "err":
            raise _exception(m)
        self.last_warnings = []
        for note in m.get("warnings") or []:
            if isinstance(note, str):
                self.last_warnings.append(note[:400])
                if len(self.notes) < 20:
                    self.notes.append(note[:400])
        back = m.get("back") or {}
        if isinstance(back, dict):
            for key, tree in back.items():
                try:
                    if key.startswith("k:") and key[2:] in kwargs:
                        write_back(kwargs[key[2:]], self.decode(tree))
                    elif key.isdigit() and int(key) < len(args):
                        write_back(args[int(key)], self.decode(tree))
                except (_wire.WireError, TypeError, ValueError):
                    continue
        used = [u for u in (m.get("used") or []) if isinstance(u, str)]
        return self._value(m), used

    def ping(self, nonce: str) -> None:
        self.request({"op": "ping", "nonce": nonce})


def write_back(orig: Any, new: Any) -> None:
    """Make a state container ``orig`` hold what the learner's function left in its copy (``new``).

    Only dicts, SimpleNamespaces and optimizers (their groups' settings) change: never an array,
    a tensor or a list the test passed (its reference may be computed from them after the call).
    """
    try:
        import torch
    except ImportError:  # pragma: no cover
        torch = None
    if type(orig) is dict and type(new) is dict:
        orig.clear()
        orig.update(new)
    elif torch is not None and isinstance(orig, torch.optim.Optimizer) and isinstance(new, torch.optim.Optimizer):
        for g, ng in zip(orig.param_groups, new.param_groups):
            for k, v in ng.items():
                if k != "params" and k in g and type(v) in (int, float, bool, tuple, type(None)):
                    g[k] = v
    elif type(orig).__name__ == "SimpleNamespace" and type(new).__name__ == "SimpleNamespace":
        vars(orig).clear()
        vars(orig).update(vars(new))


class KernelObject:
    """A callable (or other object) that lives in the learner's kernel."""

    def __init__(self, remote: Remote, obj_id: int, type_name: str, is_callable: bool, name: str | None = None):
        object.__setattr__(self, "_lossopt_remote", remote)
        object.__setattr__(self, "_lossopt_id", obj_id)
        object.__setattr__(self, "_lossopt_type", type_name)
        object.__setattr__(self, "__name__", (name or f"<{type_name}>")[:80])
        object.__setattr__(self, "_lossopt_callable", is_callable)

    def __call__(self, *args, **kwargs):
        result, used = self._lossopt_remote.call(self._lossopt_id, args, kwargs)
        return result

    def __lossopt_call__(self, args, kwargs, forbid=None):
        return self._lossopt_remote.call(self._lossopt_id, tuple(args), dict(kwargs), forbid)

    def __lossopt_warnings__(self, args, kwargs):
        remote = self._lossopt_remote
        result, _ = remote.call(self._lossopt_id, tuple(args), dict(kwargs))
        # "file:line: Category: message" -> "Category: message"
        return result, [w.split(": ", 1)[1] if ": " in w else w for w in getattr(remote, "last_warnings", [])]

    def __getattr__(self, name: str):
        if name.startswith("__") and name.endswith("__"):
            raise AttributeError(name)
        return self._lossopt_remote.getattr(self._lossopt_id, name)

    def __len__(self):
        return int(self._lossopt_remote.getattr(self._lossopt_id, "__len__")())

    def __getitem__(self, key):
        return self._lossopt_remote.getattr(self._lossopt_id, "__getitem__")(key)

    def __repr__(self) -> str:
        return f"<학생 커널의 {self._lossopt_type} 객체>"


class TrustedNamespace(dict):
    """Globals of a notebook's test code: trusted names first, then the learner's values."""

    remote: Remote

    def __missing__(self, name: str):
        if name in _BUILTIN_NAMES or name.startswith("__"):
            raise KeyError(name)
        return self.remote.get(name)


# --- the prelude ---------------------------------------------------------------------------

def _is_graded(cell) -> bool:
    return bool(cell.get("metadata", {}).get("nbgrader", {}).get("grade"))


def _is_solution(cell) -> bool:
    return bool(cell.get("metadata", {}).get("nbgrader", {}).get("solution"))


def _python(source: str) -> str:
    return "\n".join("" if line.lstrip().startswith(("%", "!")) else line for line in source.splitlines())


def _assigned(tree: ast.Module) -> set[str]:
    out: set[str] = set()
    for node in tree.body:
        if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)):
            out.add(node.name)
        elif isinstance(node, (ast.Assign, ast.AnnAssign, ast.AugAssign)):
            targets = node.targets if isinstance(node, ast.Assign) else [node.target]
            for t in targets:
                out |= {n.id for n in ast.walk(t) if isinstance(n, ast.Name)}
        elif isinstance(node, (ast.Import, ast.ImportFrom)):
            out |= {(a.asname or a.name).split(".")[0] for a in node.names}
    return out


def prelude(source_nb: Path) -> list[tuple[str, Any]]:
    """Code objects of the given cells' imports and definitions, in notebook order."""
    nb = json.loads(Path(source_nb).read_text(encoding="utf-8"))
    cells = [c for c in nb.get("cells", []) if c.get("cell_type") == "code"]
    src = lambda c: "".join(c["source"]) if isinstance(c.get("source"), list) else str(c.get("source", ""))  # noqa: E731
    answers: set[str] = set()
    for c in cells:
        if _is_solution(c):
            try:
                answers |= _assigned(ast.parse(_python(src(c))))
            except SyntaxError:
                continue
    out = []
    for i, c in enumerate(cells):
        if _is_graded(c) or _is_solution(c):
            continue
        try:
            tree = ast.parse(_python(src(c)))
        except SyntaxError:
            continue
        keep = []
        for node in tree.body:
            if isinstance(node, (ast.Import, ast.ImportFrom)):
                if node.names and node.names[0].name == "*":
                    keep.append(node)
                elif not any((a.asname or a.name).split(".")[0] in answers for a in node.names):
                    keep.append(node)
            elif isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)) and node.name not in answers:
                keep.append(node)
        if keep:
            out.append((f"given cell {i}", compile(ast.Module(body=keep, type_ignores=[]), f"<given cell {i}>", "exec")))
    return out


class NotebookTests:
    """The trusted side of one notebook's grading: its namespace, prelude and kernel proxy."""

    def __init__(self, source_nb: Path, log=None):
        self.remote = Remote()
        self.ns = TrustedNamespace()
        self.ns.remote = self.remote
        self.ns["__name__"] = "__lossopt_tests__"
        self.ns["__builtins__"] = builtins
        self.source_nb = Path(source_nb)
        self._prelude = prelude(self.source_nb)
        self._prelude_done = False
        self.log = log
        self.flags: list[dict] = []

    def run_cell(self, source: str, label: str, conn: socket.socket) -> dict:
        """Run one test cell with ``conn`` connected to the kernel's serve loop."""
        out = io.StringIO()

        def tprint(*args, sep=" ", end="\n", file=None, flush=False):
            if file is not None and file not in (out,):
                return builtins.print(*args, sep=sep, end=end, file=file, flush=flush)
            if out.tell() < STDOUT_LIMIT:
                out.write(sep.join(str(a) for a in args) + end)

        self.remote.sock = conn
        self.remote.callbacks.clear()
        self.remote.notes = []
        result: dict = {"error": None}
        try:
            self.ns["print"] = tprint
            if not self._prelude_done:
                self._prelude_done = True
                for name, code in self._prelude:
                    try:
                        exec(code, self.ns)  # noqa: S102  (the source notebook's own code)
                    except Exception as exc:  # a definition that needs what only the kernel has
                        if self.log:
                            self.log.warning("prelude %s: %s: %s", name, type(exc).__name__, exc)
            code = compile(source, f"<{label}>", "exec")
            orig = self.remote.call

            def call(obj_id, args, kwargs, forbid=None):
                value, used = orig(obj_id, args, kwargs, forbid)
                for u in used:
                    self.flags.append({"kind": "forbidden", "detail": u})
                return value, used

            self.remote.call = call
            try:
                exec(code, self.ns)  # noqa: S102  (the test cell, from the gradebook)
            finally:
                self.remote.call = orig
        except BaseException as exc:  # noqa: BLE001  (a failed test, however it fails)
            result["error"] = _without_hidden_values(exc, source, label)
        finally:
            self.remote.sock = None
        result["stdout"] = out.getvalue()[:STDOUT_LIMIT]
        result["notes"] = list(self.remote.notes)
        return result


_VALUE_LINES = ("기대값:", "받은 값:", "최대 오차:", "expected:", "actual:", "max error:")


def _hidden_lines(source: str) -> range:
    lines = source.splitlines()
    begin = next((i for i, line in enumerate(lines, 1) if "### BEGIN HIDDEN TESTS" in line), None)
    end = next((i for i, line in enumerate(lines, 1) if "### END HIDDEN TESTS" in line), len(lines) + 1)
    return range(begin, end) if begin else range(0)


def _without_hidden_values(exc: BaseException, source: str, label: str) -> BaseException:
    """A check that failed in the hidden part says what failed and the likely mistake, but not the
    values: with fixed hidden inputs, a learner could otherwise collect input → expected pairs."""
    if not isinstance(exc, AssertionError):
        return exc
    hidden = _hidden_lines(source)
    line, tb = None, exc.__traceback__
    while tb is not None:
        if tb.tb_frame.f_code.co_filename == f"<{label}>":
            line = tb.tb_lineno
        tb = tb.tb_next
    if line is None or line not in hidden:
        return exc
    from lossopt import messages

    text = str(exc.args[0]) if exc.args else ""
    first, *rest = text.splitlines() or [""]
    kept = [first[:200]] + [r for r in rest if not r.strip().startswith(_VALUE_LINES) and "추정되는 실수" in r]
    kept.append("  " + messages.text("hidden_values"))
    new = type(exc)("\n".join(kept))
    new.__lossopt_learner__ = getattr(exc, "__lossopt_learner__", None)
    return new


class CellChannel:
    """A Unix socket the kernel's serve loop connects to, and the thread that runs the test."""

    def __init__(self, folder: Path, index: int, uid: int = 0):
        self.path = Path(folder) / f"t{index}-{time.monotonic_ns() % 10**9}.sock"
        import os

        self.listener = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
        # the folder belongs to the kernel's user: never chmod/chown through a path it could swap
        # for a symlink; the socket is made connectable for that user by the umask at bind time
        old = os.umask(0o000)
        try:
            self.listener.bind(str(self.path))
        finally:
            os.umask(old)
        self.listener.listen(1)
        self.result: dict = {}
        self.thread: threading.Thread | None = None
        self.connected = threading.Event()

    def start(self, tests: NotebookTests, source: str, label: str, ping=None) -> None:
        def run():
            conn = None
            try:
                self.listener.settimeout(120)
                conn, _ = self.listener.accept()
                conn.settimeout(None)
                self.connected.set()
                if ping is not None:
                    tests.remote.sock = conn
                    try:
                        ping(tests.remote)
                    finally:
                        tests.remote.sock = None
                self.result = tests.run_cell(source, label, conn)
            except BaseException as exc:  # noqa: BLE001
                self.result = {"error": ChannelError(f"kernel channel: {type(exc).__name__}"), "stdout": "", "notes": []}
            finally:
                if conn is not None:
                    try:
                        _wire.send(conn, {"op": "done"})
                    except OSError:
                        pass
                    conn.close()

        self.thread = threading.Thread(target=run, name=f"lossopt-test-{label}", daemon=True)
        self.thread.start()

    def finish(self, wait: float = 5.0) -> dict:
        if not self.connected.is_set():
            try:  # the serve cell never connected: stop waiting (shutdown wakes a blocked accept)
                self.listener.shutdown(socket.SHUT_RDWR)
            except OSError:
                pass
        if self.thread is not None:
            self.thread.join(wait)
        try:
            self.listener.close()
            self.path.unlink(missing_ok=True)
        except OSError:
            pass
        if self.thread is not None and self.thread.is_alive():
            return {"error": ChannelError("test did not finish"), "stdout": "", "notes": []}
        return self.result or {"error": ChannelError("no result"), "stdout": "", "notes": []}
