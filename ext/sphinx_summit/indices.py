"""The project, topic and people indices: domain ``Index`` pages.

They span every summit and are generated from the domain data on every
build, so they are never stale. ``entry_groups`` is the one computation;
``generate`` flattens it for Sphinx (LaTeX renders that), and the HTML page
renders it richer (anchors per entry, each session labelled with its summit
and day, a projects x days matrix per summit) with ``render_index``, placed
into the theme's page by ``summit-index.html``.
"""

from __future__ import annotations

from collections import defaultdict
from pathlib import Path
from dataclasses import dataclass, field
from functools import cache
from typing import TYPE_CHECKING

import jinja2
from markupsafe import Markup
from sphinx.domains import Index, IndexEntry

from . import internals
from .builders import is_website
from .i18n import _, plural_sessions
from .kinds import INDEX_KINDS, IndexKind
from .metadata import Session

if TYPE_CHECKING:
    from .domain import SummitDomain
    from .summits import Summit


@dataclass
class Entry:
    index: IndexKind
    name: str
    description: str
    sessions: list[Session]
    url: str = ""
    anchor: str = ""

    def day_anchor(self, session: Session) -> str:
        return f"{self.anchor}-{session.summit or 'none'}-day-{session.day or 'unknown'}"


@dataclass
class Group:
    title: str
    entries: list[Entry] = field(default_factory=list)


def entry_groups(domain: SummitDomain, index: IndexKind) -> list[Group]:
    catalogue = domain.env.summit_catalogue
    found: dict[str, dict[str, list[Session]]] = defaultdict(dict)
    for session in domain.lookups.all_sessions:
        for key, name in index.entries(session, catalogue):
            found[key].setdefault(name, []).append(session)
    if index.catalogue_order:
        position = {name: n for n, name in enumerate(index.catalogue_order(catalogue))}
        order = lambda name: (position.get(name, len(position)), name)  # noqa: E731
    else:
        order = lambda name: (name.casefold(), name)  # noqa: E731
    groups = []
    for key, title in index.group_titles(catalogue).items():
        group = Group(str(title))
        for name in sorted(found.get(key, {}), key=order):
            description, url = index.describe(catalogue, name)
            group.entries.append(Entry(index, name, description, found[key][name], url,
                                       domain.lookups.anchor(index.kind, name)))
        if group.entries:
            groups.append(group)
    return groups


class SummitIndex(Index):
    """The index as Sphinx's builders other than the website's render it (the
    website's pages are ``render_index``): the PDF's index at the end of the
    book, the EPUB's and text's. Their writers give each row a page or link
    and no nesting, so each name is a heading, alphabetically, and its
    sessions the rows below it."""

    kind: IndexKind

    def generate(self, docnames=None) -> tuple[list[tuple[str, list[IndexEntry]]], bool]:
        domain: SummitDomain = self.domain
        label = session_labels(domain)
        entries = [entry for group in entry_groups(domain, self.kind) for entry in group.entries]
        content = []
        for entry in sorted(entries, key=lambda e: (e.name.casefold(), e.name)):
            rows = [IndexEntry(s.title, 0, s.docname, s.id, label(s.summit, s.day), "", "")
                    for s in entry.sessions if docnames is None or s.docname in docnames]
            if rows:
                content.append((entry.name, rows))
        return content, False


def index_classes() -> list[type[SummitIndex]]:
    """A domain ``Index`` class for each entry of the table."""
    return [type(f"{kind.name.title()}Index", (SummitIndex,), {
        "name": kind.name, "localname": kind.title, "shortname": kind.shortname, "kind": kind,
    }) for kind in INDEX_KINDS.values()]


def session_labels(domain: SummitDomain):
    """(summit id, day) -> 'Tokyo 2015 · Day 3', computed once per pair."""
    summits = domain.env.summit_summits.by_id

    @cache
    def label(summit_id: str | None, day: int | None) -> str:
        summit = summits.get(summit_id)
        if summit is None:
            return str(_("no summit"))
        return f"{summit.short_title} · {_('Day %d') % day if day else _('Day unknown')}"
    return label


def session_where(label, session: Session) -> str:
    """'Tokyo 2015 · Day 2 · talk': a session's summit, day and format (``label``:
    ``session_labels``), as search results and link previews show it."""
    return " · ".join(w for w in (label(session.summit, session.day), session.format) if w)


BY_DOCNAME = {kind.docname: kind for kind in INDEX_KINDS.values()}


def index_page_context(app, pagename, templatename, context, doctree):
    """Render our index pages with their anchors, descriptions and matrices."""
    if pagename not in BY_DOCNAME or templatename != "domainindex.html":
        return None
    domain: SummitDomain = app.env.get_domain("summit")

    @cache  # a session is listed under each of its projects or topics
    def page_uri(docname: str) -> str:
        return app.builder.get_relative_uri(pagename, docname)

    website = is_website(app.builder)
    context["body"] = Markup(render_index(
        domain, BY_DOCNAME[pagename], context["indextitle"],
        uri=lambda session: f"{page_uri(session.docname)}#{session.id}", collapsed=website))
    if website:  # a link to an entry opens it
        app.add_js_file("summit-index.js", defer="defer")
    return "summit-index.html"


def sidebar_context(app, pagename, templatename, context, doctree) -> None:
    """The index pages, for the sidebar's list of them (summit-indices.html)."""
    context["summit_indices"] = [(kind.docname, str(kind.title)) for kind in INDEX_KINDS.values()]


def render_index(domain: SummitDomain, index: IndexKind, title: str, *, uri,
                 collapsed: bool = True) -> str:
    """The page (``templates/summit-index-body.html``): its height follows the
    number of names, not of sessions or summits; each entry opens (``collapsed``,
    the website) to its sessions, which link to ``uri(session)``."""
    groups = entry_groups(domain, index)
    summits = _summits_of(domain, groups)
    summary = _("%(count)d entries from the sessions of %(summits)s.") % {
        "count": sum(len(g.entries) for g in groups), "summits": ", ".join(s.short_title for s in summits)}
    contents = [(f"group-{number}", group.title, len(group.entries)) for number, group in enumerate(groups, 1)]
    if index.catalogue_order:  # the catalogued index with categories gets the matrices
        contents.insert(0, ("matrix", str(_("Projects by day")), None))
    label = session_labels(domain)
    titles = {summit.id: summit.short_title for summit in summits}
    return _template().render(
        index=index, title=title, summary=summary, contents=contents, groups=groups, summits=summits,
        matrices=_matrices(groups, summits) if index.catalogue_order else [],
        fold=collapsed and len(summits) > 1, collapsed=collapsed,
        letters=not index.catalogue_order, letter_bar_from=LETTER_BAR_FROM, first_letters=_first_letters,
        sessions_by_summit=lambda entry: _sessions_by_summit(entry, titles),
        entry_count=_entry_count, uri=uri, label=label, plural_sessions=plural_sessions, _=_)


@cache
def _template() -> jinja2.Template:
    """The page's template, compiled once: a plain (not sandboxed) Jinja
    environment, which renders the index of thousands of sessions in a fraction
    of the time Sphinx's sandboxed one takes; autoescaped."""
    environment = jinja2.Environment(loader=jinja2.FileSystemLoader(Path(__file__).parent / "templates"),
                                     autoescape=True, trim_blocks=True, lstrip_blocks=True,
                                     undefined=jinja2.StrictUndefined)
    return environment.get_template("summit-index-body.html")


LETTER_BAR_FROM = 12  # an alphabetical group longer than this gets a letter bar


def _first_letters(group: Group) -> list[tuple[str, str]]:
    """(letter, anchor of the first entry of that initial letter) of the group."""
    first: dict[str, str] = {}
    for entry in group.entries:
        first.setdefault(entry.name[:1].upper(), entry.anchor)
    return list(first.items())


def _summits_of(domain: SummitDomain, groups: list[Group]):
    ids = {s.summit for g in groups for entry in g.entries for s in entry.sessions}
    return [s for s in domain.env.summit_summits.newest_first() if s.id in ids]


@dataclass
class Matrix:
    """A projects x days table of a summit; each number links to the sessions."""

    summit: Summit
    days: list[int]
    caption: str
    # (entry, [(sessions of a day, their link's label)], sessions of the summit)
    rows: list[tuple[Entry, list[tuple[list[Session], str]], int]]


def _matrices(groups: list[Group], summits) -> list[Matrix]:
    matrices = []
    for summit in summits:
        days = list(summit.days)
        rows = []
        for group in groups:
            for entry in group.entries:
                mine = [s for s in entry.sessions if s.summit == summit.id]
                if not mine:
                    continue
                cells = []
                for day in days:
                    sessions = [s for s in mine if s.day == day]
                    cells.append((sessions, _("%(count)s %(name)s on %(summit)s day %(day)d") % {
                        "count": plural_sessions(len(sessions)), "name": entry.name,
                        "summit": summit.short_title, "day": day} if sessions else ""))
                rows.append((entry, cells, sum(len(sessions) for sessions, _text in cells)))
        caption = _("Sessions of %(summit)s per project and day; each number links to those "
                    "sessions.") % {"summit": summit.title}
        matrices.append(Matrix(summit, days, caption, rows))
    return matrices


def _sessions_by_summit(entry: Entry, titles: dict) -> list[tuple[str, list[tuple[Session, str]]]]:
    """(summit's title, [(session, its anchor)]) for each summit with sessions of the
    entry, newest first; the anchor is that of the session's day (the matrix links
    there), given to its first session only."""
    by_summit: dict[str | None, list[Session]] = {}
    for s in entry.sessions:
        by_summit.setdefault(s.summit, []).append(s)
    order = [*(i for i in titles if i in by_summit), *(i for i in by_summit if i not in titles)]
    seen = set()
    listed = []
    for summit_id in order:
        sessions = []
        for s in by_summit[summit_id]:
            anchor = entry.day_anchor(s)
            sessions.append((s, "" if anchor in seen else anchor))
            seen.add(anchor)
        listed.append((titles.get(summit_id, _("no summit")), sessions))
    return listed


def _entry_count(entry: Entry, by_summit: list) -> str:
    count = plural_sessions(len(entry.sessions))
    if len(by_summit) > 1:
        count = _("%(sessions)s in %(summits)d summits") % {"sessions": count, "summits": len(by_summit)}
    return count


def check_catalogue_links(app, env) -> list[str]:
    """Sphinx's linkcheck builder checks the catalogue's project URLs too: they are
    links of the project index, a page it does not read (env-updated)."""
    if app.builder.name != "linkcheck":
        return []
    catalogue = Path(env.summit_catalogue_path)
    lines = catalogue.read_text(encoding="utf-8").splitlines() if catalogue.is_file() else []
    for project in env.summit_catalogue.projects.values():
        if project.url:
            line = next((n for n, text in enumerate(lines, 1) if project.url in text), 0)
            internals.check_link(app.builder, project.url, INDEX_KINDS["project"].docname, catalogue, line)
    return []
