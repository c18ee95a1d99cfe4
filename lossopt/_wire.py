"""Values between the grader and a learner's kernel, as JSON (never pickle).

Used on both sides of the grading channel (``lossopt._kernel`` in the sandboxed kernel,
``autograder.trusted`` in the grader). :func:`encode` turns a value into a JSON tree of plain
numbers, strings and tagged objects; :func:`decode` accepts only those tags (``allow``), checks
every dtype, shape and size against the bytes it is given, and never runs code of the sender's
choice: a hostile kernel can send wrong values, not objects.

Tags: ``f`` special float, ``c`` complex, ``b`` bytes, ``nd`` NumPy array, ``no`` NumPy array of
Python objects (numbers), ``ns`` NumPy scalar, ``pt`` torch tensor, ``ndt``/``tdt`` dtypes,
``l``/``tu``/``d``/``sn``/``r`` list, tuple, dict, SimpleNamespace, range, ``rng`` NumPy
Generator, ``opt`` torch optimizer, ``cb`` callback (grader → kernel), ``ref`` handle of an
object that stays where it lives.
"""

from __future__ import annotations

import base64
import json
import math
import re
import sys
import types
from typing import Any, Callable

import numpy as np

MAX_DEPTH = 40
MAX_BYTES = 32 * 2**20  # a whole message (the largest test value is about 1.3 MB)
MAX_NODES = 2_000_000  # values in one message: JSON lists of numbers cost memory, not bytes
_DT = re.compile(r"[<>|=]?[biufc]\d{1,2}")
_TORCH_DTYPES = ("float64", "float32", "float16", "bfloat16", "int64", "int32", "int16", "int8", "uint8", "bool",
                 "complex64", "complex128")
_BIT_GENERATORS = ("PCG64", "PCG64DXSM", "MT19937", "Philox", "SFC64")
_OPTIMIZERS = ("SGD", "Adam", "AdamW", "RMSprop", "Adagrad", "Adadelta", "Adamax", "NAdam", "RAdam", "ASGD", "Rprop")
# arguments whose changes by a learner's function come back to the test: containers of state
# (a step function's ``state`` dict, an optimizer's groups). Arrays, tensors and lists are data:
# a test may compute its reference from them after the call, so they never change in the test.
MUTABLE = ("d", "sn", "opt")


class WireError(ValueError):
    """A value that cannot cross, or a message that is not well formed."""


def _b64(data: bytes) -> str:
    return base64.b64encode(data).decode("ascii")


def _torch():
    return sys.modules.get("torch")


def _float(x: float):
    return x if math.isfinite(x) else {"t": "f", "v": repr(float(x))}


def encode(x: Any, ref: Callable[[Any], dict] | None = None, _depth: int = 0) -> Any:
    """``x`` as a JSON-ready tree; objects that cannot cross go to ``ref`` (or raise WireError)."""
    if _depth > MAX_DEPTH:
        raise WireError("too deeply nested")
    d = _depth + 1
    if x is None or isinstance(x, (bool, str)):
        return x
    if isinstance(x, int) and not isinstance(x, np.generic):
        return int(x)
    if isinstance(x, float) and not isinstance(x, np.generic):
        return _float(float(x))
    if isinstance(x, complex) and not isinstance(x, np.generic):
        return {"t": "c", "v": [_float(x.real), _float(x.imag)]}
    if isinstance(x, (bytes, bytearray)):
        return {"t": "b", "v": _b64(bytes(x))}
    if isinstance(x, np.ndarray):
        if x.dtype.kind in "biufc":
            a = x if x.flags.c_contiguous else np.array(x, order="C")
            return {"t": "nd", "d": a.dtype.str, "s": list(a.shape), "v": _b64(a.tobytes())}
        if x.dtype.kind == "O":
            return {"t": "no", "s": list(x.shape), "v": [encode(e, ref, d) for e in x.ravel().tolist()]}
    if isinstance(x, np.generic) and np.dtype(type(x)).kind in "biufc":
        return {"t": "ns", "d": x.dtype.str, "v": _b64(x.tobytes())}
    if isinstance(x, np.dtype) and x.kind in "biufc":
        return {"t": "ndt", "v": x.str}
    if isinstance(x, type) and issubclass(x, np.generic) and np.dtype(x).kind in "biufc":
        return {"t": "ndt", "v": np.dtype(x).str, "scalar": True}
    torch = _torch()
    if torch is not None:
        if isinstance(x, torch.Tensor):
            t = x.detach().cpu().contiguous()
            name = str(t.dtype).removeprefix("torch.")
            if name in _TORCH_DTYPES:
                raw = t.view(torch.int16) if name == "bfloat16" else t
                return {"t": "pt", "d": name, "s": list(t.shape), "v": _b64(raw.numpy().tobytes())}
        if isinstance(x, torch.dtype) and str(x).removeprefix("torch.") in _TORCH_DTYPES:
            return {"t": "tdt", "v": str(x).removeprefix("torch.")}
        if isinstance(x, torch.optim.Optimizer) and type(x).__module__.startswith("torch.optim") and type(x).__name__ in _OPTIMIZERS:
            groups = []
            for g in x.param_groups:
                groups.append([[k, encode(list(v) if k == "params" else v, ref, d)] for k, v in g.items()])
            return {"t": "opt", "c": type(x).__name__, "g": groups}
    if isinstance(x, list):
        return {"t": "l", "v": [encode(e, ref, d) for e in x]}
    if isinstance(x, tuple):
        return {"t": "tu", "v": [encode(e, ref, d) for e in x]}
    if isinstance(x, dict):
        return {"t": "d", "v": [[encode(k, ref, d), encode(v, ref, d)] for k, v in x.items()]}
    if isinstance(x, types.SimpleNamespace):
        return {"t": "sn", "v": [[str(k), encode(v, ref, d)] for k, v in vars(x).items()]}
    if isinstance(x, range):
        return {"t": "r", "v": [x.start, x.stop, x.step]}
    if isinstance(x, np.random.Generator) and type(x.bit_generator).__name__ in _BIT_GENERATORS:
        return {"t": "rng", "bg": type(x.bit_generator).__name__, "st": encode(x.bit_generator.state, None, d)}
    if ref is not None:
        return ref(x)
    raise WireError(f"a value of type {type(x).__name__} cannot be passed")


class Budget:
    def __init__(self, limit: int = MAX_BYTES, nodes: int = MAX_NODES):
        self.left = limit
        self.nodes = nodes

    def take(self, n: int) -> None:
        self.left -= n
        if self.left < 0:
            raise WireError("message too large")

    def node(self) -> None:
        self.nodes -= 1
        if self.nodes < 0:
            raise WireError("message has too many values")


def _bytes(v: Any, budget: Budget) -> bytes:
    if not isinstance(v, str):
        raise WireError("bad bytes")
    budget.take(len(v))
    try:
        return base64.b64decode(v.encode("ascii"), validate=True)
    except Exception as exc:
        raise WireError("bad base64") from exc


def _shape(s: Any) -> tuple[int, ...]:
    if not isinstance(s, list) or len(s) > 32 or not all(type(n) is int and 0 <= n < 2**40 for n in s):
        raise WireError("bad shape")
    size = 1
    for n in s:
        size *= n
    if size > MAX_BYTES:
        raise WireError("bad shape")
    return tuple(s)


def _ndtype(v: Any) -> np.dtype:
    if not isinstance(v, str) or not _DT.fullmatch(v):
        raise WireError("bad dtype")
    dt = np.dtype(v)
    if dt.kind not in "biufc":
        raise WireError("bad dtype")
    return dt


def decode(tree: Any, allow: frozenset | set, resolve: Callable[[str, Any], Any] | None = None,
           budget: Budget | None = None, _depth: int = 0) -> Any:
    """The value of ``tree``; only tags in ``allow``; ``resolve(tag, node)`` for ``cb``/``ref``."""
    budget = budget or Budget()
    if _depth > MAX_DEPTH:
        raise WireError("too deeply nested")
    budget.node()
    if tree is None or type(tree) in (bool, int, float):
        return tree
    if type(tree) is str:
        budget.take(len(tree))
        return tree
    if type(tree) is not dict or type(tree.get("t")) is not str:
        raise WireError("bad value")
    tag = tree["t"]
    if tag not in allow:
        raise WireError(f"value kind {tag!r} not accepted here")
    d = _depth + 1
    v = tree.get("v")

    def sub(x):
        return decode(x, allow, resolve, budget, d)

    def items(x):
        if not isinstance(x, list):
            raise WireError("bad sequence")
        return x

    if tag == "f":
        if v not in ("nan", "inf", "-inf"):
            raise WireError("bad float")
        return float(v)
    if tag == "c":
        re_, im = items(v)
        return complex(sub(re_), sub(im))
    if tag == "b":
        return _bytes(v, budget)
    if tag in ("nd", "ns"):
        dt = _ndtype(tree.get("d"))
        shape = _shape(tree.get("s")) if tag == "nd" else ()
        raw = _bytes(v, budget)
        if len(raw) != int(np.prod(shape, dtype=np.int64)) * dt.itemsize:
            raise WireError("array size does not match its bytes")
        arr = np.frombuffer(raw, dtype=dt).reshape(shape).copy()
        return arr if tag == "nd" else arr[()]
    if tag == "no":
        shape = _shape(tree.get("s"))
        elems = [sub(e) for e in items(v)]
        if len(elems) != int(np.prod(shape, dtype=np.int64)):
            raise WireError("bad object array")
        out = np.empty(len(elems), dtype=object)
        out[:] = elems
        return out.reshape(shape)
    if tag == "ndt":
        dt = _ndtype(v)
        return dt.type if tree.get("scalar") else dt
    if tag in ("pt", "tdt"):
        import torch

        name = tree.get("d") if tag == "pt" else v
        if name not in _TORCH_DTYPES:
            raise WireError("bad tensor dtype")
        tdt = getattr(torch, name)
        if tag == "tdt":
            return tdt
        shape = _shape(tree.get("s"))
        raw = _bytes(v, budget)
        store = torch.int16 if name == "bfloat16" else tdt
        item = torch.empty((), dtype=store).element_size()
        if len(raw) != int(np.prod(shape, dtype=np.int64)) * item:
            raise WireError("tensor size does not match its bytes")
        npdt = torch.empty((), dtype=store).numpy().dtype
        t = torch.from_numpy(np.frombuffer(raw, dtype=npdt).reshape(shape).copy())
        return t.view(torch.bfloat16) if name == "bfloat16" else t
    if tag == "l":
        return [sub(e) for e in items(v)]
    if tag == "tu":
        return tuple(sub(e) for e in items(v))
    if tag in ("d", "sn"):
        out = {}
        for pair in items(v):
            if not isinstance(pair, list) or len(pair) != 2:
                raise WireError("bad mapping")
            k = sub(pair[0])
            if tag == "sn" and type(k) is not str:
                raise WireError("bad attribute name")
            try:
                out[k] = sub(pair[1])
            except TypeError as exc:  # an unhashable key
                raise WireError("bad mapping key") from exc
        return out if tag == "d" else types.SimpleNamespace(**out)
    if tag == "r":
        a = items(v)
        if len(a) != 3 or not all(type(n) is int for n in a):
            raise WireError("bad range")
        return range(*a)
    if tag == "rng":
        bg = tree.get("bg")
        if bg not in _BIT_GENERATORS:
            raise WireError("bad generator")
        gen = np.random.Generator(getattr(np.random, bg)())
        state = decode(tree.get("st"), frozenset({"d", "l", "tu", "nd", "ns"}), None, budget, d)
        try:
            gen.bit_generator.state = state
        except Exception as exc:
            raise WireError("bad generator state") from exc
        return gen
    if tag == "opt":
        import torch

        cls = tree.get("c")
        if cls not in _OPTIMIZERS:
            raise WireError("bad optimizer")
        groups = []
        for g in items(tree.get("g")):
            group = {}
            for pair in items(g):
                if not isinstance(pair, list) or len(pair) != 2 or type(pair[0]) is not str:
                    raise WireError("bad optimizer group")
                group[pair[0]] = sub(pair[1])
            params = group.get("params")
            if not isinstance(params, list) or not all(isinstance(p, torch.Tensor) for p in params):
                raise WireError("bad optimizer parameters")
            group["params"] = [p.requires_grad_(True) if p.is_floating_point() else p for p in params]
            groups.append(group)
        try:
            return getattr(torch.optim, cls)(groups)
        except Exception as exc:
            raise WireError(f"optimizer cannot be rebuilt: {type(exc).__name__}") from exc
    if tag in ("cb", "ref"):
        if resolve is None or type(tree.get("id")) is not int:
            raise WireError("bad handle")
        return resolve(tag, tree)
    raise WireError(f"unknown value kind {tag!r}")


def dumps(msg: dict) -> bytes:
    return json.dumps(msg, ensure_ascii=True, allow_nan=False, separators=(",", ":")).encode("ascii")


def _no_constant(name):
    raise WireError(f"bad JSON constant {name}")


def loads(data: bytes) -> dict:
    if len(data) > MAX_BYTES:
        raise WireError("message too large")
    try:
        msg = json.loads(data.decode("ascii"), parse_constant=_no_constant)
    except (UnicodeDecodeError, ValueError, RecursionError) as exc:
        raise WireError(f"bad message: {type(exc).__name__}") from exc
    if type(msg) is not dict:
        raise WireError("bad message")
    return msg


def send(sock, msg: dict) -> None:
    data = dumps(msg)
    sock.sendall(len(data).to_bytes(8, "big") + data)


def _recv_exact(sock, n: int) -> bytes:
    chunks, left = [], n
    while left:
        chunk = sock.recv(min(left, 4 * 2**20))
        if not chunk:
            raise EOFError("channel closed")
        chunks.append(chunk)
        left -= len(chunk)
    return b"".join(chunks)


def recv(sock) -> dict:
    n = int.from_bytes(_recv_exact(sock, 8), "big")
    if n > MAX_BYTES:
        raise WireError("message too large")
    return loads(_recv_exact(sock, n))


# which Python exception types cross as themselves (anything else becomes RuntimeError; an
# AssertionError of the learner's code too: a test's own assertion messages are shown to learners)
EXCEPTIONS = ("ValueError", "TypeError", "KeyError", "IndexError", "ZeroDivisionError", "AttributeError",
              "NotImplementedError", "FloatingPointError", "RuntimeError", "ArithmeticError",
              "OverflowError", "LookupError", "NameError", "UnboundLocalError", "RecursionError", "MemoryError",
              "StopIteration", "ImportError", "ModuleNotFoundError", "BlockingIOError", "OSError", "FileNotFoundError",
              "PermissionError", "TimeoutError")


def same_encoding(a: Any, b: Any) -> bool:
    return dumps({"v": a}) == dumps({"v": b})
