"""Write-time content: session listings, related sessions, summits and days.

Both are computed from the domain after every page has been read, so they
are never stale. ``pages_with_new_listings`` tells Sphinx which unchanged pages
must be written again because what they list has changed (``rewrite.py``).
"""

from __future__ import annotations

from docutils import nodes
from sphinx.util.docutils import new_document
from sphinx.util.nodes import make_refnode
from sphinx.util.osutil import relative_uri
from sphinx_design.shared import create_component

from .cards import compact_card
from .builders import is_website
from .export import SCHEMA_NAME
from .i18n import _, format_day, plural_sessions
from .domain import SummitDomain
from .metadata import Session
from .rewrite import pages_to_rewrite
from .queries import (
    AllSummits,
    EntryAnchor,
    ExportLinks,
    RelatedTo,
    SessionLink,
    SessionsMatching,
    SummitDays,
    days_listing,
    export_listing,
    listing,
    session_listing,
    summit_listing,
)


def matching_sessions(domain: SummitDomain, docname: str, query: SessionsMatching) -> list:
    return domain.sessions_where(**query.filters())


def related_sessions(domain: SummitDomain, docname: str, query: RelatedTo) -> list:
    session = domain.lookups.by_key.get(query.key)
    return domain.related(session) if session else []


def entry_anchor(domain: SummitDomain, docname: str, query: EntryAnchor) -> list:
    return [domain.lookups.anchor(query.kind, query.name)]


def linked_session(domain: SummitDomain, docname: str, query: SessionLink) -> list:
    session = domain.find_session(query.target, docname)
    return [session] if session else []


def summits_and_counts(domain: SummitDomain, docname: str, query: AllSummits) -> list:
    return [(summit, len(domain.lookups.by_summit.get(summit.id, [])))
            for summit in domain.env.summit_summits.newest_first()]


def days_and_counts(domain: SummitDomain, docname: str, query: SummitDays) -> list:
    summit = domain.env.summit_summits.by_id.get(query.summit)
    if summit is None:
        return []
    sessions = domain.lookups.by_summit.get(summit.id, [])
    found = domain.env.found_docs
    return [(day, sum(1 for s in sessions if s.day == day),
             page if (page := f"{summit.folder}/day{day}/index".lstrip("/")) in found else None)
            for day in summit.days if query.day in (None, day)]


# What each kind of query yields: (domain, docname, query) -> its results.
ANSWERS = {
    SessionsMatching: matching_sessions,
    RelatedTo: related_sessions,
    EntryAnchor: entry_anchor,
    SessionLink: linked_session,
    AllSummits: summits_and_counts,
    SummitDays: days_and_counts,
    ExportLinks: lambda domain, docname, query: [],
}


def run_query(domain: SummitDomain, docname: str, query) -> list:
    """The sessions (and what is shown of them) that a page's query yields."""
    return ANSWERS[type(query)](domain, docname, query)


def is_empty_listing(domain: SummitDomain, docname: str, node: nodes.Node) -> bool:
    """A session listing that will say "No session matches yet." (what the book leaves
    out: its transforms run before the listings are filled, at doctree-resolved)."""
    return isinstance(node, session_listing) and not run_query(domain, docname, node.query())


def pages_with_new_listings(app, env) -> list[str]:
    """Pages whose listings, related sessions or session links now differ (env-get-updated)."""
    domain: SummitDomain = env.get_domain("summit")
    return pages_to_rewrite(app, "listings", lambda: {
        docname: [fingerprint_of(domain, docname, q) for q in queries]
        for docname, queries in domain.data["queries"].items()})


def fingerprint_of(domain: SummitDomain, docname: str, query) -> list:
    """What a page shows of a query's results (listed cards link their projects, and
    say whether the page has notes yet)."""
    results = run_query(domain, docname, query)
    if isinstance(query, SessionsMatching):
        return [(s, [domain.lookups.anchor("project", p) for p in s.projects], domain.has_notes(s))
                for s in results]
    return results


def _session_link(builder, fromdocname: str, session: Session) -> nodes.reference:
    return make_refnode(builder, fromdocname, session.docname, session.id, nodes.Text(session.title))


FRAGMENT = "<sphinx_summit listings>"  # the source of the document that holds what fill_listings adds


def fill_listings(app, doctree: nodes.document, docname: str) -> None:
    """Replace listing placeholders with cards; add related sessions (doctree-resolved).

    As ``sphinx.ext.todo`` does, what it adds is resolved on its own with
    ``env.resolve_references`` (the post-transforms, then doctree-resolved's
    handlers, which the page itself has been through), then put in place.
    Related sessions are made resolved (links by make_refnode, nothing for a
    handler): they go in as they are.
    """
    if doctree.get("source") == FRAGMENT:
        return
    env, builder = app.env, app.builder
    domain: SummitDomain = env.get_domain("summit")
    # (singlehtml and LaTeX assemble one doctree from many pages: look everywhere)
    placeholders = list(doctree.findall(listing))
    related = [(session, others) for session in domain.sessions_by_doc.get(docname, [])
               if (others := domain.related(session))]
    if placeholders:
        fragment = new_document(FRAGMENT)
        for placeholder in placeholders:
            fragment += FILLERS[type(placeholder)](builder, docname, domain, placeholder.query())
        env.resolve_references(fragment, docname, builder)
        for placeholder, filled in zip(placeholders, list(fragment.children)):
            placeholder.replace_self(filled)
    vocab = domain.vocabulary(docname) if related else None
    for session, others in related:
        doctree += related_block(builder, docname, session, others, vocab)


def session_cards(builder, docname: str, domain: SummitDomain, query: SessionsMatching) -> nodes.Element:
    """The cards of the sessions a ``session-list`` matches."""
    sessions = run_query(domain, docname, query)
    if not sessions:
        return nodes.paragraph("", _("No session matches yet."), classes=["summit-empty"])
    # (no-search: a page that lists a session does not rank for its speakers,
    # projects and topics; the session's own page does)
    grid = nodes.container(classes=["session-list", "no-search"])
    for session in sessions:
        link = _session_link(builder, docname, session)
        grid += compact_card(session, domain.vocabulary(session.docname), link,
                             with_summit=query.summit is None, with_notes=domain.has_notes(session))
    return grid


def related_block(builder, docname, session, related, vocab) -> nodes.container:
    """Sessions of the same summit that share projects or topics with this one."""
    block = nodes.container(classes=["summit-related", "no-search"])
    block += nodes.rubric("", _("Related sessions"))
    items = nodes.bullet_list()
    for other, _count in related:
        shared = [p for p in session.projects if p in other.projects]
        shared += [t for t in session.topics if t in other.topics]
        para = nodes.paragraph("", "")
        para += _session_link(builder, docname, other)
        para += nodes.Text(" (" + _("%(day)s; shares %(what)s") % {
            "day": vocab.day_label(other.day, long=False), "what": ", ".join(shared)} + ")")
        items += nodes.list_item("", para)
    block += items
    return block


def summit_cards(builder, docname: str, domain: SummitDomain, query: AllSummits) -> nodes.Element:
    """A card for each summit, newest first: title, dates, place, releases, sessions."""
    language = domain.env.config.language or "en"
    grid = nodes.container(classes=["summit-list", "no-search"])
    for summit, count in run_query(domain, docname, query):
        card = create_component("card", ["sd-card", "sd-sphinx-override", "sd-mb-3",
                                         "sd-shadow-sm", "summit-card"])
        body = create_component("card-body", ["sd-card-body"])
        title = nodes.paragraph("", "", classes=["sd-card-title", "sd-font-weight-bold"])
        landing = summit.landing_page(domain.env.config.root_doc)
        title += make_refnode(builder, docname, landing, "", nodes.Text(summit.title))
        body += title
        facts = [summit.dates_label(language), summit.place]
        if summit.release:
            facts.append(_("released %s") % summit.release)
        if summit.cycle:
            facts.append(_("planned %s") % summit.cycle)
        facts.append(plural_sessions(count))
        body += nodes.paragraph("", " · ".join(f for f in facts if f), classes=["sd-card-text"])
        card += body
        grid += card
    return grid


def day_list(builder, docname: str, domain: SummitDomain, query: SummitDays) -> nodes.Element:
    """The days of a summit, each with its date, note and number of sessions.

    For one day (on its own page): its date, note and number of sessions.
    """
    only = query.day
    summit = domain.env.summit_summits.by_id[query.summit]
    language = domain.env.config.language or "en"
    days = run_query(domain, docname, query)
    if only is not None:
        (day, count, _page), = days
        text = format_day(summit.days[day], language)
        if day in summit.day_notes:
            text += f" ({summit.day_notes[day]})"
        return nodes.paragraph("", f"{text} · {plural_sessions(count)}", classes=["summit-day-date"])
    items = nodes.bullet_list(classes=["summit-days"])
    for day, count, page in days:
        para = nodes.paragraph()
        label = nodes.Text(summit.day_label(day, language))
        para += make_refnode(builder, docname, page, "", label) if page else label
        para += nodes.Text(f" — {plural_sessions(count)}")
        items += nodes.list_item("", para)
    return items


def export_links(builder, docname: str, domain: SummitDomain, query: ExportLinks) -> nodes.Element:
    """Links to the export and its schema: the website writes them at its root;
    the editions link to the website's (``html_baseurl``)."""
    items = nodes.bullet_list(classes=["summit-export"])
    for name, text in (("sessions.json", _("sessions.json: every summit and session")),
                       (SCHEMA_NAME, _("sessions.schema.json: its JSON Schema"))):
        para = nodes.paragraph()
        if is_website(builder):
            uri = relative_uri(builder.get_target_uri(docname), name)
            para += nodes.reference("", str(text), refuri=uri, internal=True)
        elif builder.config.html_baseurl:
            uri = builder.config.html_baseurl.rstrip("/") + "/" + name
            para += nodes.reference("", str(text), refuri=uri)
        else:
            para += nodes.literal(name, name)
        items += nodes.list_item("", para)
    return items


# What fills each kind of listing: (builder, docname, domain, query) -> its nodes.
FILLERS = {
    session_listing: session_cards,
    summit_listing: summit_cards,
    days_listing: day_list,
    export_listing: export_links,
}
