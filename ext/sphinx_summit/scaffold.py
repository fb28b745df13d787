"""Start a page with one command (``make session``, ``make summit``).

    python -m sphinx_summit.scaffold session --summit tokyo-2015 --day 3 --title "My talk"
    python -m sphinx_summit.scaffold summit --folder austin-2016 \\
        --title "OpenStack Austin Summit 2016" --start 2016-04-25 --end 2016-04-29

``session`` writes ``docs/FOLDER/dayN/<slug of the title>.md`` with its card
and adds it to the toctree of the day's page (creating the day's page, and
listing it on the summit's landing page, if the day has none yet).
``summit`` writes a new summit's ``summit.yaml``, landing page and day pages.
Nothing is written when the input is refused: one line on stderr, status 2.
"""

from __future__ import annotations

import argparse
import json
import re
import sys
import tempfile
import unicodedata
from datetime import date, timedelta
from pathlib import Path

import yaml
from sphinx.errors import ConfigError

from sphinx_summit.catalogue import Catalogue
from sphinx_summit.metadata import FIELDS, Vocabulary, page_session_id, parse_options, session_block, slug, visible
from sphinx_summit.settings import site_config, site_remarks
from sphinx_summit.sources import encoding_problem, is_inside
from sphinx_summit.summits import DECLARATION, MAX_DAYS, Summit, load_summit, load_summits, summit_days

MAX_NAME = 60  # characters of a page's file name made from its title (the session's id)


class Refused(Exception):
    """Input the scaffold will not write pages for; its text is the message."""


# -- what the pages say ---------------------------------------------------------

def day_index(day: int) -> str:
    return (f"# Day {day}\n\n"
            f":::{{summit-days}}\n:day: {day}\n:::\n\n"
            "% A few sentences on the day: what it was about, its highlights.\n\n"
            f":::{{session-list}}\n:day: {day}\n:::\n\n"
            f":::{{toctree}}\n:hidden:\n:maxdepth: 1\n\n:::\n")


MARKDOWN_SPECIAL = re.compile(r"([\\`*_\[\]{}<>!|~&$#])")  # what inline Markdown and MyST read


def markdown_text(text: str) -> str:
    """``text`` as Markdown that shows exactly ``text`` (every special character escaped)."""
    return MARKDOWN_SPECIAL.sub(r"\\\1", text)


def session_page(title: str, day: int, session_format: str) -> str:
    return (f"# {markdown_text(title)}\n\n"
            f":::{{session}}\n:day: {day}\n:format: {session_format}\n:::\n\n"
            "% More options of the card, one a line before its closing ':::'\n"
            "% (comma-separated lists; leave out what the notes do not say):\n"
            + "".join(f"%   :{f.name}: {f.hint}\n" for f in FIELDS if f.hint)
            + "% The notes follow, in Markdown; {project}`Cinder`, {term}`NFV` and\n"
            "% {session}`an-id` link to projects, glossary terms and other sessions.\n")


def summit_yaml(a: argparse.Namespace) -> str:
    def line(key: str, value: str | None, comment: str, example: str) -> str:
        if value is None:
            return f"# {key}: {example}".ljust(31) + f" # {comment}\n"
        return f"{key}: {_yaml_scalar(value)}".ljust(31) + f" # {comment}\n"  # (a comment follows a space)
    return ("# The summit whose notes are in this folder: every page here belongs to it.\n"
            "# Days follow from the dates (day 1 is `start`); their dates and weekdays are\n"
            "# computed, in the site's language. See the README, \"Adding a summit\".\n"
            f"title: {_yaml_scalar(a.title)}\n"
            + line("short-title", a.short_title, "what labels show: 'Austin 2016 · Day 3'",
                   "Austin 2016")
            + line("place", a.place, "the city, the country", "Austin, Texas")
            + f"start: {a.start}\nend: {a.end}\n"
            + "".join(line(key, getattr(a, name), comment, "")  # (given by a schedule's import)
                      for key, name, comment in (("time-zone", "time_zone", "the time zone of its times"),
                                                 ("schedule", "schedule", "its published schedule"))
                      if getattr(a, name, None))
            + line("release", a.release, "the release the summit shipped", "Mitaka")
            + line("cycle", a.cycle, "the release cycle it planned", "Newton")
            + "# days:".ljust(32) + "# notes on single days\n"
            + "#   4: Design Summit only\n")


def landing_page(a: argparse.Namespace, start: date, end: date) -> str:
    intro = f"Notes taken at {a.title}"
    if a.place:
        intro += f", {a.place}"
    intro += f", {_dates_text(start, end)}."
    if a.release and a.cycle:
        intro += f" The summit shipped {a.release} and planned the {a.cycle} cycle."
    elif a.release:
        intro += f" The summit shipped {a.release}."
    elif a.cycle:
        intro += f" The summit planned the {a.cycle} cycle."
    days = "".join(f"day{n}/index\n" for n in summit_days(start, end))
    return (f"# {markdown_text(a.title)}\n\n{markdown_text(intro)}\n"
            "One page per day, and one per session with a card naming its speakers,\n"
            "projects and topics.\n\n"
            "## The days\n\n:::{summit-days}\n:::\n\n"
            "## Highly recommended\n\n:::{session-list}\n:remark: recommended\n:::\n\n"
            f":::{{toctree}}\n:hidden:\n:maxdepth: 2\n:caption: The summit\n\n{days}:::\n")


def _dates_text(start: date, end: date) -> str:
    """'25–29 April 2016', '30 May – 2 June 2016', '27 October 2015'."""
    last = f"{end.day} {end:%B %Y}"
    if start == end:
        return last
    if (start.year, start.month) == (end.year, end.month):
        return f"{start.day}–{last}"
    first = f"{start.day} {start:%B}" if start.year == end.year else f"{start.day} {start:%B %Y}"
    return f"{first} – {last}"


def _yaml_scalar(text: str) -> str:
    """The text as it is, or quoted where YAML would read it otherwise."""
    try:
        plain = yaml.safe_load(f"k: {text}")
    except yaml.YAMLError:
        plain = None
    return text if plain == {"k": text} and "#" not in text else json.dumps(text, ensure_ascii=False)


# -- toctrees -------------------------------------------------------------------

FENCE = re.compile(r"^(:{3,}|`{3,})\{toctree\}")


def toctrees(lines: list[str]) -> list[tuple[int, int]]:
    """(opening line, closing line) of each toctree of a page."""
    found, i = [], 0
    while i < len(lines):
        match = FENCE.match(lines[i])
        if match:
            close = next((j for j in range(i + 1, len(lines)) if lines[j].strip() == match[1]), None)
            if close is None:
                break
            found.append((i, close))
            i = close
        i += 1
    return found


def add_entry(lines: list[str], tree: tuple[int, int], entry: str, before: int | None = None) -> None:
    """Put ``entry`` into the toctree, at line ``before`` or last."""
    opening, close = tree
    at = close if before is None else before
    previous = lines[at - 1].strip()
    if at - 1 == opening or (previous.startswith(":") and not previous.startswith(":::")):
        lines.insert(at, "")  # options end with a blank line
        at += 1
    lines.insert(at, entry)


def list_in_toctree(page: Path, entry: str) -> None:
    """Append ``entry`` to the last toctree of the page (a new hidden one if it has none)."""
    lines = page.read_text(encoding="utf-8").splitlines()
    trees = toctrees(lines)
    if trees:
        add_entry(lines, trees[-1], entry)
    else:
        lines += ["", ":::{toctree}", ":hidden:", ":maxdepth: 1", "", entry, ":::"]
    page.write_text("\n".join(lines) + "\n", encoding="utf-8")


def list_day(landing: Path, day: int) -> None:
    """Add ``dayN/index`` to the landing page's toctree of days, in day order."""
    lines = landing.read_text(encoding="utf-8").splitlines()
    trees = toctrees(lines)
    is_day = re.compile(r"^\s*day(\d+)/index\s*$")
    days = {i: int(m[1]) for a, b in trees for i in range(a, b) if (m := is_day.match(lines[i]))}
    if day in days.values():
        return  # listed already
    with_days = [t for t in trees if any(t[0] < i < t[1] for i in days)]
    hidden = [t for t in trees if ":hidden:" in lines[t[0]:t[1]]]
    tree = (with_days or hidden or [None])[0]
    if tree is None:
        lines += ["", ":::{toctree}", ":hidden:", ":maxdepth: 2", ":caption: The summit", "",
                  f"day{day}/index", ":::"]
    else:
        later = [i for i in range(*tree) if days.get(i, 0) > day]
        add_entry(lines, tree, f"day{day}/index", later[0] if later else None)
    landing.write_text("\n".join(lines) + "\n", encoding="utf-8")


# -- the commands -----------------------------------------------------------------

def read_page(path: Path) -> str:
    """A page's text; a page that is not UTF-8 is refused as the build reports it."""
    problem = encoding_problem(path)
    if problem:
        raise Refused(f"{path} is {problem[1]}")
    return path.read_text(encoding="utf-8")


def session_ids(folder: Path) -> dict[str, Path]:
    """The summit's session pages by id, the id the build gives each
    (metadata.page_session_id: a valid ``id`` option, or else the file name)."""
    ids = {}
    for page in sorted(folder.rglob("*.md")):
        docname = Path(folder.name, page.relative_to(folder).with_suffix("")).as_posix()
        sid = page_session_id(read_page(page), docname)
        if sid is not None:
            ids.setdefault(sid, page)
    return ids


def folder_in_source(srcdir: Path, name: str, what: str) -> Path:
    """``srcdir/name``, refused unless it is a folder name inside the source folder."""
    folder = srcdir / name
    if not name.strip() or Path(name).is_absolute() or ".." in Path(name).parts \
            or not is_inside(folder, [srcdir]) or folder.resolve() == srcdir.resolve():
        raise Refused(f"{what} {name!r} is not a folder inside {srcdir}: give its name, e.g. austin-2016")
    return folder


def the_summit(srcdir: Path, folder: Path, config) -> Summit:
    """The summit declared in ``folder``, as the build loads it; refused if it has a problem."""
    summits, problems = load_summits(srcdir, config.exclude_patterns, config.summit_formats,
                                     site_remarks(config))
    declaration = folder / DECLARATION
    for line, message in problems.get(declaration, []):
        raise Refused(f"{declaration}:{line}: {message}; fix it first")
    relative = folder.relative_to(srcdir).as_posix()
    for summit in summits.by_id.values():
        if summit.folder == relative:
            return summit
    raise Refused(f"{folder} has no {DECLARATION}: it is not a summit's folder "
                  f"(start a summit with 'make summit')")


def page_name(title: str, day: Path) -> str:
    """The file name (and so the session's id) a title gives: at most MAX_NAME characters;
    'session', 'session-2', ... for a title without Latin letters ('東京の話')."""
    name = slug(title)
    if len(name) > MAX_NAME:
        name = name[:MAX_NAME].rsplit("-", 1)[0] if "-" in name[:MAX_NAME] else name[:MAX_NAME]
    if not re.search("[a-z]", unicodedata.normalize("NFKD", title).casefold()):
        taken = {page.stem for page in day.parent.rglob("session*.md")}
        name = next(f"session-{n}" if n > 1 else "session" for n in range(1, len(taken) + 2)
                    if (f"session-{n}" if n > 1 else "session") not in taken)
    return name


def new_session(a: argparse.Namespace) -> list[Path]:
    srcdir = _source_folder(a.srcdir)
    config = site_config(Path(a.confdir))
    folder = folder_in_source(srcdir, a.summit, "the summit")
    title = visible(a.title)
    if not title:
        raise Refused("the title is empty: give the session's title, e.g. TITLE=\"My talk\"")
    summit = the_summit(srcdir, folder, config)
    # the day and format, checked by the build's own rules (metadata.parse_options)
    options = {"day": a.day, "format": a.format}
    vocab = Vocabulary(summit, summit.formats, summit.remarks, Catalogue({}, {}, {}))
    parsed = parse_options(options, session_block(options), vocab)
    for problem in parsed.problems:
        raise Refused(problem.message)
    day_number, session_format = parsed.values["day"], parsed.values["format"]
    day = folder / f"day{day_number}"
    page = day / f"{page_name(title, day)}.md"
    if page.exists():
        raise Refused(f"{page} already exists: give the session another title, or edit that page")
    twin = session_ids(folder).get(page.stem)
    if twin is not None:
        raise Refused(f"{twin} already has the session id {page.stem!r} in this summit: "
                      f"give the session another title")
    landing = folder / "index.md"
    if not (day / "index.md").exists() and not landing.is_file():
        raise Refused(f"{folder} has no index.md to list day {day_number} on")
    for existing in (day / "index.md", landing):
        if existing.exists():
            read_page(existing)

    written = [page, day / "index.md"]
    if not (day / "index.md").exists():
        day.mkdir(exist_ok=True)
        create(day / "index.md", day_index(day_number))
        list_day(landing, day_number)
        written.append(landing)
    create(page, session_page(title, day_number, session_format))
    list_in_toctree(day / "index.md", page.stem)
    return written


def new_summit(a: argparse.Namespace) -> list[Path]:
    srcdir = _source_folder(a.srcdir)
    config = site_config(Path(a.confdir))
    if not re.fullmatch(r"[a-z0-9][a-z0-9-]*", a.folder):
        raise Refused(f"the folder name {a.folder!r} is not lowercase letters, digits and "
                      f"hyphens (e.g. austin-2016)")
    folder = folder_in_source(srcdir, a.folder, "the folder")
    if folder.exists():
        raise Refused(f"{folder} already exists: pick another folder name")
    pages = [p for p in srcdir.glob(f"{a.folder}.*") if p.suffix in (".md", ".rst")]
    if pages:
        raise Refused(f"{pages[0]} is a page of that name: pick another folder name")
    moved = sorted(old for old in config.redirects if old == a.folder or old.startswith(f"{a.folder}/"))
    if moved:
        raise Refused(f"{a.folder!r} is the old address of a moved page ({moved[0]!r} in the "
                      f"redirects of conf.py): pick another folder name")
    a.title = visible(a.title)
    if not a.title:
        raise Refused("the title is empty: give the summit's title, "
                      "e.g. TITLE=\"OpenStack Austin Summit 2016\"")
    start, end = (_parse_date(name, getattr(a, name)) for name in ("start", "end"))
    if end < start:
        raise Refused(f"the summit ends ({end}) before it starts ({start})")
    if end >= start + timedelta(MAX_DAYS):
        raise Refused(f"the summit lasts {len(summit_days(start, end))} days, from {start} to {end}; "
                      f"a summit lasts at most {MAX_DAYS} days")
    for name in ("short_title", "place", "release", "cycle"):  # blank: left out
        setattr(a, name, visible(getattr(a, name) or "") or None)

    pages = {DECLARATION: summit_yaml(a), "index.md": landing_page(a, start, end)}
    pages |= {f"day{n}/index.md": day_index(n) for n in summit_days(start, end)}
    check_declaration(srcdir, config, folder, pages[DECLARATION])
    for name, text in pages.items():
        (folder / name).parent.mkdir(parents=True, exist_ok=True)
        create(folder / name, text)
    return [folder / name for name in pages]


def check_declaration(srcdir: Path, config, folder: Path, text: str) -> None:
    """The new summit.yaml, checked as the build checks it, beside the summits there are."""
    with tempfile.TemporaryDirectory() as scratch:
        path = Path(scratch, folder.name, DECLARATION)
        path.parent.mkdir()
        path.write_text(text, encoding="utf-8")
        summit, problems = load_summit(path, folder.name, config.summit_formats, site_remarks(config))
    for _line, message in problems:
        raise Refused(message)
    summits, _problems = load_summits(srcdir, config.exclude_patterns, config.summit_formats,
                                      site_remarks(config))
    for other in summits.by_id.values():
        if summit.id == other.id or summit.title == other.title:
            raise Refused(f"{other.source} already declares a summit with that "
                          f"{'id' if summit.id == other.id else 'title'}: give this one its own")


def create(path: Path, text: str) -> None:
    """Write a new file; never replace one."""
    with path.open("x", encoding="utf-8") as new:
        new.write(text)


def _source_folder(srcdir: str) -> Path:
    if not Path(srcdir).is_dir():
        raise Refused(f"no source folder {srcdir}: run this from the repository's root, "
                      f"or give --srcdir")
    return Path(srcdir)


def _parse_date(name: str, text: str) -> date:
    try:
        if re.fullmatch(r"\d{4}-\d{2}-\d{2}", text):
            return date.fromisoformat(text)
    except ValueError:
        pass
    raise Refused(f"--{name} {text!r} is not a date: write it YYYY-MM-DD, e.g. 2016-04-25")


def parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(prog="python -m sphinx_summit.scaffold",
                                description="Start a session page, or a summit's pages.")
    commands = p.add_subparsers(dest="command", required=True)
    s = commands.add_parser("session", help="a session page, listed on its day's page")
    s.add_argument("--summit", required=True, help="the summit's folder, e.g. tokyo-2015")
    s.add_argument("--day", required=True, help="the day of the summit: its number or its date")
    s.add_argument("--title", required=True, help="the session's title; the page is named after it")
    s.add_argument("--format", default="talk", help="keynote, talk, panel, ... (default: talk)")
    s.add_argument("--srcdir", default="docs", help="the source folder (default: docs)")
    s.add_argument("--confdir", default=".", help="the folder of conf.py (default: .)")
    s.set_defaults(run=new_session)
    m = commands.add_parser("summit", help="a summit: summit.yaml, landing page, day pages")
    m.add_argument("--folder", required=True, help="the summit's folder, e.g. austin-2016")
    m.add_argument("--title", required=True)
    m.add_argument("--start", required=True, help="the first day, YYYY-MM-DD")
    m.add_argument("--end", required=True, help="the last day, YYYY-MM-DD")
    m.add_argument("--short-title", help="what labels show, e.g. 'Austin 2016'")
    m.add_argument("--place")
    m.add_argument("--release", help="the release the summit shipped")
    m.add_argument("--cycle", help="the release cycle it planned")
    m.add_argument("--srcdir", default="docs", help="the source folder (default: docs)")
    m.add_argument("--confdir", default=".", help="the folder of conf.py (default: .)")
    m.set_defaults(run=new_summit)
    return p


def run_or_refuse(command, args: argparse.Namespace, name: str):
    """``command(args)``; or, for input it refuses, None after one line on stderr."""
    try:
        return command(args)
    except Refused as refusal:
        message = str(refusal)
    except ConfigError as error:
        message = str(error)
    except OSError as error:  # a name the file system refuses, a folder not writable
        message = f"cannot write {error.filename}: {error.strerror}"
    print(f"{name}: {message}", file=sys.stderr)
    return None


def main(argv: list[str] | None = None) -> int:
    args = parser().parse_args(argv)
    written = run_or_refuse(args.run, args, "scaffold")
    if written is None:
        return 2
    for path in written:
        print(f"wrote {path}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
