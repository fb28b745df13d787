"""sphinx_summit.search: search with Pagefind, a static search engine.

When the website has been written, Pagefind indexes its pages into
``pagefind/``: a ranked index cut into chunks, of which a search fetches the
few its words need. What it indexes is marked in each page
(``templates/pagefind/page.html``):

* the page's own text only (``data-pagefind-body``): not the sidebar, the
  footer, nor what ``SKIPPED`` names (listings of other sessions, related
  sessions, the card, which is indexed as below, the marks of the editors);
* a session's names (speakers, organizations, projects, topics) weigh more
  than its notes (``CARD_WEIGHT``; the title, an ``h1``, weighs 7, headings 6
  to 4, the notes 1), and how often a word occurs counts; the other pages
  rank lower (``OTHER_PAGES``);
* each result's label (``where``: "Tokyo 2015 · Day 2 · talk") and the facets
  a reader filters by: the summit, then each field declared ``facet`` in
  ``metadata.FIELDS``.

The search page (``templates/pagefind/search.html``, ``static/summit-search.js``)
asks Pagefind, shows the facets with their counts, keeps the query and the
chosen facets in the address, and, for a query that finds nothing, suggests
the nearest names the site knows (``search-names.json``, fetched then only).

Sphinx's own search index is not written: one way to search.
"""

from __future__ import annotations

import asyncio
import hashlib
from concurrent.futures import ThreadPoolExecutor
import json
import os
import shutil
import tempfile
from importlib import metadata
from pathlib import Path

from docutils import nodes
from markupsafe import Markup
from sphinx.application import Sphinx
from sphinx.util import logging

from . import __version__, internals, order
from .builders import is_website
from .i18n import _
from .indices import BY_DOCNAME, session_labels, session_where
from .metadata import FIELD, FIELDS, INDEXED

logger = logging.getLogger(__name__)
HERE = Path(__file__).parent

BUNDLE = "pagefind"  # the index's folder in the output
NAMES = "search-names.json"  # what the spelling help suggests from
# what is not indexed: listings and related sessions, the editors' marks
# (.no-search), the card (its names are indexed apart, weighted), heading links
SKIPPED = (".no-search", ".session-card", ".headerlink")
CARD_WEIGHT = 5.0
# The score of a page that is not a session (a day, an index, the glossary, a
# summit's recap) is multiplied by this: a talk about a word comes before the
# pages that mention it. (Pagefind weighs text, not pages: its ``kind`` filter
# tells the search page which results are sessions.)
OTHER_PAGES = 0.25
# Pagefind's ranking: a page's length counts for less than by default (0.75),
# so a long talk about a word is not ranked below a short page that names it,
# and a word said often counts for more before it stops adding (1.4): values
# in the middle of a range where the queries of tests/test_search.py and
# 35 more land on the talk (0.1-0.2 and 1.6-2.5 gave the same first results);
# and the words of a page's title count ten times when the query covers it
# (an author's session titled "A talk" comes before the "Ceph Community Talk")
RANKING = {"pageLength": 0.2, "termSaturation": 2.0, "metaWeights": {"title": 10.0}}
# Pagefind's own files the search page does not load (its ready-made interfaces)
UNUSED = ("pagefind-ui.js", "pagefind-ui.css", "pagefind-modular-ui.js", "pagefind-modular-ui.css",
          "pagefind-component-ui.js", "pagefind-component-ui.css", "pagefind-highlight.js")
FACETS = ("summit", *(f.name for f in FIELDS if f.facet))


def use_pagefind(app: Sphinx, config) -> None:
    """The search page is ours (config-inited); its templates come with the package."""
    config.templates_path.insert(0, str(HERE / "templates" / "pagefind"))


def search_page(app: Sphinx):
    """The website's search page (html-collect-pages): an e-book has none."""
    if is_website(app.builder):
        yield "search", {}, "search.html"


def no_sphinx_index(app: Sphinx) -> None:
    """Sphinx writes no search index of its own (builder-inited)."""
    if is_website(app.builder):
        internals.without_sphinx_search(app.builder)


# -- what each page gives the index --------------------------------------------

def page_entry(app: Sphinx, pagename: str, doctree) -> dict | None:
    """What Pagefind takes from the page: its filters, its meta, its names; None
    for a page not indexed (the search page, the general index, 404, redirects)."""
    if doctree is None and pagename not in BY_DOCNAME:
        return None
    env = app.env
    summit = env.summit_summits.of(pagename) if pagename in env.found_docs else None
    domain = env.get_domain("summit")
    sessions = domain.sessions_by_doc.get(pagename, [])
    session = sessions[0] if len(sessions) == 1 and sessions[0].summit == getattr(summit, "id", None) else None
    entry = {"filters": [("kind", "session" if session else "page")], "meta": [], "names": []}
    if summit is not None:
        entry["filters"].append(("summit", summit.id))
        entry["meta"].append(("where", summit.short_title))
    if session is not None:
        entry["meta"] = [("where", session_where(session_labels(domain), session))]
        entry["filters"] += [(f.name, str(value)) for f in FIELDS if f.facet
                             for value in f.values(session) if value is not None]
        entry["names"] = [name for f in INDEXED for name in f.values(session)]
    return entry


def page_context(app: Sphinx, pagename, templatename, context, doctree) -> None:
    if not is_website(app.builder):
        return
    context["search_entry"] = page_entry(app, pagename, doctree)
    context["search_card_weight"] = CARD_WEIGHT
    if pagename == "search":
        context["search_page_json"] = Markup(script_json(search_page_data(app)))


def search_page_data(app: Sphinx) -> dict:
    """What the search page shows besides the results: the facets' names, the
    summits' titles (newest first), the words of its interface."""
    summits = app.env.summit_summits.newest_first()
    data = {
        "facets": [[name, str(_("Summit")) if name == "summit" else str(FIELD[name].label or name.capitalize())]
                   for name in FACETS],
        "summits": [[s.id, s.short_title] for s in summits],
        "otherPages": OTHER_PAGES, "ranking": RANKING,
        # other sites searched with this one: their Pagefind indexes, merged
        "sites": [f"{site.rstrip('/')}/{BUNDLE}/" for site in app.config.summit_search_sites],
        "words": {
            "searching": str(_("Searching…")),
            "none": str(_("No page matches “%s”.")),
            "one": str(_("One page matches “%s”.")),
            "many": str(_("%d pages match “%s”.")),
            "didYouMean": str(_("Did you mean")),
            "day": str(_("Day %s")),
            "clear": str(_("Clear the filters")),
            "more": str(_("More results")),
            "offline": str(_("Search needs the site served over http: run "
                             "“python3 -m http.server -d _build/html” and open "
                             "http://localhost:8000/search.html")),
            "failed": str(_("Search is unavailable: its index could not be loaded.")),
        },
    }
    return data


def script_json(data) -> str:
    """JSON for a <script> element: no "<" that could end or comment it out."""
    return json.dumps(data, ensure_ascii=False, sort_keys=True).replace("<", "\\u003c")


def heading_ids(app: Sphinx, doctree, docname: str) -> None:
    """Each heading below the title gets an id of its own (``<section>-title``):
    Pagefind makes a result's sections from headings with an id, and Sphinx
    puts the id on the section around the heading (doctree-resolved)."""
    if not is_website(app.builder):
        return
    for section in doctree.findall(nodes.section):
        if (isinstance(section.parent, nodes.section) and section["ids"]
                and isinstance(section[0], nodes.title) and not section[0]["ids"]):
            anchor = f"{section['ids'][0]}-title"
            if anchor not in doctree.ids:
                section[0]["ids"].append(anchor)
                doctree.ids[anchor] = section[0]


# -- the index, when the website is written -------------------------------------

def build_index(app: Sphinx, exception) -> None:
    """Pagefind indexes the written site; the new index replaces the old one
    whole, so an incremental build leaves nothing of a removed page (build-finished)."""
    if exception is not None or not is_website(app.builder):
        return
    outdir = Path(app.outdir)
    write_names(app, outdir / NAMES)
    outdir.joinpath("searchindex.js").unlink(missing_ok=True)  # (Sphinx's, from before)
    indexed, pages = Path(app.doctreedir, INDEXED_PAGES), pages_digest(outdir)
    if outdir.joinpath(BUNDLE, "pagefind-entry.json").is_file() and _read(indexed) == pages:
        logger.info("search: no page changed since Pagefind indexed them; the index is kept")
        return
    indexed.unlink(missing_ok=True)
    try:
        # (in a thread of its own: the build may run inside an event loop, a notebook's, say)
        with ThreadPoolExecutor(max_workers=1) as thread:
            count = thread.submit(asyncio.run, _index(outdir)).result()
    except Exception as error:  # noqa: BLE001 (the binary is missing or failed: say so, in one line)
        logger.warning("the search index could not be built (Pagefind: %s); the search page "
                       "will say that search is unavailable", error or type(error).__name__,
                       type="summit", subtype="search")
        return
    indexed.write_text(pages, encoding="utf-8")
    logger.info("search: Pagefind indexed %d pages", count)


# in the doctrees folder: the digest of the pages the output's index was made from
INDEXED_PAGES = "summit-search-pages.sha1"


def pages_digest(outdir: Path) -> str:
    """What Pagefind indexes: every HTML page of the output, and how it indexes them."""
    digest = hashlib.sha1(repr((metadata.version("pagefind"), SKIPPED, UNUSED)).encode(), usedforsecurity=False)
    for page in sorted(outdir.rglob("*.html")):
        name = page.relative_to(outdir).as_posix()
        if not name.startswith((f"{BUNDLE}/", ".pagefind-")):
            digest.update(name.encode() + b"\0" + page.read_bytes() + b"\0")
    return digest.hexdigest()


def _read(path: Path) -> str | None:
    try:
        return path.read_text(encoding="utf-8")
    except OSError:
        return None


async def _index(outdir: Path) -> int:
    from pagefind.index import PagefindIndex  # (only for the website)

    staging = Path(tempfile.mkdtemp(prefix=".pagefind-", dir=outdir))
    try:
        config = {"exclude_selectors": list(SKIPPED), "output_path": str(staging),
                  "keep_index_url": True}  # (links as Sphinx writes them: day1/index.html)
        async with PagefindIndex(config) as index:
            await index.add_directory(str(outdir))
        for name in UNUSED:
            staging.joinpath(name).unlink(missing_ok=True)
        target = outdir / BUNDLE
        if target.exists():
            shutil.rmtree(target)
        os.replace(staging, target)
        return sum(1 for _ in target.joinpath("fragment").iterdir())
    finally:
        shutil.rmtree(staging, ignore_errors=True)


def reordered(relative_path: str) -> bool:
    """Whether an output file is one that Pagefind writes in an order of its own
    on every run (its filter and metadata files and the files that name them:
    Pagefind's issue 638): the same index under other names, so builds of the
    same pages compare their pages' fragments and index chunks instead."""
    return (relative_path.startswith(f"{BUNDLE}/")
            and not relative_path.startswith((f"{BUNDLE}/fragment/", f"{BUNDLE}/index/")))


def write_names(app: Sphinx, path: Path) -> None:
    """The names the spelling help suggests from: the catalogue's projects and
    topics, the speakers and organizations, the sessions' titles."""
    env = app.env
    catalogue = env.summit_catalogue
    names = set(catalogue.projects) | set(catalogue.topics)
    for session in env.get_domain("summit").lookups.all_sessions:
        names.update(name for f in INDEXED for name in f.values(session))
        names.add(session.title)
    text = json.dumps(sorted(n for n in names if n), ensure_ascii=False, separators=(",", ":"))
    if not path.is_file() or path.read_text(encoding="utf-8") != text:
        path.write_text(text, encoding="utf-8")


def setup(app: Sphinx) -> dict:
    app.setup_extension("sphinx_summit")
    # the addresses of other sites of the collection (each built on its own, with
    # this extension) whose pages the search page finds too: "https://host/en/latest/"
    app.add_config_value("summit_search_sites", [], "html", list)
    app.connect("config-inited", use_pagefind)
    app.connect("builder-inited", no_sphinx_index)
    app.connect("html-collect-pages", search_page)
    app.connect("doctree-resolved", heading_ids)
    app.connect("html-page-context", page_context)
    app.connect("build-finished", build_index, priority=order.BUILD_SEARCH_INDEX)
    return {"version": __version__, "parallel_read_safe": True, "parallel_write_safe": True}
