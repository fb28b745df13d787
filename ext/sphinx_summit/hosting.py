"""What a hosted site has beyond its pages: robots.txt, and link previews of sessions.

* ``robots.txt`` (HTML builds) allows everything and points at the sitemap
  that sphinx-sitemap writes, at the site's canonical address (``html_baseurl``).
* A session page shared in a chat or a post previews as the session, an
  ``article``: sphinxext-opengraph describes a page by its first text, which
  on a session page is the card's badges run together; the description
  becomes "Tokyo 2015 · Day 2 · talk · Sage Weil (Red Hat) · Ceph, Manila.
  <first paragraph of the notes>" (not an editor's note, not the author's
  remarks: no admonition), and its picture (``og:image``) is drawn at build
  time (``previews.py``), once per content.
* What sphinxext-opengraph writes of every page is handed to it as the
  page's own ``og:`` fields, escaped; nothing here rewrites its output.
"""

from __future__ import annotations

import html
from pathlib import Path
from urllib.parse import quote, unquote

from docutils import nodes
from sphinx.application import Sphinx
from sphinx.util import logging

from . import __version__, internals, order
from .builders import is_website
from .caches import drawing_cache
from .data_files import URL_SAFE
from .indices import session_labels, session_where
from .metadata import Session
from .previews import cached_name, draw_into, fonts, missing_characters
from .wayfinding import DESCRIBED

logger = logging.getLogger(__name__)

DESCRIPTION_LENGTH = 200


def write_robots(app: Sphinx, exception) -> None:
    if exception is not None or not is_website(app.builder) or not app.config.html_baseurl:
        return
    sitemap = app.config.html_baseurl.rstrip("/") + "/" + getattr(app.config, "sitemap_filename",
                                                                  "sitemap.xml")
    text = f"User-agent: *\nAllow: /\n\nSitemap: {sitemap}\n"
    target = Path(app.outdir, "robots.txt")
    if not target.exists() or target.read_text(encoding="utf-8") != text:
        target.write_text(text, encoding="utf-8")


def session_facts(app: Sphinx, pagename: str) -> tuple[Session, str, str] | None:
    """The page's session, 'Tokyo 2015 · Day 2 · talk' and 'Sage Weil (Red Hat)'."""
    domain = app.env.get_domain("summit")
    sessions = domain.sessions_by_doc.get(pagename)
    if not sessions:
        return None
    session = sessions[0]
    people = ", ".join(session.speakers)
    if session.organizations:
        people = f"{people} ({', '.join(session.organizations)})" if people else ", ".join(session.organizations)
    return session, session_where(session_labels(domain), session), people


def session_description(app: Sphinx, pagename: str, doctree: nodes.document | None) -> str | None:
    facts = session_facts(app, pagename)
    if facts is None or doctree is None:
        return None
    session, where, people = facts
    parts = [p for p in (where, people, ", ".join(session.projects)) if p]
    first = next((p.astext() for p in doctree.findall(nodes.paragraph)
                  if not _aside(p) and p.astext().strip()), "")
    text = " ".join(f"{' · '.join(parts)}. {first}".split())
    return text if len(text) <= DESCRIPTION_LENGTH else text[:DESCRIPTION_LENGTH - 1].rstrip() + "…"


def _aside(node: nodes.Node) -> bool:
    """Whether a paragraph is not the notes' account of the talk: the card, an
    admonition (an editor's note, the author's "My take" and other remarks), a
    sidebar or a topic box, or text kept out of search (listings)."""
    while node is not None:
        if isinstance(node, (nodes.Admonition, nodes.sidebar, nodes.topic)):
            return True
        if isinstance(node, nodes.Element) and {"session-card", "sd-card", "no-search"} & set(node["classes"]):
            return True
        node = node.parent
    return False


PREVIEWS = "_images/previews"  # the pictures of the sessions, in the output


def opengraph_fields(app: Sphinx, pagename, templatename, context, doctree) -> None:
    """What sphinxext-opengraph writes of a page, handed to it as the page's own
    fields (``context["meta"]``: an ``og:`` field replaces its value), before it
    runs (priority 500). It writes a value into its tag escaping only '"': the
    title's and description's text is handed over with '&', '<' and '>' escaped
    (``sphinx_summit.internals.opengraph_text``). A session page previews as an
    article, with the session's description and a picture of the session. The
    page's ``<meta name="description">`` is written here, escaped, so
    sphinxext-opengraph writes none."""
    if doctree is None or "metatags" not in context or app.builder.name == "epub":
        return
    fields = context["meta"] = dict(context.get("meta") or {})
    if "ogp_disable" in fields:
        return
    length = fields.get("ogp_description_length", app.config.ogp_description_length)
    length = int(length) if str(length).isdigit() else app.config.ogp_description_length
    title, description = internals.opengraph_text(context["title"], doctree, length)
    facts = session_facts(app, pagename)
    if facts is not None:
        description = session_description(app, pagename, doctree)
        fields.update(session_preview(app, pagename, facts))
    fields["og:title"] = html.escape(title, quote=False)
    if description:
        fields["og:description"] = html.escape(description, quote=False)
        if app.config.ogp_enable_meta_description and DESCRIBED not in context["metatags"]:
            context["metatags"] += f'<meta name="description" content="{html.escape(description)}" />\n'
    site_name = project_name(app.config)
    if site_name:
        fields["og:site_name"] = html.escape(site_name, quote=False)


def project_name(config) -> str | None:
    """The site's name in a preview (``ogp_site_name``: False for none, None for the project's)."""
    if config.ogp_site_name is False:
        return None
    return str(config.project) if config.ogp_site_name is None else config.ogp_site_name


def session_preview(app: Sphinx, pagename: str, facts) -> dict[str, str]:
    """A session page's preview: an article, with a picture of the session."""
    session, where, people = facts
    base = app.config.ogp_site_url or app.config.html_baseurl
    if not is_website(app.builder) or not base:
        return {}
    name = f"{PREVIEWS}/{pagename}.png"
    facts = {"title": session.title, "where": where, "people": people, "site": str(app.config.project)}
    cached = drawing_cache(app, "previews", "previews") / cached_name(facts)
    try:
        draw_into(cached, Path(app.outdir, name), facts)
    except OSError as error:
        logger.warning(f"the link preview picture of this page could not be drawn: {error}",
                       location=(pagename, None), type="summit", subtype="preview")
    missing = missing_characters(" ".join(facts.values()))
    if missing:
        codes = ", ".join(f"{ch!r} (U+{ord(ch):04X})" for ch in missing)
        it = "them" if len(missing) > 1 else "it"
        logger.warning(f"the link preview of this page draws {codes} as an empty box: no installed font "
                       f"has {it} ({', '.join(fonts())}); install a font that has {it} (e.g. Debian's "
                       f"fonts-noto-core), or leave {it} out of the title and the card's names",
                       location=(pagename, None), type="summit", subtype="preview")
    return {"og:type": "article",
            "og:image": html.escape(base.rstrip("/") + "/" + quote(name, safe=URL_SAFE), quote=False),
            "og:image:width": "1200", "og:image:height": "630",
            "og:image:alt": html.escape(f"{session.title} · {where}", quote=False)}


def remove_stale_previews(app: Sphinx, exception) -> None:
    """The pictures of pages that are no longer sessions go (an incremental build
    gives what a clean one gives)."""
    folder = Path(app.outdir, PREVIEWS)
    if exception is not None or not folder.is_dir():
        return
    sessions = set(app.env.get_domain("summit").sessions_by_doc)
    for picture in folder.rglob("*.png"):
        if picture.relative_to(folder).with_suffix("").as_posix() not in sessions:
            picture.unlink()


def encode_sitemap_links(app: Sphinx) -> list:
    """Percent-encode the page addresses in sphinx-sitemap's list, before it writes
    sitemap.xml (a page's name may hold any character: 'q&a"x', 'tōkyō-2016/')
    (html-collect-pages, after ``incremental`` completes the list)."""
    links = internals.sitemap_links(app)
    if links is None:
        return []
    found = []
    while not links.empty():
        found.append(links.get())
    for link, last_updated in found:
        links.put((quote(link, safe=URL_SAFE), last_updated))
    return []


def absolute_url(base: str, uri: str) -> str:
    """The address of ``uri`` (relative to the site, maybe with '#anchor'; as the
    builder gives it, partly encoded) below ``base``, percent-encoded."""
    path, _, anchor = uri.partition("#")
    url = base.rstrip("/") + "/" + quote(unquote(path), safe=URL_SAFE)
    return f"{url}#{quote(unquote(anchor), safe=URL_SAFE)}" if anchor else url


def setup(app: Sphinx) -> dict:
    internals.setup_opengraph(app)  # the link previews' tags: written by sphinxext-opengraph
    app.connect("html-page-context", opengraph_fields, priority=order.OPENGRAPH_FIELDS)
    app.connect("html-collect-pages", encode_sitemap_links, priority=order.SITEMAP_URLS)
    app.connect("build-finished", write_robots)
    app.connect("build-finished", remove_stale_previews)
    return {"version": __version__, "parallel_read_safe": True, "parallel_write_safe": True}
