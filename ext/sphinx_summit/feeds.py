"""sphinx_summit.feeds: Atom feeds of the sessions, for feed readers.

When the website has been written, ``feeds/`` holds (made with feedgen):

* ``feeds/atom.xml``: every session of the site;
* ``feeds/summit/<id>.xml``: the sessions of one summit;
* ``feeds/project/<slug>.xml``, ``feeds/topic/<slug>.xml``: the sessions of
  one project or topic of the indices (``<slug>``: its anchor there).

Each entry is a session: its title, its summary (the link preview's
description, ``hosting.session_description``: summit, day, format, speakers,
projects and the notes' first paragraph), categories (its summit, projects,
topics), its absolute, percent-encoded address (from ``html_baseurl``) and its
updated date: its page's last commit (``git_dates``), or the summit's last day
for a page not committed. Newest first; a feed's updated date is its newest
entry's (a summit without sessions: its last day). Nothing depends on when the
build ran, and every feed is made anew on every build from the domain's
data (its facts: ``feed_facts``), so an incremental build gives a clean build's
feeds; only a feed whose facts and file are those the last build wrote is not
rendered again (``WRITTEN``); a feed no longer produced (a removed summit's) is deleted.

A summary is taken from the page as it is written (doctree-resolved, in the
main process also for ``-j`` builds), and kept in the doctrees folder
(``summit-feed-summaries.json``) for the pages a later build does not write:
Sphinx writes again every page whose text may have changed (``rewrite.py``).
Only a summary missing there is taken from the page's doctree, resolved again.

Pages announce their feeds (``<link rel="alternate">``): the home page the
site's; every page of a summit its summit's; a session page also those of its
projects and topics (a reader of a Neutron talk can follow Neutron); the
project and topic index pages those of all their entries (a feed reader lists
them; the entries are on that page).
"""

from __future__ import annotations

import functools
import hashlib
import html
import json
from dataclasses import dataclass, field
from datetime import datetime, time, timezone
from importlib import metadata
from pathlib import Path
from urllib.parse import quote

from feedgen.feed import FeedGenerator
from sphinx.application import Sphinx
from sphinx.util import logging

from . import __version__, config_line, order
from .builders import is_website
from .git_dates import page_dates
from .hosting import URL_SAFE, absolute_url, session_description
from .kinds import INDEX_KINDS
from .listings import FRAGMENT as LISTINGS_FRAGMENT
from .metadata import Session

logger = logging.getLogger(__name__)

FOLDER = "feeds"
SITE_FEED = f"{FOLDER}/atom.xml"
KINDS = ("project", "topic")  # the indices that have a feed per entry
ATOM = "application/atom+xml"


@dataclass
class Feed:
    path: str  # in the output, posix
    title: str
    page: str  # the address of the page it follows, relative to the site
    sessions: list[Session] = field(default_factory=list)
    fallback: datetime | None = None  # its updated date without sessions


def summit_feed_path(summit_id: str) -> str:
    return f"{FOLDER}/summit/{summit_id}.xml"


def entry_feed_path(app: Sphinx, kind: str, name: str) -> str:
    lookups = app.env.get_domain("summit").lookups
    return f"{FOLDER}/{kind}/{lookups.anchor(kind, name).removeprefix(kind + '-')}.xml"


def summit_end(summit) -> datetime:
    return datetime.combine(summit.end, time(), timezone.utc)


def planned_feeds(app: Sphinx) -> list[Feed]:
    """Every feed this build produces, with its sessions (newest summit first)."""
    env, builder, project = app.env, app.builder, app.config.project
    lookups = env.get_domain("summit").lookups
    summits = env.summit_summits
    sessions = [s for s in lookups.all_sessions if s.summit in summits.by_id]
    feeds = []
    if sessions:
        feeds.append(Feed(SITE_FEED, str(project), builder.get_target_uri(app.config.root_doc), sessions))
    for summit in summits.newest_first():
        feeds.append(Feed(summit_feed_path(summit.id), f"{summit.title} · {project}",
                          builder.get_target_uri(summit.landing_page(app.config.root_doc)),
                          [s for s in sessions if s.summit == summit.id], summit_end(summit)))
    for kind in KINDS:
        page = builder.get_target_uri(INDEX_KINDS[kind].docname)
        for name, group in sorted(lookups.by_field[kind].items()):
            group = [s for s in group if s.summit in summits.by_id]
            if group:
                feeds.append(Feed(entry_feed_path(app, kind, name), f"{name} · {project}",
                                  f"{page}#{lookups.anchor(kind, name)}", group))
    return feeds


def feed_facts(app: Sphinx, feed: Feed, dates: dict[str, datetime], summaries: dict[str, str]) -> dict:
    """Everything a feed's file says, as plain data: what ``render`` writes (and
    only that), and what the digest that keeps an unchanged feed is taken of."""
    base = app.config.html_baseurl
    summits = app.env.summit_summits.by_id
    updated = {s.key: dates.get(s.docname) or summit_end(summits[s.summit]) for s in feed.sessions}
    # newest first; sessions of one date in the site's order
    entries = sorted(feed.sessions, key=lambda s: updated[s.key], reverse=True)
    newest = updated[entries[0].key] if entries else feed.fallback
    facts = {"id": absolute_url(base, feed.path), "title": feed.title, "author": str(app.config.author),
             "page": absolute_url(base, feed.page), "language": app.config.language or "en",
             "updated": newest.isoformat(), "entries": []}
    for session in entries:
        summit = summits[session.summit]
        link = absolute_url(base, app.builder.get_target_uri(session.docname))
        facts["entries"].append({
            "id": f"{link}#{quote(session.id, safe=URL_SAFE)}", "title": session.title, "link": link,
            "summary": summaries.get(session.docname) or session.title,
            "updated": updated[session.key].isoformat(),
            "categories": [[summit.id, summit.short_title], *([name, None] for name in (*session.projects,
                                                                                       *session.topics))]})
    return facts


def render(facts: dict) -> bytes:
    """The Atom file of a feed's facts (``feed_facts``)."""
    generator = FeedGenerator()
    generator.id(facts["id"])
    generator.title(facts["title"])
    generator.author({"name": facts["author"]})
    generator.link(href=facts["id"], rel="self", type=ATOM)
    generator.link(href=facts["page"], rel="alternate", type="text/html")
    generator.language(facts["language"])
    generator.generator("sphinx_summit.feeds with python-feedgen")
    generator.updated(datetime.fromisoformat(facts["updated"]))
    for found in facts["entries"]:
        entry = generator.add_entry(order="append")
        entry.id(found["id"])
        entry.title(found["title"])
        entry.link(href=found["link"], rel="alternate", type="text/html")
        entry.summary(found["summary"])
        entry.updated(datetime.fromisoformat(found["updated"]))
        for term, label in found["categories"]:
            entry.category(term=term, label=label)  # (feedgen writes no label for None)
    return generator.atom_str(pretty=True)


# In the doctrees folder: {feed path: [digest of its facts, digest of its file]}. A feed
# whose facts and file are those of the build that wrote it is not rendered again
# (feedgen is most of a rebuild's time at 100 summits: the README's "What each part earns").
WRITTEN = "summit-feed-digests.json"
# how facts become a file: this module and feedgen (a new release may write otherwise)
RENDERING = repr((hashlib.sha1(Path(__file__).read_bytes(), usedforsecurity=False).hexdigest(),
                  metadata.version("feedgen")))


def _sha1(data: bytes) -> str:
    return hashlib.sha1(data, usedforsecurity=False).hexdigest()


def _load_json(path: Path) -> dict:
    try:
        found = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    return found if isinstance(found, dict) else {}


SUMMARIES = "summit-feed-summaries.json"  # in the doctrees folder: {docname: summary}


def note_summary(summaries: dict[str, str], app: Sphinx, doctree, docname: str) -> None:
    """The summary of a session page as it is written (doctree-resolved; not of what
    the listings add, resolved on its own)."""
    if (is_website(app.builder) and doctree.get("source") != LISTINGS_FRAGMENT
            and docname in app.env.get_domain("summit").sessions_by_doc):
        summaries[docname] = session_description(app, docname, doctree) or ""


def page_summaries(app: Sphinx, written: dict[str, str], docnames: set[str]) -> dict[str, str]:
    """The summaries of ``docnames``: this build's, else those kept from the build
    that last wrote the page, else taken from its doctree; kept for the next build."""
    kept = Path(app.doctreedir, SUMMARIES)
    summaries = _load_json(kept)
    summaries = {d: summaries[d] for d in docnames if isinstance(summaries.get(d), str)} | {
        d: written[d] for d in docnames if d in written}
    for docname in sorted(docnames - summaries.keys()):
        doctree = app.env.get_and_resolve_doctree(docname, app.builder, tags=app.tags)
        summaries[docname] = session_description(app, docname, doctree) or ""
    kept.write_text(json.dumps(summaries, ensure_ascii=False, sort_keys=True), encoding="utf-8")
    return summaries


def write_feeds(summaries: dict[str, str], app: Sphinx, exception) -> None:
    if exception is not None or not is_website(app.builder):
        return
    folder = Path(app.outdir, FOLDER)
    written = set()
    if app.config.html_baseurl:
        feeds = planned_feeds(app)
        dates = page_dates(app)
        summaries = page_summaries(app, summaries, {s.docname for feed in feeds for s in feed.sessions})
        kept_path = Path(app.doctreedir, WRITTEN)
        kept, digests = _load_json(kept_path), {}
        for feed in feeds:
            target = Path(app.outdir, feed.path)
            facts = feed_facts(app, feed, dates, summaries)
            digest = _sha1(json.dumps([RENDERING, facts], ensure_ascii=False).encode())
            existing = target.read_bytes() if target.is_file() else None
            file_digest = _sha1(existing) if existing is not None else None
            if kept.get(feed.path) != [digest, file_digest]:
                data = render(facts)
                if existing != data:
                    target.parent.mkdir(parents=True, exist_ok=True)
                    target.write_bytes(data)
                file_digest = _sha1(data)
            digests[feed.path] = [digest, file_digest]
            written.add(target)
        kept_path.write_text(json.dumps(digests, sort_keys=True), encoding="utf-8")
    elif app.env.summit_summits.by_id:
        logger.warning("no feeds are written: they need the site's address; set html_baseurl in conf.py "
                       "(e.g. html_baseurl = \"https://notes.example.org/\")",
                       location=config_line(app.confdir, "html_baseurl"), type="summit", subtype="feeds")
    if folder.is_dir():  # the feeds no longer produced (a removed summit's) go
        for stale in sorted(folder.rglob("*.xml")):
            if stale not in written:
                stale.unlink()
        for sub in sorted(folder.rglob("*"), reverse=True):
            if sub.is_dir() and not any(sub.iterdir()):
                sub.rmdir()
        if not any(folder.iterdir()):
            folder.rmdir()


def page_feeds(app: Sphinx, pagename: str) -> list[tuple[str, str]]:
    """(feed path, title) of the feeds a page announces."""
    env, project = app.env, app.config.project
    domain = env.get_domain("summit")
    lookups = domain.lookups
    found = []
    summits = env.summit_summits.by_id
    if pagename == app.config.root_doc and any(s.summit in summits for s in lookups.all_sessions):
        found.append((SITE_FEED, str(project)))
    summit = env.summit_summits.of(pagename) if pagename in env.found_docs else None
    if summit is not None:
        found.append((summit_feed_path(summit.id), f"{summit.title} · {project}"))
        for session in domain.sessions_by_doc.get(pagename, [])[:1]:
            if session.summit == summit.id:
                names = {"project": session.projects, "topic": session.topics}
                found += [(entry_feed_path(app, kind, name), f"{name} · {project}")
                          for kind in KINDS for name in dict.fromkeys(names[kind])]
    for kind in KINDS:
        if pagename == INDEX_KINDS[kind].docname:
            found += [(entry_feed_path(app, kind, name), f"{name} · {project}")
                      for name in sorted(lookups.by_field[kind])]
    return found


def announce_feeds(app: Sphinx, pagename, templatename, context, doctree) -> None:
    if not is_website(app.builder) or not app.config.html_baseurl:
        return
    base = app.config.html_baseurl
    tags = "".join(f'\n<link rel="alternate" type="{ATOM}" title="{html.escape(title)}" '
                   f'href="{html.escape(absolute_url(base, path))}">' for path, title in page_feeds(app, pagename))
    if tags:
        context["metatags"] = (context.get("metatags") or "") + tags + "\n"


def setup(app: Sphinx) -> dict:
    app.setup_extension("sphinx_summit")
    app.connect("html-page-context", announce_feeds)
    summaries: dict[str, str] = {}  # this build's (its application's, not the process's)
    app.connect("builder-inited", lambda app: summaries.clear())
    app.connect("doctree-resolved", functools.partial(note_summary, summaries), priority=order.FEED_SUMMARY)
    app.connect("build-finished", functools.partial(write_feeds, summaries))
    return {"version": __version__, "parallel_read_safe": True, "parallel_write_safe": True}
