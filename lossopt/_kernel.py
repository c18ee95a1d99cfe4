"""The kernel's side of grading (not used in self-study; nothing here is an answer).

When a class is graded, the grader starts each submission's kernel as
``python -m lossopt._kernel -f <connection file>`` inside its sandbox:

- :func:`main` installs an audit hook before any of the learner's code runs, then starts
  ipykernel. The hook reports, over a socket the grader listens on, what a learner's cell does
  that a solution never needs: frame or garbage-collector introspection, dynamic code, new
  processes or threads, files outside the notebook's folder, network, ctypes, and library
  functions replaced since the kernel started (checked at every cell). An audit hook cannot be
  removed, and each report is written before the audited call returns.
- :func:`serve` runs during a graded test cell: the test itself runs in the grader's process and
  calls the learner's functions through this loop (arguments and results as
  :mod:`lossopt._wire` JSON). Expected values never enter the kernel.
- :func:`watch_calls` runs a function while recording calls of named library functions (the
  ``forbid`` checks of from-scratch exercises, also used in self-study).
"""

from __future__ import annotations

import os
import sys

_INTROSPECTION = frozenset(('sys._getframe', 'sys._current_frames', 'gc.get_objects', 'gc.get_referrers', 'gc.get_referents', 'sys.settrace', 'sys.setprofile', 'exec', 'compile', 'code.__new__', 'function.__new__', 'sys.addaudithook', 'object.__getattr__', 'object.__setattr__', 'marshal.loads', 'pickle.find_class'))
_PROCESS = frozenset(('subprocess.Popen', 'os.system', 'os.exec', 'os.posix_spawn', 'os.spawn', 'os.fork', 'os.forkpty', 'os.kill', 'os.killpg', 'socket.connect', 'socket.bind', 'socket.__new__', 'urllib.Request', 'ctypes.dlopen', 'ctypes.dlsym', 'ctypes.addressof', 'ctypes.string_at', 'ctypes.cdata', 'ctypes.call_function', 'os.chdir', 'mmap.__new__'))
_FILES = frozenset(('open', 'os.listdir', 'os.scandir', 'glob.glob', 'os.symlink', 'os.link', 'os.truncate', 'os.chmod', 'os.remove', 'os.rename', 'shutil.rmtree', 'os.rmdir', 'os.mkdir'))
_FRAME_ATTRS = ("tb_frame", "gi_frame", "cr_frame", "ag_frame", "f_back")
_PASS_THROUGH = ("inspect.py", "threading.py", "subprocess.py", "os.py", "socket.py", "glob.py", "shutil.py",
                 "pathlib.py", "<frozen os>", "<frozen codecs>", "pickle.py", "_compression.py")
_BUILTINS = ("abs", "all", "any", "len", "sum", "min", "max", "round", "isinstance", "float", "int", "print", "range",
             "sorted", "zip", "map", "iter", "next", "open", "exec", "eval", "compile", "getattr", "setattr", "hasattr",
             "type", "__import__", "list", "dict", "tuple", "pow", "divmod", "enumerate", "reversed", "filter", "vars", "id")
_WATCHED = ("builtins", "math", "numpy", "numpy.random", "numpy.linalg", "torch", "torch.nn.functional", "torch.nn.utils",
            "torch.optim", "torch.optim.lr_scheduler", "torch.amp", "lossopt", "lossopt.check", "lossopt.steps",
            "lossopt.schedules", "lossopt.messages", "lossopt._kernel", "lossopt._wire", "lossopt.problems")


def install(report_path: str | None):
    """Install the audit hook; reports go to the socket ``report_path``. Returns the function that
    takes the snapshot of library functions (call it once the libraries are imported).

    Everything the hook uses lives in this closure (no module attribute a cell could rebind).
    """
    import json
    import socket
    import tempfile
    import threading

    write, getframe, realpath, dumps, fsdecode = os.write, sys._getframe, os.path.realpath, json.dumps, os.fsdecode
    active = threading._active  # noqa: SLF001  (Python-level threads, by id)
    fd = None
    if report_path:
        s = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
        s.connect(report_path)
        fd = os.dup(s.fileno())
        s.close()
    tmp = tempfile.gettempdir()
    cells = (os.path.join(tmp, "ipykernel_"), os.path.realpath(os.path.join(tmp, "ipykernel_")), "<ipython-input-")
    roots = [os.getcwd(), tmp, os.path.expanduser("~"), sys.prefix, sys.base_prefix, sys.exec_prefix,
             os.path.dirname(os.path.abspath(__file__)), "/usr/share", "/usr/lib", "/etc",
             "/proc/self", "/proc/cpuinfo", "/proc/meminfo", "/proc/stat", "/sys/devices", "/sys/fs/cgroup", "/dev",
             "/usr/local/lib", "/usr/local/share"]
    f = sys._getframe()
    while f is not None:  # the files the kernel was started from (a launcher's, e.g. the pre-imported zygote's)
        if os.path.isabs(f.f_code.co_filename):
            roots.append(os.path.dirname(f.f_code.co_filename))
        f = f.f_back
    roots += [os.path.realpath(r) for r in roots]
    libs = tuple(dict.fromkeys(os.path.join(p, "") for p in sys.path if "site-packages" in p or p.startswith(sys.base_prefix)))
    exact = frozenset(r.rstrip("/") for r in roots if r)
    prefixes = tuple(r.rstrip("/") + "/" for r in exact)
    intro, proc, files, frame_attrs, passing = _INTROSPECTION, _PROCESS, _FILES, _FRAME_ATTRS, _PASS_THROUGH
    watched = _WATCHED
    builtin_names = frozenset(_BUILTINS)
    own = set()  # code objects of this module allowed to open sockets (serve, install)
    state = {"busy": False, "threads": set(), "sent": set()}
    snapshot: list = []

    def report(kind: str, detail: str) -> None:
        key = (kind, detail[:200])
        if fd is None or key in state["sent"] or len(state["sent"]) > 200:
            return
        state["sent"].add(key)
        try:
            write(fd, (dumps({"kind": kind, "detail": detail[:300]}) + "\n").encode("utf-8", "replace"))
        except OSError:
            pass

    def is_cell(f) -> bool:
        return f is not None and f.f_code.co_filename.startswith(cells)

    def caller_cell(depth: int) -> bool:
        f = getframe(2)
        for _ in range(depth):
            if f is None:
                return False
            if is_cell(f):
                return True
            if f.f_code in own or not f.f_code.co_filename.endswith(passing):
                return False
            f = f.f_back
        return False

    def chain_has_cell() -> bool:
        f = getframe(2)
        while f is not None:
            if f.f_code in own:
                return False
            if is_cell(f):
                return True
            f = f.f_back
        return False

    def outside(path):
        if isinstance(path, int):
            return None
        try:
            p = fsdecode(path)
            real = realpath(p)
        except Exception:
            return None
        if real in exact or real.startswith(prefixes):
            return None
        return p

    def check_snapshot() -> None:
        for name, mod, attrs in snapshot:
            d = vars(mod)
            for attr, (obj, code) in attrs.items():
                now = d.get(attr, obj)
                if now is not obj:
                    # a library may wrap its own function (torch._dynamo wraps torch.manual_seed)
                    wrapper = getattr(getattr(now, "__code__", None), "co_filename", "")
                    if getattr(now, "__wrapped__", None) is obj and wrapper.startswith(libs) and not wrapper.startswith(cells):
                        attrs[attr] = (now, getattr(now, "__code__", None))
                        continue
                    report("patch", f"{name}.{attr}")
                elif code is not None and getattr(obj, "__code__", None) is not code:
                    report("patch", f"{name}.{attr}.__code__")
        for t in list(active.values()):
            if id(t) in state["threads"]:
                continue
            state["threads"].add(id(t))
            target = getattr(t, "_target", None)
            code = getattr(target, "__code__", None) or getattr(getattr(type(t), "run", None), "__code__", None)
            if code is not None and code.co_filename.startswith(cells):
                report("process", "threading.Thread")
        take()

    def take() -> None:
        seen = {id(m) for _, m, _ in snapshot}  # modules and classes
        for name in watched:
            mod = sys.modules.get(name)
            if mod is None or id(mod) in seen:
                continue
            attrs = {}
            for attr, obj in list(vars(mod).items()):
                if not attr.startswith("__") and callable(obj) and (name != "builtins" or attr in builtin_names):
                    attrs[attr] = (obj, getattr(obj, "__code__", None))
            snapshot.append((name, mod, attrs))
            if name.startswith("lossopt"):  # the methods of lossopt's own classes (e.g. the serve loop's)
                for cname, cls in list(vars(mod).items()):
                    if isinstance(cls, type) and getattr(cls, "__module__", "") == name:
                        methods = {a: (f, getattr(f, "__code__", None)) for a, f in vars(cls).items()
                                   if callable(f) and not a.startswith("__")}
                        snapshot.append((f"{name}.{cname}", cls, methods))

    def hook(event: str, args: tuple) -> None:
        if state["busy"] or fd is None:
            return
        if event == "lossopt.ping":
            state["busy"] = True
            try:
                write(fd, (dumps({"kind": "ping", "detail": str(args[0])[:80]}) + "\n").encode())
            except OSError:
                pass
            finally:
                state["busy"] = False
            return
        if event not in intro and event not in proc and event not in files:
            return
        state["busy"] = True
        try:
            if event == "exec" and not caller_cell(1):
                f = getframe(1)
                if f.f_code.co_name == "run_code" and f.f_code.co_filename.endswith("interactiveshell.py"):
                    check_snapshot()  # IPython runs each cell through exec: the cell before it is done
            elif event == "object.__getattr__":
                if len(args) > 1 and args[1] in frame_attrs and caller_cell(2):
                    report("introspection", f"frame.{args[1]}")
            elif event == "object.__setattr__":
                if len(args) > 1 and args[1] in ("__code__", "__globals__") and caller_cell(1):
                    report("patch", f"function.{args[1]}")
            elif event in intro:
                if caller_cell(3):
                    f = getframe(1)
                    where = f"{os.path.basename(f.f_code.co_filename)}:{f.f_code.co_name}" if f is not None else "?"
                    report("introspection", f"{event} ({where})")
            elif event in proc:
                if chain_has_cell():
                    report("process", event)
            elif event in files:
                out = outside(args[0]) if args else None
                if out is not None and chain_has_cell():
                    report("file", f"{event} {out}")
        except Exception:
            pass
        finally:
            state["busy"] = False

    own.update({serve.__code__, _Loop.request.__code__, _Loop.handle.__code__, watch_calls.__code__})
    sys.addaudithook(hook)
    return take


def main() -> None:
    take = install(os.environ.get("LOSSOPT_AUDIT"))
    import numpy  # noqa: F401  (the libraries a cell could patch: remembered before any cell runs)
    import numpy.linalg  # noqa: F401
    import numpy.random  # noqa: F401

    import lossopt.check  # noqa: F401
    import lossopt.steps  # noqa: F401
    try:
        import torch  # noqa: F401
        import torch.amp  # noqa: F401
        import torch.nn.functional  # noqa: F401
        import torch.nn.utils  # noqa: F401
        import torch.optim.lr_scheduler  # noqa: F401
    except Exception:
        pass
    take()
    del take
    from ipykernel import kernelapp

    kernelapp.launch_new_instance()


# --- calls of named library functions ------------------------------------------------------

def _resolve(dotted: str):
    import importlib

    parts = dotted.split(".")
    for i in range(len(parts), 0, -1):
        try:
            obj = importlib.import_module(".".join(parts[:i]))
        except Exception:
            continue
        try:
            for p in parts[i:]:
                obj = getattr(obj, p)
        except AttributeError:
            return None
        return obj
    return None


def watch_calls(fn, names, args=(), kwargs=None):
    """``fn(*args, **kwargs)`` and the names (of ``names``) it called, directly or not."""
    targets = {}
    for n in names:
        obj = _resolve(n)
        if obj is None:
            continue
        targets[id(obj)] = n
        code = getattr(obj, "__code__", None)
        if code is not None:
            targets[id(code)] = n
        wrapped = getattr(obj, "__wrapped__", None)
        if wrapped is not None and getattr(wrapped, "__code__", None) is not None:
            targets[id(wrapped.__code__)] = n
    used: list[str] = []

    def prof(frame, event, arg):
        key = id(frame.f_code) if event == "call" else id(arg) if event == "c_call" else None
        if key is not None and key in targets and targets[key] not in used:
            used.append(targets[key])

    old = sys.getprofile()
    sys.setprofile(prof)
    try:
        result = fn(*args, **(kwargs or {}))
    finally:
        if sys.getprofile() is not prof:  # the function switched the watch off
            used.append("sys.setprofile")
        sys.setprofile(old)
    return result, used


# --- the test cell's call loop --------------------------------------------------------------

_refs: dict[int, object] = {}
_ref_ids: dict[int, int] = {}


def _ref(obj) -> dict:
    key = id(obj)
    if key not in _ref_ids:
        _ref_ids[key] = len(_refs) + 1
        _refs[_ref_ids[key]] = obj
    name = getattr(obj, "__name__", None)
    return {"t": "ref", "id": _ref_ids[key], "type": type(obj).__name__[:80], "callable": callable(obj),
            "name": name[:80] if isinstance(name, str) else None}


def _exc(exc: BaseException) -> dict:
    from lossopt import _wire

    name = type(exc).__name__
    # the nearest builtin type that may cross (numpy's _ArrayMemoryError is a MemoryError)
    kind = next((c.__name__ for c in type(exc).__mro__ if c.__module__ == "builtins" and c.__name__ in _wire.EXCEPTIONS),
                "RuntimeError")
    out = {"op": "err", "type": kind, "name": name[:80], "msg": str(exc)[:2000]}
    if isinstance(exc, KeyError) and exc.args:
        try:
            out["key"] = _wire.encode(exc.args[0])
        except Exception:
            out["key"] = str(exc.args[0])[:200]
    return out


class _Loop:
    def __init__(self, sock):
        self.sock = sock

    def request(self, msg: dict):
        """Send ``msg`` and serve the grader's requests until its answer comes."""
        from lossopt import _wire

        _wire.send(self.sock, msg)
        while True:
            m = _wire.recv(self.sock)
            op = m.get("op")
            if op in ("ret", "err", "done"):
                return m
            _wire.send(self.sock, self.handle(m))

    def _decode(self, tree):
        from lossopt import _wire

        return _wire.decode(tree, frozenset({"f", "c", "b", "nd", "no", "ns", "pt", "ndt", "tdt", "l", "tu", "d", "sn", "r",
                                             "rng", "opt", "cb", "ref"}), self._resolve)

    def _resolve(self, tag, node):
        if tag == "ref":
            if node["id"] not in _refs:
                raise ValueError("unknown handle")
            return _refs[node["id"]]
        return _Callback(self, node["id"])

    def handle(self, m: dict) -> dict:
        import warnings

        from lossopt import _wire

        op = m.get("op")
        try:
            if op == "get":
                ns = _user_ns()
                name = m.get("name")
                if not isinstance(name, str) or name not in ns:
                    return {"op": "ret", "missing": True}
                obj = ns[name]
                if type(obj).__name__ == "module":
                    return {"op": "ret", "module": getattr(obj, "__name__", "?")}
                return {"op": "ret", "v": _wire.encode(obj, _ref)}
            if op == "ping":
                sys.audit("lossopt.ping", str(m.get("nonce", ""))[:80])
                return {"op": "ret", "v": None}
            if op == "getattr":
                obj = _refs[m["id"]]
                return {"op": "ret", "v": _wire.encode(getattr(obj, str(m.get("name"))), _ref)}
            if op == "call":
                fn = _refs[m["id"]]
                args = self._decode(m.get("args"))
                kwargs = self._decode(m.get("kwargs"))
                before = [_wire.encode(a, _ref) for a in args]
                kbefore = {k: _wire.encode(v, _ref) for k, v in kwargs.items()}
                with warnings.catch_warnings(record=True) as caught:
                    warnings.simplefilter("always")
                    if m.get("forbid"):
                        result, used = watch_calls(fn, m["forbid"], args, kwargs)
                    else:
                        result, used = fn(*args, **kwargs), []
                back = {}
                for i, a in enumerate(args):
                    if isinstance(before[i], dict) and before[i].get("t") in _wire.MUTABLE:
                        now = _wire.encode(a, _ref)
                        if not _wire.same_encoding(now, before[i]):
                            back[str(i)] = now
                for k, v in kwargs.items():
                    if isinstance(kbefore[k], dict) and kbefore[k].get("t") in _wire.MUTABLE:
                        now = _wire.encode(v, _ref)
                        if not _wire.same_encoding(now, kbefore[k]):
                            back["k:" + k] = now
                notes = [f"{os.path.basename(str(w.filename))}:{w.lineno}: {w.category.__name__}: {str(w.message)[:300]}"
                         for w in caught[:20]]
                return {"op": "ret", "v": _wire.encode(result, _ref), "back": back, "warnings": notes, "used": used}
            return {"op": "err", "type": "RuntimeError", "name": "ProtocolError", "msg": f"unknown request {op!r}"}
        except Exception as exc:
            return _exc(exc)


class _Callback:
    """A function of the test (it runs in the grader's process) passed to a learner's function."""

    def __init__(self, loop: _Loop, cb_id: int):
        self._loop, self._id = loop, cb_id
        self.__name__ = f"callback{cb_id}"

    def __call__(self, *args, **kwargs):
        from lossopt import _wire

        m = self._loop.request({"op": "cb", "id": self._id, "args": _wire.encode(list(args), _ref),
                                "kwargs": _wire.encode(dict(kwargs), _ref)})
        if m.get("op") == "err":
            raise RuntimeError(f"callback failed: {m.get('msg', '')[:300]}")
        return self._loop._decode(m.get("v"))


def _user_ns() -> dict:
    from IPython import get_ipython

    shell = get_ipython()
    return shell.user_ns if shell is not None else {}


def serve(path: str) -> None:
    """Serve one test cell's calls (the grader listens on ``path``) until it says done."""
    import socket

    s = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    s.connect(path)
    try:
        loop = _Loop(s)
        from lossopt import _wire

        while True:
            m = _wire.recv(s)
            if m.get("op") == "done":
                return
            _wire.send(s, loop.handle(m))
    except EOFError:
        return
    finally:
        s.close()


if __name__ == "__main__":
    # run as a script this file is the module __main__: the serve loop the test cells import is
    # lossopt._kernel, whose code objects the audit hook must know
    from lossopt._kernel import main as _main

    _main()
