"""The catalogue of projects and topics, loaded from a YAML data file.

The file is validated against ``catalogue.schema.json`` (beside this module);
any problem stops the build with the data file's name and what to fix.
"""

from __future__ import annotations

import difflib
import json
from dataclasses import dataclass
from pathlib import Path

import jsonschema
import yaml
from sphinx.errors import ConfigError

SCHEMA = json.loads((Path(__file__).parent / "catalogue.schema.json").read_text())


@dataclass(frozen=True)
class Project:
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

    def __post_init__(self) -> None:
        object.__setattr__(self, "_project_keys", {k.casefold(): k for k in self.projects})
        object.__setattr__(self, "_topic_keys", {k.casefold(): k for k in self.topics})

    def project(self, name: str) -> Project | None:
        key = self._project_keys.get(name.casefold())
        return self.projects[key] if key else None

    def topic(self, name: str) -> str | None:
        """The topic's canonical name, or None if it is not catalogued."""
        return self._topic_keys.get(name.casefold())

    def suggest_project(self, name: str) -> list[str]:
        return _suggest(name, self.projects)

    def suggest_topic(self, name: str) -> list[str]:
        return _suggest(name, self.topics)


def _suggest(name: str, known: dict) -> list[str]:
    by_folded = {key.casefold(): key for key in known}
    close = difflib.get_close_matches(name.casefold(), by_folded, n=3, cutoff=0.6)
    return [by_folded[c] for c in close]


def did_you_mean(suggestions: list[str]) -> str:
    if not suggestions:
        return ""
    return " (did you mean " + " or ".join(suggestions) + "?)"


def load_catalogue(path: Path) -> Catalogue:
    """Read and validate the catalogue; raise ConfigError naming the file."""
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
    except OSError as exc:
        raise ConfigError(f"{path}: cannot read the catalogue: {exc.strerror}") from None
    except yaml.YAMLError as exc:
        raise ConfigError(f"{path}: not valid YAML: {exc}") from None

    errors = sorted(
        jsonschema.Draft202012Validator(SCHEMA).iter_errors(data),
        key=lambda e: list(e.absolute_path),
    )
    if errors:
        lines = [f"{path}: the catalogue has {len(errors)} problem(s):"]
        for error in errors:
            where = "/".join(str(p) for p in error.absolute_path) or "(top level)"
            lines.append(f"  at {where}: {error.message}")
        raise ConfigError("\n".join(lines))

    categories = data["categories"]
    projects = {}
    for name, entry in data["projects"].items():
        if entry["category"] not in categories:
            raise ConfigError(
                f"{path}: project {name!r} has category {entry['category']!r}, "
                f"which is not one of the categories: {', '.join(categories)}"
            )
        projects[name] = Project(name, entry["category"], entry["description"], entry["url"])
    return Catalogue(categories, projects, dict(data["topics"]))
