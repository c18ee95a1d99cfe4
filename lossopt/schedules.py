"""학습률 스케줄러를 돌려 보는 도우미 (drive a torch learning-rate scheduler and read its values).

- :func:`torch_schedule`: build a one-parameter optimizer, attach a scheduler, run the canonical loop
  ``optimizer.step(); scheduler.step()`` and return the learning rate (and momentum) that each
  optimizer step used: entry ``t`` is the value of optimizer step ``t`` (``t = 0 … n_steps − 1``).
- :func:`torch_lrs`: the learning rates only, as a float64 array.
- :func:`schedule_grid`: small multiples of several schedules (one panel each).

Nothing here computes a schedule by formula: every value comes from torch itself.
"""

from __future__ import annotations

import warnings
from collections.abc import Callable, Mapping

import numpy as np


def torch_schedule(make_scheduler: Callable, n_steps: int, base_lr: float = 1.0, make_optimizer: Callable | None = None,
                   extra: int = 0) -> dict:
    """Values used by optimizer steps ``0 … n_steps − 1`` (plus ``extra`` values past them).

    ``make_scheduler(optimizer)`` builds the scheduler; ``make_optimizer(params, lr)`` the optimizer
    (default ``torch.optim.SGD(params, lr=lr)``). The loop is the documented one: record the lr,
    ``optimizer.step()``, ``scheduler.step()``. Returns ``{"lr": array, "momentum": array or None}``;
    momentum is ``momentum`` (SGD) or ``betas[0]`` (Adam family) when the optimizer has one.
    """
    import torch

    p = torch.zeros(1, dtype=torch.float64, requires_grad=True)
    p.grad = torch.zeros_like(p)
    opt = make_optimizer([p], base_lr) if make_optimizer is not None else torch.optim.SGD([p], lr=base_lr)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # e.g. a scheduler deprecation notice; the loop order itself is right
        sched = make_scheduler(opt)
        lrs, moms = [], []
        total = n_steps + extra
        for t in range(total):
            group = opt.param_groups[0]
            lrs.append(float(group["lr"]))
            if "betas" in group:
                moms.append(float(group["betas"][0]))
            elif "momentum" in group:
                moms.append(float(group["momentum"]))
            if t < total - 1:
                opt.step()
                sched.step()
    return {"lr": np.array(lrs, dtype=np.float64), "momentum": np.array(moms, dtype=np.float64) if moms else None}


def torch_lrs(make_scheduler: Callable, n_steps: int, base_lr: float = 1.0, **kwargs) -> np.ndarray:
    """The learning rate of optimizer steps ``0 … n_steps − 1`` under ``make_scheduler`` (float64 array)."""
    return torch_schedule(make_scheduler, n_steps, base_lr, **kwargs)["lr"]


def lambda_scheduler(factor: Callable[[int], float]) -> Callable:
    """``make_scheduler`` for ``torch.optim.lr_scheduler.LambdaLR`` with the multiplier ``factor(step)``."""
    import torch

    return lambda opt: torch.optim.lr_scheduler.LambdaLR(opt, factor)


def schedule_grid(panels: Mapping[str, np.ndarray], ncols: int = 3, width: float = 3.4, height: float = 2.4,
                  xlabel: str = "스텝", marks: Mapping[str, list] | None = None):
    """One small panel per schedule (title = key, curve = values); returns ``(fig, axes)``.

    ``marks`` maps a panel title to step indices drawn as dots (e.g. the end of a warmup).
    """
    import matplotlib.pyplot as plt

    from lossopt.plot import use_style

    use_style()
    n = len(panels)
    nrows = -(-n // ncols)
    fig, axes = plt.subplots(nrows, ncols, figsize=(width * ncols, height * nrows), squeeze=False)
    for ax, (title, values) in zip(axes.flat, panels.items()):
        values = np.asarray(values, dtype=float)
        ax.plot(np.arange(len(values)), values, lw=1.4)
        for t in (marks or {}).get(title, []):
            ax.plot([t], [values[t]], "o", ms=4, color="C3")
        ax.set_title(title, fontsize=9)
        ax.set_xlabel(xlabel, fontsize=8)
        ax.tick_params(labelsize=7)
    for ax in list(axes.flat)[n:]:
        ax.axis("off")
    fig.tight_layout()
    return fig, axes


def schedule_values(fn: Callable, n_steps: int, name: str = "함수", **kwargs) -> np.ndarray:
    """``[fn(0, **kwargs), …, fn(n_steps − 1, **kwargs)]`` as a float64 array.

    Each return value may be a Python or NumPy number or a 0-d array or tensor; anything else
    raises :class:`lossopt.check.AnswerError` with a message for the learner.
    """
    from lossopt.check import AnswerError, as_array

    out = np.empty(n_steps, dtype=np.float64)
    for t in range(n_steps):
        value, _ = as_array(fn(t, **kwargs), f"{name}(step={t})")
        if value.size != 1:
            raise AnswerError(f"{name}(step={t}): 숫자 하나(스칼라)를 돌려줘야 하는데 모양 {value.shape}인 값이 왔습니다.")
        out[t] = float(value.reshape(-1)[0])
    return out


def check_schedule(actual, expected, base_lr: float, *, name: str, mistakes: Mapping | None = None) -> None:
    """Compare whole schedules within relative 1e-9 plus absolute 1e-12 × ``base_lr`` (the book's schedule tolerance)."""
    from lossopt.check import check_close

    check_close(actual, expected, name=name, rtol=1e-9, atol=1e-12 * abs(base_lr), mistakes=mistakes)
