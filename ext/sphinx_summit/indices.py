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
from html import escape as e
from typing import TYPE_CHECKING

from markupsafe import Markup
from sphinx.domains import Index, IndexEntry

from .builders import is_website
from .i18n import _, plural_sessions
from .kinds import INDEX_KINDS, IndexKind
from .metadata import Session

if TYPE_CHECKING:
    from .domain import SummitDomain


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


# The page body is written here rather than in Jinja: at thousands of
# sessions the template sandbox spent seconds on every build.

def render_index(domain: SummitDomain, index: IndexKind, title: str, *, uri,
                 collapsed: bool = True) -> str:
    """The page: its contents (the groups, a letter bar in long alphabetical
    groups), then each group under its heading, each entry one line (its name
    and count) that opens (``collapsed``, the website) to its description and
    its sessions, summit by summit. Its height follows the number of names,
    not of sessions or summits."""
    groups = entry_groups(domain, index)
    label = session_labels(domain)
    summits = _summits_of(domain, groups)
    total = sum(len(g.entries) for g in groups)
    summary = _("%(count)d entries from the sessions of %(summits)s.") % {
        "count": total, "summits": ", ".join(s.short_title for s in summits)}
    out = [f'<section class="summit-index summit-index-{e(index.kind)}" id="{e(index.kind)}-index">',
           f"<h1>{e(title)}</h1>",
           f'<p class="summit-index-summary">{e(summary)}</p>']
    contents = [(f"group-{number}", group.title, len(group.entries)) for number, group in enumerate(groups, 1)]
    if index.catalogue_order:
        contents.insert(0, ("matrix", str(_("Projects by day")), None))
    out.append(f'<nav class="summit-index-contents" aria-label="{e(_("On this page"))}"><ul>'
               + "".join(f'<li><a href="#{e(anchor)}">{e(text)}</a>'
                         + ("" if count is None else f' <span class="summit-count">{count}</span>') + "</li>"
                         for anchor, text, count in contents) + "</ul></nav>")
    if index.catalogue_order:  # the catalogued index with categories gets the matrices
        out += _matrices(domain, groups, summits, collapsed)
    for number, group in enumerate(groups, 1):
        out.append(f'<h2 id="group-{number}">{e(group.title)}</h2>')
        if not index.catalogue_order and len(group.entries) > LETTER_BAR_FROM:
            out.append(_letter_bar(group))
        out.append('<div class="summit-index-entries">')
        for entry in group.entries:
            out += _entry(entry, uri, label, summits, collapsed)
        out.append("</div>")
    out.append("</section>")
    return "\n".join(out)


LETTER_BAR_FROM = 12  # an alphabetical group longer than this gets a letter bar


def _letter_bar(group: Group) -> str:
    """A link to the first entry of each initial letter of the group."""
    first: dict[str, str] = {}
    for entry in group.entries:
        first.setdefault(entry.name[:1].upper(), entry.anchor)
    text = _("%(group)s by initial letter") % {"group": group.title}
    return (f'<nav class="summit-letters" aria-label="{e(text)}">'
            + "".join(f'<a href="#{e(anchor)}">{e(letter)}</a>' for letter, anchor in first.items())
            + "</nav>")


def _summits_of(domain: SummitDomain, groups: list[Group]):
    ids = {s.summit for g in groups for entry in g.entries for s in entry.sessions}
    return [s for s in domain.env.summit_summits.newest_first() if s.id in ids]


def _matrices(domain: SummitDomain, groups: list[Group], summits, collapsed: bool) -> list[str]:
    """A projects x days table for each summit; each number links to the sessions.
    With several summits each table opens from its summit's title."""
    out = [f'<h2 id="matrix">{e(_("Projects by day"))}</h2>']
    fold = collapsed and len(summits) > 1
    for summit in summits:
        days = list(summit.days)
        rows = []
        for group in groups:
            for entry in group.entries:
                mine = [s for s in entry.sessions if s.summit == summit.id]
                if mine:
                    rows.append((entry, [[s for s in mine if s.day == d] for d in days]))
        caption = _("Sessions of %(summit)s per project and day; each number links to those "
                    "sessions.") % {"summit": summit.title}
        heading = f'<h3 id="matrix-{e(summit.id)}">{e(summit.title)}</h3>'
        out += ([f'<details class="summit-matrix-summit"><summary>{heading}</summary>'] if fold else [heading])
        out += ['<div class="summit-matrix-wrap" tabindex="0" role="region" '
                f'aria-label="{e(caption)}">',
                '<table class="summit-matrix">', f"<caption>{e(caption)}</caption>",
                f'<thead><tr><th scope="col">{e(_("Project"))}</th>'
                + "".join(f'<th scope="col">{e(_("Day %d") % d)}</th>' for d in days)
                + f'<th scope="col">{e(_("All"))}</th></tr></thead>', "<tbody>"]
        for entry, cells in rows:
            html = [f'<tr><th scope="row"><a href="#{e(entry.anchor)}">{e(entry.name)}</a></th>']
            for day, sessions in zip(days, cells):
                if sessions:
                    text = _("%(count)s %(name)s on %(summit)s day %(day)d") % {
                        "count": plural_sessions(len(sessions)), "name": entry.name,
                        "summit": summit.short_title, "day": day}
                    html.append(f'<td><a href="#{e(entry.day_anchor(sessions[0]))}" '
                                f'aria-label="{e(text)}">{len(sessions)}</a></td>')
                else:
                    html.append('<td><span class="summit-zero">·</span></td>')
            html.append(f'<td><a href="#{e(entry.anchor)}">{sum(map(len, cells))}</a></td></tr>')
            out.append("".join(html))
        out += ["</tbody>", "</table>", "</div>"] + (["</details>"] if fold else [])
    return out


def _entry(entry: Entry, uri, label, summits, collapsed: bool) -> list[str]:
    """One entry: its name and count, then (opened) its description, its home
    page and its sessions under each summit that has some."""
    by_summit: dict[str | None, list[Session]] = {}
    for s in entry.sessions:
        by_summit.setdefault(s.summit, []).append(s)
    titles = {summit.id: summit.short_title for summit in summits}
    order = [*(i for i in titles if i in by_summit), *(i for i in by_summit if i not in titles)]
    count = plural_sessions(len(entry.sessions))
    if len(by_summit) > 1:
        count = _("%(sessions)s in %(summits)d summits") % {"sessions": count, "summits": len(by_summit)}
    opened = "" if collapsed else ' open="open"'  # (XHTML, for the EPUB)
    out = [f'<details class="summit-index-entry" id="{e(entry.anchor)}"{opened}>',
           f'<summary><span class="summit-index-name">{e(entry.name)}</span> '
           f'<span class="summit-count">{e(count)}</span></summary>',
           '<div class="summit-index-detail">']
    if entry.description or entry.url:
        home = (f' <a class="reference external" href="{e(entry.url)}">{e(_("Home page"))}</a>'
                if entry.url else "")
        out.append(f"<p>{e(entry.description)}{home}</p>")
    seen = set()
    for summit_id in order:
        sessions = by_summit[summit_id]
        if len(summits) > 1:
            out.append(f'<p class="summit-index-summit">{e(titles.get(summit_id, _("no summit")))} '
                       f'<span class="summit-count">{e(plural_sessions(len(sessions)))}</span></p>')
        out.append('<ul class="no-search">')  # (search finds the sessions themselves)
        for s in sessions:
            anchor = entry.day_anchor(s)
            attribute = "" if anchor in seen else f' id="{e(anchor)}"'
            seen.add(anchor)
            out.append(f'<li{attribute}><a class="reference internal" href="{e(uri(s))}">{e(s.title)}</a> '
                       f'<span class="summit-day">{e(label(s.summit, s.day))}</span></li>')
        out.append("</ul>")
    out += ["</div>", "</details>"]
    return out


def check_catalogue_links(app, env) -> list[str]:
    """Sphinx's linkcheck builder checks the catalogue's project URLs too: they are
    links of the project index, a page it does not read (env-updated)."""
    if app.builder.name != "linkcheck":
        return []
    from sphinx.builders.linkcheck import Hyperlink

    catalogue = Path(env.summit_catalogue_path)
    lines = catalogue.read_text(encoding="utf-8").splitlines() if catalogue.is_file() else []
    for project in env.summit_catalogue.projects.values():
        if project.url and project.url not in app.builder.hyperlinks:
            line = next((n for n, text in enumerate(lines, 1) if project.url in text), 0)
            app.builder.hyperlinks[project.url] = Hyperlink(
                project.url, INDEX_KINDS["project"].docname, catalogue, line)
    return []
