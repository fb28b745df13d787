"""What a hosted site has beyond its pages: robots.txt, and link previews of sessions.

* ``robots.txt`` (HTML builds) allows everything and points at the sitemap
  that sphinx-sitemap writes, at the site's canonical address (``html_baseurl``).
* A session page shared in a chat or a post previews as the session:
  sphinxext-opengraph describes a page by its first text, which on a session
  page is the card's badges run together; the description becomes
  "Tokyo 2015 · Day 2 · talk · Sage Weil (Red Hat) · Ceph, Manila. <first
  paragraph of the notes>".
"""

from __future__ import annotations

import html
import re
from pathlib import Path

from docutils import nodes
from sphinx.application import Sphinx

from . import __version__
from .editions import is_website

DESCRIPTION_LENGTH = 200
OG_DESCRIPTION = re.compile(r'(<meta property="og:description" content=")[^"]*(")')
META_DESCRIPTION = re.compile(r'(<meta name="description" content=")[^"]*(")')


def write_robots(app: Sphinx, exception) -> None:
    if exception is not None or not is_website(app.builder) or not app.config.html_baseurl:
        return
    sitemap = app.config.html_baseurl.rstrip("/") + "/" + getattr(app.config, "sitemap_filename",
                                                                  "sitemap.xml")
    text = f"User-agent: *\nAllow: /\n\nSitemap: {sitemap}\n"
    target = Path(app.outdir, "robots.txt")
    if not target.exists() or target.read_text(encoding="utf-8") != text:
        target.write_text(text, encoding="utf-8")


def session_description(app: Sphinx, pagename: str, doctree: nodes.document | None) -> str | None:
    domain = app.env.get_domain("summit")
    sessions = domain.sessions_by_doc.get(pagename)
    if not sessions or doctree is None:
        return None
    session = sessions[0]
    vocab = domain.vocabulary(pagename)
    facts = []
    if vocab.summit is not None:
        facts.append(f"{vocab.summit.short_title} · {vocab.day_label(session.day, long=False).split(' · ')[0]}")
    if session.format:
        facts.append(session.format)
    people = ", ".join(session.speakers)
    if session.organizations:
        people = f"{people} ({', '.join(session.organizations)})" if people else ", ".join(session.organizations)
    facts += [p for p in (people, ", ".join(session.projects)) if p]
    first = next((p.astext() for p in doctree.findall(nodes.paragraph)
                  if not _in_card(p) and p.astext().strip()), "")
    text = " ".join(f"{' · '.join(facts)}. {first}".split())
    return text if len(text) <= DESCRIPTION_LENGTH else text[:DESCRIPTION_LENGTH - 1].rstrip() + "…"


def _in_card(node: nodes.Node) -> bool:
    while node is not None:
        if isinstance(node, nodes.Element) and ({"session-card", "sd-card"} & set(node["classes"])
                                                or "admonition" in node["classes"]):
            return True
        node = node.parent
    return False


def describe_sessions(app: Sphinx, pagename, templatename, context, doctree) -> None:
    """Replace the preview's description of a session page (after sphinxext-opengraph)."""
    description = session_description(app, pagename, doctree)
    if description is None or "metatags" not in context:
        return
    value = html.escape(description, quote=True)
    tags = OG_DESCRIPTION.sub(lambda m: f"{m.group(1)}{value}{m.group(2)}", context["metatags"])
    context["metatags"] = META_DESCRIPTION.sub(lambda m: f"{m.group(1)}{value}{m.group(2)}", tags)


def setup(app: Sphinx) -> dict:
    app.connect("html-page-context", describe_sessions, priority=600)  # sphinxext-opengraph: 500
    app.connect("build-finished", write_robots)
    return {"version": __version__, "parallel_read_safe": True, "parallel_write_safe": True}
