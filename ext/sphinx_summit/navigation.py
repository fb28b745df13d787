"""Summits in the navigation: newest first, and pages re-read when summits change.

A toctree may list summits in any order, or by a glob (``*/index``) that
sorts folder names; readers expect the newest summit first. The landing
pages of summits in a toctree are put in that order, wherever they stand,
so the sidebar, previous/next links and the PDF's parts agree.
"""

from __future__ import annotations

from sphinx import addnodes
from sphinx.util import logging
from sphinx.transforms import SphinxTransform

from . import order
from .state import summits_of

logger = logging.getLogger(__name__)


class SummitsNewestFirst(SphinxTransform):
    default_priority = order.SUMMITS_NEWEST_FIRST

    def apply(self, **kwargs) -> None:
        summits = summits_of(self.env)
        if summits is None:
            return
        landing = {s.landing_page(self.config.root_doc): s for s in summits.by_id.values()}
        for toctree in self.document.findall(addnodes.toctree):
            entries = toctree["entries"]
            slots = [n for n, (_title, ref) in enumerate(entries) if ref in landing]
            if len(slots) < 2:
                continue
            for summit in (landing[entries[n][1]] for n in slots):
                self.env.note_dependency(summit.source)  # its dates decide the order
            newest = sorted((entries[n] for n in slots),
                            key=lambda entry: (landing[entry[1]].start, entry[1]), reverse=True)
            for n, entry in zip(slots, newest):
                entries[n] = entry
            order = [ref for _title, ref in entries]
            toctree["includefiles"] = sorted(toctree["includefiles"], key=lambda ref: (
                order.index(ref) if ref in order else len(order)))


def summits_changed(app, env, added, changed, removed) -> list[str]:
    """Pages to read again because a summit was declared, moved or removed.

    A page under a new ``summit.yaml`` now belongs to that summit; one under a
    removed one no longer does. (Edits of a declaration reach the pages that
    show it through their dependency on the file.) Keeps ``env.summit_folders``
    (state.py) for the next build.
    """
    now = env.summit_summits
    before = getattr(env, "summit_folders", None)
    folders = {s.folder: s.id for s in now.by_id.values()}
    env.summit_folders = folders
    if before is None or before == folders:
        return []
    moved = {f for f in set(before) | set(folders) if before.get(f) != folders.get(f)}
    return sorted(doc for doc in env.found_docs
                  if any(not f or doc.startswith(f + "/") for f in moved))


def check_moved_pages(app, env) -> list[str]:
    """A moved page's old address (sphinx-reredirects' ``redirects``) that is a page
    again: its redirect would silently replace the page (env-updated)."""
    from . import config_line

    for old, new in sorted(getattr(app.config, "redirects", {}).items()):
        if old in env.found_docs:
            logger.warning("%s is the old address of a moved page (redirected to %s in conf.py), and "
                           "a page again: the redirect would replace it; rename the page's file or folder",
                           env.doc2path(old), new, location=config_line(app.confdir, "redirects"),
                           type="summit", subtype="moved")
    return []
