"""What a page's write-time content depends on, typed.

A page asks questions of every page's sessions: which sessions match a
listing's filters, which are related to its session, where an index entry's
anchor is, which session a ``{session}`` link names, which summits and days
there are. Each question is a query record below, noted in the domain for the
page (``SummitDomain.note_query``) so that the page is written again when its
answers change (``listings.pages_with_new_listings``).

A listing directive leaves a placeholder node, one class per kind of listing,
carrying its query's fields as attributes; ``listings.fill_listings`` fills it
when the page is written (as ``sphinx.ext.todo`` fills its ``todolist``).
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, fields

from docutils import nodes


@dataclass(frozen=True)
class SessionsMatching:
    """``session-list``: the sessions of ``summit`` (None: every summit) matching
    every filter of ``where``, (option, value) pairs of ``metadata.FILTERS``."""

    summit: str | None = None
    where: tuple[tuple[str, object], ...] = ()
    line: int = 0  # the line of ``:person:``: a person no session names is reported there

    def filters(self) -> dict:
        return {"summit": self.summit, **dict(self.where)}


@dataclass(frozen=True)
class RelatedTo:
    """The related sessions of a page's session (by its key)."""

    key: str


@dataclass(frozen=True)
class EntryAnchor:
    """The anchor of an index entry a page links to (a card's badge, a role)."""

    kind: str
    name: str


@dataclass(frozen=True)
class SessionLink:
    """The session a ``{session}`` link names."""

    target: str


@dataclass(frozen=True)
class AllSummits:
    """``summit-list``: every summit, newest first, with its number of sessions."""


@dataclass(frozen=True)
class SummitDays:
    """``summit-days``: the days of a summit (``day``: that day only)."""

    summit: str
    day: int | None = None


@dataclass(frozen=True)
class ExportLinks:
    """``summit-export``: links to sessions.json and its schema (nothing to look up)."""


class listing(nodes.General, nodes.Element):  # noqa: N801
    """A placeholder filled at write time with what its query yields then."""

    query_type: type

    @classmethod
    def of(cls, query) -> listing:
        return cls("", **asdict(query))

    def query(self):
        return self.query_type(**{f.name: self[f.name] for f in fields(self.query_type)})


class session_listing(listing):  # noqa: N801
    query_type = SessionsMatching


class summit_listing(listing):  # noqa: N801
    query_type = AllSummits


class days_listing(listing):  # noqa: N801
    query_type = SummitDays


class export_listing(listing):  # noqa: N801
    query_type = ExportLinks


PLACEHOLDERS = (session_listing, summit_listing, days_listing, export_listing)
