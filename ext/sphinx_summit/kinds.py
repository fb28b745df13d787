"""The indices of the site, declared once.

Each entry of ``INDEX_KINDS`` gives an index page (``summit-<name>``), the
role that links to its entries (``{project}`Neutron```), and how entries are
grouped and described; a session is listed under the names of its fields of
that index (``metadata.FIELDS``: ``index="project"``). The domain, the index
pages and the sidebar all follow from this table: a new index is one more
entry.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass

from .catalogue import Catalogue
from .i18n import _
from .metadata import INDEXED, Session, anchor_slug


@dataclass(frozen=True)
class IndexKind:
    kind: str  # the role, and the prefix of each entry's anchor
    name: str  # the domain index's name; its page is summit-<name>
    title: str
    shortname: str
    # the catalogue's groups of entries, name -> its group's key, and group key ->
    # title, in the order the page shows them (None: a group for each field of
    # the index, titled as on the card)
    catalogue_group: Callable[[Catalogue, str], str] | None = None
    catalogue_groups: Callable[[Catalogue], dict[str, str]] | None = None
    # (description, home URL) of an entry
    describe: Callable[[Catalogue, str], tuple[str, str]] = lambda catalogue, name: ("", "")
    # entries in the order of the catalogue (else alphabetical)
    catalogue_order: Callable[[Catalogue], list[str]] | None = None
    catalogued: bool = False  # whether the role checks names against the catalogue
    # the names the catalogue holds, which roles may link to
    catalogue_names: Callable[[Catalogue], Iterable[str]] = lambda catalogue: ()
    # what a role naming no entry is told (entries not in the catalogue)
    unknown: str = "no session names %(target)r"

    @property
    def docname(self) -> str:
        return f"summit-{self.name}"

    @property
    def fields(self):
        return [f for f in INDEXED if f.index == self.kind]

    def entries(self, session: Session, catalogue: Catalogue) -> Iterable[tuple[str, str]]:
        """(group key, entry name) for each entry ``session`` is listed under."""
        for f in self.fields:
            for name in f.values(session):
                yield (self.catalogue_group(catalogue, name) if self.catalogue_group else f.name), name

    def group_titles(self, catalogue: Catalogue) -> dict[str, str]:
        """Group key -> title, in the order the page shows them."""
        if self.catalogue_groups:
            return self.catalogue_groups(catalogue)
        return {f.name: f.label for f in self.fields}


def assign_anchors(kind: str, names) -> dict[str, str]:
    """Name -> its anchor in the index: distinct, and the same on every build.

    Names are taken in a fixed order; one whose anchor is taken (names that
    differ only in case or punctuation) gets the next free ``-2``, ``-3``...
    """
    anchors: dict[str, str] = {}
    used: set[str] = set()
    for name in sorted(set(names), key=lambda n: (n.casefold(), n)):
        base = anchor = f"{kind}-{anchor_slug(name)}"
        number = 2
        while anchor in used:
            anchor, number = f"{base}-{number}", number + 1
        used.add(anchor)
        anchors[name] = anchor
    return anchors


def _project(catalogue: Catalogue, name: str) -> tuple[str, str]:
    project = catalogue.project(name)
    return (project.description, project.url) if project else ("", "")


INDEX_KINDS: dict[str, IndexKind] = {k.kind: k for k in (
    IndexKind(
        "project", "projectindex", _("Project index"), _("projects"),
        catalogue_group=lambda c, name: c.project(name).category if c.project(name) else "",
        catalogue_groups=lambda c: {**c.categories, "": _("Other projects")},
        describe=_project,
        catalogue_order=lambda c: list(c.projects),
        catalogued=True,
        catalogue_names=lambda c: c.projects,
    ),
    IndexKind(
        "topic", "topicindex", _("Topic index"), _("topics"),
        describe=lambda c, name: (c.topics.get(name, ""), ""),
        catalogued=True,
        catalogue_names=lambda c: c.topics,
    ),
    IndexKind(
        "person", "peopleindex", _("Speakers and organizations"), _("people"),
        unknown="no session names %(target)r among its speakers or organizations",
    ),
)}
