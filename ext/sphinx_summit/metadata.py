"""A session's metadata: parsing and checking the options of ``session``.

Everything here is plain data and pure functions, so that the directive, the
domain and the tests share one definition of what a valid session is.
"""

from __future__ import annotations

import difflib
import re
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date
from typing import TYPE_CHECKING

import yaml

from .catalogue import MISTAKEN_SEPARATORS, SEPARATOR, Catalogue, did_you_mean
from .data_files import HTTP_URL, NOT_IN_URL
from .i18n import _

if TYPE_CHECKING:
    from .summits import Remark, Summit

ID_RE = re.compile(r"^[a-z0-9][a-z0-9-]*$")
_RST_OPTION = re.compile(r"^\s*:([\w-]+):")
_YAML_OPTION = re.compile(r"^\s*([\w-]+)\s*:")


def slug(text: str) -> str:
    """Lowercase ASCII letters, digits and hyphens: for ids ('Café' gives 'cafe')."""
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    return re.sub(r"[^a-z0-9]+", "-", ascii_text.casefold()).strip("-") or "x"


def anchor_slug(text: str) -> str:
    """Letters and digits of any script, lowercase, joined by hyphens: for anchors.

    'José' and 'Jose', '山田太郎' and '鈴木一郎' stay apart (an ASCII slug would
    make 'jos' and 'jose', and 'x' of both).
    """
    folded = unicodedata.normalize("NFC", visible(text).casefold())
    return re.sub(r"[^\w]+|_", "-", folded).strip("-") or "x"


@dataclass
class OptionProblem:
    """Something wrong with a session's options, and the option line it is on."""

    message: str
    option: str | None = None  # the option the problem is about, if any
    occurrence: int = 0  # which occurrence of that option (for duplicates)


@dataclass
class Vocabulary:
    """What the options of a page's sessions may name: its summit's days,
    formats and remarks, and the catalogue."""

    summit: Summit | None
    formats: tuple[str, ...]
    remarks: dict[str, Remark]
    catalogue: Catalogue
    language: str = "en"
    # (summit.yaml, summit id) of a page whose declaration is reported on its own
    unusable_declaration: tuple[str, str] | None = None

    @property
    def days(self) -> dict[int, date]:
        return self.summit.days if self.summit else {}

    def day_label(self, day: int | None, *, long: bool = True) -> str:
        if self.summit is None:
            return str(_("Day unknown"))
        return self.summit.day_label(day, self.language, long=long)


@dataclass
class Parsed:
    values: dict = field(default_factory=dict)
    problems: list[OptionProblem] = field(default_factory=list)
    lines: dict[str, list[int]] = field(default_factory=dict)  # option -> line offsets


def option_lines(block_text: str) -> dict[str, list[int]]:
    """Where each option sits in a directive's raw text, as line offsets.

    MyST keeps only the last value of an option given twice; the raw text is
    the only place a duplicate can still be seen.
    """
    lines = block_text.splitlines()
    found: dict[str, list[int]] = {}
    yaml_block = len(lines) > 1 and lines[1].strip() == "---"
    start = 2 if yaml_block else 1
    for offset, line in enumerate(lines[start:], start=start):
        if yaml_block and line.strip() == "---":
            break
        match = (_YAML_OPTION if yaml_block else _RST_OPTION).match(line)
        if not match:
            if yaml_block:
                continue
            break
        found.setdefault(match.group(1), []).append(offset)
    return found


YAML_HINT = ("write one 'name: value' per line, and put a value that starts with '[' or '{', "
             "or holds ': ', in quotes")


def yaml_problem(text: str, first_line: int) -> tuple[int, str] | None:
    """(line, the YAML parser's reason) if ``text``, whose first line is the page's
    ``first_line``, is not valid YAML; the line is where the broken part starts."""
    try:
        yaml.safe_load(text)
    except yaml.MarkedYAMLError as error:
        mark, start = error.problem_mark, error.context_mark
        reason = f"{error.problem} (line {first_line + mark.line}, column {mark.column + 1}"
        if error.context and start is not None:
            reason += f"; {error.context} from line {first_line + start.line}"
        return first_line + (start or mark).line, reason + ")"
    except (yaml.YAMLError, ValueError, RecursionError) as error:
        return first_line, str(error).splitlines()[0]
    return None


def option_block(block_text: str) -> tuple[int, str] | None:
    """(offset of its first line, text) of a directive's YAML option block (between
    '---' lines), if it has one."""
    lines = block_text.splitlines()
    if len(lines) < 2 or lines[1].strip() != "---":
        return None
    end = next((n for n in range(2, len(lines)) if lines[n].strip().startswith("---")), len(lines))
    return 2, "\n".join(lines[2:end])


SESSION_FENCE = re.compile(r"^(:{3,}|`{3,})\{session\}[^\n]*\n(.*?)^\1[ \t]*$", re.MULTILINE | re.DOTALL)


def session_block(options: dict[str, str]) -> str:
    """The text of a ``session`` directive with these options, as an author writes it."""
    return "\n".join([":::{session}", *(f":{name}: {value}" for name, value in options.items()), ":::"])


def declared_id(page_text: str) -> str | None:
    """The ``id`` option of the page's session directive, in either option style
    (``:id: x`` lines, or MyST's YAML block between ``---`` lines)."""
    match = SESSION_FENCE.search(page_text)
    if match is None:
        return None
    body = match[2]
    if body.startswith("---"):
        block = body.split("---", 2)[1] if body.count("---") >= 2 else ""
        try:
            options = yaml.safe_load(block)
        except yaml.YAMLError:
            return None
        value = options.get("id") if isinstance(options, dict) else None
        return visible(str(value)) if value is not None else None
    given = re.search(r"^:id:[ \t]*(\S+)", body, re.MULTILINE)
    return visible(given[1]) if given else None


def default_id(docname: str) -> str:
    """A session's id when it gives none: its file name (or folder, for index)."""
    parts = docname.split("/")
    return slug(parts[-2] if parts[-1] == "index" and len(parts) > 1 else parts[-1])


def session_id(declared: str | None, docname: str) -> str:
    """The id of the page's session: its ``id`` option if that is valid, else
    the page's default id."""
    sid = declared if declared and ID_RE.match(declared) else default_id(docname)
    return sid if ID_RE.match(sid) else "session"


def page_session_id(page_text: str, docname: str) -> str | None:
    """The id the build gives the session of a page's text (None: the page has no
    session directive)."""
    if SESSION_FENCE.search(page_text) is None:
        return None
    return session_id(declared_id(page_text), docname)


def visible(text: str) -> str:
    """``text`` without invisible characters (zero-width spaces, BOMs, controls)
    and with its spaces, of any kind, collapsed."""
    return " ".join("".join(ch for ch in text if unicodedata.category(ch) not in ("Cf", "Cc")).split())


def split_list(value) -> list[str]:
    """The items of a list option: comma-separated text, or a YAML list (``[A, B]``,
    as MyST's option block invites)."""
    if isinstance(value, str) and value.strip().startswith("[") and value.strip().endswith("]"):
        try:
            value = yaml.safe_load(value)
        except yaml.YAMLError:
            pass
    if isinstance(value, list):
        return [visible(str(item)) for item in value]
    return [visible(item) for item in str(value).split(SEPARATOR)]


OTHER_SEPARATORS = re.compile(f"[{re.escape(MISTAKEN_SEPARATORS)}]")  # what careless authors separate names with


def one_spelling(option: str, items: list[str], problems: list[OptionProblem]) -> list[str]:
    """The items, each once: names that differ only in case are one name, spelt as
    first written, and a problem (which spelling is meant?)."""
    first: dict[str, str] = {}
    for item in items:
        spelt = first.setdefault(item.casefold(), item)
        if spelt != item:
            problems.append(OptionProblem(f"option ':{option}:' names {spelt!r} and {item!r}, which differ "
                                    f"only in case; write one of them", option))
    return list(first.values())


def check_inferred(values: dict, problems: list[OptionProblem]) -> tuple[str, ...]:
    """The names of ``:inferred:``, each as the card spells it; a name the card
    does not show is a problem (it would mark nothing)."""
    on_card = {name.casefold(): name for f in INDEXED if f.name in values
               for name in (values[f.name] if f.many else (values[f.name],))}
    known = []
    for name in values["inferred"]:
        if name.casefold() in on_card:
            known.append(on_card[name.casefold()])
            continue
        close = difflib.get_close_matches(name, list(on_card.values()), n=2, cutoff=0.6)
        problems.append(OptionProblem(
            f"':inferred:' names {name!r}, which is not on the card{did_you_mean(close)}; "
            f"list the speakers, organizations, projects or topics of this session that "
            f"the notes do not give", "inferred"))
    return tuple(dict.fromkeys(known))


def check_catalogued(kind: str):
    """A checker for names of the catalogue: ``project`` or ``topic``."""

    def check(name: str, vocab: Vocabulary, problems: list[OptionProblem]) -> str | None:
        known = vocab.catalogue.canonical(kind, name)
        if known is None:
            problems.append(OptionProblem(vocab.catalogue.unknown_message(kind, name), kind + "s"))
        return known

    return check


def check_remark(name: str, vocab: Vocabulary, problems: list[OptionProblem]) -> str | None:
    key = name.lower()
    if key in vocab.remarks:
        return key
    close = difflib.get_close_matches(key, list(vocab.remarks), n=2, cutoff=0.5)
    problems.append(
        OptionProblem(
            f"unknown remark {name!r}{did_you_mean(close)}; use one of: "
            f"{', '.join(vocab.remarks)} (summit_remarks in conf.py, or the summit's remarks)",
            "remarks",
        )
    )
    return None


def check_day(value: str, vocab: Vocabulary, problems: list[OptionProblem]) -> int | None:
    """The day number that ``value`` (``3``, ``Day 3`` or its date) names."""
    text = visible(value).lower().removeprefix("day").strip()
    if text.isdigit() and int(text) in vocab.days:
        return int(text)
    if vocab.unusable_declaration:  # its days are unknown until it is fixed
        return int(text) if text.isdigit() and int(text) > 0 else None
    for number, day in vocab.days.items():
        if text == day.isoformat():
            return number
    problems.append(OptionProblem(_bad_day_message(value, vocab), "day"))
    return None


def _day_choices(vocab: Vocabulary) -> str:
    return ", ".join(f"{n} ({d.isoformat()})" for n, d in vocab.days.items())


def _bad_day_message(value: str, vocab: Vocabulary) -> str:
    if vocab.summit is None:
        return f"no summit has a day {value.strip()!r}: this page is in no summit's folder"
    return (
        f"the summit has no day {value.strip()!r}; use one of the days of "
        f"{vocab.summit.title} ({vocab.summit.source}): {_day_choices(vocab)}"
    )


def _missing_message(name: str, vocab: Vocabulary) -> str:
    if name == "day":
        return f"the session has no ':day:' option; add one of: {_day_choices(vocab)}"
    if name == "format":
        return f"the session has no ':format:' option; add one of: {', '.join(vocab.formats)}"
    return f"the session has no ':{name}:' option; add it"


def check_id(value: str, vocab: Vocabulary, problems: list[OptionProblem]) -> str | None:
    sid = visible(value)
    if ID_RE.match(sid):
        return sid
    problems.append(OptionProblem(f"session id {sid!r} is not valid: use lowercase letters, digits "
                                  f"and hyphens, e.g. 'cinder-replication'", "id"))
    return None


def check_format(value: str, vocab: Vocabulary, problems: list[OptionProblem]) -> str | None:
    known = visible(value).lower()
    if known in vocab.formats:
        return known
    problems.append(OptionProblem(f"unknown format {value!r}; use one of: {', '.join(vocab.formats)} "
                                  f"(summit_formats in conf.py, or the summit's formats)", "format"))
    return None


def check_url(name: str):
    """A checker of the link option ``name``: an http(s) URL."""

    def check(value: str, vocab: Vocabulary, problems: list[OptionProblem]) -> str | None:
        url = visible(value)
        if HTTP_URL.match(url):
            return url
        marks = sorted({ch for ch in url if ch in NOT_IN_URL})
        if marks and HTTP_URL.match("".join(ch for ch in url if ch not in NOT_IN_URL)):
            problems.append(OptionProblem(
                f"option ':{name}:' holds {' and '.join(map(repr, marks))}, which a URL cannot hold: "
                f"write {' and '.join(f'%{ord(ch):02X}' for ch in marks)} in its place, or correct the "
                f"address {url!r}", name))
            return None
        problems.append(OptionProblem(f"option ':{name}:' must be an http(s) URL (https://...), "
                                      f"not {url!r}", name))
        return None

    return check


# -- the fields, declared once -------------------------------------------------

NAMES_SCHEMA = {"$ref": "#/$defs/names"}  # a list of distinct non-empty names (sessions.frame.json)


@dataclass(frozen=True)
class Field:
    """One option of the ``session`` directive, declared once.

    The option parsing, the ``Session`` record, the indices (``kinds.py``), the
    card (``cards.py``), ``sessions.json`` and its schema (``export.py``),
    ``session-list``'s filters and the scaffold's page template all follow from
    ``FIELDS``: a new option is one more entry.
    """

    name: str
    # (text, vocab, problems) -> the known value, or None with a problem recorded;
    # for a list, called on each item (None: any text)
    check: Callable | None
    schema: dict  # the JSON schema of its value in sessions.json
    many: bool = False  # a list: comma-separated, or a YAML list ([A, B])
    required: bool = False
    index: str | None = None  # the index (kinds.INDEX_KINDS) whose entries its names are
    filter: str | None = None  # the session-list option selecting by it (else its index's name)
    # how the card shows it: "badges" (each linked to its index entry), "link" or "text"
    # (a row of the card's fields); "": not as a field (format, day and remarks head the card)
    card: str = ""
    label: str = ""  # its name on the card
    colour: str | None = None  # the sphinx-design colour of its badges
    general_index: bool = False  # its names are also entries of the general index
    facet: bool = False  # the search page filters by it (sphinx_summit.search)
    hint: str = ""  # the scaffold's comment on it, in a new page

    def __post_init__(self):
        if self.index and self.filter:
            raise ValueError(f"field {self.name!r}: session-list selects an index's fields by the "
                             f"index's name ({self.index!r}); give no filter")

    @property
    def python_type(self) -> type:
        if self.many:
            return tuple[str, ...]
        return (int if "integer" in self.schema["type"] else str) | None

    @property
    def selected_by(self) -> str | None:
        """The session-list option that selects sessions by it, if any."""
        return self.filter or self.index

    def values(self, session) -> tuple:
        """Its values in ``session``, as a tuple (for a single-valued field: its value,
        or none)."""
        value = getattr(session, self.name)
        return value if self.many else () if value is None else (value,)

    def exported(self, session):
        """Its value in ``sessions.json``."""
        value = getattr(session, self.name)
        return list(value) if self.many else value


TIME = re.compile(r"^([01]?[0-9]|2[0-3]):([0-5][0-9])$")  # 9:30, 14:05


def check_time(name: str, example: str, what: str):
    """A checker of the option ``name``: hours and minutes, H:MM (``what`` says what they are)."""

    def check(value: str, vocab: Vocabulary, problems: list[OptionProblem]) -> str | None:
        text = visible(value)
        match = TIME.match(text)
        if match:
            return f"{int(match[1])}:{match[2]}"
        problems.append(OptionProblem(f"option ':{name}:' must be {what} as H:MM (e.g. {example}), "
                                      f"not {text!r}", name))
        return None

    return check


def start_minutes(start: str | None) -> float:
    """Minutes from midnight of a start time (H:MM): for sorting; none last."""
    if not start:
        return float("inf")
    hours, minutes = start.split(":")
    return int(hours) * 60 + int(minutes)


def _url_field(name: str, label: str, description: str) -> Field:
    return Field(name, check_url(name), {"type": ["string", "null"], "pattern": "^https?://",
                                         "description": description}, card="link", label=label)


FIELDS = (
    Field("id", check_id, {"type": "string", "pattern": ID_RE.pattern, "description":
                           "The session's id: unique within its summit; also the anchor of its card."}),
    Field("day", check_day, {"type": ["integer", "null"], "minimum": 1, "description":
                             "Day number of its summit; null if the page gave none that exists."},
          required=True, filter="day", facet=True, label=_("Day")),
    Field("format", check_format, {"type": ["string", "null"], "description":
                                   "keynote, talk, panel, work session, contributor meetup, ..."},
          required=True, facet=True, label=_("Format")),
    Field("speakers", None, NAMES_SCHEMA, many=True, index="person", card="badges", label=_("Speakers"),
          colour="secondary", general_index=True, hint="who spoke"),
    Field("organizations", None, NAMES_SCHEMA, many=True, index="person", card="badges",
          label=_("Organizations"), colour="secondary", general_index=True, hint="their companies"),
    Field("projects", check_catalogued("project"), NAMES_SCHEMA, many=True, index="project",
          card="badges", label=_("Projects"), colour="primary", general_index=True, facet=True,
          hint="projects of docs/_data/catalogue.yaml"),
    Field("topics", check_catalogued("topic"), NAMES_SCHEMA, many=True, index="topic", card="badges",
          label=_("Topics"), colour="info", facet=True, hint="topics of docs/_data/catalogue.yaml"),
    Field("remarks", check_remark, NAMES_SCHEMA, many=True, filter="remark",
          hint="from summit_remarks in conf.py (recommended, packed, ...)"),
    _url_field("slides", _("Slides"), "The slides, where the notes give them: an http(s) URL."),
    _url_field("video", _("Recording"), "The recording: an http(s) URL."),
    # what a conference's schedule says of it (sphinx_summit.schedule writes them)
    Field("start", check_time("start", "14:30", "its start time, 24-hour"),
          {"type": ["string", "null"], "description":
           "When it started: in the card 'H:MM', local time; here the ISO 8601 date and time, with "
           "the UTC offset of the summit's time zone where its summit.yaml gives one."},
          card="text", label=_("Start"), hint="its start time, 24-hour H:MM (14:30)"),
    Field("duration", check_time("duration", "0:45", "how long it lasted"),
          {"type": ["string", "null"], "pattern": "^[0-9]+:[0-5][0-9]$", "description":
           "How long it lasted, H:MM."}, card="text", label=_("Duration"), hint="H:MM (0:45)"),
    Field("room", None, {"type": ["string", "null"], "description": "The room it was held in."},
          card="text", label=_("Room"), facet=True, hint="the room it was held in"),
    Field("language", None, {"type": ["string", "null"], "description":
                             "The language it was held in (as the schedule names it: en, de, ...)."},
          card="text", label=_("Language"), facet=True, hint="the language it was held in (en)"),
    _url_field("schedule", _("In the schedule"), "Its page in the conference's published schedule."),
    Field("event", None, {"type": ["string", "null"], "description":
                          "Its event's guid (else id) in the conference's schedule: how a new import "
                          "of the schedule finds the page, wherever it is."}),
    # checked once the others are known (check_inferred)
    Field("inferred", None, {**NAMES_SCHEMA, "description":
                             "Names of this record (speakers, organizations, projects, topics) that "
                             "the notes do not give: the editors inferred them."}, many=True),
)
FIELD = {f.name: f for f in FIELDS}
OPTIONS = tuple(FIELD)
INDEXED = tuple(f for f in FIELDS if f.index)  # fields whose names are entries of an index
FILTERS: dict[str, tuple[Field, ...]] = {}  # session-list option -> the fields it selects by
for _field in FIELDS:
    if _field.selected_by:
        FILTERS[_field.selected_by] = (*FILTERS.get(_field.selected_by, ()), _field)
del _field


def filter_values(session, option: str) -> tuple:
    """What the session-list option ``option`` looks at in ``session``."""
    return tuple(value for f in FILTERS[option] for value in f.values(session))


@dataclass(frozen=True)
class Session:
    """One session as stored in the domain: plain, small, picklable. Where it is,
    its title (the page's), and a value for each field of ``FIELDS`` but ``id``
    (None, or () for a list); ``tests/test_fields.py`` checks that they match."""

    id: str
    summit: str | None
    docname: str
    lineno: int
    title: str
    day: int | None = None
    format: str | None = None
    speakers: tuple[str, ...] = ()
    organizations: tuple[str, ...] = ()
    projects: tuple[str, ...] = ()
    topics: tuple[str, ...] = ()
    remarks: tuple[str, ...] = ()
    slides: str | None = None
    video: str | None = None
    start: str | None = None
    duration: str | None = None
    room: str | None = None
    language: str | None = None
    schedule: str | None = None
    event: str | None = None
    inferred: tuple[str, ...] = ()

    @property
    def people(self) -> tuple[str, ...]:
        """Its speakers and organizations: the people index's entries."""
        return filter_values(self, "person")

    @property
    def key(self) -> str:
        """Unique in the site: ``summit:id`` (ids are unique within a summit)."""
        return f"{self.summit or ''}:{self.id}"


def parse_options(options: dict[str, str], block_text: str, vocab: Vocabulary) -> Parsed:
    """Check a session's options; return its values and every problem found."""
    parsed = Parsed()
    problems = parsed.problems

    parsed.lines = option_lines(block_text)
    for name, offsets in parsed.lines.items():
        if name in FIELD and len(offsets) > 1:
            problems.append(OptionProblem(f"option ':{name}:' is given {len(offsets)} times; give it once "
                                          f"(for several values, separate them with commas)",
                                          name, occurrence=1))
    for f in FIELDS:
        if f.required and f.name not in options and not (f.name == "day" and vocab.unusable_declaration):
            problems.append(OptionProblem(_missing_message(f.name, vocab)))
    for f in FIELDS:
        if f.name not in options:
            continue
        value = (parse_list if f.many else parse_one)(f, options[f.name], vocab, problems)
        if value is not None:
            parsed.values[f.name] = value
    if "inferred" in parsed.values:
        parsed.values["inferred"] = check_inferred(parsed.values, problems)
    return parsed


def parse_one(f: Field, text: str, vocab: Vocabulary, problems: list[OptionProblem]):
    """The value of a single-valued option: checked, or (no checker) any text but none."""
    if f.check:
        return f.check(text, vocab, problems)
    value = visible(text)
    if not value:
        problems.append(OptionProblem(f"option ':{f.name}:' is empty; give it a value, or leave "
                                      f"the option out", f.name))
    return value or None


def parse_list(f: Field, text, vocab: Vocabulary, problems: list[OptionProblem]) -> tuple[str, ...] | None:
    """The items of a list option, each checked, each once."""
    name = f.name
    items = split_list(text)
    if not any(items):
        problems.append(OptionProblem(f"option ':{name}:' is empty; list the {name} separated by commas, "
                                      f"or leave the option out", name))
        return None
    if not all(items):
        problems.append(OptionProblem(f"option ':{name}:' has an empty item; check its commas", name))
    separators = sorted({mark for item in items for mark in OTHER_SEPARATORS.findall(item)})
    if separators:
        problems.append(OptionProblem(
            f"option ':{name}:' separates its items with {' and '.join(map(repr, separators))}; "
            f"separate them with commas", name))
    if f.check:
        items = [known for item in items if item and (known := f.check(item, vocab, problems))]
    return tuple(one_spelling(name, [i for i in items if i], problems))
