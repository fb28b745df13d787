"""A picture of each session for link previews (``og:image``), drawn at build time.

1200 x 630 px (the size link previews show): the summit, day and format, the
session's title, its speakers (or organizations), and the site's name; drawn
with matplotlib's Agg renderer (no display, no global state: a ``Figure`` of
its own), its bundled DejaVu fonts and, for the Japanese and Chinese of some
titles, Noto Sans CJK where it is installed (Debian's fonts-noto-cjk), into a
PNG with no date or version in it, so the same session gives the same file on
every build. A character no installed font has is returned, for one build
warning naming the page (not matplotlib's UserWarning).
"""

from __future__ import annotations

import functools
import re
import textwrap
import warnings
from pathlib import Path

WIDTH, HEIGHT, DPI = 12.0, 6.3, 100  # inches at 100 dpi: 1200 x 630 px
BACKGROUND, ACCENT, TEXT, MUTED = "#17202a", "#5eead4", "#f8fafc", "#cbd5e1"
FONTS = ("DejaVu Sans", "Noto Sans CJK JP")  # in this order: a glyph DejaVu lacks comes from the next


@functools.cache
def fonts() -> tuple[str, ...]:
    """The fonts of FONTS that are installed (DejaVu always is: matplotlib bundles it).

    matplotlib lists the machine's fonts once and keeps the list in its cache:
    a font installed since (``apt-get install fonts-noto-cjk``) is added here."""
    from matplotlib import font_manager

    manager = font_manager.fontManager
    known = {font.fname for font in manager.ttflist}
    for path in font_manager.findSystemFonts():
        if path not in known:
            try:
                manager.addfont(path)
            except (OSError, RuntimeError, ValueError):
                pass  # (a file FreeType cannot read: not a font to draw with)
    installed = {font.name for font in manager.ttflist}
    return tuple(name for name in FONTS if name in installed)


MISSING_GLYPH = re.compile(r"Glyph (\d+) .*missing from")  # matplotlib's UserWarning


def shorten(text: str, width: int, lines: int) -> str:
    """``text`` in at most ``lines`` lines of ``width`` characters, an ellipsis if cut."""
    wrapped = textwrap.wrap(" ".join(text.split()), width) or [""]
    if len(wrapped) > lines:
        wrapped = wrapped[:lines]
        wrapped[-1] = textwrap.shorten(wrapped[-1] + " …", width, placeholder=" …")
        if not wrapped[-1].endswith("…"):
            wrapped[-1] += " …"
    return "\n".join(wrapped)


def draw_preview(target: Path, *, title: str, where: str, people: str, site: str) -> str:
    """Draw the picture; return the characters no installed font has (drawn as boxes)."""
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always", UserWarning)
        _draw(target, title=title, where=where, people=people, site=site)
    missing = {chr(int(m[1])) for w in caught if (m := MISSING_GLYPH.search(str(w.message)))}
    return "".join(sorted(missing))


def _draw(target: Path, *, title: str, where: str, people: str, site: str) -> None:
    from matplotlib.backends.backend_agg import FigureCanvasAgg
    from matplotlib.figure import Figure

    figure = Figure(figsize=(WIDTH, HEIGHT), dpi=DPI, facecolor=BACKGROUND)
    FigureCanvasAgg(figure)
    figure.add_artist(_bar(figure))
    figure.text(0.06, 0.86, where, color=ACCENT, fontsize=26, fontweight="bold", va="top", parse_math=False, fontfamily=list(fonts()))
    figure.text(0.06, 0.72, shorten(title, 32, 4), color=TEXT, fontsize=38, fontweight="bold",
                va="top", linespacing=1.15, parse_math=False, fontfamily=list(fonts()))
    if people:
        figure.text(0.06, 0.17, shorten(people, 60, 1), color=MUTED, fontsize=24, va="bottom", parse_math=False, fontfamily=list(fonts()))
    figure.text(0.06, 0.07, site, color=MUTED, fontsize=18, va="bottom", parse_math=False, fontfamily=list(fonts()))
    target.parent.mkdir(parents=True, exist_ok=True)
    figure.savefig(target, format="png", dpi=DPI, facecolor=BACKGROUND, metadata={"Software": None})


def _bar(figure):
    from matplotlib.patches import Rectangle

    return Rectangle((0, 0), 0.018, 1, transform=figure.transFigure, color=ACCENT)
