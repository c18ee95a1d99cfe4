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


# --- warmup + cosine schedule explorer (4.4절) ---------------------------------------------------

def warmup_cosine_lrs(total_steps: int, warmup_steps: int, peak_lr: float, min_lr: float = 0.0) -> np.ndarray:
    """Learning rates of optimizer steps ``0 … total_steps`` under warmup from 0 + cosine to ``min_lr``.

    Every value comes from torch: ``SequentialLR([LambdaLR(t / W), CosineAnnealingLR(T − W, min_lr)], [W])``
    (only ``CosineAnnealingLR(T, min_lr)`` when ``warmup_steps == 0``), driven by
    :func:`lossopt.schedules.torch_lrs`. ``min_lr`` above ``peak_lr`` is clipped to ``peak_lr``.
    """
    import torch

    from lossopt.schedules import torch_lrs

    S = torch.optim.lr_scheduler
    T, W = int(total_steps), int(warmup_steps)
    if not 0 <= W < T:
        raise ValueError("0 <= warmup_steps < total_steps 이어야 합니다")
    floor = min(float(min_lr), float(peak_lr))

    def make(opt):
        cosine = S.CosineAnnealingLR(opt, T_max=T - W, eta_min=floor)
        if W == 0:
            return cosine
        return S.SequentialLR(opt, [S.LambdaLR(opt, lambda t: t / W), cosine], milestones=[W])

    return torch_lrs(make, T + 1, base_lr=float(peak_lr))


def warmup_cosine_grid(total_steps: int, warmups: Sequence[int], min_lrs: Sequence[float], peak_lr: float):
    """Small multiples of :func:`warmup_cosine_lrs`: warmup lengths down the rows, floors across the columns.

    Returns ``(fig, values)`` where ``values[(warmup, min_lr)]`` is the drawn schedule.
    """
    import matplotlib.pyplot as plt

    use_style()
    fig, axes = plt.subplots(len(warmups), len(min_lrs), figsize=(2.8 * len(min_lrs), 2.2 * len(warmups)),
                             squeeze=False, sharex=True, sharey=True)
    values = {}
    for i, W in enumerate(warmups):
        for j, m in enumerate(min_lrs):
            lrs = warmup_cosine_lrs(total_steps, W, peak_lr, m)
            values[(W, m)] = lrs
            ax = axes[i][j]
            ax.plot(lrs, lw=1.3)
            if W > 0:
                ax.plot([W], [lrs[W]], "o", ms=4, color="C3")
            ax.set_title(f"워밍업 {W}, 바닥 {m:g}", fontsize=9)
            ax.tick_params(labelsize=7)
    for ax in axes[-1]:
        ax.set_xlabel("스텝", fontsize=8)
    fig.tight_layout()
    return fig, values


def warmup_cosine_explorer(total_steps: int = 1000, warmup_steps: int = 50, peak_lr: float = 1e-3, min_lr: float = 1e-4,
                           lr_range=(1e-5, 1e-1), grid_warmups=(0, 50, 200), grid_min_lrs=(0.0, 1e-4), grid_peak_lr=None):
    """Sliders for the warmup length, the peak and the minimum learning rate that redraw warmup + cosine.

    Headless (``LOSSOPT_HEADLESS=1``): no widget; a static grid over ``grid_warmups`` × ``grid_min_lrs``
    at ``grid_peak_lr`` (default ``peak_lr``) is drawn instead and ``None`` is returned. Otherwise the
    ``ipywidgets.interactive`` widget is displayed and returned.
    """
    import matplotlib.pyplot as plt

    if is_headless():
        warmup_cosine_grid(total_steps, grid_warmups, grid_min_lrs, peak_lr if grid_peak_lr is None else grid_peak_lr)
        plt.show()
        return None

    import ipywidgets as widgets
    from IPython.display import display

    def draw(warmup_steps, peak_lr, min_lr):
        use_style()
        lrs = warmup_cosine_lrs(total_steps, warmup_steps, peak_lr, min_lr)
        fig, ax = plt.subplots(figsize=(7, 3.4))
        ax.plot(lrs, lw=1.5)
        if warmup_steps > 0:
            ax.axvline(warmup_steps, color="0.6", lw=0.8, ls="--")
        ax.axhline(min(min_lr, peak_lr), color="C3", lw=0.8, ls=":")
        ax.set(xlabel="스텝", ylabel="학습률",
               title=f"워밍업 {warmup_steps} 스텝 + 코사인 (peak {peak_lr:.3g}, 바닥 {min(min_lr, peak_lr):.3g})")
        fig.tight_layout()
        plt.show()

    lo, hi = np.log10(lr_range[0]), np.log10(lr_range[1])
    explorer = widgets.interactive(
        draw,
        warmup_steps=widgets.IntSlider(value=warmup_steps, min=0, max=total_steps - 1, step=max(1, total_steps // 100),
                                       description="warmup", continuous_update=False),
        peak_lr=widgets.FloatLogSlider(value=peak_lr, base=10, min=lo, max=hi, step=(hi - lo) / 100, description="peak",
                                       continuous_update=False, readout_format=".3g"),
        min_lr=widgets.FloatLogSlider(value=max(min_lr, lr_range[0]), base=10, min=lo, max=hi, step=(hi - lo) / 100,
                                      description="min", continuous_update=False, readout_format=".3g"),
    )
    display(explorer)
    return explorer
