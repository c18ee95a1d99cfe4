"""작은 최적화 문제와 합성 데이터 (toy problems and synthetic data, all seeded).

- :class:`Quadratic` and :func:`ravine`: ``f(w) = ½ (w − w*)ᵀ A (w − w*)``, the narrow valley
  whose Hessian eigenvalues differ a lot (ill-conditioned).
- :func:`rosenbrock`, :func:`rosenbrock_grad`: the curved banana valley.
- :func:`run_steps`: iterate a NumPy step function ``step(w, g, state, **hyper)`` on a gradient.
- :func:`run_torch`, :func:`run_torch_with_state`: the same with a ``torch.optim`` optimizer.
- :func:`make_classification`: a small nonlinear synthetic classification set (no download).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import numpy as np


@dataclass
class Quadratic:
    """``f(w) = ½ (w − w_star)ᵀ A (w − w_star)`` with a symmetric positive definite ``A``."""

    A: np.ndarray
    w_star: np.ndarray

    def f(self, w):
        d = np.asarray(w, dtype=float) - self.w_star
        return 0.5 * np.einsum("...i,ij,...j->...", d, self.A, d)

    def grad(self, w):
        return self.A @ (np.asarray(w, dtype=float) - self.w_star)

    @property
    def eigenvalues(self) -> np.ndarray:
        return np.linalg.eigvalsh(self.A)

    @property
    def condition_number(self) -> float:
        ev = self.eigenvalues
        return float(ev[-1] / ev[0])


def ravine(condition: float = 25.0, angle_deg: float = 0.0, w_star=(0.0, 0.0)) -> Quadratic:
    """A 2-D ravine: curvature 1 along one axis and ``condition`` across it, optionally rotated."""
    if condition < 1:
        raise ValueError("condition must be >= 1")
    t = np.deg2rad(angle_deg)
    R = np.array([[np.cos(t), -np.sin(t)], [np.sin(t), np.cos(t)]])
    A = R @ np.diag([1.0, float(condition)]) @ R.T
    return Quadratic(A=A, w_star=np.asarray(w_star, dtype=float))


def rosenbrock(w, a: float = 1.0, b: float = 100.0):
    """``(a − x)² + b (y − x²)²``; minimum 0 at ``(a, a²)``. Works on arrays of points (..., 2)."""
    w = np.asarray(w, dtype=float)
    x, y = w[..., 0], w[..., 1]
    return (a - x) ** 2 + b * (y - x**2) ** 2


def rosenbrock_grad(w, a: float = 1.0, b: float = 100.0) -> np.ndarray:
    w = np.asarray(w, dtype=float)
    x, y = w[0], w[1]
    return np.array([-2 * (a - x) - 4 * b * x * (y - x**2), 2 * b * (y - x**2)])


def run_steps(step: Callable, grad: Callable, w0, n_steps: int, **hyper) -> np.ndarray:
    """Iterate ``w = step(w, grad(w), state, **hyper)``; return the path, shape (n_steps + 1, d)."""
    w = np.array(w0, dtype=float)
    state: dict = {}
    path = [w.copy()]
    for _ in range(n_steps):
        w = np.asarray(step(w.copy(), grad(w), state, **hyper), dtype=float)
        path.append(w.copy())
    return np.array(path)


def run_torch(make_optimizer: Callable, grad: Callable, w0, n_steps: int) -> np.ndarray:
    """The same path with a torch optimizer: ``make_optimizer([param])`` builds it (float64)."""
    return run_torch_with_state(make_optimizer, grad, w0, n_steps)[0]


def run_torch_with_state(make_optimizer: Callable, grad: Callable, w0, n_steps: int):
    """:func:`run_torch`, also returning the optimizer's final state for the parameter (NumPy)."""
    import torch

    p = torch.tensor(np.array(w0, dtype=np.float64), requires_grad=True)
    opt = make_optimizer([p])
    path = [p.detach().numpy().copy()]
    for _ in range(n_steps):
        opt.zero_grad()
        p.grad = torch.tensor(np.asarray(grad(p.detach().numpy()), dtype=np.float64))
        opt.step()
        path.append(p.detach().numpy().copy())
    state = {key: (value.detach().numpy().copy() if hasattr(value, "detach") else np.asarray(value))
             for key, value in opt.state[p].items()}
    return np.stack(path), state


def make_classification(n: int = 600, classes: int = 3, noise: float = 0.25, seed: int = 0):
    """Interleaved 2-D spirals, ``classes`` arms: X (n, 2) float32, y (n,) int64. Seeded."""
    rng = np.random.default_rng(seed)
    per = n // classes
    X, y = [], []
    for k in range(classes):
        r = np.linspace(0.1, 1.0, per)
        t = np.linspace(k * 2 * np.pi / classes, k * 2 * np.pi / classes + 1.75 * np.pi, per)
        pts = np.stack([r * np.cos(t), r * np.sin(t)], axis=1) + noise * r[:, None] * rng.normal(size=(per, 2))
        X.append(pts)
        y.append(np.full(per, k))
    X, y = np.concatenate(X), np.concatenate(y)
    order = rng.permutation(len(y))
    return X[order].astype(np.float32), y[order].astype(np.int64)
