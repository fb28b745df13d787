"""The ``summit`` domain: the one place where sessions are stored.

Data is keyed by docname (``clear_doc`` and ``merge_domaindata`` touch only
the documents they are given), holds plain picklable records, and is read
at write time by the indices, listings, related sessions and the export.
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Iterable, Iterator
from functools import cached_property
from typing import Any

from docutils import nodes
from sphinx.addnodes import pending_xref
from sphinx.builders import Builder
from sphinx.domains import Domain, ObjType
from sphinx.environment import BuildEnvironment
from sphinx.roles import XRefRole
from sphinx.util import logging
from sphinx.util.nodes import make_refnode

from .metadata import Session

logger = logging.getLogger(__name__)

INDEX_DOCNAMES = {
    "project": "summit-projectindex",
    "topic": "summit-topicindex",
    "person": "summit-peopleindex",
}


def slug(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", text.casefold()).strip("-") or "x"


def entry_anchor(kind: str, name: str) -> str:
    """The anchor of a project, topic or person in its index page."""
    return f"{kind}-{slug(name)}"


class SummitRole(XRefRole):
    """A cross-reference role of this domain, also when used without prefix."""

    def run(self):
        if ":" not in self.name:
            self.name = f"summit:{self.name}"
        return super().run()


class SessionRole(SummitRole):
    """``{session}`id``` links to a session, with its title as the link text."""

    def result_nodes(self, document, env, node, is_ref):
        env.get_domain("summit").note_query(env.docname, ("ref", node["reftarget"]))
        return [node], []


class EntryRole(SummitRole):
    """``{project}`Neutron``` (and topic, person) links to the index entry."""

    def process_link(self, env, refnode, has_explicit_title, title, target):
        return title, " ".join(target.split())

    def result_nodes(self, document, env, node, is_ref):
        kind = self.reftype
        if kind in ("project", "topic"):
            env.note_dependency(env.summit_catalogue_path)
            known = env.summit_catalogue.canonical(kind, node["reftarget"])
            if known is None:
                logger.warning(
                    "%s", env.summit_catalogue.unknown_message(kind, node["reftarget"]),
                    location=node, type="summit", subtype=kind,
                )
                return [nodes.inline(self.title, self.title)], []
            node["reftarget"] = known
        return [node], []


class SummitDomain(Domain):
    name = "summit"
    label = "Summit"
    data_version = 1
    object_types = {"session": ObjType("session", "session")}
    dangling_warnings = {
        "session": "no session has the id %(target)r; a session's id is its file name "
                   "or its ':id:' option",
        "person": "no session names %(target)r among its speakers or organizations",
    }
    roles = {
        "session": SessionRole(warn_dangling=True, innernodeclass=nodes.inline),
        "project": EntryRole(innernodeclass=nodes.inline),
        "topic": EntryRole(innernodeclass=nodes.inline),
        "person": EntryRole(warn_dangling=True, innernodeclass=nodes.inline),
    }
    initial_data: dict[str, dict] = {
        "sessions": {},  # docname -> [Session]
        "queries": {},  # docname -> [query]: what its write-time content depends on
        "fingerprints": {},  # docname -> fingerprint of those results at its last write
    }
    # indices are attached in __init__.py, to keep this module free of rendering

    # -- storing -------------------------------------------------------------

    @property
    def sessions_by_doc(self) -> dict[str, list[Session]]:
        return self.data["sessions"]

    def note_session(self, session: Session) -> None:
        self.sessions_by_doc.setdefault(session.docname, []).append(session)
        self._forget()

    def note_query(self, docname: str, query: tuple) -> None:
        queries = self.data["queries"].setdefault(docname, [])
        if query not in queries:
            queries.append(query)

    def clear_doc(self, docname: str) -> None:
        for key in ("sessions", "queries", "fingerprints"):
            self.data[key].pop(docname, None)
        self._forget()

    def merge_domaindata(self, docnames: Iterable[str], otherdata: dict[str, Any]) -> None:
        for key in ("sessions", "queries"):
            for docname in docnames:
                if docname in otherdata[key]:
                    self.data[key][docname] = otherdata[key][docname]
        self._forget()

    changed = False  # whether sessions were added or removed since the last check

    def _forget(self) -> None:
        """Drop the lookups derived from the data; they are rebuilt on demand."""
        self.changed = True
        for name in ("all_sessions", "by_id", "by_project", "by_topic", "by_person",
                     "by_day", "by_remark", "by_folder", "_related", "_group_ids"):
            self.__dict__.pop(name, None)

    # -- reading -------------------------------------------------------------

    @cached_property
    def all_sessions(self) -> list[Session]:
        """Every session, by day, then in the order of the site's navigation."""
        order = self.reading_order()
        sessions = [s for doc in sorted(self.sessions_by_doc) for s in self.sessions_by_doc[doc]]
        return sorted(sessions, key=lambda s: (s.day or 99, order.get(s.docname, len(order)),
                                               s.docname, s.lineno))

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

    @cached_property
    def by_id(self) -> dict[str, Session]:
        """Session id -> session; for a duplicate id the first in docname order."""
        found: dict[str, Session] = {}
        for doc in sorted(self.sessions_by_doc):
            for session in self.sessions_by_doc[doc]:
                found.setdefault(session.id, session)
        return found

    def check_consistency(self) -> None:
        seen: dict[str, Session] = {}
        for doc in sorted(self.sessions_by_doc):
            for session in self.sessions_by_doc[doc]:
                first = seen.setdefault(session.id, session)
                if first is not session:
                    logger.warning(
                        "duplicate session id %r: %s:%d already has it; give one of them "
                        "another ':id:' (or rename its file)",
                        session.id, self.env.doc2path(first.docname), first.lineno,
                        location=(session.docname, session.lineno),
                        type="summit", subtype="duplicate",
                    )

    def get_objects(self) -> Iterator[tuple[str, str, str, str, str, int]]:
        for session in self.all_sessions:
            yield session.id, session.title, "session", session.docname, session.id, 1

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
            session = self.by_id.get(target)
            if session is None:
                return None
            if not node.get("refexplicit"):
                contnode = nodes.inline(session.title, session.title)
            return make_refnode(builder, fromdocname, session.docname, session.id,
                                contnode, session.title)
        if typ in INDEX_DOCNAMES:
            if typ == "person" and target not in self.by_person:
                return None
            if not self.links_to_indices(builder):  # plain text, keeping the node's classes
                return contnode if isinstance(contnode, nodes.Element) else nodes.inline("", "", contnode)
            title = None
            if typ == "project":
                project = env.summit_catalogue.project(target)
                title = project.description if project else None
            elif typ == "topic":
                title = env.summit_catalogue.topics.get(target)
            return make_refnode(builder, fromdocname, INDEX_DOCNAMES[typ],
                                entry_anchor(typ, target), contnode, title)
        return None

    def resolve_any_xref(self, env, fromdocname, builder, target, node, contnode):
        found = self.resolve_xref(env, fromdocname, builder, "session", target, node, contnode)
        return [("summit:session", found)] if found is not None else []

    # -- questions the write phase asks --------------------------------------

    def sessions_where(self, *, day: int | None = None, project: str | None = None,
                       topic: str | None = None, person: str | None = None,
                       remark: str | None = None, under: str | None = None) -> list[Session]:
        # start from the smallest group a filter names (a listing then costs
        # what it shows, not the size of the site), and check the others
        groups = [group.get(key, []) for group, key in (
            (self.by_folder, under), (self.by_day, day), (self.by_project, project),
            (self.by_topic, topic), (self.by_person, person), (self.by_remark, remark),
        ) if key is not None]
        pool = min(groups, key=len) if groups else self.all_sessions
        return [
            s for s in pool
            if (under is None or s.docname.startswith(under + "/"))
            and (day is None or s.day == day)
            and (project is None or project in s.projects)
            and (topic is None or topic in s.topics)
            and (person is None or person in s.people)
            and (remark is None or remark in s.remarks)
        ]

    # A project or topic shared with more sessions than this says little about
    # how close two sessions are (think "storage" at a hundred summits); such
    # groups only add to the score of candidates found through smaller ones.
    # This keeps the cost per page bounded as the site grows.
    SPECIFIC_GROUP = 100

    def related(self, session: Session, limit: int = 5) -> list[tuple[Session, int]]:
        """Other sessions sharing projects or topics, most shared first."""
        cache = self.__dict__.setdefault("_related", {})
        if session.id not in cache:
            cache[session.id] = self._rank_related(session, limit)
        return cache[session.id]

    def _rank_related(self, session: Session, limit: int) -> list[tuple[Session, int]]:
        groups = [self.by_project.get(n, []) for n in session.projects]
        groups += [self.by_topic.get(n, []) for n in session.topics]
        shared: dict[str, int] = defaultdict(int)
        broad = []
        for group in groups:
            if len(group) <= self.SPECIFIC_GROUP:
                for other in group:
                    shared[other.id] += 1
            else:
                broad.append(group)
        for group in broad:
            members = self.group_ids(group)
            if shared:
                for sid in shared:
                    shared[sid] += sid in members
            else:  # nothing specific in common: the first of the broad group
                for other in group[: limit + 1]:
                    shared[other.id] += 1
        shared.pop(session.id, None)
        ranked = sorted(shared.items(), key=lambda kv: (-kv[1], self.by_id[kv[0]].day or 99, kv[0]))
        return [(self.by_id[sid], n) for sid, n in ranked[:limit]]

    def group_ids(self, group: list[Session]) -> set[str]:
        sets = self.__dict__.setdefault("_group_ids", {})
        if id(group) not in sets:
            sets[id(group)] = {s.id for s in group}
        return sets[id(group)]

    @cached_property
    def by_project(self) -> dict[str, list[Session]]:
        return _group(self.all_sessions, lambda s: s.projects)

    @cached_property
    def by_topic(self) -> dict[str, list[Session]]:
        return _group(self.all_sessions, lambda s: s.topics)

    @cached_property
    def by_person(self) -> dict[str, list[Session]]:
        return _group(self.all_sessions, lambda s: s.people)

    @cached_property
    def by_day(self) -> dict[int | None, list[Session]]:
        return _group(self.all_sessions, lambda s: [s.day])

    @cached_property
    def by_remark(self) -> dict[str, list[Session]]:
        return _group(self.all_sessions, lambda s: s.remarks)

    @cached_property
    def by_folder(self) -> dict[str, list[Session]]:
        """Folder -> the sessions in it or below it (``summit-a``, ``summit-a/day1``)."""
        return _group(self.all_sessions, lambda s: [
            s.docname[:i] for i, char in enumerate(s.docname) if char == "/"])


def _group(sessions: list[Session], keys) -> dict[str, list[Session]]:
    groups: dict[str, list[Session]] = defaultdict(list)
    for session in sessions:
        for key in dict.fromkeys(keys(session)):  # once per group, even if named twice
            groups[key].append(session)
    return dict(groups)
