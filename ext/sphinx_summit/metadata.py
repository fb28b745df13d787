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

from .catalogue import Catalogue, did_you_mean
from .data_files import HTTP_URL
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


@dataclass(frozen=True)
class Session:
    """One session as stored in the domain: plain, small, picklable."""

    id: str
    summit: str | None  # the id of the summit the page belongs to
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
    inferred: tuple[str, ...] = ()  # names of the card the notes do not give (editing.py)

    @property
    def people(self) -> tuple[str, ...]:
        return self.speakers + self.organizations

    @property
    def key(self) -> str:
        """Unique in the site: ``summit:id`` (ids are unique within a summit)."""
        return f"{self.summit or ''}:{self.id}"


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
    return [visible(item) for item in str(value).split(",")]


OTHER_SEPARATORS = re.compile(r"[;|]")  # what careless authors separate names with


def parse_options(options: dict[str, str], block_text: str, vocab: Vocabulary) -> Parsed:
    """Check a session's options; return its values and every problem found."""
    parsed = Parsed()
    problems = parsed.problems

    parsed.lines = option_lines(block_text)
    for name, offsets in parsed.lines.items():
        if name in OPTIONS and len(offsets) > 1:
            problems.append(
                OptionProblem(
                    f"option ':{name}:' is given {len(offsets)} times; give it once "
                    f"(for several values, separate them with commas)",
                    name,
                    occurrence=1,
                )
            )

    for name in REQUIRED:
        if name not in options and not (name == "day" and vocab.unusable_declaration):
            problems.append(OptionProblem(_missing_message(name, vocab)))

    for name in URL_OPTIONS:
        if name in options:
            url = visible(options[name])
            if HTTP_URL.match(url):
                parsed.values[name] = url
            else:
                problems.append(OptionProblem(f"option ':{name}:' must be an http(s) URL (https://...), "
                                        f"not {url!r}", name))

    if "id" in options:
        sid = visible(options["id"])
        if ID_RE.match(sid):
            parsed.values["id"] = sid
        else:
            problems.append(
                OptionProblem(
                    f"session id {sid!r} is not valid: use lowercase letters, digits "
                    f"and hyphens, e.g. 'cinder-replication'",
                    "id",
                )
            )

    if "day" in options:
        day = check_day(options["day"], vocab, problems)
        if day is not None:
            parsed.values["day"] = day

    if "format" in options:
        value = visible(options["format"]).lower()
        if value in vocab.formats:
            parsed.values["format"] = value
        else:
            problems.append(
                OptionProblem(
                    f"unknown format {options['format']!r}; use one of: "
                    f"{', '.join(vocab.formats)} (summit_formats in conf.py, or the summit's formats)",
                    "format",
                )
            )

    for name in LIST_OPTIONS:
        if name not in options:
            continue
        items = split_list(options[name])
        if not any(items):
            problems.append(
                OptionProblem(
                    f"option ':{name}:' is empty; list the {name} separated by commas, "
                    f"or leave the option out",
                    name,
                )
            )
            continue
        if not all(items):
            problems.append(
                OptionProblem(f"option ':{name}:' has an empty item; check its commas", name)
            )
        separators = sorted({mark for item in items for mark in OTHER_SEPARATORS.findall(item)})
        if separators:
            problems.append(OptionProblem(
                f"option ':{name}:' separates its items with {' and '.join(map(repr, separators))}; "
                f"separate them with commas", name))
        checker = CHECKERS.get(name)
        if checker:
            items = [known for item in items if item and (known := checker(item, vocab, problems))]
        parsed.values[name] = tuple(one_spelling(name, [i for i in items if i], problems))
    if "inferred" in parsed.values:
        parsed.values["inferred"] = check_inferred(parsed.values, problems)
    return parsed


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
    on_card = {name.casefold(): name for option in CARD_NAMES for name in values.get(option, ())}
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


# Each checker returns the canonical value, or records a problem and returns None.
@dataclass(frozen=True)
class Field:
    """One option of the ``session`` directive, declared once: what it holds, how it
    is checked, whether a session-list selects by it, how it is exported, and
    what the scaffold's page template says of it."""

    name: str
    kind: str  # "id", "day", "format", "url" (an http(s) link) or "list" (comma-separated)
    required: bool = False
    check: Callable | None = None  # (value or item, vocab, problems) -> the known value, or None
    on_card: bool = False  # a name of the card, which ``:inferred:`` may mark
    filter: str | None = None  # the session-list option that selects sessions by it
    hint: str = ""  # the scaffold's comment on it, in a new page

    def exported(self, session: Session):
        """Its value in ``sessions.json``."""
        value = getattr(session, self.name)
        return list(value) if self.kind == "list" else value


FIELDS = (
    Field("id", "id"),
    Field("day", "day", required=True, check=check_day, filter="day"),
    Field("format", "format", required=True),
    Field("speakers", "list", on_card=True, hint="who spoke"),
    Field("organizations", "list", on_card=True, hint="their companies"),
    Field("projects", "list", check=check_catalogued("project"), on_card=True, filter="project",
          hint="projects of docs/_data/catalogue.yaml"),
    Field("topics", "list", check=check_catalogued("topic"), on_card=True, filter="topic",
          hint="topics of docs/_data/catalogue.yaml"),
    Field("remarks", "list", check=check_remark, filter="remark",
          hint="from summit_remarks in conf.py (recommended, packed, ...)"),
    Field("slides", "url"),
    Field("video", "url"),
    Field("inferred", "list"),
)
OPTIONS = tuple(f.name for f in FIELDS)
REQUIRED = tuple(f.name for f in FIELDS if f.required)
URL_OPTIONS = tuple(f.name for f in FIELDS if f.kind == "url")  # shown as links on the card
LIST_OPTIONS = tuple(f.name for f in FIELDS if f.kind == "list")
CARD_NAMES = tuple(f.name for f in FIELDS if f.on_card)  # what :inferred: may name
CHECKERS = {f.name: f.check for f in FIELDS if f.kind == "list" and f.check}
FILTERS = {f.filter: f for f in FIELDS if f.filter}  # session-list option -> the field it selects by


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
    return f"the session has no ':format:' option; add one of: {', '.join(vocab.formats)}"
