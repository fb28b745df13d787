"""What the build may read: one rule (``may_read``), on every road; pages as UTF-8.

The rule: a file is read only if it is in the source folder or a folder that
``summit_readable_folders`` in conf.py names, never in a hidden file or folder
(a name starting with a dot) below that folder, never in a build folder
(``_build``, the output and doctree folders), a virtual environment (``.venv``,
any folder holding ``pyvenv.cfg``) or ``node_modules``, and only if it is a
regular file. A symbolic link is judged by its target.

The roads, each through the rule: pages and the summits' declarations (left
out before Sphinx finds them), ``include`` (its text replaced by nothing), and what a page's doctree holds
from a file -- ``literalinclude`` (and its ``:diff:``), ``raw``, pictures,
downloads -- removed before Sphinx's collectors note a file for copying; any
other file a page read (``csv-table``, a ``mermaid`` file, a road of another
extension) is found among the page's dependencies, and what the page holds of
its words goes. Before a page is parsed, a directive naming a named pipe or
a device, or a ``file:`` URL the rule refuses (docutils notes those nowhere),
is given the empty ``os.devnull`` instead. A refusal is an error at the page's
line naming the road and the file; nothing of the file is published.
Shared with the scaffold: a page that is not UTF-8 is one located message
naming the encoding it looks like.
"""

from __future__ import annotations

import codecs
import os
import re
import stat
from dataclasses import dataclass
from encodings import utf_8_sig
from pathlib import Path
from urllib.parse import unquote, urlparse

from docutils import nodes
from sphinx import addnodes
from sphinx.util import logging
from sphinx.util.matching import Matcher

from .data_files import CONTROL_CHARACTERS
from .summits import find_declarations

logger = logging.getLogger(__name__)

NEVER_READ = {"_build": "a build folder", "node_modules": "node_modules"}
NUL = "\x00"  # (U+0000: no file name holds it)
MAX_MATCHED_FILE = 1_000_000  # bytes of a refused file looked for in the page (see remove_what_came_from)


# -- the rule ---------------------------------------------------------------------

@dataclass(frozen=True)
class Readable:
    folders: tuple[Path, ...]  # where files may be read from, resolved
    build: tuple[Path, ...]  # the output and doctree folders, resolved
    named: frozenset[Path] = frozenset()  # files conf.py names (data files, docutils.conf)


def readable(app) -> Readable:
    """The source folder and the folders of ``summit_readable_folders`` (relative to
    conf.py); the files conf.py names are the configuration's to choose."""
    extra = [Path(app.confdir, folder) for folder in app.config.summit_readable_folders]
    named = [Path(app.confdir, "docutils.conf"), Path(app.srcdir, app.config.summit_catalogue),
             Path(os.devnull)]  # (what a directive reads in place of a named pipe: see never_wait)
    if "linkstatus_file" in app.config:
        named.append(Path(app.srcdir, app.config.linkstatus_file))
    return Readable(tuple(Path(f).resolve() for f in [app.srcdir, *extra]),
                    tuple(Path(f).resolve() for f in (app.outdir, app.doctreedir)),
                    frozenset(f.resolve() for f in named))


def may_read(path: Path, rules: Readable) -> str | None:
    """Why ``path`` may not be read (a sentence about it), or None if it may."""
    path = Path(os.path.abspath(path))
    real = path.resolve()
    subject = f"it is a symbolic link to {real}, which" if path.is_symlink() else str(real)
    folder = next((f for f in rules.folders if real.is_relative_to(f)), None)
    if real in rules.named:
        return None
    kind = _kind(real)
    if kind:
        return f"{subject} is {kind}, not a regular file: it is never read"
    if folder is None:
        return (f"{subject} is outside the source folder {rules.folders[0]}"
                + (" and summit_readable_folders" if len(rules.folders) > 1 else "")
                + "; copy the file into the source folder")
    if any(real.is_relative_to(b) for b in rules.build):
        return f"{subject} is in the build's output: a build never reads it"
    parts = real.relative_to(folder).parts
    for depth, name in enumerate(parts):
        if name.startswith("."):
            return f"{subject} is hidden ({name!r} starts with a dot): hidden files and folders are never read"
        if name in NEVER_READ:
            return f"{subject} is in {NEVER_READ[name]} ({name!r}): it is never read"
        if Path(folder, *parts[:depth], "pyvenv.cfg").is_file():
            return (f"{subject} is in a virtual environment ({Path(folder, *parts[:depth])} "
                    "holds pyvenv.cfg): it is never read")
    return None


def _kind(real: Path) -> str | None:
    try:
        mode = real.stat().st_mode
    except OSError:
        return None  # (missing: the road says so)
    kinds = {stat.S_ISFIFO: "a named pipe", stat.S_ISCHR: "a character device",
             stat.S_ISBLK: "a block device", stat.S_ISSOCK: "a socket"}
    return next((name for test, name in kinds.items() if test(mode)), None)


def refusal(road: str, given: str, reason: str) -> str:
    return f"{road} {given!r} is not published: {reason}"


def is_inside(path: Path, folders: list[Path]) -> bool:
    """Whether ``path``, with every symbolic link followed, is in one of ``folders``."""
    real = Path(path).resolve()
    return any(real.is_relative_to(Path(folder).resolve()) for folder in folders)


# -- pages ------------------------------------------------------------------------

def exclude_unreadable_pages(app, config) -> None:
    """Pages (and folders of pages) the rule refuses are excluded before Sphinx finds
    them, each with an error at the file; a page that is not a regular file (a named
    pipe, a device) is a warning (config-inited, after Sphinx has merged the suffixes)."""
    rules = readable(app)
    srcdir = Path(app.srcdir)
    excluded = Matcher([*config.exclude_patterns, "**/_sources", ".#*", "**/.#*"])
    suffixes = tuple(config.source_suffix)
    walked: set[Path] = set()
    for folder, subfolders, files in os.walk(srcdir, followlinks=True):
        if Path(folder).resolve() in walked:  # a link back up: Sphinx's own walk stops there too
            subfolders[:] = []
            continue
        walked.add(Path(folder).resolve())
        for name in sorted(subfolders):
            path = Path(folder, name)
            relative = path.relative_to(srcdir).as_posix()
            reason = may_read(path, rules) if path.is_symlink() else None
            if excluded(relative) or reason:
                subfolders.remove(name)
            if reason and not excluded(relative):
                _exclude(config, path, f"{relative}/**", refusal("the folder", relative, reason))
        for name in sorted(files):
            path = Path(folder, name)
            relative = path.relative_to(srcdir).as_posix()
            if not name.endswith(suffixes) or excluded(relative):
                continue
            reason = may_read(path, rules)
            if reason:
                _exclude(config, path, relative, refusal("the page", relative, reason)
                         + " (a page left out on purpose goes in exclude_patterns in conf.py)",
                         warning="not a regular file" in reason)


def _exclude(config, path: Path, pattern: str, message: str, warning: bool = False) -> None:
    (logger.warning if warning else logger.error)(message, location=f"{path}:1",
                                                 type="summit", subtype="unreadable")
    config.exclude_patterns = [*config.exclude_patterns, pattern]  # (not Sphinx's default list)


# -- the summits' declarations ------------------------------------------------------

def unreadable_declarations(app) -> list[Path]:
    """The ``summit.yaml`` files the rule refuses, each an error at the file: their
    summits are not declared (the catalogue and conf.py's data files are the
    configuration's)."""
    rules, refused = readable(app), []
    for path in find_declarations(Path(app.srcdir), app.config.exclude_patterns):
        reason = may_read(path, rules)
        if reason:
            logger.error(refusal("the summit's declaration", path.name, reason), location=f"{path}:1",
                         type="summit", subtype="unreadable")
            refused.append(path)
    return refused


# -- named pipes and devices, before a directive reads them ---------------------------------

# a directive's file argument, ```{literalinclude} x (or :::, ~~~, ".. x::"), and a :file:, :diff: or :url: option
ARGUMENT = re.compile(r"^[ \t]*(?:[`~:]{3,}\{([\w:-]+)\}|\.\.\s+([\w:-]+)::)[ \t]*(\S[^\n]*?)[ \t]*$"
                      r"|^[ \t]*:(file|diff|url):[ \t]*(\S[^\n]*?)[ \t]*$", re.MULTILINE)
DIRECTIVE = re.compile(r"\{([\w:-]+)\}|\.\.\s+([\w:-]+)::")


def never_wait(app, docname: str, source: list[str]) -> None:
    """A directive argument or option naming a named pipe or a device (it would wait or
    read forever: Sphinx, docutils and MyST read a file before any event sees it), or a
    ``file:`` URL the rule refuses (docutils notes it nowhere), is replaced by the empty
    ``os.devnull``, with an error at its line (source-read)."""
    env, page = app.env, Path(app.env.doc2path(docname))

    def replace(match: re.Match) -> str:
        if match[3]:
            name, given = match[1] or match[2], match[3]
        else:  # an option: the directive above it
            above = DIRECTIVE.findall(source[0], 0, match.start())
            name, given = (above[-1][0] or above[-1][1] if above else "a directive") + f" :{match[4]}:", match[5]
        path = _file_url_path(given) if given.startswith("file:") else _path_of(env, page, given)
        if not given.startswith("file:") and ("://" in given or _kind(path) is None):
            return match[0]  # (a URL, or no named pipe or device: most arguments are titles, not files)
        reason = may_read(path, readable(app))
        if not reason or ("not a regular file" not in reason and not given.startswith("file:")):
            return match[0]  # (a file: URL is read by docutils without a trace: refused here)
        line = source[0].count("\n", 0, match.start()) + 1
        _report(env, docname, name, path, reason, line=line, given=given)
        empty = Path(os.devnull).as_uri() if given.startswith("file:") else os.path.relpath(os.devnull, page.parent)
        return match[0].replace(given, empty)

    source[0] = ARGUMENT.sub(replace, source[0])


# -- include ----------------------------------------------------------------------

# on env.current_document: the page's refused files reported, (file, line); those of an include
REFUSED, INCLUDED = "summit_refused_files", "summit_refused_includes"


def refuse_includes(app, relative_path, parent_docname: str, content: list[str]) -> None:
    """An ``include`` the rule refuses includes nothing (include-read). (MyST gives the
    stem as ``parent_docname``: the page being read is the environment's.)"""
    env = app.env
    path = Path(env.srcdir, relative_path)
    reason = may_read(path, readable(app))
    if reason:
        content[0] = ""
        _report(env, env.current_document.docname, "include", path, reason, line=None)
        env.current_document[INCLUDED] = {*env.current_document.get(INCLUDED, ()), path.resolve()}


# -- what a page's doctree holds from files ------------------------------------------

def refuse_files(app, doctree: nodes.document) -> None:
    """Nodes made from a file the rule refuses go, with an error at their line
    (doctree-read, before Sphinx's collectors note pictures and downloads for copying)."""
    env, rules = app.env, readable(app)
    docname = env.current_document.docname
    for node, road, target in list(_file_nodes(env, doctree, docname)):
        paths = [target] if not str(target).endswith(".*") else \
            sorted(target.parent.glob(target.name[:-2] + ".*")) or [target]
        reasons = [(p, may_read(p, rules)) for p in paths]
        path, reason = next(((p, r) for p, r in reasons if r), (None, None))
        if reason is None:
            continue
        if not (isinstance(node, nodes.literal_block)  # (an include's :literal:, refused as it was read)
                and path.resolve() in env.current_document.get(INCLUDED, ())):
            _report(env, docname, road, path, reason, line=node.line,
                    given=node.get("reftarget") or node.get("uri") or _url(node.get("source")))
        if isinstance(node, addnodes.download_reference):
            node.replace_self(node.children)  # the words stay, without a link
        else:
            _remove(node)
    # any other road (a ``csv-table`` or ``mermaid`` file): what the page holds of a file
    # it read that the rule refuses goes
    recorded = doctree.settings.record_dependencies
    read = {Path(os.getcwd(), d) for d in (recorded.list if recorded else [])}
    read |= {Path(env.srcdir, d) for d in env.dependencies.get(docname, ())}
    reported = _reported_files(env)
    for path in sorted(read):
        reason = may_read(path, rules)
        if reason:  # (an include refused may have been read by another road too)
            road = remove_what_came_from(path, doctree) or "a directive"
            if path.resolve() not in reported:
                _report(env, docname, road, path, reason, line=None)


def _file_nodes(env, doctree, docname):
    """(node, road, path) of every node that holds a file or copies it into the output."""
    page = Path(env.doc2path(docname))
    for node in doctree.findall(nodes.Element):
        if isinstance(node, nodes.image):
            uri = node.get("uri", "")
            if "://" not in uri and not uri.startswith("data:"):
                yield node, "picture", _path_of(env, page, uri)
        elif isinstance(node, addnodes.download_reference):
            target = node.get("reftarget", "")
            if "://" not in target:
                yield node, "download", _path_of(env, page, target)
        elif isinstance(node, (nodes.literal_block, nodes.raw)) and node.get("source"):
            source = node["source"]
            if source != doctree.get("source"):
                road = "raw" if isinstance(node, nodes.raw) else "literalinclude"
                if urlparse(source).scheme == "file":
                    yield node, road, _file_url_path(source)
                elif "://" not in source:
                    yield node, road, Path(source)
                if node.get("language") == "udiff" and node.astext().startswith("--- "):
                    # literalinclude's :diff: names the other file on its first line
                    yield node, "literalinclude :diff:", Path(node.astext().splitlines()[0][4:].split("\t")[0])


def _reported_files(env) -> set[Path]:
    return {file for file, _line in env.current_document.get(REFUSED, ())}


def _url(source: str | None) -> str | None:
    return source if source and "://" in source else None


def _file_url_path(url: str) -> Path:
    """The file a ``file:`` URL names (a %00 stays as written: no file name holds a NUL)."""
    return Path(unquote(urlparse(url).path).replace(NUL, "%00"))


def _path_of(env, page: Path, target: str) -> Path:
    """Where a page's target points: from the source folder if it starts with /, else from the page."""
    return Path(env.srcdir, target.lstrip("/")) if target.startswith("/") else page.parent / target


def remove_what_came_from(path: Path, doctree: nodes.document) -> str | None:
    """Removes the innermost nodes whose words include every word of ``path``, in order
    (a table of its cells, a diagram of its code); the road, if a node went."""
    try:
        if not path.resolve().is_file() or path.stat().st_size > MAX_MATCHED_FILE:
            return None
        words = " ".join(re.findall(r"\w+", path.read_text(encoding="utf-8", errors="replace")))
    except OSError:
        return None
    if not words:
        return None

    def holds(node) -> bool:
        text = node.get("code") if isinstance(node.get("code"), str) else node.astext()
        return f" {words} " in " " + " ".join(re.findall(r"\w+", text)) + " "

    found = [n for n in doctree.findall(nodes.Element) if n is not doctree and holds(n)
             and not any(holds(child) for child in n.children if isinstance(child, nodes.Element))]
    found = [_enclosing_table(n) or n for n in found]  # (a table goes whole)
    for node in found:
        _remove(node)
    if not found:
        return None
    return "mermaid" if "code" in found[0] else "csv-table" if isinstance(found[0], nodes.table) else "a directive"


def _enclosing_table(node: nodes.Element) -> nodes.table | None:
    while node is not None and not isinstance(node, nodes.table):
        node = node.parent
    return node


def _remove(node: nodes.Element) -> None:
    """A node goes, with the figure or captioned code block that held it, and its ids
    (the document's table of ids would keep it in the pickled doctree)."""
    parent = node.parent
    if isinstance(parent, nodes.figure) or (isinstance(parent, nodes.container) and parent.get("literal_block")):
        node = parent
    document = node.document
    for element in node.findall(nodes.Element):
        for id_ in element["ids"]:
            if document is not None:
                document.ids.pop(id_, None)
    if node.parent is not None:
        node.parent.remove(node)


def _report(env, docname: str, road: str, path: Path, reason: str, line: int | None,
            given: str | None = None) -> None:
    """One error per file and line of the page (the line that names the file if none is known)."""
    page = Path(env.doc2path(docname))
    line = line or _line_naming(page, path) or 1
    reported = env.current_document.get(REFUSED)
    if reported is None:
        reported = env.current_document[REFUSED] = set()
    if (path.resolve(), line) in reported:
        return
    reported.add((path.resolve(), line))
    logger.error(refusal(road, given or os.path.relpath(path, page.parent), reason),
                 location=f"{page}:{line}", type="summit", subtype="unreadable")


def _line_naming(page: Path, path: Path) -> int | None:
    """The first line of the page that names ``path`` (as written from the page, or its name)."""
    try:
        lines = page.read_text(encoding="utf-8", errors="replace").splitlines()
    except OSError:
        return None
    for spelling in (os.path.relpath(path, page.parent), Path(path).name):
        for number, text in enumerate(lines, 1):
            if spelling in text:
                return number
    return None


# -- pages as UTF-8 ----------------------------------------------------------------

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


def replace_control_characters(app, docname: str, source: list[str]) -> None:
    """Control characters (U+0000-U+001F but tab and line breaks, U+007F-U+009F; %00
    outside a URL with a scheme) are not text: a NUL stops the build in a file name (Sphinx's and
    MyST's roads to files included), any of them in the feeds (XML has none). Each
    is shown as U+FFFD instead, with one warning at the first (source-read, first)."""
    _replace_controls(source, lambda line: (docname, line), "the page")


def replace_control_characters_included(app, relative_path, parent_docname: str, content: list[str]) -> None:
    """The same in a file a page includes (include-read, first)."""
    _replace_controls(content, lambda line: f"{Path(app.env.srcdir, relative_path)}:{line}",
                      "the included file")


# a control character, or %00 (a NUL in a link or a file name); a URL with a scheme keeps its %00
NOT_TEXT = re.compile(rf"[{CONTROL_CHARACTERS}]|%00")
NOT_TEXT_OR_URL = re.compile(rf"(?P<url>[A-Za-z][\w+.-]*://[^\s{CONTROL_CHARACTERS}]+)|{NOT_TEXT.pattern}")


def _replace_controls(text: list[str], location, what: str) -> None:
    """``location(line)``: where Sphinx's logging shows that line."""
    if not NOT_TEXT.search(text[0]):
        return
    found: list[re.Match] = []

    def replace(match: re.Match) -> str:
        if match["url"]:
            return match[0]
        found.append(match)
        return "%EF%BF%BD" if match[0] == "%00" else "\ufffd"

    replaced = NOT_TEXT_OR_URL.sub(replace, text[0])
    if not found:
        return
    line = text[0].count("\n", 0, found[0].start()) + 1
    first = 0 if found[0][0] == "%00" else ord(found[0][0])
    many = len(found) > 1
    logger.warning(f"{what} holds {len(found)} control character{'s' if many else ''} (U+0000-U+001F but "
                   f"tab and line breaks, U+007F-U+009F, or %00 in a link or file name: not text), the "
                   f"first (U+{first:04X}) on line {line}: shown as U+FFFD (\ufffd); delete "
                   f"{'them' if many else 'it'}", location=location(line), type="summit", subtype="encoding")
    text[0] = replaced


def read_leniently(app, env, docnames: list[str]) -> None:
    """Pages are UTF-8: one that is not is one located warning, and is read with its
    undecodable bytes replaced, so the build goes on (env-before-read-docs). Sphinx
    reads a page with the codec its settings name, so the tolerant codec is
    registered for the build only (``forget_codec`` removes it when it ends)."""
    if codecs.lookup(env.settings["input_encoding"]).name in ("utf-8", "utf-8-sig"):
        codecs.register(_tolerant_utf8)
        env.settings["input_encoding"] = TOLERANT_UTF8
    for docname in sorted(docnames):
        problem = encoding_problem(Path(env.doc2path(docname)))
        if problem:
            line, message = problem
            logger.warning(f"the page is {message}", location=(docname, line),
                           type="summit", subtype="encoding")


def forget_codec(app, exception) -> None:
    """The tolerant codec is the build's, not the process's (build-finished)."""
    codecs.unregister(_tolerant_utf8)
