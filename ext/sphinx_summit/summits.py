"""Summits, each declared by a ``summit.yaml`` beside its landing page.

Every page in the folder of a ``summit.yaml``, or below it, belongs to that
summit (the innermost one, if declarations nest). The declarations are read
before any page, so a page's session card can check its day against its
own summit. A summit's days follow from its dates; its formats and remarks
are the site's (``summit_formats``, ``summit_remarks`` in conf.py) plus its
own.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from datetime import date, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from sphinx.util.matching import Matcher
from sphinx_design.shared import SEMANTIC_COLORS

from .data_files import LineProblem, line_of, load_schema, load_yaml
from .catalogue import unlistable
from .i18n import _, format_day
from .metadata import slug

DECLARATION = "summit.yaml"
COLOURS = SEMANTIC_COLORS  # what a remark's badge may be (sphinx-design's colours)
SCHEMA = load_schema(Path(__file__).parent / "schemas" / "summit.schema.json")
SCHEMA["$defs"]["remark"]["properties"]["colour"]["enum"] = list(COLOURS)
MAX_DAYS = 31


def summit_days(start: date, end: date) -> dict[int, date]:
    """Day number -> its date, from day 1 (``start``) to the last day (``end``)."""
    return {n: start + timedelta(n - 1) for n in range(1, (end - start).days + 2)}


@dataclass(frozen=True)
class Remark:
    text: str
    colour: str = "secondary"


@dataclass(frozen=True)
class Summit:
    """One summit: plain and picklable."""

    id: str
    folder: str  # relative to the source folder, "/"-separated; "" for the source folder
    title: str
    short_title: str
    start: date
    end: date
    place: str = ""
    release: str = ""
    cycle: str = ""
    time_zone: str = ""  # IANA name (Europe/Berlin): the sessions' start times are its local times
    schedule: str = ""  # the URL of the schedule it was imported from (sphinx_summit.schedule)
    day_notes: dict[int, str] = field(default_factory=dict)
    formats: tuple[str, ...] = ()
    remarks: dict[str, Remark] = field(default_factory=dict)
    source: str = ""  # the declaration's path

    @property
    def days(self) -> dict[int, date]:
        """Day number -> its date, from the first day to the last."""
        return summit_days(self.start, self.end)

    def contains(self, docname: str) -> bool:
        return not self.folder or docname.startswith(self.folder + "/")

    def landing_page(self, root_doc: str) -> str:
        return f"{self.folder}/index" if self.folder else root_doc

    def day_label(self, day: int | None, language: str, *, long: bool = True) -> str:
        """'Day 3 · Thursday 29 October 2015', short: 'Day 3 · 29 October 2015'."""
        if day not in self.days:
            return str(_("Day unknown"))
        text = f"{_('Day %d') % day} · {format_day(self.days[day], language, long=long)}"
        if long and day in self.day_notes:
            text += f" ({self.day_notes[day]})"
        return text

    def dates_label(self, language: str) -> str:
        first, last = format_day(self.start, language, long=False), format_day(self.end, language, long=False)
        return first if first == last else f"{first} – {last}"


@dataclass
class Summits:
    """Every summit of the site, by id, and the site's own formats and remarks."""

    by_id: dict[str, Summit] = field(default_factory=dict)
    formats: tuple[str, ...] = ()
    remarks: dict[str, Remark] = field(default_factory=dict)
    # folder -> (declaration, the summit id its folder gives) of the declarations that
    # could not be used: their problem is reported once, at the declaration, not on
    # their pages, whose sessions keep that summit id (links to them still resolve)
    unusable: dict[str, tuple[str, str | None]] = field(default_factory=dict)

    def id_of(self, docname: str) -> str | None:
        """The id of the page's summit (also where its declaration cannot be used)."""
        summit = self.of(docname)
        return summit.id if summit else (self.unusable_declaration(docname) or (None, None))[1]

    def unusable_declaration(self, docname: str) -> tuple[str, str | None] | None:
        """(declaration, summit id) of the page's folder, if its declaration has a problem."""
        for folder, declared in self.unusable.items():
            if not folder or docname.startswith(folder + "/"):
                return declared
        return None

    def of(self, docname: str) -> Summit | None:
        """The summit a page belongs to: the innermost folder that declares one."""
        found = None
        for summit in self.by_id.values():
            if summit.contains(docname) and (found is None or len(summit.folder) > len(found.folder)):
                found = summit
        return found

    def newest_first(self) -> list[Summit]:
        return sorted(self.by_id.values(), key=lambda s: (s.start, s.id), reverse=True)


def find_declarations(srcdir: Path, exclude_patterns: list[str]) -> list[Path]:
    """Every ``summit.yaml`` of the source folder, outside excluded folders, the
    shallowest first (a copy of a summit deeper down is the newcomer)."""
    excluded = Matcher(exclude_patterns)
    found = []
    for folder, subfolders, files in os.walk(srcdir):
        relative = Path(folder).relative_to(srcdir).as_posix()
        subfolders[:] = sorted(d for d in subfolders if not d.startswith((".", "_"))
                               and not excluded(f"{relative}/{d}".lstrip("./")))
        if DECLARATION in files:
            found.append(Path(folder, DECLARATION))
    return sorted(found, key=lambda path: (len(path.relative_to(srcdir).parts), path.as_posix()))


def load_summits(srcdir: Path, exclude_patterns: list[str], formats: list[str],
                 remarks: dict[str, Remark], skip: frozenset[Path] = frozenset(),
                 ) -> tuple[Summits, dict[Path, list[LineProblem]]]:
    """The site's summits, and the problems of each declaration (with lines); the
    declarations in ``skip`` (the build may not read them) are not read."""
    summits = Summits(formats=tuple(formats), remarks=remarks)
    problems: dict[Path, list[LineProblem]] = {}
    for path in find_declarations(srcdir, exclude_patterns):
        folder = path.parent.relative_to(srcdir).as_posix().removeprefix(".")
        if path in skip:
            summits.unusable[folder] = (str(path), slug(path.parent.name))
            continue
        summit, found = load_summit(path, folder, formats, remarks)
        given_id = summit.id if summit else slug(path.parent.name)
        if summit is not None and summit.id in summits.by_id:
            other = summits.by_id[summit.id]
            found.append((1, f"summit id {summit.id!r} is also the id of {other.source}; "
                             f"give one of them another 'id:'"))
            summit, given_id = None, None  # (its sessions are not the other summit's)
        if summit is None:
            summits.unusable[folder] = (str(path), given_id)
        else:
            for other in summits.by_id.values():
                if other.title == summit.title:
                    found.append((line_of_key(path, "title"), f"summit title {summit.title!r} is "
                                  f"also the title of {other.source}; give this one its own"))
            summits.by_id[summit.id] = summit
        if found:
            problems[path] = found
    return summits, problems


def load_summit(path: Path, folder: str, formats: list[str],
                remarks: dict[str, Remark]) -> tuple[Summit | None, list[LineProblem]]:
    data, tree, problems = load_yaml(path, SCHEMA, "the summit's declaration")
    if problems or not isinstance(data, dict):
        if data is None and not problems:
            problems = [(0, "the summit's declaration is empty: it needs title, start and end")]
        return None, problems
    start, end = (_date(data[k], tree, k, problems) for k in ("start", "end"))
    if start and end and end < start:
        problems.append((line_of(tree, ["end"]), f"end: the summit ends on {end}, before it starts "
                                                 f"({start}); 'end:' is its last day, on or after 'start:'"))
    elif start and end and not end < start + timedelta(MAX_DAYS):
        problems.append((line_of(tree, ["end"]), f"the summit ends on {end}, which is not within "
                                                 f"{MAX_DAYS} days from its start ({start})"))
    problems.extend(_line_breaks(data, tree, []))
    if folder and "id" not in data and slug(path.parent.name) != path.parent.name:
        problems.append((1, f"the folder name {path.parent.name!r} cannot be the summit's id, which is "
                            f"written in links and addresses (lowercase letters, digits and hyphens): "
                            f"rename the folder {slug(path.parent.name)!r}, or give the summit an "
                            f"id here ('id: {slug(path.parent.name)}')"))
    if "time-zone" in data and not known_time_zone(data["time-zone"]):
        problems.append((line_of(tree, ["time-zone"]), f"time-zone: {data['time-zone']!r} is not a time "
                                                       f"zone's IANA name (e.g. Europe/Berlin, Asia/Tokyo)"))
    for name in data.get("remarks") or {}:
        if problem := unlistable("remark", name):
            problems.append((line_of(tree, ["remarks", name]), problem))
    if problems:
        return None, problems
    day_count = len(summit_days(start, end))
    notes = {}
    for key, note in (data.get("days") or {}).items():
        if isinstance(key, int) and 1 <= key <= day_count:
            notes[key] = note
        else:
            problems.append((line_of(tree, ["days", key]),
                             f"days: {key!r} is not a day of the summit; its days are 1 to {day_count}"))
    short_title = data.get("short-title") or data["title"]
    summit = Summit(
        id=data.get("id") or (slug(path.parent.name) if folder else slug(short_title)), folder=folder, title=data["title"],
        short_title=short_title, start=start, end=end,
        place=data.get("place", ""), release=data.get("release", ""), cycle=data.get("cycle", ""),
        time_zone=data.get("time-zone", ""), schedule=data.get("schedule", ""),
        day_notes=notes,
        formats=tuple(dict.fromkeys([*formats, *(f.lower() for f in data.get("formats", []))])),
        remarks={**remarks, **{k: Remark(v["text"], v.get("colour", "secondary"))
                               for k, v in (data.get("remarks") or {}).items()}},
        source=str(path),
    )
    return summit, problems


def known_time_zone(name: str) -> bool:
    if not name:
        return False
    try:
        ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError):
        return False
    return True


def _line_breaks(data, tree, path: list) -> list[LineProblem]:
    """A text of the declaration on several lines (labels show it on one)."""
    if isinstance(data, dict):
        return [p for key, value in data.items() for p in _line_breaks(value, tree, [*path, key])]
    if isinstance(data, list):
        return [p for n, value in enumerate(data) for p in _line_breaks(value, tree, [*path, n])]
    if isinstance(data, str) and ("\n" in data or "\r" in data):
        where = "/".join(map(str, path))
        return [(line_of(tree, path), f"{where}: {data!r} holds a line break, and labels show it on "
                                      f"one line: write it on one line (without '|' or '>')")]
    return []


def _date(text: str, tree, key: str, problems: list[LineProblem]) -> date | None:
    try:
        return date.fromisoformat(text)
    except ValueError:
        problems.append((line_of(tree, [key]), f"{key}: {text!r} is not a date (YYYY-MM-DD)"))
        return None


def line_of_key(path: Path, key: str) -> int:
    """The line of a top-level key in a declaration (1 if it cannot be found)."""
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        if line.startswith(f"{key}:"):
            return number
    return 1
