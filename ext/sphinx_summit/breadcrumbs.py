"""sphinx_summit.breadcrumbs: where a page of a summit is, above its title.

Every page of a summit (website builds) starts with a trail: the site's home
page › the summit › the day › the page ("Summit notes › Tokyo 2015 › Day 2 ›
The state of Ceph..."), each a link but the page itself, which is
``aria-current="page"``. The day is a session's ``:day:``, or the ``dayN/``
folder the page is in; the summit's landing page is "site › its title". The same
trail is given to search engines as schema.org ``BreadcrumbList`` JSON-LD
(absolute addresses from ``html_baseurl``, relative ones without it).

The trail is not indexed by the search (``data-pagefind-ignore``), and the
e-books, whose contents say where a page is, have none.
"""

from __future__ import annotations

import html
import posixpath
import re

from sphinx.application import Sphinx

from . import __version__
from .builders import is_website
from .hosting import absolute_url
from .i18n import _
from .search import script_json

DAY_FOLDER = re.compile(r"day(\d+)/")


def trail(app: Sphinx, pagename: str) -> list[tuple[str, str]]:
    """(name, docname) from the home page to ``pagename``; [] outside a summit."""
    env = app.env
    summit = env.summit_summits.of(pagename) if pagename in env.found_docs else None
    if summit is None:
        return []
    root, landing = app.config.root_doc, summit.landing_page(app.config.root_doc)
    steps = [(title(app, root), root)]
    if landing not in (root, pagename):
        steps.append((summit.short_title, landing))
    sessions = env.get_domain("summit").sessions_by_doc.get(pagename, [])
    day = sessions[0].day if sessions else None
    inside = pagename.removeprefix(summit.folder + "/") if summit.folder else pagename
    if day is None and (match := DAY_FOLDER.match(inside)):
        day = int(match[1])
    if day is not None:
        day_page = f"{summit.folder}/day{day}/index".lstrip("/")
        if day_page in env.found_docs:
            steps.append((str(_("Day %d") % day), day_page))
    if steps[-1][1] != pagename:
        steps.append((title(app, pagename), pagename))
    return steps


def title(app: Sphinx, docname: str) -> str:
    found = app.env.titles.get(docname)
    return found.astext() if found is not None else docname


def breadcrumbs(app: Sphinx, pagename: str, steps: list[tuple[str, str]]) -> str:
    builder, base = app.builder, app.config.html_baseurl
    items = []
    for name, docname in steps:
        if docname == pagename:
            items.append(f'<li><span aria-current="page">{html.escape(name)}</span></li>')
        else:
            href = html.escape(builder.get_relative_uri(pagename, docname))
            items.append(f'<li><a href="{href}">{html.escape(name)}</a></li>')
    def address(docname: str) -> str:  # absolute with html_baseurl, else from this page
        if base:
            return absolute_url(base, builder.get_target_uri(docname))
        return builder.get_relative_uri(pagename, docname) or "./" + posixpath.basename(
            builder.get_target_uri(docname))

    data = {"@context": "https://schema.org", "@type": "BreadcrumbList", "itemListElement": [
        {"@type": "ListItem", "position": n, "name": name, "item": address(docname)}
        for n, (name, docname) in enumerate(steps, 1)]}
    return (f'<nav class="summit-breadcrumbs" aria-label="{html.escape(str(_("Breadcrumb")))}" '
            f'data-pagefind-ignore="all"><ol>{"".join(items)}</ol></nav>\n'
            f'<script type="application/ld+json">{script_json(data)}</script>\n')


def add_breadcrumbs(app: Sphinx, pagename, templatename, context, doctree) -> None:
    if not is_website(app.builder) or "body" not in context:
        return
    steps = trail(app, pagename)
    if len(steps) > 1:
        context["body"] = breadcrumbs(app, pagename, steps) + context["body"]


def add_stylesheet(app: Sphinx) -> None:
    if is_website(app.builder):
        app.add_css_file("summit-breadcrumbs.css")


def setup(app: Sphinx) -> dict:
    app.setup_extension("sphinx_summit")
    app.connect("builder-inited", add_stylesheet)
    app.connect("html-page-context", add_breadcrumbs)
    return {"version": __version__, "parallel_read_safe": True, "parallel_write_safe": True}
