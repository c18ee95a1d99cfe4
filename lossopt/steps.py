"""옵티마이저 스텝 함수를 시험하는 도우미 (helpers for testing optimizer step functions, ch03).

- :func:`random_quadratic`: a seeded random positive definite quadratic whose minimiser is a
  vector (d,) or a matrix (d, k); its gradient depends on the current parameters, so an error
  in an optimizer step compounds over the steps.
- :func:`follow`: run a NumPy step function ``step(w, g, state, **hyper)`` on a gradient the
  way the tests do, with a learner-facing message when the function returns nothing, changes
  the shape of ``w`` or divides by zero.
- :func:`call_step`: one such call, with the same messages.
- :func:`torch_follow`: the same run with a ``torch.optim`` optimizer; returns the path and the
  optimizer's state (as NumPy arrays) for comparison.
- :func:`feed`: feed a fixed gradient sequence to a torch optimizer; path and state after each step.
- :func:`check_path`: compare a path with the reference step by step; the first step that
  differs is reported (and named when it matches a known wrong path).
- :func:`check_state`: compare a ``state`` dict with the torch optimizer's state, key by key.

Nothing here implements an optimizer step: those are the exercises.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping

import numpy as np

from lossopt.check import AnswerError, check_close
from lossopt.messages import mistake
from lossopt.problems import Quadratic
from lossopt.problems import run_torch_with_state as torch_follow  # noqa: F401  (the name the tests use)


def random_quadratic(d: int, cond: float = 10.0, seed: int = 0, k: int | None = None, scale: float = 1.0) -> Quadratic:
    """``f(W) = ½ tr((W − W*)ᵀ A (W − W*))`` with eigenvalues of ``A`` spread over ``scale·[1, cond]``.

    ``W*`` has shape (d,) when ``k`` is None, else (d, k); ``Quadratic.grad`` works for both.
    """
    rng = np.random.default_rng(seed)
    Q, _ = np.linalg.qr(rng.normal(size=(d, d)))
    eig = scale * np.geomspace(1.0, cond, d)
    A = (Q * eig) @ Q.T
    A = 0.5 * (A + A.T)
    w_star = rng.normal(size=(d,) if k is None else (d, k))
    return Quadratic(A=A, w_star=w_star)


def _to_numpy(value):
    if type(value).__module__.split(".")[0] == "torch" and hasattr(value, "detach"):
        return value.detach().cpu().numpy()
    return np.asarray(value)


def follow(step: Callable, grad: Callable, w0, n_steps: int, *, name: str = "step", **hyper):
    """Iterate ``w = step(w, grad(w), state, **hyper)`` from an empty ``state``; return (path, state).

    The path has shape (n_steps + 1, *w0.shape) and keeps the dtype the step function returns
    (a float32 start stays float32 when the function keeps it so). Errors a learner can fix are
    raised as :class:`AnswerError` with a Korean message.
    """
    w = np.array(w0)
    state: dict = {}
    path = [w.copy()]
    for t in range(1, n_steps + 1):
        g = np.asarray(grad(w.astype(np.float64)), dtype=np.float64).astype(w.dtype)
        w = call_step(step, w.copy(), g, state, name=name, t=t, **hyper)
        path.append(w.copy())
    return np.stack(path), state


def call_step(step: Callable, w, g, state: dict, *, name: str = "step", t: int = 1, **hyper) -> np.ndarray:
    """One call ``step(w, g, state, **hyper)`` (the t-th step); the new w as a NumPy array.

    Division by zero, a missing state key, a missing return value and a changed shape become
    an :class:`AnswerError` with a Korean message.
    """
    w = np.asarray(w)
    try:
        out = step(w, np.asarray(g), state, **hyper)
    except ZeroDivisionError as exc:
        raise AnswerError(mistake("adapt_zero_division").format(name=name, t=t)) from exc
    except KeyError as exc:
        raise AnswerError(mistake("adapt_state_key_error").format(name=name, t=t, key=exc.args[0] if exc.args else "?")) from exc
    if out is None:
        raise AnswerError(mistake("adapt_returned_none").format(name=name))
    new = _to_numpy(out)
    if new.shape != w.shape:
        raise AnswerError(mistake("adapt_shape_changed").format(name=name, t=t, expected=w.shape, actual=new.shape))
    if new.dtype.kind != "f":
        new = new.astype(np.float64)
    return new.copy()


def check_path(path, expected, *, name: str = "w", mistakes: Mapping | None = None) -> None:
    """Compare ``path[t]`` with ``expected[t]`` for t = 1, 2, ...; report the first step that differs.

    ``mistakes`` maps a mistake key to a wrong path (or a callable computing it, called at most
    once). At the failing step, a mistake whose whole path matches the answer's path is named
    first (two mistakes can agree at one step and differ later); otherwise one that matches
    at that step.
    """
    expected = np.asarray(expected)
    for t in range(1, len(expected)):
        try:
            check_close(path[t], expected[t], name=f"{name}: {t}번째 스텝 뒤의 w")
        except AnswerError:
            wrong_paths = {}
            for key, wrong in (mistakes or {}).items():
                try:
                    wrong_paths[key] = np.asarray(wrong() if callable(wrong) else wrong)
                except Exception:  # a mistake that cannot be computed is simply not named
                    continue
            whole = [key for key, wrong in wrong_paths.items() if _matches(path, wrong)]
            ordered = {key: wrong_paths[key][t] for key in whole}
            ordered.update({key: wrong[t] for key, wrong in wrong_paths.items() if key not in ordered and len(wrong) > t})
            check_close(path[t], expected[t], name=f"{name}: {t}번째 스텝 뒤의 w", mistakes=ordered)
            raise


def _matches(path, wrong) -> bool:
    try:
        check_close(np.asarray(path), wrong)
    except AnswerError:
        return False
    return True


def check_state(state, expected: Mapping, *, name: str = "state", mistakes: Mapping | None = None) -> None:
    """Check that ``state`` holds every key of ``expected`` with the same values (check_close)."""
    if not isinstance(state, Mapping):
        raise AnswerError(mistake("adapt_state_not_dict").format(name=name, type=type(state).__name__))
    for key, value in expected.items():
        if key not in state:
            raise AnswerError(mistake("adapt_state_missing_key").format(
                name=name, key=key, keys=", ".join(repr(k) for k in expected), got=", ".join(repr(k) for k in state) or "없음"))
        check_close(state[key], value, name=f"{name}[{key!r}]", mistakes=(mistakes or {}).get(key))


def feed(make_optimizer: Callable, grads, w0):
    """Feed a fixed sequence of gradients to ``make_optimizer([param])`` (float64).

    Returns the path (len(grads) + 1, *w0.shape) and the optimizer's state after each step
    (a list of dicts of NumPy arrays).
    """
    import torch

    p = torch.tensor(np.array(w0, dtype=np.float64), requires_grad=True)
    opt = make_optimizer([p])
    path, states = [p.detach().numpy().copy()], []
    for g in grads:
        p.grad = torch.tensor(np.asarray(g, dtype=np.float64))
        opt.step()
        path.append(p.detach().numpy().copy())
        states.append({key: (value.detach().numpy().copy() if hasattr(value, "detach") else np.asarray(value))
                       for key, value in opt.state[p].items()})
    return np.stack(path), states


def check_argument_used(step: Callable, w0, grads, *, arg: str, values, key: str, name: str = "step", **hyper) -> None:
    """Fail when ``step`` ignores the hyperparameter ``arg`` (e.g. a hard-coded eps or betas).

    Runs ``step`` from an empty state on the fixed gradients ``grads`` once for each of the
    ``values`` of ``arg`` (the other hyperparameters from ``hyper``). Choose inputs on which a
    correct step function ends at different points for the different values; when every run
    ends at exactly the same ``w``, an :class:`AnswerError` names the mistake ``key``.
    """
    ends = []
    for value in values:
        state: dict = {}
        w = np.array(w0, dtype=np.float64)
        for t, g in enumerate(grads, 1):
            w = call_step(step, w, np.asarray(g, dtype=np.float64), state, name=name, t=t, **{**hyper, arg: value})
        ends.append(w)
    if all(np.array_equal(ends[0], end) for end in ends[1:]):
        tried = ", ".join(f"{arg}={value!r}" for value in values)
        raise AnswerError(f"{name}: {tried}의 결과가 똑같습니다. " + mistake(key))
