"""그림 스타일 (plot style that renders Hangul).

``use_style()`` registers the NanumGothic font shipped inside the koreanize-matplotlib
wheel, so figures render Hangul offline, in JupyterLab, nbval and the book build alike.
"""

from __future__ import annotations

import logging
import os
import warnings

import matplotlib
from matplotlib import font_manager

FONT_FAMILY = "NanumGothic"

_STYLE = {
    "figure.figsize": (6.4, 3.6),
    "figure.dpi": 100,
    "axes.grid": True,
    "grid.alpha": 0.3,
    "axes.spines.top": False,
    "axes.spines.right": False,
    "axes.unicode_minus": False,  # NanumGothic has no U+2212 glyph
    "legend.frameon": False,
}


def use_style() -> None:
    """Apply the book's matplotlib style with a Hangul font.

    With ``LOSSOPT_STRICT_FONTS=1`` (set by ``make test`` and ``make book``) a character that
    the font cannot draw raises instead of silently rendering as a box.
    """
    import koreanize_matplotlib  # noqa: F401  (registers NanumGothic and sets font.family)

    matplotlib.rcParams.update(_STYLE)
    # DejaVu Sans (matplotlib's own font) fills what NanumGothic lacks in plain text.
    matplotlib.rcParams["font.family"] = [FONT_FAMILY, "DejaVu Sans"]
    if os.environ.get("LOSSOPT_STRICT_FONTS") == "1":
        # CI and the book build: a glyph no font has (a box in the figure) is an error,
        # whether matplotlib warns about it (plain text) or only logs it (mathtext).
        warnings.filterwarnings("error", message=r"Glyph \d+ .* missing from font")
        warnings.filterwarnings("error", message=r"Font .* does not have a glyph")
        mathtext_log = logging.getLogger("matplotlib.mathtext")
        if not any(isinstance(f, _MissingGlyph) for f in mathtext_log.filters):
            mathtext_log.addFilter(_MissingGlyph())


class _MissingGlyph(logging.Filter):
    """Raise on mathtext's "does not have a glyph" log record (strict fonts only)."""

    def filter(self, record: logging.LogRecord) -> bool:
        message = record.getMessage()
        if "does not have a glyph" in message:
            raise RuntimeError(f"그림에 글꼴에 없는 글자가 있습니다: {message} (로그 축이면 lossopt.plot.log_scale을 쓰세요)")
        return True


def log_scale(ax, axis: str = "y") -> None:
    """Log scale on ``axis`` ("x" or "y") with tick labels the book's fonts can draw.

    matplotlib's default log labels are ``$\\mathdefault{10^{-2}}$``, drawn in the text font,
    and NanumGothic has no minus sign (U+2212); these labels are plain mathtext instead.
    """
    import numpy as np
    from matplotlib.ticker import FuncFormatter, NullFormatter

    target = ax.yaxis if axis == "y" else ax.xaxis
    (ax.set_yscale if axis == "y" else ax.set_xscale)("log")
    target.set_major_formatter(FuncFormatter(lambda v, _: rf"$10^{{{int(round(np.log10(v)))}}}$" if v > 0 else ""))
    target.set_minor_formatter(NullFormatter())


def hangul_font_path() -> str:
    """Path of the font file that matplotlib resolves for the book's font family."""
    use_style()
    return font_manager.findfont(font_manager.FontProperties(family=FONT_FAMILY), fallback_to_default=False)


def plot_paths(f, paths: dict, xlim=(-3, 3), ylim=(-3, 3), ax=None, levels=20, log_levels=False, title=None):
    """Contour plot of a 2-D function ``f`` (taking (..., 2) arrays) with optimizer paths on it.

    ``paths`` maps a label to an array of points (n, 2). Returns the axes.
    """
    import numpy as np
    import matplotlib.pyplot as plt

    use_style()
    if ax is None:
        _, ax = plt.subplots(figsize=(6, 4.5))
    xs, ys = np.linspace(*xlim, 300), np.linspace(*ylim, 300)
    X, Y = np.meshgrid(xs, ys)
    Z = f(np.stack([X, Y], axis=-1))
    if log_levels:
        Z = np.log10(Z + 1e-12)
    ax.contour(X, Y, Z, levels=levels, cmap="Greys", linewidths=0.6, alpha=0.7)
    for label, path in paths.items():
        path = np.asarray(path)
        ax.plot(path[:, 0], path[:, 1], marker="o", markersize=2.5, linewidth=1.2, label=label)
    ax.set(xlim=xlim, ylim=ylim, xlabel=r"$w_1$", ylabel=r"$w_2$")
    ax.grid(False)
    if title:
        ax.set_title(title)
    ax.legend(loc="best", fontsize=8)
    return ax


def is_headless() -> bool:
    """True when notebooks run without a person at the screen (CI, nbval, the book, grading).

    ``make test``, ``make book`` and the autograder set ``LOSSOPT_HEADLESS=1``. An interactive
    explorer (ipywidgets) shows a static figure instead when this is true.
    """
    return os.environ.get("LOSSOPT_HEADLESS") == "1"
