"""5.6절 과제 도우미 (helpers for the chapter 5 capstone): the data, the model, the optimizer and the
schedule of the broken training script. This module holds no exercise's answer.

Everything is float64 and seeded: the model's initialisation (``make_model(seed)``) and the order of the
mini-batches (``make_batches(seed)``), so a run is the same on every CPU up to float64 round-off.
The data are the spirals of ``lossopt.diagnosis.spiral_split`` (300 training points, 600 validation points).
One mini-batch of every run is corrupted on purpose: the inputs of step ``SPIKE_STEP`` come
``SPIKE_SCALE`` times too large (as if one data file had skipped its normalisation).
"""

from __future__ import annotations

import torch

from lossopt.diagnosis import spiral_split

STEPS = 200          # optimizer steps of a run
BATCH = 60           # samples per optimizer step
ACCUM = 4            # micro-batches per optimizer step (gradient accumulation), 15 samples each
LR = 0.5             # peak learning rate of the schedule
MOMENTUM = 0.9
WARMUP = 10          # steps of linear warmup (from 0.1 * LR), then cosine decay to 0
MAX_NORM = 2.0       # the clipping threshold of the intended script (global 2-norm)
SPIKE_STEP = 140     # the corrupted mini-batch
SPIKE_SCALE = 30.0

_DATA = None


def data():
    """(X_train, y_train, X_val, y_val) of ``lossopt.diagnosis.spiral_split``, computed once."""
    global _DATA
    if _DATA is None:
        _DATA = spiral_split()
    return _DATA


def make_model(seed: int, hidden: int = 64) -> torch.nn.Module:
    """A 2-hidden-layer ReLU MLP (2 -> hidden -> hidden -> 3) in float64, initialised with ``seed``."""
    torch.manual_seed(seed)
    return torch.nn.Sequential(
        torch.nn.Linear(2, hidden), torch.nn.ReLU(), torch.nn.Linear(hidden, hidden), torch.nn.ReLU(), torch.nn.Linear(hidden, 3)
    ).double()


def make_optimizer(model: torch.nn.Module) -> torch.optim.Optimizer:
    """SGD with momentum ``MOMENTUM`` and learning rate ``LR`` (the schedule rescales it)."""
    return torch.optim.SGD(model.parameters(), lr=LR, momentum=MOMENTUM)


def make_scheduler(optimizer: torch.optim.Optimizer, steps: int = STEPS):
    """Linear warmup over ``WARMUP`` steps from 0.1·LR, then cosine decay to 0 over the remaining steps.

    Meant to be stepped once per optimizer step, after ``optimizer.step()``.
    """
    warm = torch.optim.lr_scheduler.LinearLR(optimizer, start_factor=0.1, total_iters=WARMUP)
    cosine = torch.optim.lr_scheduler.CosineAnnealingLR(optimizer, T_max=steps - WARMUP)
    return torch.optim.lr_scheduler.SequentialLR(optimizer, [warm, cosine], milestones=[WARMUP])


def make_batches(seed: int, steps: int = STEPS) -> list:
    """The ``steps`` mini-batches ``(X, y)`` of a run (``BATCH`` samples each, reshuffled every epoch).

    The inputs of step ``SPIKE_STEP`` are multiplied by ``SPIKE_SCALE`` (the corrupted batch).
    """
    X, y, _, _ = data()
    order = torch.Generator().manual_seed(1000 + seed)
    out = []
    while len(out) < steps:
        perm = torch.randperm(len(X), generator=order)
        for i in range(0, len(X) - BATCH + 1, BATCH):
            idx = perm[i:i + BATCH]
            xb = X[idx] * SPIKE_SCALE if len(out) == SPIKE_STEP else X[idx].clone()
            out.append((xb, y[idx]))
    return out[:steps]


def validation_loss(model: torch.nn.Module) -> float:
    """The mean cross-entropy of ``model``'s logits on the 600 validation points."""
    _, _, X_val, y_val = data()
    with torch.no_grad():
        return torch.nn.functional.cross_entropy(model(X_val), y_val).item()
