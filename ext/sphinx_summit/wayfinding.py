"""What a reader who lands on the wrong page, and a search engine, are given.

* The 404 page (sphinx-notfound-page) offers a way on: the home page, a search
  form and every summit's landing page, its links absolute from the site's path
  (``notfound_urls_prefix``), as the page is served at any depth.
* Every page has a ``<meta name="description">``: sphinxext-opengraph writes the
  first paragraph of a page that has one, ``sphinx_summit.hosting`` a session's;
  the pages without (the indices, the 404 page, a page that opens with a list)
  get their first paragraph, or a sentence of their kind.
"""

from __future__ import annotations

import html

from docutils import nodes
from sphinx.application import Sphinx

from . import __version__, order
from .i18n import _
from .state import summits_of

DESCRIBED = 'name="description"'  # (in context["metatags"]) the page has a description


def notfound_page(app: Sphinx) -> str | None:
    return app.config.notfound_pagename if "notfound_pagename" in app.config else None


def way_on(app: Sphinx, pagename, templatename, context, doctree) -> None:
    """The 404 page's links home, to search and to the summits."""
    if pagename != notfound_page(app) or "body" not in context:
        return
    prefix = (app.config.notfound_urls_prefix or "/").rstrip("/") + "/"
    uri = lambda docname: html.escape(prefix + app.builder.get_target_uri(docname))  # noqa: E731
    summits = summits_of(app.env)
    items = "".join(
        f'<li><a href="{uri(summit.landing_page(app.config.root_doc))}">{html.escape(summit.title)}</a></li>'
        for summit in sorted(summits.by_id.values(), key=lambda s: s.start, reverse=True)
        if summit.landing_page(app.config.root_doc) in app.env.found_docs) if summits else ""
    home = f'<p><a href="{uri(app.config.root_doc)}">{html.escape(_("Go to the home page"))}</a></p>'
    search = (f'<form class="summit-notfound-search" role="search" action="{html.escape(prefix)}search.html" '
              f'method="get"><label for="summit-notfound-q">{html.escape(_("Search the notes"))}</label> '
              f'<input type="search" id="summit-notfound-q" name="q"> '
              f'<button type="submit">{html.escape(_("Search"))}</button></form>')
    listing = (f'<h2>{html.escape(_("The summits"))}</h2><ul class="summit-notfound-summits">{items}</ul>'
               if items else "")
    context["body"] += f'\n<div class="summit-notfound">{home}{search}{listing}</div>\n'


def describe_pages(app: Sphinx, pagename, templatename, context, doctree) -> None:
    """A description for a page that has none yet."""
    tags = context.get("metatags") or ""  # (the pages Sphinx writes without a document have none)
    if DESCRIBED in tags:
        return
    description = first_paragraph(doctree) if doctree is not None else ""
    if not description:
        title = html.unescape(str(context.get("title") or context.get("indextitle") or _("Index")))
        project = str(app.config.project)
        if pagename == notfound_page(app):
            description = str(_("No page of %s has this address: the home page, search and "
                                "every summit are linked here.")) % project
        elif pagename == "search":
            description = str(_("Search %s: every summit, day and session.")) % project
        elif doctree is None:  # (the indices Sphinx and the domain write)
            description = str(_("%(title)s of %(project)s: every entry with the sessions "
                                "and pages that name it.")) % {"title": title, "project": project}
        else:
            description = f"{title} · {project}"
    value = html.escape(description, quote=True)
    context["metatags"] = tags + f'\n<meta name="description" content="{value}" />'


def first_paragraph(doctree: nodes.document, limit: int = 200) -> str:
    """The text of the page's first paragraph, at most ``limit`` characters."""
    for paragraph in doctree.findall(nodes.paragraph):
        text = " ".join(paragraph.astext().split())
        if text:
            return text if len(text) <= limit else text[:limit - 1].rsplit(" ", 1)[0] + "…"
    return ""


def setup(app: Sphinx) -> dict:
    app.connect("html-page-context", way_on)
    app.connect("html-page-context", describe_pages, priority=order.PAGE_DESCRIPTION)
    return {"version": __version__, "parallel_read_safe": True, "parallel_write_safe": True}
