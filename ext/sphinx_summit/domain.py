"""The ``summit`` domain: the one place where sessions are stored.

Data is keyed by docname (``clear_doc`` and ``merge_domaindata`` touch only
the documents they are given), holds plain picklable records, and is read
at write time by the indices, listings, related sessions and the export.
"""

from __future__ import annotations

import dataclasses
from collections import defaultdict
from datetime import date
from collections.abc import Iterable, Iterator
from typing import Any

from docutils import nodes
from sphinx.addnodes import pending_xref
from sphinx.builders import Builder
from sphinx.domains import Domain, ObjType
from sphinx.environment import BuildEnvironment
from sphinx.roles import XRefRole
from sphinx.util import logging
from sphinx.util.nodes import make_refnode

from .kinds import INDEX_KINDS, assign_anchors
from .metadata import FILTERS, Session, Vocabulary, filter_values, start_minutes
from .queries import EntryAnchor, SessionLink, SessionsMatching
from .reports import warn

logger = logging.getLogger(__name__)

# The shape of a stored session: its fields and their types.
RECORD = repr([(f.name, f.type) for f in dataclasses.fields(Session)])


class SummitRole(XRefRole):
    """A cross-reference role of this domain, also when used without prefix."""

    def run(self):
        if ":" not in self.name:
            self.name = f"summit:{self.name}"
        return super().run()


class SessionRole(SummitRole):
    """``{session}`id``` links to a session, with its title as the link text."""

    def result_nodes(self, document, env, node, is_ref):
        env.get_domain("summit").note_query(env.docname, SessionLink(node["reftarget"]))
        return [node], []


class EntryRole(SummitRole):
    """``{project}`Neutron``` (and topic, person) links to the index entry."""

    def process_link(self, env, refnode, has_explicit_title, title, target):
        return title, " ".join(target.split())

    def result_nodes(self, document, env, node, is_ref):
        kind = self.reftype
        if INDEX_KINDS[kind].catalogued:
            env.note_dependency(env.summit_catalogue_path)
            known = env.summit_catalogue.canonical(kind, node["reftarget"])
            if known is None:
                warn(env, env.summit_catalogue.unknown_message(kind, node["reftarget"]), node, kind)
                return [nodes.inline(self.title, self.title)], []
            node["reftarget"] = known
        env.get_domain("summit").note_query(env.docname, EntryAnchor(kind, node["reftarget"]))
        return [node], []


class SummitDomain(Domain):
    name = "summit"
    label = "Summit"
    data_version = 12  # (9: the cards hold card_details; 10: listings are typed placeholder nodes; 11: the speakers outside card_details; 12: without_notes)
    object_types = {"session": ObjType("session", "session")}
    dangling_warnings = {
        "session": "no session has the id %(target)r; a session's id is its file name "
                   "or its ':id:' option (another summit's session: 'summit-id:session-id')",
        **{kind: index.unknown for kind, index in INDEX_KINDS.items() if not index.catalogued},
    }
    roles = {
        "session": SessionRole(warn_dangling=True, innernodeclass=nodes.inline),
        **{kind: EntryRole(warn_dangling=not index.catalogued, innernodeclass=nodes.inline)
           for kind, index in INDEX_KINDS.items()},
    }
    # the data, every key by docname (so purged and merged per page):
    DATA_KEYS = (
        "sessions",  # docname -> [Session]
        "queries",  # docname -> [query (queries.py)]: what its write-time content depends on
        "without_notes",  # docname -> True: a session page with no notes yet (cards.has_notes)
    )
    initial_data: dict[str, dict] = {key: {} for key in DATA_KEYS}
    # and "record": the fields of the sessions stored (RECORD), when they were stored
    # indices are attached in __init__.py, to keep this module free of rendering

    # -- storing -------------------------------------------------------------

    @property
    def sessions_by_doc(self) -> dict[str, list[Session]]:
        return self.data["sessions"]

    def note_session(self, session: Session) -> None:
        self.sessions_by_doc.setdefault(session.docname, []).append(session)
        self._forget()

    def note_without_notes(self, docname: str) -> None:
        self.data["without_notes"][docname] = True

    def has_notes(self, session: Session) -> bool:
        return session.docname not in self.data["without_notes"]

    def note_query(self, docname: str, query) -> None:
        queries = self.data["queries"].setdefault(docname, [])
        if query not in queries:
            queries.append(query)

    def clear_doc(self, docname: str) -> None:
        for key in self.DATA_KEYS:
            self.data[key].pop(docname, None)
        self._forget()

    def merge_domaindata(self, docnames: Iterable[str], otherdata: dict[str, Any]) -> None:
        for key in self.DATA_KEYS:
            for docname in docnames:
                if docname in otherdata[key]:
                    self.data[key][docname] = otherdata[key][docname]
        self._forget()

    def pages_of_another_record(self) -> list[str]:
        """Every page, if the sessions stored were made with other fields (the
        package's FIELDS changed since): they are read again (env-get-outdated)."""
        if self.data.get("record") == RECORD:
            return []
        self.data["record"] = RECORD
        return sorted(self.env.found_docs)

    _lookups: Lookups | None = None

    def _forget(self) -> None:
        """Drop what is derived from the data; it is computed again on demand."""
        self._lookups = None

    # -- reading -------------------------------------------------------------

    @property
    def lookups(self) -> Lookups:
        """Everything derived from the data, computed once after each change."""
        if self._lookups is None:
            self._lookups = Lookups(self)
        return self._lookups

    def reading_order(self) -> dict[str, int]:
        """Docname -> position in a depth-first walk of the toctrees."""
        includes = self.env.toctree_includes
        order: dict[str, int] = {}
        stack = [self.env.config.root_doc]
        while stack:
            docname = stack.pop()
            if docname in order:
                continue
            order[docname] = len(order)
            stack.extend(reversed(includes.get(docname, [])))
        return order

    def check_duplicates(self) -> None:
        """Session ids given twice in a summit: checked on every build (env-updated)."""
        seen: dict[str, Session] = {}
        for doc in sorted(self.sessions_by_doc):
            for session in self.sessions_by_doc[doc]:
                first = seen.setdefault(session.key, session)
                if first is not session:
                    logger.warning(
                        "duplicate session id %r in summit %r: %s:%d already has it; give one "
                        "of them another ':id:' (or rename its file)",
                        session.id, session.summit, self.env.doc2path(first.docname), first.lineno,
                        location=(session.docname, session.lineno),
                        type="summit", subtype="duplicate",
                    )

    def check_same_names(self) -> None:
        """Two sessions of one summit day with one title, and people whose names differ
        only in case: checked on every build (env-updated), reported on the later page."""
        titles: dict[tuple, Session] = {}
        people: dict[str, tuple[str, Session]] = {}
        for doc in sorted(self.sessions_by_doc):
            for session in self.sessions_by_doc[doc]:
                first = titles.setdefault((session.summit, session.day, session.title.casefold()), session)
                if first is not session and session.title:
                    logger.warning("two sessions of day %s have the title %r: %s:%d is the other; "
                                   "give each its own title", session.day, session.title,
                                   self.env.doc2path(first.docname), first.lineno,
                                   location=(session.docname, session.lineno), type="summit", subtype="duplicate")
                for name in session.people:
                    spelt, where = people.setdefault(name.casefold(), (name, session))
                    if spelt != name:
                        logger.warning("%r is written %r in %s:%d; names that differ only in case are "
                                       "one person or organization: write it one way", name, spelt,
                                       self.env.doc2path(where.docname), where.lineno,
                                       location=(session.docname, session.lineno), type="summit",
                                       subtype="duplicate")

    def check_listings(self) -> None:
        """Listings of a person no session names (a typo, most likely): every build."""
        people = self.lookups.by_field["person"]
        for docname, queries in sorted(self.data["queries"].items()):
            for query in queries:
                person = query.filters().get("person") if isinstance(query, SessionsMatching) else None
                if person is not None and person not in people:
                    logger.warning(
                        "session-list: no session names %r among its speakers or organizations",
                        person, location=(docname, query.line), type="summit", subtype="session-list")

    def get_objects(self) -> Iterator[tuple[str, str, str, str, str, int]]:
        for session in self.lookups.all_sessions:
            yield session.key, session.title, "session", session.docname, session.id, 1

    def vocabulary(self, docname: str) -> Vocabulary:
        """What the sessions of a page may name: its summit's days, formats, remarks."""
        env = self.env
        summits = env.summit_summits
        summit = summits.of(docname)
        return Vocabulary(summit, summit.formats if summit else summits.formats,
                          summit.remarks if summit else summits.remarks,
                          env.summit_catalogue, env.config.language or "en",
                          None if summit else summits.unusable_declaration(docname))

    def find_session(self, target: str, fromdocname: str) -> Session | None:
        """The session ``target`` names, seen from a page.

        ``id`` is looked up in the page's own summit first, then in the oldest
        summit that has it; ``summit:id`` names the summit.
        """
        lookups = self.lookups
        if ":" in target:
            return lookups.by_key.get(target)
        own = lookups.by_key.get(f"{self.env.summit_summits.id_of(fromdocname) or ''}:{target}")
        if own is not None:
            return own
        # else the oldest summit that has it: where the id was first used, so a
        # link does not move when a later summit (a copied folder) reuses the id
        elsewhere = lookups.by_id.get(target, [])
        summits = self.env.summit_summits.by_id
        return min(elsewhere, key=lambda s: (summits[s.summit].start if s.summit in summits
                                              else date.max, s.summit or ""), default=None)

    def check_ambiguous(self, target: str, fromdocname: str, found: Session, node) -> None:
        """An unqualified id that several summits have, none of them the page's own."""
        if ":" in target or found.summit == self.env.summit_summits.id_of(fromdocname):
            return
        summits = sorted({s.summit for s in self.lookups.by_id.get(target, []) if s.summit})
        if len(summits) > 1:
            logger.warning("the session id %r is in several summits (%s): write {session}`%s:%s` "
                           "(or the id of another) to say which; it links to %s's for now",
                           target, ", ".join(summits), found.summit, target, found.summit,
                           location=node, type="summit", subtype="ambiguous")

    # -- resolving -----------------------------------------------------------

    def links_to_indices(self, builder: Builder) -> bool:
        """Whether the builder writes our index pages (HTML, not singlehtml)."""
        return builder.format == "html" and builder.name not in ("singlehtml",) and \
            bool(builder.config.html_domain_indices)

    def resolve_xref(
        self, env: BuildEnvironment, fromdocname: str, builder: Builder, typ: str,
        target: str, node: pending_xref, contnode: nodes.Element,
    ) -> nodes.reference | None:
        if typ == "session":
            session = self.find_session(target, fromdocname)
            if session is None:
                return None
            self.check_ambiguous(target, fromdocname, session, node)
            if not node.get("refexplicit"):
                contnode = nodes.inline(session.title, session.title)
            return make_refnode(builder, fromdocname, session.docname, session.id,
                                contnode, session.title)
        index = INDEX_KINDS.get(typ)
        if index is None:
            return None
        if not index.catalogued and target not in self.lookups.by_field[typ]:
            return None
        if not self.links_to_indices(builder):  # plain text, keeping the node's classes
            return contnode if isinstance(contnode, nodes.Element) else nodes.inline("", "", contnode)
        description = index.describe(env.summit_catalogue, target)[0]
        return make_refnode(builder, fromdocname, index.docname, self.lookups.anchor(typ, target),
                            contnode, description or None)

    def resolve_any_xref(self, env, fromdocname, builder, target, node, contnode):
        found = self.resolve_xref(env, fromdocname, builder, "session", target, node, contnode)
        return [("summit:session", found)] if found is not None else []

    # -- questions the write phase asks --------------------------------------

    def sessions_where(self, summit: str | None = None, **filters) -> list[Session]:
        """The sessions matching every filter given (a session-list option of
        ``metadata.FILTERS``, and its value); ``summit=None`` spans all summits."""
        lookups = self.lookups
        # start from the smallest group a filter names (a listing then costs
        # what it shows, not the size of the site), and check the others
        groups = [lookups.group(summit, option, value) for option, value in filters.items()]
        if summit is not None:
            groups.append(lookups.by_summit.get(summit, []))
        pool = min(groups, key=len) if groups else lookups.all_sessions
        return [s for s in pool
                if (summit is None or s.summit == summit)
                and all(value in filter_values(s, option) for option, value in filters.items())]

    def related(self, session: Session) -> list[tuple[Session, int]]:
        """Other sessions of the same summit sharing projects or topics, most shared first."""
        return self.lookups.related(session)


class Lookups:
    """The domain's data, grouped for the questions of the write phase.

    Built lazily from the data and dropped as a whole whenever it changes.
    """

    RELATED_LIMIT = 5
    # A project or topic shared with more sessions than this says little about
    # how close two sessions are (think "storage" at a big summit); such
    # groups only add to the score of candidates found through smaller ones.
    # This keeps the cost per page bounded as the site grows.
    SPECIFIC_GROUP = 100

    def __init__(self, domain: SummitDomain):
        order = domain.reading_order()
        newest = {s.id: n for n, s in enumerate(domain.env.summit_summits.newest_first())}
        sessions = [s for doc in sorted(domain.sessions_by_doc) for s in domain.sessions_by_doc[doc]]
        # newest summit first, then by day, then by start time (those without
        # one last), then in the order of the navigation
        self.all_sessions: list[Session] = sorted(sessions, key=lambda s: (
            newest.get(s.summit, len(newest)), s.day or 99, start_minutes(s.start),
            order.get(s.docname, len(order)), s.docname, s.lineno))
        self.by_key: dict[str, Session] = {}
        for session in sorted(sessions, key=lambda s: (s.docname, s.lineno)):
            self.by_key.setdefault(session.key, session)  # the first of a duplicate id
        self.by_id = _group(self.by_key.values(), lambda s: [s.id])
        self.by_summit = _group(self.all_sessions, lambda s: [s.summit])
        self.by_field = {option: _group(self.all_sessions, lambda s, option=option: filter_values(s, option))
                         for option in FILTERS}
        self._catalogue = domain.env.summit_catalogue
        self._anchors: dict[str, dict[str, str]] = {}

    def group(self, summit: str | None, field: str, value) -> list[Session]:
        """The sessions with ``value`` in ``field``, in one summit or (None) all."""
        if summit is None:
            return self.by_field[field].get(value, [])
        return [s for s in self.by_summit.get(summit, []) if value in filter_values(s, field)]

    def anchor(self, kind: str, name: str) -> str:
        """The anchor of a project, topic or person in its index page."""
        if kind not in self._anchors:
            names = set(self.by_field[kind]) | set(INDEX_KINDS[kind].catalogue_names(self._catalogue))
            self._anchors[kind] = assign_anchors(kind, names)
        return self._anchors[kind].get(name) or assign_anchors(kind, [name])[name]

    def related(self, session: Session) -> list[tuple[Session, int]]:
        """``SummitDomain.related``."""
        limit = self.RELATED_LIMIT
        names = [("project", n) for n in session.projects] + [("topic", n) for n in session.topics]
        shared: dict[str, int] = defaultdict(int)
        broad = []
        for field, name in names:
            group = self.group(session.summit, field, name)
            if len(group) <= self.SPECIFIC_GROUP:
                for other in group:
                    shared[other.key] += 1
            else:
                broad.append((field, name, group))
        for field, name, group in broad:
            members = {s.key for s in group}
            if shared:
                for key in shared:
                    shared[key] += key in members
            else:  # nothing specific in common: the first of the broad group
                for other in group[: limit + 1]:
                    shared[other.key] += 1
        shared.pop(session.key, None)
        ranked = sorted(shared.items(), key=lambda kv: (-kv[1], self.by_key[kv[0]].day or 99, kv[0]))
        return [(self.by_key[key], n) for key, n in ranked[:limit]]


def _group(sessions, keys) -> dict:
    groups: dict = defaultdict(list)
    for session in sessions:
        for key in dict.fromkeys(keys(session)):  # once per group, even if named twice
            groups[key].append(session)
    return dict(groups)


def read_pages_of_another_record(app, env, added, changed, removed) -> list[str]:
    """env-get-outdated: every page, when the sessions stored have other fields."""
    return env.get_domain("summit").pages_of_another_record()
