"""A sidebar navigation whose cost does not grow with the size of the site.

furo renders the whole navigation tree into every page (Sphinx's toctree
with ``collapse=False``), and even a collapsed Sphinx toctree visits every
document: n pages times n entries, a build that grows with the square of the
site. This extension hands furo a navigation of the same shape as Sphinx's
collapsed toctree -- the top-level entries, and the branch that leads to the
current page -- computed from the toctree data directly, in time proportional
to that branch. A top-level list longer than ``bounded_nav_max_entries``
(the summits of a large collection) shows its first entries, the one on
the way to the current page, and a link to the page that lists them all.
"""

from __future__ import annotations

import hashlib
from html import escape

from sphinx import addnodes
from sphinx.application import Sphinx

from . import __version__, order
from .i18n import _
from .rewrite import pages_to_rewrite


class Navigation:
    """The site's toctree structure, computed once per build."""

    def __init__(self, app: Sphinx):
        env = app.env
        self.env = env
        self.builder = app.builder
        self.parent: dict[str, str] = {}
        for parent, children in env.toctree_includes.items():
            for child in children:
                self.parent.setdefault(child, parent)
        root = env.config.root_doc
        self.sections = []  # (caption, [(title, ref)]) of the root page's toctrees
        for toctree in env.tocs[root].findall(addnodes.toctree) if root in env.tocs else ():
            self.sections.append((toctree.get("caption"), toctree["entries"]))
        # each page's own toctree entries, with their explicit titles
        self.entries: dict[str, list[tuple[str | None, str]]] = {}
        for docname in env.toctree_includes:
            if docname in env.tocs:
                self.entries[docname] = [e for t in env.tocs[docname].findall(addnodes.toctree)
                                         for e in t["entries"]]
        self._summaries: dict[str | None, str] = {}  # (summary)

    def way_down(self, docname: str) -> list[str]:
        """The page and its toctree parents, up to the root."""
        found = [docname]
        while docname in self.parent and self.parent[docname] not in found:
            docname = self.parent[docname]
            found.append(docname)
        return found

    def ancestors(self, docname: str) -> set[str]:
        return set(self.way_down(docname))

    def shows(self, docname: str) -> tuple:
        """What the navigation of ``docname`` is made of, in short: the root's lists
        and, for each page on its way, the entries (address, title) it opens. The
        same for two builds exactly when ``render(docname)`` is, at a fraction of
        its cost: each page's entries are summed up once for all the pages below it."""
        way = self.way_down(docname)
        return docname, way, self.summary(None), [self.summary(d) for d in way]

    def summary(self, docname: str | None) -> str:
        """A digest of the entries of ``docname`` (None: the root's lists, with their captions)."""
        if docname not in self._summaries:
            if docname is None:
                shown = [self.env.config.bounded_nav_max_entries,
                         [(caption, self.titled(entries)) for caption, entries in self.sections]]
            else:
                shown = self.titled(self.entries.get(docname, ()))
            self._summaries[docname] = hashlib.sha1(repr(shown).encode(), usedforsecurity=False).hexdigest()
        return self._summaries[docname]

    def titled(self, entries) -> list[tuple[str, str]]:
        return [(ref, self.title(title, ref)) for title, ref in entries]

    def title(self, title: str | None, ref: str) -> str:
        """An entry's text: its explicit title, else its page's."""
        return title or (self.env.titles[ref].astext() if ref in self.env.titles else ref)

    def render(self, pagename: str, uri=None) -> str:
        """The navigation of ``pagename``; ``uri(docname)``: the address of a page from it
        (relative, unless told otherwise)."""
        uri = uri or (lambda ref: self.builder.get_relative_uri(pagename, ref))
        path = self.ancestors(pagename)
        html = []
        limit = self.env.config.bounded_nav_max_entries
        for caption, entries in self.sections:
            if caption:
                html.append(f'<p class="caption" role="heading" aria-level="2">'
                            f'<span class="caption-text">{escape(caption)}</span></p>')
            more = ""
            if len(entries) > limit:
                root = self.env.config.root_doc
                more = (f'<li class="toctree-l1 nav-more"><a class="reference internal" '
                        f'href="{escape(uri(root))}">'
                        f'{escape(_("All %d") % len(entries))}</a></li>')
                entries = entries[:limit] + [e for e in entries[limit:] if e[1] in path]
            html.append(self.render_list(entries, pagename, path, 1, uri, more))
        return "".join(html)

    def render_list(self, entries, pagename: str, path: set[str], level: int, uri, more: str = "") -> str:
        items = []
        for title, ref in entries:
            if ref == "self" or ref.startswith(("http://", "https://")):
                continue
            text = self.title(title, ref)
            classes = [f"toctree-l{level}"]
            link_classes = "reference internal"
            href = uri(ref)
            children = ""
            if ref in path:
                classes.append("current")
                if ref == pagename:
                    classes.append("current-page")
                    link_classes = "current " + link_classes
                    href = "#"
                if self.entries.get(ref):
                    children = self.render_list(self.entries[ref], pagename, path, level + 1, uri)
            items.append(f'<li class="{" ".join(classes)}"><a class="{link_classes}" '
                         f'href="{escape(href)}">{escape(text)}</a>{children}</li>')
        return f"<ul>{''.join(items)}{more}</ul>" if items else ""


def bounded_toctree(app: Sphinx, pagename, templatename, context, doctree) -> None:
    """Give the page a ``toctree()`` that renders the bounded navigation."""
    if "toctree" not in context:
        return
    nav = getattr(app.builder, "_bounded_navigation", None)
    if nav is None:  # once per build: forget() drops it when the toctrees may change
        nav = app.builder._bounded_navigation = Navigation(app)
    if "notfound_pagename" in app.config and pagename == app.config.notfound_pagename:
        # the 404 page is served in place of a missing page at any depth: its links are
        # absolute, from the site's path (sphinx-notfound-page's notfound_urls_prefix)
        prefix = (app.config.notfound_urls_prefix or "/").rstrip("/") + "/"
        uri = lambda ref: prefix + app.builder.get_target_uri(ref)  # noqa: E731
    else:
        uri = None
    context["toctree"] = lambda **kwargs: nav.render(pagename, uri)


def forget(app: Sphinx, env) -> None:
    """The toctrees may have changed: compute the structure anew."""
    app.builder._bounded_navigation = None


def pages_with_new_navigation(app: Sphinx, env) -> list[str]:
    """Pages not read again whose sidebar or previous/next links now differ.

    Sphinx rewrites only the pages it read (and their toctree parents): after a
    page is added, removed or renamed, its neighbours would keep links to what
    is no longer there. Each page's navigation and relations are fingerprinted
    (rewrite.py); a page whose fingerprint changed is written again.
    """
    if app.builder.format != "html":
        return []
    return pages_to_rewrite(app, "navigation", lambda: navigation_of_every_page(app, env))


def navigation_of_every_page(app: Sphinx, env) -> dict[str, tuple]:
    """What each page's navigation shows (``Navigation.shows``), and its previous, next
    and parent pages with their titles."""
    nav = app.builder._bounded_navigation = Navigation(app)
    relations = env.collect_relations()

    def title(docname):
        return env.titles[docname].astext() if docname in env.titles else ""

    return {docname: (nav.shows(docname),
                      [(d, title(d)) for d in relations.get(docname, [None, None, None])])
            for docname in env.found_docs}


def setup(app: Sphinx) -> dict:
    app.add_config_value("bounded_nav_max_entries", 10, "html", int)
    app.connect("html-page-context", bounded_toctree, priority=order.BOUNDED_TOCTREE)
    app.connect("env-updated", forget)
    app.connect("env-get-updated", pages_with_new_navigation)
    return {"version": __version__, "parallel_read_safe": True, "parallel_write_safe": True}
