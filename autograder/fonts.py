"""The Hangul web font that the book, JupyterLab and the feedback pages serve.

NanumGothic (SIL Open Font License) comes from the koreanize-matplotlib wheel, the font the
figures use. Browsers refuse the wheel's file as it is ("OTS parsing error: TSI3: zero-length
table": it still carries the empty hinting-source tables of the font editor), so a copy without
those tables is written.
"""

from __future__ import annotations

from pathlib import Path

FONT = "NanumGothic.ttf"
_EDITOR_TABLES = ("TSI0", "TSI1", "TSI2", "TSI3", "TSI5", "TSIB", "TSID", "TSIJ", "TSIP", "TSIS", "TSIV")
# Hangul (and CJK punctuation) only: Latin text and code keep the page's own fonts. Pages list
# NanumGothic first in font-family, so that no system font that merely claims some Hangul (this
# machine kind has one) draws boxes instead.
HANGUL_RANGES = "U+1100-11FF, U+3000-303F, U+3130-318F, U+A960-A97F, U+AC00-D7AF, U+D7B0-D7FF, U+FF00-FFEF"


def _source() -> Path:
    import koreanize_matplotlib

    return Path(koreanize_matplotlib.__file__).parent / "fonts" / FONT


def embedded_font_face(text: str) -> str:
    """A ``@font-face`` rule carrying a NanumGothic subset with just the characters of ``text``.

    For single-file pages (feedback, class report) that must read right offline on any machine:
    a page's Hangul costs a few hundred kB instead of the whole 4 MB font.
    """
    import base64
    import io

    from fontTools import subset

    options = subset.Options()
    options.drop_tables += list(_EDITOR_TABLES)
    font = subset.load_font(str(_source()), options)
    subsetter = subset.Subsetter(options)
    subsetter.populate(text="".join(sorted(set(text))))
    subsetter.subset(font)
    buf = io.BytesIO()
    font.save(buf)
    data = base64.b64encode(buf.getvalue()).decode("ascii")
    return (f'@font-face{{font-family:"NanumGothic";src:url(data:font/ttf;base64,{data}) format("truetype");'
            f"unicode-range:{HANGUL_RANGES}}}")


def write_web_font(folder: Path) -> Path:
    """Write ``NanumGothic.ttf`` into ``folder`` (once) in a form browsers accept; return its path."""
    from fontTools.ttLib import TTFont

    dest = Path(folder) / FONT
    if dest.exists():
        return dest
    dest.parent.mkdir(parents=True, exist_ok=True)
    font = TTFont(_source())
    for tag in _EDITOR_TABLES:
        if tag in font:
            del font[tag]
    tmp = dest.with_suffix(".tmp")
    font.save(tmp)
    tmp.replace(dest)
    return dest
