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
from encodings import utf_8_sig
from pathlib import Path

from docutils import nodes
from sphinx.directives.patches import CSVTable
from sphinx.util import logging

from . import internals

logger = logging.getLogger(__name__)

TOLERANT_UTF8 = "utf-8-summit"  # UTF-8 (a BOM dropped); bytes that are not become U+FFFD (reported first)


class _TolerantDecoder(utf_8_sig.IncrementalDecoder):
    def __init__(self, errors: str = "strict") -> None:
        super().__init__("replace")


def _tolerant_utf8(name: str) -> codecs.CodecInfo | None:
    if name != TOLERANT_UTF8.replace("-", "_"):
        return None
    return codecs.CodecInfo(
        name=TOLERANT_UTF8, encode=utf_8_sig.encode,
        decode=lambda data, errors="strict": utf_8_sig.decode(data, "replace"),
        incrementalencoder=utf_8_sig.IncrementalEncoder, incrementaldecoder=_TolerantDecoder)


codecs.register(_tolerant_utf8)


def encoding_problem(path: Path) -> tuple[int, str] | None:
    """(line, what is wrong) if ``path`` is not UTF-8, else None."""
    data = path.read_bytes()
    try:
        data.decode("utf-8")
    except UnicodeDecodeError as error:
        line = data.count(b"\n", 0, error.start) + 1
        guess = _guess_encoding(data)
        return line, (f"not UTF-8 (byte 0x{data[error.start]:02X} on line {line}; "
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


# -- in the build -----------------------------------------------------------------

def project_folders(app) -> list[Path]:
    """Where the build may read from: the source folder and the folder of conf.py."""
    return [Path(app.srcdir), Path(app.confdir)]


def read_leniently(app, env, docnames: list[str]) -> None:
    """Pages are UTF-8: one that is not is one located warning, and is read with its
    undecodable bytes replaced, so the build goes on (env-before-read-docs)."""
    if codecs.lookup(env.settings["input_encoding"]).name in ("utf-8", "utf-8-sig"):
        env.settings["input_encoding"] = TOLERANT_UTF8
    for docname in sorted(docnames):
        problem = encoding_problem(Path(env.doc2path(docname)))
        if problem:
            line, message = problem
            logger.warning(f"the page is {message}", location=(docname, line),
                           type="summit", subtype="encoding")


def exclude_outside_links(app, config) -> None:
    """Symbolic links in the source folder that lead out of the project are not
    published: each is excluded, with an error at the link (config-inited)."""
    for relative, target in outside_links(Path(app.srcdir), project_folders(app)):
        logger.error("%s is a symbolic link to %s, outside the project: it is not published; "
                     "copy the file into the project instead", Path(app.srcdir, relative), target,
                     type="summit", subtype="outside")
        config.exclude_patterns.extend([relative, f"{relative}/**"])


def refuse_outside_includes(app, relative_path, parent_docname: str, content: list[str]) -> None:
    """An ``include`` of a file outside the project includes nothing (include-read)."""
    path = Path(app.srcdir, relative_path)
    if not is_inside(path, project_folders(app)):
        logger.error("the page includes %s, which is outside the project: it is not published; "
                     "copy the file into the project instead", path.resolve(),
                     location=parent_docname, type="summit", subtype="outside")
        content[0] = ""


def refuse_outside_files(app, doctree) -> None:
    """A ``literalinclude``, a ``raw`` ``:file:`` or a picture of a file outside the
    project shows nothing of it (doctree-read): the node goes, with an error at its line."""
    folders = project_folders(app)
    kinds = (nodes.literal_block, nodes.raw, nodes.image)
    for node in list(doctree.findall(lambda n: isinstance(n, kinds))):
        if not isinstance(node, nodes.image):
            files = [node["source"]] if node.get("source") and node["source"] != node.document["source"] else []
        else:
            files = [Path(app.srcdir, uri) for uri in node.get("candidates", {}).values() if "://" not in uri]
        outside = [Path(f).resolve() for f in files if not is_inside(Path(f), folders)]
        if outside:
            logger.error("the page shows %s, which is outside the project: it is not published; "
                         "copy the file into the project instead", outside[0],
                         location=node, type="summit", subtype="outside")
            node.parent.remove(node)


class ProjectCSVTable(CSVTable):
    """Sphinx's ``csv-table``, refusing a ``:file:`` outside the project."""

    def run(self) -> list[nodes.Node]:
        if "file" in self.options:
            env = self.state.document.settings.env
            given = self.options["file"]
            path = (Path(env.srcdir, given[1:]) if given.startswith("/")
                    else Path(env.doc2path(env.current_document.docname)).parent / given)
            if not is_inside(path, project_folders(internals.application(env))):
                logger.error("the page shows %s, which is outside the project: it is not published; "
                             "copy the file into the project instead", path.resolve(),
                             location=(env.current_document.docname, self.lineno),
                             type="summit", subtype="outside")
                return []
        return super().run()
