"""The search page: results that say where they are from, and a filter by summit.

Sphinx finds the matches (``searchtools.js``, ranked by ``search-scorer.js``);
``summit-search.js`` shows them: one result per page (its best match), each
with the summit, day and format of its page and a snippet of the text that
matched, in a slot the page keeps for it (nothing moves as snippets arrive).
What it needs from the build is written into the search page only:

* ``pages``: docname -> [summit id, label] for every page of a summit
  ("Tokyo 2015 · Day 2 · talk" for a session, "Tokyo 2015" for the others);
* ``summits``: [id, short title], newest first. With more than one summit the
  page offers them as a filter (``search.html``), kept in the URL as
  ``?summit=<id>`` so a filtered search can be shared.
"""

from __future__ import annotations

import json

from sphinx.application import Sphinx

from .directives import CARD_ANCHOR
from .builders import is_website
from .i18n import _
from .indices import session_labels, session_where


def search_data(app: Sphinx) -> dict:
    env = app.env
    domain = env.get_domain("summit")
    summits = env.summit_summits
    label = session_labels(domain)
    pages: dict[str, list[str]] = {}
    for docname in sorted(env.found_docs):
        summit = summits.of(docname)
        if summit is not None:
            pages[docname] = [summit.id, summit.short_title]
    for session in domain.lookups.all_sessions:
        if session.summit in summits.by_id:
            pages[session.docname] = [session.summit, session_where(label, session)]
    return {"summits": [[s.id, s.short_title] for s in summits.newest_first()],
            "pages": pages, "cardAnchor": CARD_ANCHOR}


def search_page_context(app: Sphinx, pagename, templatename, context, doctree) -> None:
    if pagename != "search" or not is_website(app.builder):
        return
    data = search_data(app)
    # (in a <script> element: "</" must not end it)
    body = json.dumps(data, ensure_ascii=False, sort_keys=True).replace("</", "<\\/")
    app.add_js_file(None, body=body, type="application/json", id="summit-search-data")
    app.add_js_file("summit-search.js", defer="defer")
    if len(data["summits"]) > 1:
        context["summit_search_filter"] = {
            "summits": data["summits"], "label": str(_("Summit")),
            "all": str(_("All summits")), "query": str(_("Search for")),
            "submit": str(_("Search")),
        }
