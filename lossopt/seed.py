"""난수 고정 (seeding every random source)."""

from __future__ import annotations

import os
import random

import numpy as np

DEFAULT_SEED = 0


def seed_everything(seed: int = DEFAULT_SEED) -> np.random.Generator:
    """Seed Python, NumPy and (if imported) torch; return a fresh NumPy Generator.

    Notebooks use the returned ``rng`` rather than the global NumPy state, so that a
    figure or a printed number is the same on every run.
    """
    if not isinstance(seed, (int, np.integer)) or isinstance(seed, bool):
        raise TypeError(f"seed는 정수여야 합니다 (seed must be an int), got {type(seed).__name__}")
    os.environ["PYTHONHASHSEED"] = str(seed)
    random.seed(seed)
    np.random.seed(seed)
    try:
        import sys

        if "torch" in sys.modules:  # do not pay torch's import time when a notebook does not use it
            import torch

            torch.manual_seed(seed)
    except ImportError:  # pragma: no cover - torch is a pinned dependency
        pass
    return np.random.default_rng(seed)
