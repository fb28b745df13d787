"""Every warning comes back until it is fixed.

Sphinx prints a page's warnings only when it reads or writes the page, so a
rebuild with nothing changed would pass with ``-W`` and the mistake would
ship. So every warning shown (Sphinx's, MyST's, docutils' and ours alike) is
traced to its page (``PagesWithWarnings``, a filter on Sphinx's warning
handler: it sees what is shown, after ``suppress_warnings``), the pages are
listed in the doctree folder when the build ends, and the next build reads
them again, which gives their warnings again. A site without warnings pays
nothing; a page with one is read on every build until it is fixed.
"""

from __future__ import annotations

import json
import logging as std_logging
import re
from pathlib import Path

from docutils import nodes
from sphinx.util import logging
from sphinx.util.logging import get_node_location

logger = logging.getLogger(__name__)
_LINE = re.compile(r"^(.*?)(?::\d+)?(?::.*)?$")  # "path:line" (and what docutils adds) -> path


def warn(env, message: str, location, subtype: str) -> None:
    """Warn about the page being read; ``location`` is (docname, line) or a node."""
    if isinstance(location, nodes.Node):
        where = get_node_location(location) or str(env.doc2path(env.docname))
    else:
        docname, line = location
        where = f"{env.doc2path(docname)}:{line}"
    logger.warning(message, location=where, type="summit", subtype=subtype)


class PagesWithWarnings(std_logging.Filter):
    """Notes the page of each warning shown; lets every record through."""

    def __init__(self, app) -> None:
        super().__init__()
        self.app = app
        self.docnames: set[str] = set()

    def filter(self, record: std_logging.LogRecord) -> bool:
        if record.levelno >= std_logging.WARNING:
            docname = self.page_of(getattr(record, "location", None))
            if docname:
                self.docnames.add(docname)
        return True

    def page_of(self, location) -> str | None:
        env = self.app.env
        if env is None:
            return None
        if not location:  # a warning while a page is read names no place: that page
            return env.current_document.docname or None
        path = Path(_LINE.match(str(location))[1])
        docname = env.path2doc(path) if path.is_absolute() else None
        if docname is None and path.is_absolute():  # an included file: the pages that include it
            including = sorted(doc for doc, files in env.dependencies.items()
                               if any(Path(env.srcdir, f).resolve() == path.resolve() for f in files))
            docname = including[0] if including else None
        return docname


def record_file(app) -> Path:
    return Path(app.doctreedir, f"summit-pages-with-warnings-{app.builder.name}.json")


def watch_warnings(app) -> None:
    """Attach the filter to the handlers that show warnings (builder-inited)."""
    app.summit_warned = PagesWithWarnings(app)
    for handler in std_logging.getLogger(logging.NAMESPACE).handlers:
        if isinstance(handler, logging.WarningStreamHandler):
            handler.addFilter(app.summit_warned)


def read_again(app, env, added, changed, removed) -> list[str]:
    """The pages that had warnings in the last build (env-get-outdated)."""
    try:
        listed = json.loads(record_file(app).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return []
    return sorted(set(listed) & env.found_docs - set(added) - set(changed) - set(removed))


def read_pages_naming_removed(app, env, added, changed, removed) -> list[str]:
    """The pages that named a page now removed (env-get-outdated): its toctree's page
    (Sphinx warns of a missing page only when it reads the toctree) and any page whose
    text names it (a link, a ``{doc}``), so an incremental build fails as a clean one."""
    if not removed:
        return []
    pages = set().union(*(env.files_to_rebuild.get(docname, ()) for docname in removed))
    names = "|".join(re.escape(docname.rsplit("/", 1)[-1]) for docname in removed)
    named = re.compile(rf"(?<![\w-])(?:{names})(?![\w-])")
    for docname in env.found_docs - set(added) - set(changed) - pages:
        try:
            text = env.doc2path(docname).read_text(encoding="utf-8", errors="replace")
        except OSError:
            continue
        if named.search(text):
            pages.add(docname)
    return sorted(pages & env.found_docs - set(removed))


def list_pages(app, exception) -> None:
    """Keep the pages of this build's warnings for the next build (build-finished)."""
    if exception is None:
        record_file(app).write_text(json.dumps(sorted(app.summit_warned.docnames)), encoding="utf-8")


def check_across_pages(app, env) -> list[str]:
    """What no single page can show (env-updated): a session id given twice in a summit,
    two sessions of a day with one title, names that differ only in case, listings of
    names no session has."""
    env.get_domain("summit").check_duplicates()
    env.get_domain("summit").check_same_names()
    env.get_domain("summit").check_listings()
    return []
