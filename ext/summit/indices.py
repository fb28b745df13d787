"""The project, topic and people indices: domain ``Index`` pages.

They are generated from the domain data on every build, so they are never
stale. ``entry_groups`` is the one computation; ``generate`` flattens it for
Sphinx (LaTeX renders that), and the HTML page renders it richer (anchors per
entry, a projects x days matrix) through ``summit-index.html``.
"""

from __future__ import annotations

from dataclasses import dataclass, field

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
        vocab = vocabulary(domain.env)
        content = []
        for group in entry_groups(domain, self.kind):
            rows: list[IndexEntry] = []
            for entry in group.entries:
                sessions = [s for s in entry.sessions if docnames is None or s.docname in docnames]
                count = f"{len(sessions)} session{'s' if len(sessions) != 1 else ''}"
                rows.append(IndexEntry(entry.name, 1, "", "", count, "", entry.description))
                rows += [IndexEntry(s.title, 2, s.docname, s.id,
                                    day_label(s.day, vocab, long=False), "", "")
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
    kind = KINDS[pagename]
    groups = entry_groups(domain, kind)
    vocab = vocabulary(app.env)
    context["summit_kind"] = kind
    context["summit_groups"] = groups
    context["summit_day_label"] = lambda day: day_label(day, vocab, long=False)
    context["summit_day_short"] = lambda day: vocab.days[day]["label"]
    context["summit_matrix"] = day_matrix(domain, groups) if kind == "project" else None
    context["summit_uri"] = lambda s: app.builder.get_relative_uri(pagename, s.docname) + "#" + s.id
    return "summit-index.html"
