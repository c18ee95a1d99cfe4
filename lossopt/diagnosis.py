"""5장 실험 도우미 (helpers for chapter 5's experiments): one small model and its training runs.

The spirals of ``lossopt.problems.make_classification`` (300 training points, 600 validation
points drawn with other noise), a 2-32-32-3 tanh MLP, and mini-batch training in float64 that
records the loss of every step and the validation loss after every epoch. Everything is seeded
(the initialisation and the batch order), so a run is the same on every CPU up to float64
round-off. This module holds no exercise's answer.
"""

from __future__ import annotations

from collections.abc import Callable

import numpy as np
import torch
import torch.nn.functional as F

from lossopt.problems import make_classification


def spiral_split(n_train: int = 300, n_val: int = 600):
    """(X_train, y_train, X_val, y_val): float64 inputs, int64 labels, three spiral arms."""
    X_tr, y_tr = make_classification(n=n_train, classes=3, seed=0)
    X_va, y_va = make_classification(n=n_val, classes=3, seed=1)
    return (torch.from_numpy(X_tr).double(), torch.from_numpy(y_tr), torch.from_numpy(X_va).double(), torch.from_numpy(y_va))


def make_mlp(hidden: int = 32, seed: int = 0) -> torch.nn.Module:
    """A 2-hidden-layer tanh MLP (2 -> hidden -> hidden -> 3) in float64, initialised with ``seed``."""
    torch.manual_seed(seed)
    return torch.nn.Sequential(
        torch.nn.Linear(2, hidden), torch.nn.Tanh(), torch.nn.Linear(hidden, hidden), torch.nn.Tanh(), torch.nn.Linear(hidden, 3)
    ).double()


def train_curves(data, lr: float, seed: int = 0, epochs: int = 30, batch_size: int = 30,
                 lr_at: Callable[[int], float] | None = None, labels=None,
                 make_optimizer: Callable | None = None) -> dict:
    """Mini-batch training of ``make_mlp(seed=seed)``; returns the curves of the run.

    ``lr_at(step)`` (optional) multiplies ``lr`` at each step (e.g. a warmup); ``labels``
    replaces the training labels (e.g. shuffled ones); ``make_optimizer(params, lr)`` defaults
    to Adam. Returns ``{"train": loss of every step (before its update), "val": validation loss
    after every epoch, "steps_per_epoch": int}``.
    """
    X, y, X_val, y_val = data
    y = y if labels is None else labels
    model = make_mlp(seed=seed)
    make = make_optimizer or (lambda params, lr: torch.optim.Adam(params, lr=lr))
    opt = make(model.parameters(), lr)
    order = torch.Generator().manual_seed(seed)
    train, val, step = [], [], 0
    for _ in range(epochs):
        perm = torch.randperm(len(X), generator=order)
        for i in range(0, len(X), batch_size):
            idx = perm[i:i + batch_size]
            for group in opt.param_groups:
                group["lr"] = lr * (lr_at(step) if lr_at else 1.0)
            loss = F.cross_entropy(model(X[idx]), y[idx])
            opt.zero_grad()
            loss.backward()
            opt.step()
            train.append(loss.item())
            step += 1
        with torch.no_grad():
            val.append(F.cross_entropy(model(X_val), y_val).item())
    return {"train": np.array(train), "val": np.array(val), "steps_per_epoch": -(-len(X) // batch_size)}


def epoch_means(curve: dict) -> np.ndarray:
    """The step losses of a run averaged over each epoch."""
    return curve["train"].reshape(-1, curve["steps_per_epoch"]).mean(axis=1)
