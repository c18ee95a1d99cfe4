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


def write_web_font(folder: Path) -> Path:
    """Write ``NanumGothic.ttf`` into ``folder`` (once) in a form browsers accept; return its path."""
    import koreanize_matplotlib
    from fontTools.ttLib import TTFont

    dest = Path(folder) / FONT
    if dest.exists():
        return dest
    dest.parent.mkdir(parents=True, exist_ok=True)
    font = TTFont(Path(koreanize_matplotlib.__file__).parent / "fonts" / FONT)
    for tag in _EDITOR_TABLES:
        if tag in font:
            del font[tag]
    tmp = dest.with_suffix(".tmp")
    font.save(tmp)
    tmp.replace(dest)
    return dest
