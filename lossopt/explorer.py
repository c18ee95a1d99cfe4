"""대화형 탐색기 (interactive explorers) with a static fallback for headless runs.

``momentum_explorer(f, grad, w0)`` shows ipywidgets sliders for the learning rate and the
momentum β of ``torch.optim.SGD`` and redraws the trajectory on a contour plot. When
:func:`lossopt.plot.is_headless` is true (CI, the book, grading) it creates no widget and
draws a static small-multiples figure over a grid of (lr, β) values instead.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

import numpy as np

from lossopt.plot import is_headless, log_scale, plot_paths, use_style
from lossopt.problems import run_torch

DIVERGED = 1e6  # a run whose loss grows this many times above its start is called diverged


def momentum_path(grad: Callable, w0, lr: float, beta: float, n_steps: int) -> np.ndarray:
    """Path of ``torch.optim.SGD(lr=lr, momentum=beta)`` from ``w0``, shape (n_steps + 1, d)."""
    import torch

    return run_torch(lambda ps: torch.optim.SGD(ps, lr=lr, momentum=beta), grad, w0, n_steps)


def path_losses(f: Callable, path) -> np.ndarray:
    """``f`` along a path; overflow gives inf instead of a warning."""
    with np.errstate(over="ignore", invalid="ignore"):
        return np.asarray(f(np.asarray(path, dtype=float)), dtype=float)


def diverged(losses) -> bool:
    """True when the loss became non-finite or grew ``DIVERGED`` times above its start."""
    losses = np.asarray(losses, dtype=float)
    return bool(not np.all(np.isfinite(losses)) or losses[-1] > DIVERGED * max(losses[0], 1e-300))


def _draw(ax, f, path, lr, beta, xlim, ylim, legend=True):
    losses = path_losses(f, path)
    status = "발산" if diverged(losses) else f"마지막 손실 {losses[-1]:.1e}"
    if diverged(losses):  # keep the path up to the first point far outside the box
        extent = 10 * max(abs(v) for v in (*xlim, *ylim))
        far = np.flatnonzero(~np.all(np.abs(path) < extent, axis=1))
        path = path[: far[0] + 1] if far.size else path
    plot_paths(f, {f"lr={lr:g}, beta={beta:g}": path}, xlim=xlim, ylim=ylim, ax=ax, log_levels=True, levels=12)
    ax.set_title(f"lr={lr:g}, " + r"$\beta$" + f"={beta:g}\n{status}", fontsize=9)
    if not legend and ax.get_legend() is not None:
        ax.get_legend().remove()
    return losses


def momentum_grid(f: Callable, grad: Callable, w0, lrs: Sequence[float], betas: Sequence[float], n_steps: int = 60,
                  xlim=(-3, 3), ylim=(-3, 3)):
    """Small multiples: one contour panel per (β, lr), β down the rows and lr across the columns.

    Returns ``(fig, diverged_table)`` where ``diverged_table[i][j]`` says whether the run with
    ``betas[i]`` and ``lrs[j]`` diverged.
    """
    import matplotlib.pyplot as plt

    use_style()
    fig, axes = plt.subplots(len(betas), len(lrs), figsize=(2.6 * len(lrs), 2.5 * len(betas)), squeeze=False)
    table = []
    for i, beta in enumerate(betas):
        row = []
        for j, lr in enumerate(lrs):
            ax = axes[i][j]
            losses = _draw(ax, f, momentum_path(grad, w0, lr, beta, n_steps), lr, beta, xlim, ylim, legend=False)
            row.append(diverged(losses))
            ax.set(xticks=[], yticks=[], xlabel="", ylabel="")
        table.append(row)
    fig.tight_layout()
    return fig, table


def momentum_explorer(f: Callable, grad: Callable, w0, n_steps: int = 60, lr_range=(1e-3, 0.3), lr=0.02, beta=0.9,
                      grid_lrs=(0.02, 0.05, 0.1, 0.15), grid_betas=(0.0, 0.5, 0.9), xlim=(-3, 3), ylim=(-3, 3)):
    """Sliders for lr (log scale) and β that redraw the SGD-with-momentum path on ``f``.

    Headless (``LOSSOPT_HEADLESS=1``): no widget; a static grid over ``grid_lrs`` × ``grid_betas``
    is drawn instead and ``None`` is returned. Otherwise the ``ipywidgets.interactive`` widget is
    displayed and returned.
    """
    import matplotlib.pyplot as plt

    if is_headless():
        momentum_grid(f, grad, w0, grid_lrs, grid_betas, n_steps=n_steps, xlim=xlim, ylim=ylim)
        plt.show()
        return None

    import ipywidgets as widgets

    def draw(lr, beta):
        use_style()
        fig, (ax_path, ax_loss) = plt.subplots(1, 2, figsize=(10, 4))
        losses = _draw(ax_path, f, momentum_path(grad, w0, lr, beta, n_steps), lr, beta, xlim, ylim)
        shown = np.where(np.isfinite(losses), losses, np.nan)
        ax_loss.plot(shown)
        log_scale(ax_loss, "y")
        ax_loss.set(xlabel="step", ylabel="손실 (로그 눈금)", title="손실")
        fig.tight_layout()
        plt.show()

    from IPython.display import display

    lo, hi = np.log10(lr_range[0]), np.log10(lr_range[1])
    explorer = widgets.interactive(
        draw,
        lr=widgets.FloatLogSlider(value=lr, base=10, min=lo, max=hi, step=(hi - lo) / 100, description="lr",
                                  continuous_update=False, readout_format=".3g"),
        beta=widgets.FloatSlider(value=beta, min=0.0, max=0.99, step=0.01, description="beta", continuous_update=False),
    )
    display(explorer)
    return explorer
