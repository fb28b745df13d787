"""The project, topic and people indices: domain ``Index`` pages.

They are generated from the domain data on every build, so they are never
stale. ``entry_groups`` is the one computation; ``generate`` flattens it for
Sphinx (LaTeX renders that), and the HTML page renders it richer (anchors per
entry, a projects x days matrix) with ``render_index``, placed into the
theme's page by ``summit-index.html``.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import cache
from html import escape as e

from markupsafe import Markup
from sphinx.domains import Index, IndexEntry

from .cards import day_label
from .directives import vocabulary
from .domain import INDEX_DOCNAMES, SummitDomain, entry_anchor
from .metadata import Session


@dataclass
class Entry:
    kind: str  # project, topic or person
    name: str
    description: str
    sessions: list[Session]
    url: str = ""

    @property
    def anchor(self) -> str:
        return entry_anchor(self.kind, self.name)

    def day_anchor(self, day: int | None) -> str:
        return f"{self.anchor}-day-{day or 'unknown'}"


@dataclass
class Group:
    title: str
    entries: list[Entry] = field(default_factory=list)


def entry_groups(domain: SummitDomain, kind: str) -> list[Group]:
    catalogue = domain.env.summit_catalogue
    if kind == "project":
        groups = {key: Group(title) for key, title in catalogue.categories.items()}
        for project in catalogue.projects.values():
            sessions = domain.by_project.get(project.name)
            if sessions:
                groups[project.category].entries.append(
                    Entry("project", project.name, project.description, sessions, project.url))
        return [g for g in groups.values() if g.entries]
    if kind == "topic":
        return [Group("Topics", [
            Entry("topic", name, description, domain.by_topic[name])
            for name, description in sorted(catalogue.topics.items(), key=lambda kv: kv[0].casefold())
            if name in domain.by_topic
        ])]
    speakers = sorted({p for s in domain.all_sessions for p in s.speakers}, key=str.casefold)
    orgs = sorted({p for s in domain.all_sessions for p in s.organizations}, key=str.casefold)
    return [g for g in (
        Group("Speakers", [Entry("person", p, "", domain.by_person[p]) for p in speakers]),
        Group("Organizations", [Entry("person", p, "", domain.by_person[p]) for p in orgs]),
    ) if g.entries]


def day_matrix(domain: SummitDomain, groups: list[Group]) -> dict:
    """Rows of entries, a column per summit day, the number of sessions in each cell."""
    days = list(domain.env.config.summit_days)
    rows = []
    for group in groups:
        for entry in group.entries:
            counts = [sum(1 for s in entry.sessions if s.day == d) for d in days]
            rows.append((entry, counts))
    return {"days": days, "rows": rows}


class SummitIndex(Index):
    kind = ""

    def generate(self, docnames=None) -> tuple[list[tuple[str, list[IndexEntry]]], bool]:
        domain: SummitDomain = self.domain
        label = short_day_labels(vocabulary(domain.env))
        content = []
        for group in entry_groups(domain, self.kind):
            rows: list[IndexEntry] = []
            for entry in group.entries:
                sessions = [s for s in entry.sessions if docnames is None or s.docname in docnames]
                rows.append(IndexEntry(entry.name, 1, "", "", _plural(len(sessions)), "",
                                       entry.description))
                rows += [IndexEntry(s.title, 2, s.docname, s.id,
                                    label(s.day), "", "")
                         for s in sessions]
            content.append((group.title, rows))
        return content, False


class ProjectIndex(SummitIndex):
    name = "projectindex"
    localname = "Project index"
    shortname = "projects"
    kind = "project"


class TopicIndex(SummitIndex):
    name = "topicindex"
    localname = "Topic index"
    shortname = "topics"
    kind = "topic"


class PeopleIndex(SummitIndex):
    name = "peopleindex"
    localname = "Speakers and organizations"
    shortname = "people"
    kind = "person"


KINDS = {f"summit-{cls.name}": cls.kind for cls in (ProjectIndex, TopicIndex, PeopleIndex)}
assert set(KINDS) == set(INDEX_DOCNAMES.values())


def index_page_context(app, pagename, templatename, context, doctree):
    """Render our index pages with their anchors, descriptions and matrix."""
    if pagename not in KINDS or templatename != "domainindex.html":
        return None
    domain: SummitDomain = app.env.get_domain("summit")
    vocab = vocabulary(app.env)
    kind = KINDS[pagename]

    @cache  # a session is listed under each of its projects or topics
    def page_uri(docname: str) -> str:
        return app.builder.get_relative_uri(pagename, docname)

    context["summit_body"] = Markup(render_index(
        domain, kind, context["indextitle"],
        uri=lambda session: f"{page_uri(session.docname)}#{session.id}",
        short_day=lambda day: vocab.days[day]["label"],
        day_label=short_day_labels(vocab)))
    return "summit-index.html"


# The page body is written here rather than in Jinja: at thousands of
# sessions the template sandbox spent seconds on every build.

def render_index(domain: SummitDomain, kind: str, title: str, *, uri, short_day, day_label) -> str:
    groups = entry_groups(domain, kind)
    total = sum(len(g.entries) for g in groups)
    noun = kind if total == 1 else ("names" if kind == "person" else f"{kind}s")
    out = [f'<section class="summit-index summit-index-{kind}" id="{kind}-index">',
           f"<h1>{e(title)}</h1>",
           f'<p class="summit-index-summary">{total} {noun} covered by the sessions of the summit.</p>']
    if kind == "project":
        out += _matrix(day_matrix(domain, groups), short_day)
    for number, group in enumerate(groups, 1):
        out.append(f'<h2 id="group-{number}">{e(group.title)}</h2>')
        out.append('<dl class="summit-index-entries">')
        for entry in group.entries:
            out += _entry(entry, uri, day_label)
        out.append("</dl>")
    out.append("</section>")
    return "\n".join(out)


def short_day_labels(vocab):
    """``day_label(day, vocab, long=False)``, computed once per day."""
    return cache(lambda day: day_label(day, vocab, long=False))


def _plural(n: int) -> str:
    return f"{n} session{'s' if n != 1 else ''}"


def _matrix(matrix: dict, short_day) -> list[str]:
    days = matrix["days"]
    out = ['<h2 id="matrix">Projects by day</h2>',
           '<div class="summit-matrix-wrap" tabindex="0" role="region" '
           'aria-label="Number of sessions per project and day">',
           '<table class="summit-matrix">',
           "<caption>Sessions per project and summit day; each number links to those sessions.</caption>",
           '<thead><tr><th scope="col">Project</th>'
           + "".join(f'<th scope="col">{e(short_day(d))}</th>' for d in days)
           + '<th scope="col">All</th></tr></thead>', "<tbody>"]
    for entry, counts in matrix["rows"]:
        cells = [f'<tr><th scope="row"><a href="#{entry.anchor}">{e(entry.name)}</a></th>']
        for day, n in zip(days, counts):
            if n:
                label = f"{n} {entry.name} session{'s' if n != 1 else ''} on {short_day(day)}"
                cells.append(f'<td><a href="#{entry.day_anchor(day)}" aria-label="{e(label)}">{n}</a></td>')
            else:
                cells.append('<td><span class="summit-zero">·</span></td>')
        cells.append(f'<td><a href="#{entry.anchor}">{sum(counts)}</a></td></tr>')
        out.append("".join(cells))
    out += ["</tbody>", "</table>", "</div>"]
    return out


def _entry(entry: Entry, uri, day_label) -> list[str]:
    name = e(entry.name)
    if entry.url:
        name = f'<a class="reference external" href="{e(entry.url)}">{name}</a>'
    out = [f'<dt id="{entry.anchor}">{name} <span class="summit-count">{_plural(len(entry.sessions))}</span></dt>',
           "<dd>"]
    if entry.description:
        out.append(f"<p>{e(entry.description)}</p>")
    out.append("<ul>")
    day = -1
    for s in entry.sessions:
        anchor = ""
        if s.day != day:
            anchor, day = f' id="{entry.day_anchor(s.day)}"', s.day
        out.append(f'<li{anchor}><a class="reference internal" href="{e(uri(s))}">{e(s.title)}</a> '
                   f'<span class="summit-day">{e(day_label(s.day))}</span></li>')
    out += ["</ul>", "</dd>"]
    return out
