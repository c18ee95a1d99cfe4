"""배치 크기 장의 합성 데이터 (synthetic data for the batch-size chapter, all seeded, float64).

- :func:`make_regression`: a small 2-feature linear regression set whose loss surface is a
  tilted ellipse (correlated features of different scales), so that optimizer paths can be
  drawn on a contour plot.
- :func:`regression_loss`: the mean-squared error (torch's ``MSELoss``, no ½) of one weight
  vector or of a whole grid of them (shape ``(..., d)``), for contour plots and loss curves.
- :func:`least_squares`: the minimiser of that loss.
- :func:`per_sample_grads`: each sample's gradient of its squared error, one row per sample
  (2.1 and 2.2 print the formula; 2.1's ``sgd_epoch`` and 2.3's ``accumulated_grad`` ask for
  the mini-batch versions, which are not here).
"""

from __future__ import annotations

import numpy as np


def make_regression(n: int = 1000, noise: float = 0.5, seed: int = 0):
    """``X`` (n, 2), ``y`` (n,) and the true weights ``w_true`` (2,), all float64. Seeded.

    ``y = X @ w_true + noise · ε`` with ``w_true = (1.5, −2)``; the second feature is correlated
    with the first and smaller, so the Hessian ``2 XᵀX / n`` has a condition number near 16.
    """
    rng = np.random.default_rng(seed)
    z = rng.normal(size=(n, 2))
    X = np.stack([z[:, 0], 0.3 * z[:, 1] + 0.4 * z[:, 0]], axis=1)
    w_true = np.array([1.5, -2.0])
    y = X @ w_true + noise * rng.normal(size=n)
    return X, y, w_true


def regression_loss(w, X, y) -> np.ndarray:
    """Mean squared error ``mean((X w − y)²)`` for ``w`` of shape ``(d,)`` or ``(..., d)``."""
    w, X, y = np.asarray(w, dtype=float), np.asarray(X, dtype=float), np.asarray(y, dtype=float)
    n = len(y)
    # mean((Xw - y)^2) = wᵀ(XᵀX/n)w − 2(Xᵀy/n)ᵀw + yᵀy/n: cheap on a whole grid of w
    A, b, c = X.T @ X / n, X.T @ y / n, y @ y / n
    return np.einsum("...i,ij,...j->...", w, A, w) - 2 * w @ b + c


def least_squares(X, y) -> np.ndarray:
    """The weights that minimise :func:`regression_loss` (ordinary least squares)."""
    return np.linalg.lstsq(np.asarray(X, dtype=float), np.asarray(y, dtype=float), rcond=None)[0]


def per_sample_grads(w, X, y) -> np.ndarray:
    """Rows 2 x_i (x_i.w - y_i): the gradient of each sample's squared error (N, d)."""
    w, X, y = np.asarray(w, dtype=float), np.asarray(X, dtype=float), np.asarray(y, dtype=float)
    return 2 * X * (X @ w - y)[:, None]
