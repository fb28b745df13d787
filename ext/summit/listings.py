"""Write-time content: session listings and related sessions.

Both are computed from the domain after every page has been read, so they
are never stale. ``pages_to_rewrite`` tells Sphinx which unchanged pages
must be written again because what they list has changed.
"""

from __future__ import annotations

import hashlib

from docutils import nodes
from sphinx.transforms.post_transforms import SphinxPostTransform
from sphinx.util.nodes import make_refnode

from .cards import compact_card, day_label
from .directives import session_list, vocabulary
from .domain import SummitDomain
from .metadata import Session


def run_query(domain: SummitDomain, query: tuple) -> list:
    """The sessions (and what is shown of them) that a page's query yields."""
    kind, arg = query
    if kind == "list":
        return domain.sessions_where(**dict(arg))
    if kind == "related":
        session = domain.by_id.get(arg)
        return domain.related(session) if session else []
    if kind == "ref":
        session = domain.by_id.get(arg)
        return [session] if session else []
    raise ValueError(f"unknown query {query!r}")


def pages_to_rewrite(app, env) -> list[str]:
    """Pages whose listings, related sessions or session links now differ."""
    domain: SummitDomain = env.get_domain("summit")
    if not domain.changed:  # nothing was read: nothing a listing shows can differ
        return []
    domain.changed = False
    fingerprints = domain.data["fingerprints"]
    changed = []
    for docname, queries in domain.data["queries"].items():
        results = repr([run_query(domain, q) for q in queries]).encode()
        digest = hashlib.sha1(results, usedforsecurity=False).hexdigest()
        if fingerprints.get(docname) != digest:
            fingerprints[docname] = digest
            changed.append(docname)
    return changed


def _session_link(builder, fromdocname: str, session: Session) -> nodes.reference:
    return make_refnode(builder, fromdocname, session.docname, session.id, nodes.Text(session.title))


class FillListings(SphinxPostTransform):
    """Replace listing placeholders with cards; add related sessions.

    Runs before cross-references are resolved (priority 10), so the badges
    in the cards it adds are resolved like any other reference.
    """

    default_priority = 5

    def run(self, **kwargs) -> None:
        # the builder, as Sphinx's own ReferencesResolver reaches it
        fill_listings(self.env, self.env._app.builder, self.document, self.env.docname)


def fill_listings(env, builder, doctree: nodes.document, docname: str) -> None:
    domain: SummitDomain = env.get_domain("summit")
    vocab = vocabulary(env)
    # (singlehtml and LaTeX assemble one doctree from many pages: look everywhere)
    for placeholder in list(doctree.findall(session_list)):
        sessions = run_query(domain, placeholder["query"])
        if not sessions:
            para = nodes.paragraph("", "No session matches yet.", classes=["summit-empty"])
            placeholder.replace_self(para)
            continue
        grid = nodes.container(classes=["session-list"])
        for session in sessions:
            link = _session_link(builder, docname, session)
            grid += compact_card(session, vocab, link)
        placeholder.replace_self(grid)

    for session in domain.sessions_by_doc.get(docname, []):
        related = domain.related(session)
        if related:
            doctree += related_block(builder, docname, session, related, vocab)


def related_block(builder, docname, session, related, vocab) -> nodes.container:
    block = nodes.container(classes=["summit-related"])
    block += nodes.rubric("", "Related sessions")
    items = nodes.bullet_list()
    for other, _count in related:
        shared = [p for p in session.projects if p in other.projects]
        shared += [t for t in session.topics if t in other.topics]
        para = nodes.paragraph("", "")
        para += _session_link(builder, docname, other)
        para += nodes.Text(f" ({day_label(other.day, vocab, long=False)}; shares {', '.join(shared)})")
        items += nodes.list_item("", para)
    block += items
    return block
