"""Start a summit from its published schedule (``make summit FOLDER=... FROM=...``).

    python -m sphinx_summit.schedule --folder froscon-2026 \\
        --from https://programm.froscon.org/2026/schedule/export/schedule.json

``FROM`` is a conference's schedule export, a file or an http(s) URL: frab's
schedule XML or its JSON twin (the c3voc schema), as pretalx, frab and Indico
publish them. Both are read into one model (``Schedule``), checked against
``schemas/schedule.schema.json``, and written as a summit: its summit.yaml,
landing page, one page per day and one page per event, with its card and its
abstract in a block marked as the schedule's. The author's notes go below it.

Run again on the same folder, it updates each imported card (title, time, room,
speakers...) and the schedule's block, and never what the author wrote: a page
is recognised by its event (``:event:`` on the card), wherever it was moved.
Events gone from the schedule are reported, never deleted. Nothing is written
when the input is refused: one line on stderr, status 2.
"""

from __future__ import annotations

import argparse
import html.parser
import json
import os
import re
import shutil
import sys
import tempfile
import time
import urllib.error
import urllib.parse
import urllib.request
import xml.etree.ElementTree as ElementTree
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import jsonschema

from sphinx_summit.cards import FROM_SCHEDULE
from sphinx_summit.catalogue import Catalogue
from sphinx_summit.data_files import load_schema
from sphinx_summit.metadata import (SESSION_FENCE, TIME, Vocabulary, parse_options, session_block, start_minutes,
                                    visible)
from sphinx_summit.scaffold import (MAX_NAME, Refused, check_declaration, day_index, folder_in_source, landing_page,
                                    list_in_toctree, markdown_text, page_name, read_page, run_or_refuse,
                                    session_ids, summit_yaml, the_summit)
from sphinx_summit.settings import site_config, site_remarks
from sphinx_summit.summits import DECLARATION, MAX_DAYS, known_time_zone, load_summit, summit_days

SCHEMA = load_schema(Path(__file__).parent / "schemas" / "schedule.schema.json")
TIMEOUT = 30  # seconds a schedule's server may take to answer, and to send it all
MAX_BYTES = 64 * 1024 * 1024  # a schedule larger than this is not one
SCHEDULE_BLOCK = "From the schedule"  # the title of the block with the event's abstract
NOTES_START = ("% Your notes follow. A new import of the schedule updates the title, the card's\n"
               "% options from the schedule and the block above; never what you write here.\n")


# -- the model: one schedule, from either format -------------------------------------

@dataclass(frozen=True)
class Event:
    key: str  # its guid, else its id: how a new import recognises its page
    id: str
    title: str
    day: date  # the conference day it is listed on (a late event may start after midnight)
    start: str  # H:MM, local time
    duration: str  # H:MM
    room: str
    track: str
    type: str
    language: str
    url: str
    slug: str
    subtitle: str = ""
    abstract: str = ""  # Markdown, escaped: the schedule's text, shown as it is
    persons: tuple[str, ...] = ()
    slides: str = ""
    video: str = ""


@dataclass(frozen=True)
class Schedule:
    title: str
    acronym: str
    start: date
    end: date
    time_zone: str
    url: str
    events: tuple[Event, ...] = field(default=())


def read_source(source: str, timeout: float) -> bytes:
    """The bytes of ``source``: an http(s) URL (fetched within ``timeout`` seconds) or a file."""
    scheme = urllib.parse.urlsplit(source).scheme.lower()
    if scheme in ("http", "https"):
        return fetch(source, timeout)
    if re.match(r"^[a-z][a-z0-9+.-]+:", source, re.IGNORECASE) and len(scheme) > 1:
        raise Refused(f"FROM {source!r} is neither an http(s) URL nor a file: give the export's "
                      f"address (https://...) or a downloaded file")
    path = Path(source)
    if not path.is_file():
        what = "a folder" if path.is_dir() else "not a regular file" if path.exists() else "no such file"
        raise Refused(f"FROM {source!r}: {what} (give the export's file, or its https:// URL)")
    try:
        if path.stat().st_size > MAX_BYTES:
            raise Refused(f"{source} is larger than {MAX_BYTES // 2**20} MB: not a schedule export")
        return path.read_bytes()
    except OSError as error:
        raise Refused(f"cannot read {source}: {error.strerror}") from None


def fetch(url: str, timeout: float) -> bytes:
    """The body of ``url``; a server that does not answer, or sends too slowly, is refused."""
    request = urllib.request.Request(url, headers={"User-Agent": "sphinx-summit schedule import",
                                                   "Accept": "application/json, application/xml, text/xml"})
    deadline = time.monotonic() + timeout
    chunks, size = [], 0
    try:
        with urllib.request.urlopen(request, timeout=timeout) as answer:  # noqa: S310 (http(s) only)
            while chunk := answer.read(65536):
                chunks.append(chunk)
                size += len(chunk)
                if size > MAX_BYTES:
                    raise Refused(f"{url} sends more than {MAX_BYTES // 2**20} MB: not a schedule export")
                if time.monotonic() > deadline:
                    raise TimeoutError
    except urllib.error.HTTPError as error:
        raise Refused(f"cannot fetch {url}: the server answers {error.code} {error.reason}") from None
    except urllib.error.URLError as error:
        if isinstance(error.reason, TimeoutError):
            raise Refused(f"cannot fetch {url}: no answer within {timeout:g} s") from None
        raise Refused(f"cannot fetch {url}: {error.reason}") from None
    except TimeoutError:
        raise Refused(f"cannot fetch {url}: no answer within {timeout:g} s") from None
    except (OSError, ValueError) as error:
        raise Refused(f"cannot fetch {url}: {error}") from None
    return b"".join(chunks)


def parse_schedule(data: bytes, source: str) -> Schedule:
    """The schedule of an export, frab XML or c3voc JSON; anything else is refused."""
    text = data.decode("utf-8-sig", errors="replace").lstrip()
    if re.match(r"<!doctype\s+html|<html[\s>]", text, re.IGNORECASE):
        raise Refused(f"{source} is an HTML page, not a schedule export: give the export itself "
                      f"(pretalx: .../schedule/export/schedule.xml or schedule.json)")
    if text.startswith("<"):
        document = frab_xml_as_json(data, source)
    elif text.startswith(("{", "[")):
        try:
            document = json.loads(text)
        except json.JSONDecodeError as error:
            raise Refused(f"{source}:{error.lineno}: not valid JSON ({error.msg})") from None
        if not isinstance(document, dict) or not isinstance(document.get("schedule"), dict):
            raise Refused(f"{source} is JSON but not a schedule: a schedule export (frab, pretalx; "
                          f"the c3voc schema) is an object with a 'schedule' object")
    else:
        raise Refused(f"{source} is not a schedule export: neither frab's schedule XML nor its JSON "
                      f"(the c3voc schema)")
    check_shape(document, source)
    return schedule_of(document["schedule"], source)


def check_shape(document: dict, source: str) -> None:
    """The export against the schedule schema (what the import reads of the c3voc schema)."""
    validator = jsonschema.Draft202012Validator(SCHEMA)
    error = jsonschema.exceptions.best_match(validator.iter_errors(document))
    if error is not None:
        where = "/".join(str(part) for part in error.absolute_path) or "the document"
        raise Refused(f"{source}: {where}: {error.message} (the c3voc schedule schema)")


def frab_xml_as_json(data: bytes, source: str) -> dict:
    """frab's schedule XML in the shape of its JSON twin."""
    if re.search(rb"<!(DOCTYPE|ENTITY)", data):
        raise Refused(f"{source} declares a DOCTYPE or entities: a schedule export has none")
    try:
        root = ElementTree.fromstring(data)
    except ElementTree.ParseError as error:
        raise Refused(f"{source}:{error.position[0]}: not well-formed XML ({error})") from None
    if root.tag.lower() == "html":
        raise Refused(f"{source} is an HTML page, not a schedule export: give the export itself "
                      f"(pretalx: .../schedule/export/schedule.xml or schedule.json)")
    if root.tag != "schedule" or root.find("conference") is None:
        raise Refused(f"{source} is XML but not a schedule: frab's schedule XML is a <schedule> "
                      f"with a <conference>")

    def text(element, name: str) -> str | None:
        child = element.find(name)
        return None if child is None else (child.text or "").strip()

    conference = root.find("conference")
    days = []
    for day in root.findall("day"):
        rooms = {}
        for room in day.findall("room"):
            rooms.setdefault(room.get("name", ""), []).extend(
                {**{name: text(event, name) for name in
                    ("date", "start", "duration", "room", "slug", "url", "title", "subtitle", "track",
                     "type", "language", "abstract", "description") if event.find(name) is not None},
                 "id": event.get("id"), "guid": event.get("guid"),
                 "persons": [{"public_name": (p.text or "").strip()} for p in event.iterfind("persons/person")],
                 **{kind: [{"url": link.get("href", ""), "title": (link.text or "").strip()}
                           for link in event.iterfind(f"{kind}/{kind[:-1]}")] for kind in ("links", "attachments")}}
                for event in room.findall("event"))
        days.append({"index": day.get("index"), "date": day.get("date"), "rooms": rooms})
    return {"schedule": {
        "version": text(root, "version") or "",
        "base_url": text(conference, "base_url"),
        "conference": {**{name: text(conference, name) for name in
                          ("acronym", "title", "start", "end", "time_zone_name", "url")
                          if text(conference, name) is not None},
                       "days": days}}}


def schedule_of(schedule: dict, source: str) -> Schedule:
    conference = schedule["conference"]
    base = schedule.get("base_url") or conference.get("url") or ""
    start, end = (iso_date(conference[k], f"{source}: conference {k}") for k in ("start", "end"))
    time_zone = conference.get("time_zone_name") or ""
    zone = ZoneInfo(time_zone) if time_zone and known_time_zone(time_zone) else None
    events = []
    for day in conference["days"]:
        day_date = iso_date(day["date"], f"{source}: a day's date")
        for room, listed in day["rooms"].items():
            for event in listed:
                events.append(event_of(event, day_date, room, base, zone, source))
    return Schedule(title=visible(conference["title"]), acronym=visible(conference.get("acronym") or ""),
                    start=start, end=end, time_zone=time_zone,
                    url=conference.get("url") or "", events=tuple(events))


def iso_date(text: str, what: str) -> date:
    try:
        return date.fromisoformat(text[:10])
    except (TypeError, ValueError):
        raise Refused(f"{what} {text!r} is not a date (YYYY-MM-DD)") from None


def event_of(event: dict, day: date, room: str, base: str, zone: ZoneInfo | None, source: str) -> Event:
    number = str(event.get("id") or "")
    key = str(event.get("guid") or number)
    title = visible(event.get("title") or "")
    where = f"{source}: event {key or '?'} {title!r}"
    start, calendar_day = event_start(event, zone, where)
    day = calendar_day or day  # after midnight: the next day's date, as its start time says
    said = (event.get("duration") or "").strip()
    duration = TIME.match(said.rsplit(":", 1)[0] if said.count(":") == 2 else said)  # (01:30:00)
    if not duration:
        raise Refused(f"{where}: its duration {said!r} is not HH:MM")
    names: dict[str, str] = {}  # one spelling of each name, as the card takes it
    for person in event.get("persons") or []:
        name = (person.get("public_name") or person.get("name")) if isinstance(person, dict) else person
        name = visible(str(name or "")).replace(";", ",").replace("|", "/")  # (the card's separators)
        if name:
            names.setdefault(name.casefold(), name)
    slides = video = ""
    for link in [*(event.get("links") or []), *(event.get("attachments") or [])]:
        url, label = (link.get("url") or link.get("href") or "", link.get("title") or "") \
            if isinstance(link, dict) else (str(link), "")
        url = absolute(url, base)
        if not url:
            continue
        said = f"{label} {url}".casefold()
        if not slides and re.search(r"slide|folien|\.pdf\b", said):
            slides = url
        elif not video and re.search(r"video|recording|youtube|youtu\.be|vimeo|media\.ccc\.de|peertube", said):
            video = url
    text = "\n\n".join(part for part in (event.get("abstract"), event.get("description")) if part and part.strip())
    return Event(key=key, id=number, title=title, day=day, start=start,
                 duration=f"{int(duration[1])}:{duration[2]}", room=visible(event.get("room") or room),
                 track=visible(event.get("track") or ""), type=visible(event.get("type") or ""),
                 language=visible(event.get("language") or ""), url=absolute(event.get("url") or "", base),
                 slug=event.get("slug") or "", subtitle=visible(event.get("subtitle") or ""),
                 abstract=schedule_markdown(text), persons=tuple(names.values()), slides=slides, video=video)


def event_start(event: dict, zone: ZoneInfo | None, where: str) -> tuple[str, date | None]:
    """H:MM, the local start time (in the conference's time zone ``zone``), and its
    date: of its date and time, else of its start."""
    try:
        moment = datetime.fromisoformat(event.get("date") or "")
        if moment.tzinfo is not None and zone is not None:
            moment = moment.astimezone(zone)  # (an export may give its times in UTC)
        return f"{moment.hour}:{moment.minute:02d}", moment.date()
    except ValueError:
        pass
    said = (event.get("start") or "").strip()
    match = TIME.match(said.rsplit(":", 1)[0] if said.count(":") == 2 else said)  # (09:30:00)
    if not match:
        raise Refused(f"{where}: its start {event.get('start')!r} is not a time (HH:MM)")
    return f"{int(match[1])}:{match[2]}", None


def absolute(url: str, base: str) -> str:
    """An http(s) URL, relative ones resolved against the export's base; else ''."""
    url = urllib.parse.urljoin(base, url.strip()) if base and url.strip() else url.strip()
    return url if re.match(r"^https?://[^\s<>\"]+$", url) else ""


class _TextOfHtml(html.parser.HTMLParser):
    """The text of an HTML fragment, its blocks as paragraphs, links as 'text (url)'."""

    BLOCKS = {"p", "div", "br", "li", "ul", "ol", "h1", "h2", "h3", "h4", "h5", "h6", "tr", "blockquote", "pre"}

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self.href: list[str | None] = []
        self.skip = 0

    def handle_starttag(self, tag, attrs):
        if tag in ("script", "style"):
            self.skip += 1
        elif tag in self.BLOCKS:
            self.parts.append("\n\n" if tag != "br" else "\n")
            if tag == "li":
                self.parts.append("• ")
        elif tag == "a":
            self.href.append(dict(attrs).get("href"))

    def handle_endtag(self, tag):
        if tag in ("script", "style"):
            self.skip = max(0, self.skip - 1)
        elif tag in self.BLOCKS:
            self.parts.append("\n\n")
        elif tag == "a" and self.href:
            href = self.href.pop()
            if href and re.match(r"^https?://", href):
                self.parts.append(f" ({href})")

    def handle_data(self, data):
        if not self.skip:
            self.parts.append(data)


def schedule_markdown(text: str) -> str:
    """The schedule's text (plain, Markdown or HTML) as Markdown that shows it as
    text: HTML tags become paragraphs, and nothing in it is markup or runs."""
    if re.search(r"</?[a-zA-Z][^>]*>|&[a-zA-Z#][a-zA-Z0-9]*;", text):
        reader = _TextOfHtml()
        reader.feed(text)
        reader.close()
        text = "".join(reader.parts)
    paragraphs = [" ".join(visible(line) for line in block.splitlines() if visible(line))
                  for block in re.split(r"\n\s*\n", text.replace("\r\n", "\n"))]
    return "\n\n".join(LINE_START.sub(r"\\\1", markdown_text(p)) for p in paragraphs if p)


# what Markdown or MyST reads at the start of a line (lists, fences, comments, targets)
LINE_START = re.compile(r"^([-+=:%(.)]|\d+(?=[.)]))")


# -- choosing the events ----------------------------------------------------------------

@dataclass
class Choice:
    tracks: set[str]
    rooms: set[str]
    days: set[str]  # day numbers or dates, as given
    events: set[str]  # ids or guids
    with_breaks: bool

    def why_not(self, event: Event, number: int) -> str | None:
        """Why the event is not chosen, if it is not."""
        if self.events and not {event.id, event.key} & self.events:
            return "not one of the events asked for"
        if self.tracks and event.track.casefold() not in self.tracks:
            return f"track {event.track or '(none)'!r}"
        if self.rooms and event.room.casefold() not in self.rooms:
            return f"room {event.room!r}"
        if self.days and not {str(number), event.day.isoformat()} & self.days:
            return f"day {number}"
        if not event.persons and not self.with_breaks and not self.events:
            return "no speakers (a break?): --with-breaks imports it"
        return None


def several(values: list[str] | None) -> set[str]:
    """The values of a repeatable option, each possibly 'a;b': case-folded."""
    return {visible(v).casefold() for given in values or [] for v in given.split(";") if visible(v)}


# -- the pages --------------------------------------------------------------------------

OWNED = ("event", "day", "start", "duration", "room", "language", "speakers", "schedule")
CARD_ORDER = ("event", "day", "format", "start", "duration", "room", "language", "speakers",
              "schedule", "slides", "video")


def session_format(event: Event, table: dict[str, str], formats: tuple[str, ...]) -> tuple[str, bool]:
    """The site's format for the event (its type, else its track, through the table;
    a type that is a format is itself); and whether the table knew it."""
    table = {k.casefold(): v for k, v in table.items()}
    for said in (event.type, event.track):
        if said.casefold() in table and table[said.casefold()] in formats:
            return table[said.casefold()], True
        if said.casefold() in formats:
            return said.casefold(), True
    return ("talk" if "talk" in formats else formats[0]), False


def list_value(names: tuple[str, ...]) -> str:
    """Names as a list option: comma-separated, or a YAML list where a name holds a comma."""
    if any("," in name for name in names):
        return json.dumps(list(names), ensure_ascii=False)
    return ", ".join(names)


def card_options(event: Event, number: int, fmt: str) -> dict[str, str]:
    values = {"event": event.key, "day": str(number), "format": fmt, "start": event.start,
              "duration": event.duration, "room": event.room, "language": event.language,
              "speakers": list_value(event.persons), "schedule": event.url,
              "slides": event.slides, "video": event.video}
    return {name: visible(values[name]) for name in CARD_ORDER if visible(values[name])}


def schedule_block(event: Event) -> str:
    parts = [f"*{markdown_text(event.subtitle)}*"] if event.subtitle else []
    parts.append(event.abstract or "The schedule gives no abstract.")
    return (f"::::{{admonition}} {SCHEDULE_BLOCK}\n:class: {FROM_SCHEDULE}\n\n"
            + "\n\n".join(parts) + "\n::::\n")


SCHEDULE_FENCE = re.compile(rf"^(:{{3,}})\{{admonition\}} {SCHEDULE_BLOCK}[ \t]*\n.*?^\1[ \t]*\n",
                            re.MULTILINE | re.DOTALL)


def new_page(event: Event, options: dict[str, str]) -> str:
    return (f"# {markdown_text(event.title)}\n\n{session_block(options)}\n\n"
            f"{schedule_block(event)}\n{NOTES_START}")


def updated_page(text: str, event: Event, options: dict[str, str]) -> str:
    """The page with the schedule's title, card options and block; the rest as it was."""
    lines = text.split("\n")
    if lines and lines[0].startswith("# "):
        lines[0] = f"# {markdown_text(event.title)}"
    text = "\n".join(lines)
    card = SESSION_FENCE.search(text)
    body = card[2].split("\n")
    owned = {name: options.get(name) for name in OWNED}
    kept, last_owned = [], 0
    for line in body:
        match = re.match(r"^:([\w-]+):", line)
        if match and match[1] in owned:
            value = owned.pop(match[1])
            if value:
                kept.append(f":{match[1]}: {value}")
                last_owned = len(kept)
        else:
            kept.append(line)
    added = [f":{name}: {value}" for name, value in owned.items() if value]
    kept[last_owned:last_owned] = added
    fence = card[1]
    opening = card[0].split("\n", 1)[0]
    text = text[:card.start()] + "\n".join([opening, *kept]) + fence + text[card.end():]
    block = SCHEDULE_FENCE.search(text)
    if block is None:
        return text  # the author took the schedule's block out: it stays out
    return text[:block.start()] + schedule_block(event) + text[block.end():]


# -- the command ------------------------------------------------------------------------

@dataclass
class Report:
    written: list[Path] = field(default_factory=list)
    unchanged: int = 0
    notes: list[str] = field(default_factory=list)


def import_schedule(a: argparse.Namespace) -> Report:
    srcdir = Path(a.srcdir)
    if not srcdir.is_dir():
        raise Refused(f"no source folder {srcdir}: run this from the repository's root, or give --srcdir")
    config = site_config(Path(a.confdir))
    if not re.fullmatch(r"[a-z0-9][a-z0-9-]*", a.folder):
        raise Refused(f"the folder name {a.folder!r} is not lowercase letters, digits and hyphens "
                      f"(e.g. froscon-2026)")
    folder = folder_in_source(srcdir, a.folder, "the folder")
    schedule = parse_schedule(read_source(a.source, a.timeout), a.source)
    if schedule.end < schedule.start:
        raise Refused(f"{a.source}: the conference ends ({schedule.end}) before it starts ({schedule.start})")
    days = summit_days(schedule.start, schedule.end)
    if len(days) > MAX_DAYS:
        raise Refused(f"{a.source}: the conference lasts {len(days)} days; a summit lasts at most {MAX_DAYS}")
    number_of = {day: number for number, day in days.items()}
    for event in schedule.events:
        if event.day not in number_of:
            raise Refused(f"{a.source}: event {event.key} {event.title!r} is on {event.day}, outside the "
                          f"conference's days ({schedule.start} to {schedule.end})")
    check_unique(schedule, a.source)

    report = Report()
    choice = Choice(several(a.track), several(a.room), several(a.day), {e for given in a.event or []
                                                                        for e in given.split(";") if e},
                    a.with_breaks)
    chosen = []
    for event in sorted(schedule.events, key=lambda e: (e.day, start_minutes(e.start), e.room, e.title)):
        why = choice.why_not(event, number_of[event.day])
        if why:
            report.notes.append(f"not imported: day {number_of[event.day]} {event.start} {event.room}: "
                                f"{event.title!r} (event {event.key}; {why})")
        else:
            chosen.append(event)
    asked = choice.events - {e.id for e in schedule.events} - {e.key for e in schedule.events}
    if asked:
        raise Refused(f"{a.source} has no event {sorted(asked)[0]!r} (give an event's id or guid)")

    imported = folder.is_dir() and any(folder.iterdir())
    if imported:
        pages = event_pages(folder)
        if not pages:
            raise Refused(f"{folder} already holds pages not imported from a schedule: give another FOLDER "
                          f"(an imported summit's cards name their event, ':event:')")
        update(a, srcdir, config, folder, schedule, chosen, pages, number_of, report)
    else:
        create_summit(a, srcdir, config, folder, schedule, chosen, number_of, report)
    return report


def check_unique(schedule: Schedule, source: str) -> None:
    """Each event once: its guid or id, and its slug."""
    for what, key in (("id", lambda e: e.key), ("slug", lambda e: e.slug)):
        seen: dict[str, Event] = {}
        for event in schedule.events:
            value = key(event)
            if not value:
                continue
            if value in seen:
                raise Refused(f"{source}: events {seen[value].title!r} and {event.title!r} have the same "
                              f"{what} {value!r}: the export is broken; fix it at its source")
            seen[value] = event


def event_pages(folder: Path) -> dict[str, Path]:
    """The folder's pages by the event on their card."""
    found = {}
    for page in sorted(folder.rglob("*.md")):
        card = SESSION_FENCE.search(read_page(page))
        event = re.search(r"^:event:[ \t]*(.+)$", card[2], re.MULTILINE) if card else None
        if event:
            found.setdefault(event[1].strip(), page)
    return found


def names_for(events: list[Event], folder: Path, taken: set[str]) -> tuple[dict[str, str], list[str]]:
    """A file name (the session's id) for each event, unique in the summit: two events
    whose titles make one name are told apart by their event id."""
    wanted = {e.key: page_name(e.title, folder / "day") for e in events}
    counts: dict[str, int] = {}
    for name in [*wanted.values(), *taken]:
        counts[name] = counts.get(name, 0) + 1
    names, notes = {}, []
    for event in events:
        name = wanted[event.key]
        if counts[name] > 1:
            suffix = re.sub(r"[^a-z0-9]+", "-", (event.id or event.key).casefold()).strip("-")[:12]
            unique = f"{name[:MAX_NAME - len(suffix) - 1]}-{suffix}"
            notes.append(f"titles make the same file name {name!r}: {event.title!r} is {unique}.md")
            name = unique
        names[event.key] = name
    return names, notes


def cards(events, number_of, config, formats, report) -> dict[str, dict[str, str]]:
    table = config.summit_schedule_formats
    result, unmapped = {}, {}
    for event in events:
        fmt, known = session_format(event, table, formats)
        if not known and (event.type or event.track):
            unmapped.setdefault(event.type or event.track, fmt)
        result[event.key] = card_options(event, number_of[event.day], fmt)
    for said, fmt in unmapped.items():
        report.notes.append(f"format: the schedule's {said!r} became {fmt!r} (map it in conf.py's "
                            f"summit_schedule_formats)")
    return result


def check_cards(options_of: dict[str, dict[str, str]], events: list[Event], vocab: Vocabulary) -> None:
    """Each card as the build checks it: one clear message for the first problem."""
    for event in events:
        options = options_of[event.key]
        for problem in parse_options(options, session_block(options), vocab).problems:
            raise Refused(f"event {event.key} {event.title!r}: {problem.message}")


def create_summit(a, srcdir, config, folder, schedule, events, number_of, report) -> None:
    summit = argparse.Namespace(
        title=schedule.title, short_title=None, place=None, release=None, cycle=None,
        start=schedule.start, end=schedule.end,
        time_zone=schedule.time_zone if known_time_zone(schedule.time_zone) else None,
        schedule=a.source if re.match(r"^https?://", a.source) else (schedule.url or None))
    declaration = summit_yaml(summit)
    check_declaration(srcdir, config, folder, declaration)
    scratch = Path(tempfile.mkdtemp(prefix=f".{folder.name}-import-", dir=srcdir))
    try:
        made = scratch / folder.name
        made.mkdir()
        (made / DECLARATION).write_text(declaration, encoding="utf-8")
        loaded, problems = load_summit(made / DECLARATION, folder.name, config.summit_formats,
                                       site_remarks(config))
        for _line, message in problems:
            raise Refused(f"{a.source}: {message}")
        options_of = cards(events, number_of, config, loaded.formats, report)
        check_cards(options_of, events, Vocabulary(loaded, loaded.formats, loaded.remarks, Catalogue({}, {}, {})))
        names, notes = names_for(events, made, set())
        report.notes += notes
        (made / "index.md").write_text(landing_page(summit, schedule.start, schedule.end), encoding="utf-8")
        for number in summit_days(schedule.start, schedule.end):
            (made / f"day{number}").mkdir()
            (made / f"day{number}" / "index.md").write_text(day_index(number), encoding="utf-8")
        for event in events:  # (in their start order: the day's toctree too)
            day = made / f"day{number_of[event.day]}"
            (day / f"{names[event.key]}.md").write_text(new_page(event, options_of[event.key]), encoding="utf-8")
            list_in_toctree(day / "index.md", names[event.key])
        os.rename(made, folder)  # the whole summit, or nothing
    finally:
        shutil.rmtree(scratch, ignore_errors=True)
    report.written = sorted(folder.rglob("*.md")) + [folder / DECLARATION]


def update(a, srcdir, config, folder, schedule, events, pages, number_of, report) -> None:
    """Each imported page brought up to the schedule; new events' pages added."""
    summit = the_summit(srcdir, folder, config)
    if summit.days != summit_days(schedule.start, schedule.end):
        raise Refused(f"{folder / DECLARATION} says the summit lasts from {summit.start} to {summit.end}, the "
                      f"schedule from {schedule.start} to {schedule.end}: correct start and end there first")
    options_of = cards(events, number_of, config, summit.formats, report)
    vocab = Vocabulary(summit, summit.formats, summit.remarks, Catalogue({}, {}, {}))
    check_cards(options_of, events, vocab)
    changes: dict[Path, str] = {}
    fresh = [e for e in events if e.key not in pages]
    names, notes = names_for(fresh, folder, set(session_ids(folder)))
    report.notes += notes
    for event in events:
        options = options_of[event.key]
        page = pages.get(event.key)
        if page is None:
            page = folder / f"day{number_of[event.day]}" / f"{names[event.key]}.md"
            if page.exists():
                raise Refused(f"{page} already exists and is not the page of event {event.key}")
            if not (page.parent / "index.md").exists():
                raise Refused(f"{page.parent / 'index.md'} is missing: cannot list the new event "
                              f"{event.title!r} on its day")
            changes[page] = new_page(event, options)
            continue
        text = read_page(page)
        new = updated_page(text, event, options)
        if new != text:
            changes[page] = new
            was = re.search(r"^:day:[ \t]*(\S+)", SESSION_FENCE.search(text)[2], re.MULTILINE)
            if was and was[1] != str(number_of[event.day]):
                report.notes.append(f"{page}: the schedule moved it from day {was[1]} to day "
                                    f"{number_of[event.day]}; its card says so, the page stays where it is")
        else:
            report.unchanged += 1
    chosen = {e.key for e in events}
    listed = {e.key for e in schedule.events}
    for key, page in pages.items():
        if key not in listed:
            report.notes.append(f"gone from the schedule (the page is kept): {page} (event {key})")
        elif key not in chosen:
            report.notes.append(f"not chosen this time (the page is kept as it was): {page}")
    for page, text in changes.items():  # every change known and checked: now written
        created = not page.exists()
        day_index_page = page.parent / "index.md"
        replace(page, text)
        if created:
            list_in_toctree(day_index_page, page.stem)
            report.written.append(day_index_page)
        report.written.append(page)


def replace(path: Path, text: str) -> None:
    """Write ``path`` whole or not at all (a temporary file beside it, then renamed)."""
    handle, temporary = tempfile.mkstemp(prefix=f".{path.name}.", dir=path.parent)
    try:
        with os.fdopen(handle, "w", encoding="utf-8") as out:
            out.write(text)
        os.replace(temporary, path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise


def parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(prog="python -m sphinx_summit.schedule",
                                description="Start a summit from its published schedule (frab XML, or its "
                                            "JSON as pretalx exports it), or bring it up to date.")
    p.add_argument("--folder", required=True, help="the summit's folder in the source folder, e.g. froscon-2026")
    p.add_argument("--from", dest="source", required=True, metavar="FILE_OR_URL",
                   help="the schedule export: a file, or an http(s) URL")
    p.add_argument("--track", action="append", help="only this track's events (repeat, or separate with ';')")
    p.add_argument("--room", action="append", help="only this room's events")
    p.add_argument("--day", action="append", help="only this day's events: its number or date")
    p.add_argument("--event", action="append", help="only this event: its id or guid")
    p.add_argument("--with-breaks", action="store_true", help="also events without speakers (breaks, ...)")
    p.add_argument("--timeout", type=float, default=TIMEOUT, help=f"seconds to fetch a URL (default {TIMEOUT})")
    p.add_argument("--srcdir", default="docs", help="the source folder (default: docs)")
    p.add_argument("--confdir", default=".", help="the folder of conf.py (default: .)")
    return p


def main(argv: list[str] | None = None) -> int:
    args = parser().parse_args(argv)
    report = run_or_refuse(import_schedule, args, "schedule")
    if report is None:
        return 2
    for path in report.written:
        print(f"wrote {path}")
    if report.unchanged:
        print(f"unchanged: {report.unchanged} page(s)")
    for note in report.notes:
        print(note)
    return 0


if __name__ == "__main__":
    sys.exit(main())
