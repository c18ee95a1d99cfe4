"""The grading channel's value format (lossopt._wire) and the trusted side's proxies, without a kernel."""

from __future__ import annotations

import json
import socket
import threading
import types

import numpy as np
import pytest
import torch

from autograder import trusted
from lossopt import _wire

ALL = frozenset({"f", "c", "b", "nd", "no", "ns", "pt", "ndt", "tdt", "l", "tu", "d", "sn", "r", "rng", "opt"})


def roundtrip(x, allow=ALL):
    return _wire.decode(json.loads(_wire.dumps({"v": _wire.encode(x)}))["v"], allow)


@pytest.mark.parametrize("value", [
    None, True, 3, -2**70, 1.5, float("inf"), 2 + 3j, "한글", b"\x00\xff",
    [1, (2.0, "x")], {"a": 1, 2: [3], (1, 2): None}, range(2, 9, 3), types.SimpleNamespace(lr=0.1, groups=[1]),
])
def test_plain_values_cross_unchanged(value):
    out = roundtrip(value)
    assert type(out) is type(value)
    assert out == value if not isinstance(value, types.SimpleNamespace) else vars(out) == vars(value)


def test_nan_crosses():
    assert np.isnan(roundtrip(float("nan")))


@pytest.mark.parametrize("arr", [np.arange(6.0).reshape(2, 3), np.array([1, 2], dtype=np.int32), np.zeros((0, 4), np.float32),
                                 np.array([True, False]), np.array(2.5, dtype=np.float16), np.arange(3).astype(">i8")])
def test_arrays_keep_dtype_shape_and_values(arr):
    out = roundtrip(arr)
    assert out.dtype == arr.dtype and out.shape == arr.shape and np.array_equal(out, arr)
    assert out.flags.writeable


def test_numpy_scalars_tensors_and_dtypes():
    assert type(roundtrip(np.float32(1.25))) is np.float32
    for t in [torch.arange(4.0), torch.tensor(3.0, dtype=torch.float64), torch.ones(2, 2, dtype=torch.bfloat16),
              torch.tensor([1, 2], dtype=torch.int64)]:
        out = roundtrip(t)
        assert out.dtype == t.dtype and out.shape == t.shape and torch.equal(out, t)
    assert roundtrip(torch.float16) is torch.float16
    assert roundtrip(np.dtype("float32")) == np.dtype("float32")
    assert roundtrip(np.float64) is np.float64


def test_generator_crosses_in_the_same_state():
    g = np.random.default_rng(123)
    g.normal(size=5)
    out = roundtrip(g)
    assert np.array_equal(out.normal(size=7), g.normal(size=7))


def test_optimizer_crosses_with_its_groups():
    p = torch.zeros(3, requires_grad=True)
    opt = torch.optim.SGD([{"params": [p], "lr": 0.1, "momentum": 0.9}], lr=0.5)
    out = roundtrip(opt)
    assert isinstance(out, torch.optim.SGD) and out.param_groups[0]["lr"] == 0.1 and out.param_groups[0]["momentum"] == 0.9


@pytest.mark.parametrize("tree", [
    {"t": "nd", "d": "|O", "s": [1], "v": ""},                       # object dtype
    {"t": "nd", "d": "<f8", "s": [3], "v": "AAAAAAAAAAA="},          # 8 bytes for 3 doubles
    {"t": "nd", "d": "<f8", "s": [-1], "v": ""},                     # bad shape
    {"t": "pickle", "v": "..."},                                     # unknown kind
    {"t": "cb", "id": 1},                                            # a callback where none is accepted
    {"t": "opt", "c": "Evil", "g": []},                              # not one of torch's optimizers
    {"t": "rng", "bg": "os.system", "st": None},
    [1, 2],                                                          # raw JSON lists are not values
    {"t": "d", "v": [[{"t": "l", "v": []}, 1]]},                     # unhashable key
])
def test_hostile_trees_are_refused(tree):
    with pytest.raises(_wire.WireError):
        _wire.decode(tree, ALL)


def test_depth_and_size_limits():
    deep = None
    for _ in range(100):
        deep = {"t": "l", "v": [deep]}
    with pytest.raises(_wire.WireError):
        _wire.decode(deep, ALL)
    with pytest.raises(_wire.WireError):
        _wire.decode("x" * 100, ALL, budget=_wire.Budget(10))
    with pytest.raises(_wire.WireError):
        _wire.loads(b'{"v": NaN}')


def test_unencodable_values_go_to_ref_or_fail():
    with pytest.raises(_wire.WireError):
        _wire.encode(object())
    assert _wire.encode(len, ref=lambda x: {"t": "ref", "id": 7}) == {"t": "ref", "id": 7}


def test_write_back_changes_state_containers_only():
    w, state, lst = np.zeros(3), {"m": np.ones(2), "t": 1}, [np.zeros(2), 5]
    trusted.write_back(w, np.arange(3.0))  # data the test passed: never changed (its reference may use it)
    trusted.write_back(lst, [np.ones(2), 6])
    trusted.write_back(state, {"m": np.full(2, 7.0), "t": 2, "v": np.zeros(1)})
    assert np.array_equal(w, [0, 0, 0]) and lst[1] == 5 and np.array_equal(lst[0], [0, 0])
    assert state["t"] == 2 and "v" in state and np.array_equal(state["m"], [7, 7])
    ns = types.SimpleNamespace(a=1)
    trusted.write_back(ns, types.SimpleNamespace(a=2, b=3))
    assert vars(ns) == {"a": 2, "b": 3}


def test_namespace_resolves_trusted_names_before_the_kernel():
    class FakeRemote:
        asked: list = []

        def get(self, name):
            self.asked.append(name)
            if name == "answer":
                return 42
            raise KeyError(name)

    ns = trusted.TrustedNamespace()
    ns.remote = FakeRemote()
    ns["__builtins__"] = __builtins__
    exec("from lossopt.check import check_close\nx = (answer, len([1]))", ns)
    assert ns["x"] == (42, 1) and ns.remote.asked == ["answer"]
    with pytest.raises(NameError):
        exec("missing_name", ns)


def test_prelude_takes_imports_and_definitions_of_given_cells_only(tmp_path):
    def cell(src, **nbg):
        return {"cell_type": "code", "source": src, "metadata": {"nbgrader": nbg} if nbg else {}, "outputs": [], "execution_count": None}

    nb = {"cells": [cell("%matplotlib inline\nimport math\nDATA = [1, 2]\ndef helper(x):\n    return x + 1\n"),
                    cell("def mse(a, b):\n    raise NotImplementedError\n"),  # a given stub the learner replaces
                    cell("def mse(a, b):\n    return 0\nimport os", solution=True, grade=False, grade_id="mse"),
                    cell("def test_helper():\n    pass", grade=True, solution=False, grade_id="t", points=1)],
          "metadata": {}, "nbformat": 4, "nbformat_minor": 5}
    path = tmp_path / "nb.ipynb"
    path.write_text(json.dumps(nb), encoding="utf-8")
    ns: dict = {}
    for _, code in trusted.prelude(path):
        exec(code, ns)
    assert "math" in ns and ns["helper"](1) == 2
    assert "DATA" not in ns and "mse" not in ns and "test_helper" not in ns and "os" not in ns


def test_a_channel_that_never_connects_finishes(tmp_path):
    chan = trusted.CellChannel(tmp_path, 0)
    tests = types.SimpleNamespace(run_cell=lambda *a: {"error": None})
    chan.start(tests, "pass", "t")
    res = chan.finish(wait=5)
    assert isinstance(res["error"], trusted.ChannelError)


def test_calls_callbacks_and_errors_over_a_socket(tmp_path):
    """A fake kernel loop (lossopt._kernel._Loop) on a socketpair: calls, write-back, callbacks, errors."""
    from lossopt import _kernel

    a, b = socket.socketpair()

    def add_into(state, k, f):
        state["n"] = state.get("n", 0) + f(k)
        return state["n"]

    def boom(x):
        raise KeyError("missing-key")

    def set_lr(opt, lr):
        for g in opt.param_groups:
            g["lr"] = lr

    user = {"add_into": add_into, "boom": boom, "data": np.arange(3.0), "set_lr": set_lr}
    orig = _kernel._user_ns
    _kernel._user_ns = lambda: user
    loop = _kernel._Loop(b)

    def serve():
        try:
            while True:
                m = _wire.recv(b)
                if m.get("op") == "done":
                    return
                _wire.send(b, loop.handle(m))
        except EOFError:
            return

    t = threading.Thread(target=serve, daemon=True)
    t.start()
    try:
        remote = trusted.Remote()
        remote.sock = a
        state: dict = {}
        fn = remote.get("add_into")
        assert isinstance(fn, trusted.KernelObject) and fn.__name__ == "add_into"
        assert fn(state, 3, lambda k: k * 10) == 30 and state == {"n": 30}
        assert np.array_equal(remote.get("data"), [0, 1, 2])
        with pytest.raises(KeyError) as info:
            remote.get("boom")(1)
        assert info.value.args == ("missing-key",)
        with pytest.raises(KeyError):
            remote.get("nope")
        p, q = torch.zeros(2, requires_grad=True), torch.zeros(1, requires_grad=True)
        opt = torch.optim.SGD([{"params": [p]}, {"params": [q], "lr": 0.02}], lr=0.1, momentum=0.9)
        remote.get("set_lr")(opt, 0.5)  # the kernel's copy is changed; the groups' settings come back
        assert [g["lr"] for g in opt.param_groups] == [0.5, 0.5] and opt.param_groups[0]["params"][0] is p
        _wire.send(a, {"op": "done"})
        t.join(5)
    finally:
        _kernel._user_ns = orig
        a.close()
        b.close()
