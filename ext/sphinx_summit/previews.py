"""A picture of each session for link previews (``og:image``), drawn at build time.

1200 x 630 px (the size link previews show): the summit, day and format, the
session's title, its speakers (or organizations), and the site's name; drawn
with Pillow (a few milliseconds a picture) in the machine's fonts: DejaVu Sans
and, for the Japanese and Chinese of some titles, Noto Sans CJK JP (Debian's
fonts-dejavu-core and fonts-noto-cjk), each character in the first of them
that has it, Pillow's own font where neither is installed. Saved as a palette
PNG (a few colours and their anti-aliased edges: about 25 KB) with no date or
version in it, so the same session gives the same file on every build.

``draw_into`` draws each picture once per content, kept in the drawing cache
(``caches.py``).
"""

from __future__ import annotations

import functools
import hashlib
import os
import shutil
from collections.abc import Iterator
from pathlib import Path

from PIL import Image, ImageColor, ImageDraw, ImageFont

WIDTH, HEIGHT = 1200, 630
BACKGROUND, ACCENT, TEXT, MUTED = "#17202a", "#5eead4", "#f8fafc", "#cbd5e1"
# in this order: a character the first lacks comes from the next; (regular, bold) files
FONTS = {"DejaVu Sans": ("DejaVuSans.ttf", "DejaVuSans-Bold.ttf"),
         "Noto Sans CJK JP": ("NotoSansCJK-Regular.ttc", "NotoSansCJK-Bold.ttc")}
FONT_FOLDERS = ("/usr/share/fonts", "/usr/local/share/fonts", "~/.local/share/fonts", "~/.fonts")
LEFT, BAR = 72, 22  # px: where the text starts, the accent bar's width
NO_CHARACTER = "\U0010ffff"  # (a noncharacter: every font draws its "missing" glyph for it)


@functools.cache
def font_files() -> dict[str, tuple[Path, Path]]:
    """The installed fonts of FONTS: family -> (regular file, bold file)."""
    wanted = {name for files in FONTS.values() for name in files}
    found: dict[str, Path] = {}
    for folder in FONT_FOLDERS:
        folder = Path(folder).expanduser()
        if folder.is_dir():
            for path in sorted(folder.rglob("*")):
                if path.name in wanted:
                    found.setdefault(path.name, path)
    return {family: (found[regular], found[bold]) for family, (regular, bold) in FONTS.items()
            if regular in found and bold in found}


def fonts() -> tuple[str, ...]:
    """The families of FONTS that are installed, in order."""
    return tuple(font_files())


@functools.cache
def font_chain(size: int, bold: bool) -> tuple[ImageFont.FreeTypeFont, ...]:
    """The installed fonts at ``size`` px, in order; Pillow's own font last."""
    chain = []
    for family, files in font_files().items():
        chain.append(_face(files[bold], family, size))
    chain.append(ImageFont.load_default(size))
    return tuple(chain)


def _face(path: Path, family: str, size: int) -> ImageFont.FreeTypeFont:
    """The face of ``family`` in ``path`` (a .ttc collection holds one face per language)."""
    for index in range(16):
        try:
            face = ImageFont.truetype(path, size, index=index, layout_engine=ImageFont.Layout.BASIC)
        except OSError:
            break
        if face.getname()[0] == family:
            return face
    return ImageFont.truetype(path, size, layout_engine=ImageFont.Layout.BASIC)


@functools.cache
def _missing_glyph(font: ImageFont.FreeTypeFont) -> tuple:
    return _glyph(font, NO_CHARACTER)


def _glyph(font: ImageFont.FreeTypeFont, char: str) -> tuple:
    mask = font.getmask(char)
    return mask.size, bytes(mask)


@functools.cache
def _has(font: ImageFont.FreeTypeFont, char: str) -> bool:
    """Whether ``font`` has ``char`` (it draws something other than its missing glyph)."""
    return char.isspace() or _glyph(font, char) != _missing_glyph(font)


@functools.cache
def font_for(char: str, chain: tuple[ImageFont.FreeTypeFont, ...]) -> ImageFont.FreeTypeFont | None:
    return next((font for font in chain if _has(font, char)), None)


def runs(text: str, chain) -> Iterator[tuple[str, ImageFont.FreeTypeFont]]:
    """``text`` cut where the font that has its characters changes (a missing one: the first font)."""
    run, current = "", None
    for char in text:
        font = font_for(char, chain) or chain[0]
        if font is not current and run:
            yield run, current
            run = ""
        run, current = run + char, font
    if run:
        yield run, current


def length(text: str, chain) -> float:
    return sum(font.getlength(run) for run, font in runs(text, chain))


def wrap(text: str, chain, width: float, lines: int) -> list[str]:
    """``text`` in at most ``lines`` lines of at most ``width`` px, an ellipsis if cut.
    Lines break between words; a word wider than a line (Japanese has no spaces) anywhere."""
    words = []
    for word in " ".join(text.split()).split(" "):
        while length(word, chain) > width and len(word) > 1:
            cut = max([i for i in range(2, len(word)) if length(word[:i], chain) <= width], default=1)
            words.append(word[:cut])
            word = word[cut:]
        words.append(word)
    wrapped: list[str] = []
    used = 0.0  # px of the last line (its words' widths, each with the space before it)
    for word in words:
        spaced = length(f" {word}", chain)
        if wrapped and used + spaced <= width:
            wrapped[-1], used = f"{wrapped[-1]} {word}", used + spaced
        else:
            wrapped.append(word)
            used = length(word, chain)
    if len(wrapped) > lines:
        wrapped = wrapped[:lines]
        last = wrapped[-1]
        while last and length(last + " …", chain) > width:  # a word less, or a letter
            last = last.rsplit(" ", 1)[0] if " " in last.strip() else last[:-1]
        wrapped[-1] = last.rstrip() + " …"
    return wrapped or [""]


def missing_characters(text: str) -> str:
    """The characters of ``text`` no installed font has (drawn as empty boxes)."""
    chain = font_chain(20, False)[:-1] or font_chain(20, False)
    return "".join(sorted({c for c in text if not any(_has(font, c) for font in chain)}))


def draw_preview(target: Path, *, title: str, where: str, people: str, site: str) -> str:
    """Draw the picture; return the characters no installed font has (drawn as boxes)."""
    letters = Image.new("L", (WIDTH, HEIGHT), 0)  # how much ink, in each band its own (BANDS)
    _text(letters, [where], 88, size=36, bold=True)
    _text(letters, wrap(title, font_chain(53, True), WIDTH - 2 * LEFT, 4), 176, size=53, bold=True,
          spacing=1.15)
    if people:
        _text(letters, wrap(people, font_chain(33, False), WIDTH - 2 * LEFT, 1), 490, size=33)
    _text(letters, [site], 560, size=25)
    picture = Image.new("L", (WIDTH, HEIGHT), 0)
    for band, (_ink, top, bottom) in enumerate(BANDS):
        box = (0, top, WIDTH, bottom)
        picture.paste(letters.crop(box).point(_shades(band)), box)
    picture.paste(SHADES, (0, 0, BAR, HEIGHT))  # the accent bar (the first ink, full)
    picture.putpalette(_palette())
    target.parent.mkdir(parents=True, exist_ok=True)
    picture.save(target, format="PNG", compress_level=2)  # (3 ms, 25 KB; 6: 8 ms, 18 KB)
    return missing_characters(" ".join((title, where, people, site)))


# The picture is a palette PNG (a few KB, quick to write): index 0 the background,
# then SHADES shades of each ink over it, for the anti-aliased edges of the letters.
# Each ink has its band of rows: the summit and day, the title, the names and the site's.
BANDS = ((ACCENT, 0, 160), (TEXT, 160, 480), (MUTED, 480, HEIGHT))
SHADES = 16


@functools.cache
def _shades(band: int) -> list[int]:
    """Amount of ink (0-255) -> palette index, in ``band``."""
    return [0] + [band * SHADES + max(1, round(v * SHADES / 255)) for v in range(1, 256)]


@functools.cache
def _palette() -> list[int]:
    background = ImageColor.getrgb(BACKGROUND)
    palette = list(background)
    for ink, _top, _bottom in BANDS:
        colour = ImageColor.getrgb(ink)
        for step in range(1, SHADES + 1):
            palette += [round(b + (c - b) * step / SHADES) for b, c in zip(background, colour)]
    return palette


def _text(layer: Image.Image, lines: list[str], top: int, *, size: int, bold: bool = False,
          spacing: float = 1.2) -> None:
    """Lines from ``top`` px down (the first line's ascent below it), each run in its font."""
    pen = ImageDraw.Draw(layer)
    chain = font_chain(size, bold)
    baseline = top + chain[0].getmetrics()[0]
    for line in lines:
        x = float(LEFT)
        for run, font in runs(line, chain):
            pen.text((x, baseline), run, font=font, fill=255, anchor="ls")
            x += font.getlength(run)
        baseline += round(size * spacing)


# -- drawing each picture once -----------------------------------------------------

DRAWING = hashlib.sha1(Path(__file__).read_bytes(), usedforsecurity=False).hexdigest()  # (how it is drawn)


def cached_name(facts: dict[str, str]) -> str:
    """The file of a picture in the drawing cache: the hash of what it shows and how it is drawn."""
    return hashlib.sha1(repr((sorted(facts.items()), fonts(), DRAWING)).encode(),
                        usedforsecurity=False).hexdigest() + ".png"


def draw_into(cached: Path, target: Path, facts: dict[str, str]) -> None:
    """Draw the picture into the cache unless it is there, then copy it to
    ``target`` unless that holds it already."""
    if not cached.exists():  # (drawn aside, then moved: -j builds may draw it twice at once)
        drawing = cached.with_name(f"{cached.stem}.{os.getpid()}.png")
        cached.parent.mkdir(parents=True, exist_ok=True)
        draw_preview(drawing, **facts)
        os.replace(drawing, cached)
    if not target.exists() or target.read_bytes() != cached.read_bytes():
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(cached, target)
