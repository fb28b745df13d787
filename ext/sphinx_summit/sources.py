"""What the build may read: files inside the project, as UTF-8.

Shared by the build and the scaffold, so both say the same about a page:

* a page saved in another encoding is one located message naming the file
  and the encoding it looks like; the build goes on, reading the page with
  the undecodable bytes replaced (``TOLERANT_UTF8``), so nothing else is lost;
* a file that resolves outside the project (a symbolic link, an ``include``
  of ``../../etc/passwd``) is refused, and none of its text is published.
"""

from __future__ import annotations

import codecs
import os
from pathlib import Path

TOLERANT_UTF8 = "utf-8-summit"  # UTF-8; bytes that are not become U+FFFD (reported first)


def _tolerant_utf8(name: str) -> codecs.CodecInfo | None:
    if name != TOLERANT_UTF8.replace("-", "_"):
        return None
    return codecs.CodecInfo(
        name=TOLERANT_UTF8, encode=codecs.utf_8_encode,
        decode=lambda data, errors="strict": codecs.utf_8_decode(data, "replace", True))


codecs.register(_tolerant_utf8)


def encoding_problem(path: Path) -> tuple[int, str] | None:
    """(line, message) if ``path`` is not UTF-8, else None."""
    data = path.read_bytes()
    try:
        data.decode("utf-8")
    except UnicodeDecodeError as error:
        line = data.count(b"\n", 0, error.start) + 1
        guess = _guess_encoding(data)
        return line, (f"{path} is not UTF-8 (byte 0x{data[error.start]:02X} on line {line}; "
                      f"it looks like {guess}): save it as UTF-8")
    return None


def _guess_encoding(data: bytes) -> str:
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return "UTF-16"
    try:
        data.decode("cp1252")
    except UnicodeDecodeError:
        return "a legacy encoding"
    return "Latin-1 (ISO-8859-1) or Windows-1252"


def is_inside(path: Path, folders: list[Path]) -> bool:
    """Whether ``path``, with every symbolic link followed, is in one of ``folders``."""
    real = Path(path).resolve()
    return any(real.is_relative_to(Path(folder).resolve()) for folder in folders)


def outside_links(srcdir: Path, folders: list[Path]) -> list[tuple[str, Path]]:
    """Symbolic links of the source folder that lead outside ``folders``:
    (path relative to ``srcdir``, where it leads), in a fixed order."""
    found = []
    for folder, subfolders, files in os.walk(srcdir):  # (links to folders are not entered)
        subfolders.sort()
        for name in sorted(subfolders + files):
            path = Path(folder, name)
            if path.is_symlink() and not is_inside(path, folders):
                found.append((path.relative_to(srcdir).as_posix(), path.resolve()))
    return found
