"""The catalogue of projects and topics, loaded from a YAML data file.

The file is validated against ``schemas/catalogue.schema.json``;
each problem is reported with the data file's name and line.
"""

from __future__ import annotations

import difflib
from dataclasses import dataclass
from pathlib import Path

from .data_files import HTTP_URL, LineProblem, line_of, load_schema, load_yaml

SCHEMA = load_schema(Path(__file__).parent / "schemas" / "catalogue.schema.json")
# Pages name projects, topics and remarks in lists: separated by commas (metadata.split_list),
# and ';' or '|' in an item are reported as separators a careless author used
SEPARATOR, MISTAKEN_SEPARATORS = ",", ";|"


def unlistable(what: str, name: str) -> str | None:
    """Why a declared name cannot be named in a list, or None."""
    marks = [mark for mark in SEPARATOR + MISTAKEN_SEPARATORS if mark in name]
    if not marks:
        return None
    plain = " ".join("".join(" " if ch in marks else ch for ch in name).split())
    return (f"{what} {name!r} holds {' and '.join(map(repr, marks))}, and pages name {what}s in lists "
            f"separated by commas (':{what}s: A, B'), so no page could name it: write "
            f"the name without {'them' if len(marks) > 1 else 'it'} (e.g. {plain!r})")


@dataclass(frozen=True)
class Project:
    FIELDS = ("category", "description", "url")

    name: str
    category: str
    description: str
    url: str


@dataclass(frozen=True)
class Catalogue:
    """Projects and topics, looked up by name without regard to case."""

    categories: dict[str, str]  # key -> title, in display order
    projects: dict[str, Project]  # canonical name -> project, in file order
    topics: dict[str, str]  # canonical name -> description
    # the kinds ("project", "topic") whose section could be read: where a
    # section is missing or of the wrong shape, names are taken as written,
    # since the one problem is the file (no warning on every page)
    readable: frozenset[str] = frozenset({"project", "topic"})

    def __post_init__(self) -> None:
        object.__setattr__(self, "_project_keys", {k.casefold(): k for k in self.projects})
        object.__setattr__(self, "_topic_keys", {k.casefold(): k for k in self.topics})

    def project(self, name: str) -> Project | None:
        key = self._project_keys.get(name.casefold())
        return self.projects[key] if key else None

    def topic(self, name: str) -> str | None:
        """The topic's canonical name, or None if it is not catalogued."""
        return self._topic_keys.get(name.casefold())

    def canonical(self, kind: str, name: str) -> str | None:
        """The catalogue's spelling of a project or topic, or None if unknown."""
        if kind not in self.readable:
            return name
        if kind == "project":
            project = self.project(name)
            return project.name if project else None
        return self.topic(name)

    def unknown_message(self, kind: str, name: str) -> str:
        """What to tell an author who named a project or topic we do not know."""
        known = self.projects if kind == "project" else self.topics
        return (f"unknown {kind} {name!r}{did_you_mean(_suggest(name, known))}; "
                f"{kind}s are listed in the catalogue (summit_catalogue in conf.py)")


def _suggest(name: str, known: dict) -> list[str]:
    by_folded = {key.casefold(): key for key in known}
    close = difflib.get_close_matches(name.casefold(), by_folded, n=3, cutoff=0.6)
    return [by_folded[c] for c in close]


def did_you_mean(suggestions: list[str]) -> str:
    if not suggestions:
        return ""
    return " (did you mean " + " or ".join(suggestions) + "?)"


def load_catalogue(path: Path) -> tuple[Catalogue, list[LineProblem]]:
    """Read and check the catalogue.

    Returns the catalogue of every valid entry, and the problems found, each
    with the line of the data file it is on. The caller reports them: a
    traceback is no way to tell an author about a typo in a data file. An
    entry with a problem keeps its name, so that the pages naming it are not
    warned about it again (one problem, one message).
    """
    data, tree, problems = load_yaml(path, SCHEMA, "the catalogue")
    if not isinstance(data, dict):
        return Catalogue({}, {}, {}, readable=frozenset()), problems

    sections = {key for key in ("categories", "projects", "topics") if isinstance(data.get(key), dict)}
    categories = {k: v for k, v in _mapping(data, "categories").items()
                  if isinstance(k, str) and isinstance(v, str)}
    projects, topics = {}, {}
    for name, entry in _mapping(data, "projects").items():
        if not isinstance(name, str) or not name.strip():
            continue  # reported by the schema
        entry = entry if isinstance(entry, dict) else {}
        fields = {f: entry.get(f) if isinstance(entry.get(f), str) else "" for f in Project.FIELDS}
        if fields["category"] and fields["category"] not in categories and "categories" in sections:
            problems.append((line_of(tree, ["projects", name, "category"]),
                             f"project {name!r} has category {fields['category']!r}, which is "
                             f"not one of the categories: {', '.join(categories)}"))
            fields["category"] = ""
        if not HTTP_URL.match(fields["url"]):
            fields["url"] = ""  # only http(s) URLs become links (the schema says what is wrong)
        projects[name] = Project(name, **fields)
    for name, description in _mapping(data, "topics").items():
        if isinstance(name, str) and name.strip():
            topics[name] = description if isinstance(description, str) else ""
    for kind, names in (("project", projects), ("topic", topics)):
        for name in names:
            if problem := unlistable(kind, name):
                problems.append((line_of(tree, [f"{kind}s", name]), problem))
    for kind, names in (("projects", projects), ("topics", topics), ("categories", categories)):
        first: dict[str, str] = {}
        for name in names:
            other = first.setdefault(name.casefold(), name)
            if other != name:
                problems.append((line_of(tree, [kind, name]),
                                 f"{kind}: {name!r} and {other!r} differ only in case; pages "
                                 f"name them without regard to case, so keep one"))
    readable = frozenset(kind for kind in ("project", "topic") if f"{kind}s" in sections)
    return Catalogue(categories, projects, topics, readable), sorted(problems)


def _mapping(data: dict, key: str) -> dict:
    value = data.get(key)
    return value if isinstance(value, dict) else {}
