"""답 확인 도우미 (answer checking for nbgrader test cells).

``check_close(actual, expected, ...)`` accepts every numeric container a correct answer may
come in: Python ``int``/``float``, NumPy scalars and arrays, (nested) lists and tuples, and
torch tensors (0-d included, ``requires_grad`` or not). It raises :class:`AnswerError` (an
``AssertionError``) whose message is written for the learner: what was expected, what came,
and, when the answer matches a known wrong answer that the test lists, which mistake that is.

Tolerance (stated in every exercise): ``rtol=1e-6, atol=1e-9`` when the answer is float64
(or an int or a Python float); ``rtol=1e-5, atol=1e-6`` when it is float32 or float16.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Iterable, Mapping
from typing import Any

import numpy as np

from lossopt import messages

RTOL64, ATOL64 = 1e-6, 1e-9
RTOL32, ATOL32 = 1e-5, 1e-6
_MAX_SHOWN = 6


class AnswerError(AssertionError):
    """An answer did not match; ``str(error)`` is the feedback for the learner."""


def _is_torch_tensor(x: Any) -> bool:
    return type(x).__module__.split(".")[0] == "torch" and hasattr(x, "detach")


def as_array(value: Any, name: str = "답") -> tuple[np.ndarray, bool]:
    """Convert an answer to a float64 array; also report whether it was low precision.

    Raises :class:`AnswerError` with a learner-facing message for None, strings, booleans,
    dicts, ragged lists and other non-numeric values.
    """
    if value is None:
        raise AnswerError(messages.text("none", name=name))
    if isinstance(value, (str, bytes)):
        raise AnswerError(messages.text("string", name=name, value=value))
    if isinstance(value, (bool, np.bool_)):
        raise AnswerError(messages.text("bool", name=name))
    if _is_torch_tensor(value):
        value = value.detach().cpu()
        if value.is_complex():
            raise AnswerError(messages.text("complex", name=name))
        low = str(value.dtype) in ("torch.float32", "torch.float16", "torch.bfloat16")
        return value.double().numpy().copy(), low
    if isinstance(value, (list, tuple)):
        parts = [as_array(v, name) for v in value]
        shapes = {p[0].shape for p in parts}
        if len(shapes) > 1:
            raise AnswerError(messages.text("ragged", name=name))
        low = any(p[1] for p in parts)
        if not parts:
            return np.zeros((0,)), False
        return np.stack([p[0] for p in parts]), low
    if isinstance(value, Mapping) or not (
        isinstance(value, (int, float, complex, np.number, np.ndarray)) or hasattr(value, "__array__")
    ):
        raise AnswerError(messages.text("not_numeric", name=name, type=getattr(value, "_lossopt_type", None) or type(value).__name__))
    arr = np.asarray(value)
    if arr.dtype == bool:
        raise AnswerError(messages.text("bool", name=name))
    if np.iscomplexobj(arr):
        raise AnswerError(messages.text("complex", name=name))
    if arr.dtype.kind == "O":  # e.g. from np.frompyfunc: accept it when every element is a real number
        arr, low = _object_array(arr, name, type(value).__name__)
        return arr, low
    if arr.dtype.kind not in "iuf":
        raise AnswerError(messages.text("not_numeric", name=name, type=f"{type(value).__name__}[{arr.dtype}]"))
    low = arr.dtype in (np.float32, np.float16)
    return arr.astype(np.float64), low


def _object_array(arr: np.ndarray, name: str, type_name: str) -> tuple[np.ndarray, bool]:
    """An object-dtype array whose elements are all real numbers, as float64 (else a learner-facing error)."""
    parts = [as_array(v, name) for v in arr.reshape(-1)]
    if any(p[0].size != 1 for p in parts):
        raise AnswerError(messages.text("not_numeric", name=name, type=f"{type_name}[object]"))
    flat = np.array([float(p[0].reshape(-1)[0]) for p in parts], dtype=np.float64)
    return flat.reshape(arr.shape), any(p[1] for p in parts)


def _fmt(arr: np.ndarray) -> str:
    if arr.size == 1:
        return f"{float(arr.reshape(-1)[0]):.8g}"
    flat = arr.reshape(-1)
    shown = ", ".join(f"{v:.6g}" for v in flat[:_MAX_SHOWN])
    more = f", … ({arr.size}개 중 {_MAX_SHOWN}개)" if arr.size > _MAX_SHOWN else ""
    return f"[{shown}{more}] (shape {arr.shape})"


def _same(a: np.ndarray, e: np.ndarray, rtol: float, atol: float) -> bool:
    if a.size == 1 and e.size == 1:
        a, e = a.reshape(()), e.reshape(())
    if a.shape != e.shape:
        return False
    return bool(np.allclose(a, e, rtol=rtol, atol=atol, equal_nan=True))


def _matching_mistake(actual: np.ndarray, mistakes: Mapping[str, Any] | None, rtol: float, atol: float) -> str | None:
    for key, wrong in (mistakes or {}).items():
        try:
            wrong = wrong() if callable(wrong) else wrong
            wrong_arr, _ = as_array(wrong, key)
        except Exception:  # a mistake that cannot be computed is simply not named
            continue
        if _same(actual, wrong_arr, rtol, atol):
            return messages.mistake(key)
    return None


def check_close(
    actual: Any,
    expected: Any,
    *,
    name: str = "답",
    rtol: float | None = None,
    atol: float | None = None,
    mistakes: Mapping[str, Any | Callable[[], Any]] | None = None,
) -> None:
    """Raise :class:`AnswerError` unless ``actual`` equals ``expected`` within tolerance.

    ``mistakes`` maps a known mistake (a key of ``lossopt.messages.MISTAKES`` or a sentence)
    to the wrong answer it produces (a value, or a callable that computes it). When the
    answer matches one, the message names that mistake.
    """
    exp, _ = as_array(expected, "expected")
    act, low = as_array(actual, name)
    if rtol is None:
        rtol = RTOL32 if low else RTOL64
    if atol is None:
        atol = ATOL32 if low else ATOL64
    if _same(act, exp, rtol, atol):
        return
    named = _matching_mistake(act, mistakes, rtol, atol)
    hint = "\n  " + messages.text("likely_mistake", mistake=named) if named else ""
    if act.size == 0 and exp.size > 0:
        raise AnswerError(messages.text("empty", name=name, expected_shape=exp.shape) + hint)
    scalar_pair = act.size == 1 and exp.size == 1
    if not scalar_pair and act.shape != exp.shape:
        msg = messages.text("shape", name=name, expected_shape=exp.shape, actual_shape=act.shape)
        if exp.size == 1:
            msg += "\n  " + messages.text("shape_hint_scalar")
        raise AnswerError(msg + hint)
    if np.isnan(act).any() and not np.isnan(exp).any():
        raise AnswerError(messages.text("nan", name=name) + hint)
    if np.isinf(act).any() and not np.isinf(exp).any():
        raise AnswerError(messages.text("inf", name=name) + hint)
    diff = np.abs(act.reshape(exp.shape) - exp)
    error = float(np.nanmax(diff)) if diff.size else math.nan
    raise AnswerError(
        messages.text("mismatch", name=name, expected=_fmt(exp), actual=_fmt(act), error=error, rtol=rtol, atol=atol)
        + hint
    )


def _norm(s: str) -> str:
    return " ".join(str(s).split()).casefold()


def check_choice(
    answer: Any,
    expected: str | Iterable[str],
    *,
    name: str = "답",
    options: Iterable[str] | None = None,
    mistakes: Mapping[str, str] | None = None,
) -> None:
    """Check a choice answer given as a string (case and spacing are ignored).

    ``expected`` is the right option or a collection of accepted spellings; ``options``
    lists every valid option (an answer outside it gets the list back); ``mistakes`` maps a
    wrong option to the key or sentence that explains why it is wrong.
    """
    if answer is None:
        raise AnswerError(messages.text("none", name=name))
    if not isinstance(answer, str):
        raise AnswerError(messages.text("choice_type", name=name, type=type(answer).__name__))
    accepted = {_norm(expected)} if isinstance(expected, str) else {_norm(e) for e in expected}
    given = _norm(answer)
    if given in accepted:
        return
    if options is not None:
        opts = list(options)
        if given not in {_norm(o) for o in opts}:
            raise AnswerError(messages.text("choice_unknown", name=name, answer=answer, options=", ".join(opts)))
    msg = messages.text("choice_wrong", name=name, answer=answer)
    for wrong, why in (mistakes or {}).items():
        if _norm(wrong) == given:
            msg += "\n  " + messages.text("likely_mistake", mistake=messages.mistake(why))
            break
    raise AnswerError(msg)


def forbid(fn: Callable, names: Iterable[str], *args: Any, **kwargs: Any) -> Any:
    """``fn(*args, **kwargs)``, failing when it called one of ``names`` (dotted library names,
    e.g. ``"torch.nn.functional.mse_loss"``), directly or through other functions.

    A from-scratch exercise states in its text which library functions it forbids; the test
    calls the learner's function through this. When the grader runs the test, the call runs in
    the learner's kernel and the grader also marks the notebook for review.
    """
    names = list(names)
    remote = getattr(fn, "__lossopt_call__", None)  # a learner's function seen from the grader
    if remote is not None:
        result, used = remote(args, kwargs, forbid=names)
    else:
        from lossopt._kernel import watch_calls

        result, used = watch_calls(fn, names, args, kwargs)
    if used:
        label = getattr(fn, "__name__", "함수")
        raise AnswerError(messages.text("forbidden_call", name=label, used=", ".join(used)) + "\n  "
                          + messages.text("likely_mistake", mistake=messages.text("forbidden_mistake")))
    return result


def warnings_of(fn: Callable, *args: Any, **kwargs: Any) -> tuple[Any, list[str]]:
    """``fn(*args, **kwargs)`` and the warnings it emitted, as ``"Category: message"`` strings.

    For an exercise that must not warn (the text says so): when the grader runs the test, the
    call runs in the learner's kernel and its warnings come back with the result.
    """
    remote = getattr(fn, "__lossopt_warnings__", None)  # a learner's function seen from the grader
    if remote is not None:
        return remote(args, kwargs)
    import warnings

    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        result = fn(*args, **kwargs)
    return result, [f"{w.category.__name__}: {w.message}" for w in caught]
