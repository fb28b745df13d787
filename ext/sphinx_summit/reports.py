"""Warnings about a page, repeated on every build until the page is fixed.

Sphinx prints a page's warnings only when it reads the page, so a rebuild
with nothing changed would pass with ``-W`` and the mistake would ship. The
extension's own warnings about a page are therefore kept with the page (in
the domain's data, so they go when the page is read again or deleted) and
given again on every build that does not read it.
"""

from __future__ import annotations

from docutils import nodes
from sphinx.util import logging
from sphinx.util.logging import get_node_location

logger = logging.getLogger(__name__)


def warn(env, message: str, location, subtype: str) -> None:
    """Warn about the page being read; ``location`` is (docname, line) or a node."""
    if isinstance(location, nodes.Node):
        where = get_node_location(location) or str(env.doc2path(env.docname))
    else:
        docname, line = location
        where = f"{env.doc2path(docname)}:{line}"
    logger.warning(message, location=where, type="summit", subtype=subtype)
    env.get_domain("summit").note_warning(env.docname, (where, message, subtype))


def repeat_warnings(app, env) -> list[str]:
    """Give again the warnings of the pages this build did not read, and check
    what no single page can (a session id given twice in a summit)."""
    env.get_domain("summit").check_duplicates()
    env.get_domain("summit").check_listings()
    read = getattr(app.builder, "summit_read_now", set())
    for docname, warnings in sorted(env.get_domain("summit").data["warnings"].items()):
        if docname not in read:
            for where, message, subtype in warnings:
                logger.warning(message, location=where, type="summit", subtype=subtype)
    return []


def note_read(app, env, docnames: list[str]) -> None:
    """The pages this build reads (env-before-read-docs)."""
    app.builder.summit_read_now = set(docnames)
