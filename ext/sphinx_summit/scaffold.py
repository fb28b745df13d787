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
from datetime import date, timedelta
from pathlib import Path

import yaml

from sphinx_summit.metadata import slug
from sphinx_summit.summits import DECLARATION, MAX_DAYS


class Refused(Exception):
    """Input the scaffold will not write pages for; its text is the message."""


# -- what the pages say ---------------------------------------------------------

def day_index(day: int) -> str:
    return (f"# Day {day}\n\n"
            f":::{{summit-days}}\n:day: {day}\n:::\n\n"
            "% A few sentences on the day: what it was about, its highlights.\n\n"
            f":::{{session-list}}\n:day: {day}\n:::\n\n"
            f":::{{toctree}}\n:hidden:\n:maxdepth: 1\n\n:::\n")


def session_page(title: str, day: int, session_format: str) -> str:
    return (f"# {title}\n\n"
            f":::{{session}}\n:day: {day}\n:format: {session_format}\n:::\n\n"
            "% More options of the card, one a line before its closing ':::'\n"
            "% (comma-separated lists; leave out what the notes do not say):\n"
            "%   :speakers: who spoke\n"
            "%   :organizations: their companies\n"
            "%   :projects: projects of docs/_data/catalogue.yaml\n"
            "%   :topics: topics of docs/_data/catalogue.yaml\n"
            "%   :remarks: from summit_remarks in conf.py (recommended, packed, ...)\n"
            "% The notes follow, in Markdown; {project}`Cinder`, {term}`NFV` and\n"
            "% {session}`an-id` link to projects, glossary terms and other sessions.\n")


def summit_yaml(a: argparse.Namespace) -> str:
    def line(key: str, value: str | None, comment: str, example: str) -> str:
        if value is None:
            return f"# {key}: {example}".ljust(32) + f"# {comment}\n"
        return f"{key}: {_yaml_scalar(value)}".ljust(32) + f"# {comment}\n"
    return ("# The summit whose notes are in this folder: every page here belongs to it.\n"
            "# Days follow from the dates (day 1 is `start`); their dates and weekdays are\n"
            "# computed, in the site's language. See the README, \"Adding a summit\".\n"
            f"title: {_yaml_scalar(a.title)}\n"
            + line("short-title", a.short_title, "what labels show: 'Austin 2016 · Day 3'",
                   "Austin 2016")
            + line("place", a.place, "the city, the country", "Austin, Texas")
            + f"start: {a.start}\nend: {a.end}\n"
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
    days = "".join(f"day{n}/index\n" for n in range(1, (end - start).days + 2))
    return (f"# {a.title}\n\n{intro}\n"
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

def summit_days(declaration: Path) -> int:
    """How many days the summit of this summit.yaml has."""
    try:
        data = yaml.safe_load(declaration.read_text(encoding="utf-8"))
        start, end = (d if isinstance(d, date) else date.fromisoformat(str(d))
                      for d in (data["start"], data["end"]))
    except (yaml.YAMLError, TypeError, KeyError, ValueError):
        raise Refused(f"{declaration} has no valid start and end dates (YYYY-MM-DD); "
                      f"fix it first") from None
    return (end - start).days + 1


def session_ids(folder: Path) -> dict[str, Path]:
    """The summit's session pages by id: their ':id:', or else their file name."""
    ids = {}
    for page in sorted(folder.rglob("*.md")):
        text = page.read_text(encoding="utf-8")
        if "{session}" in text:
            given = re.search(r"^:id:\s*(\S+)", text, re.MULTILINE)
            ids.setdefault(given[1] if given else slug(page.stem), page)
    return ids


def new_session(a: argparse.Namespace) -> list[Path]:
    _source_folder(a.srcdir)
    folder = Path(a.srcdir, a.summit)
    title = " ".join(a.title.split())
    if not title:
        raise Refused("the title is empty: give the session's title, e.g. --title \"My talk\"")
    if not (folder / DECLARATION).is_file():
        raise Refused(f"{folder} has no {DECLARATION}: it is not a summit's folder "
                      f"(start a summit with 'make summit')")
    count = summit_days(folder / DECLARATION)
    if not 1 <= a.day <= count:
        raise Refused(f"the summit {a.summit} has no day {a.day}; its days are 1 to {count}")
    day = folder / f"day{a.day}"
    page = day / f"{slug(title)}.md"
    if page.exists():
        raise Refused(f"{page} already exists: give the session another title, "
                      f"or edit that page")
    twin = session_ids(folder).get(page.stem)
    if twin is not None:
        raise Refused(f"{twin} already has the session id {page.stem!r} in this summit: "
                      f"give the session another title")
    landing = folder / "index.md"
    if not (day / "index.md").exists() and not landing.is_file():
        raise Refused(f"{folder} has no index.md to list day {a.day} on")

    written = [page, day / "index.md"]
    if not (day / "index.md").exists():
        day.mkdir(exist_ok=True)
        (day / "index.md").write_text(day_index(a.day), encoding="utf-8")
        list_day(landing, a.day)
        written.append(landing)
    page.write_text(session_page(title, a.day, a.format), encoding="utf-8")
    list_in_toctree(day / "index.md", page.stem)
    return written


def new_summit(a: argparse.Namespace) -> list[Path]:
    _source_folder(a.srcdir)
    if not re.fullmatch(r"[a-z0-9][a-z0-9-]*", a.folder):
        raise Refused(f"the folder name {a.folder!r} is not lowercase letters, digits and "
                      f"hyphens (e.g. austin-2016)")
    folder = Path(a.srcdir, a.folder)
    if folder.exists():
        raise Refused(f"{folder} already exists: pick another folder name")
    a.title = " ".join(a.title.split())
    if not a.title:
        raise Refused("the title is empty: give the summit's title, "
                      "e.g. --title \"OpenStack Austin Summit 2016\"")
    start, end = (_parse_date(name, getattr(a, name)) for name in ("start", "end"))
    if end < start:
        raise Refused(f"the summit ends ({end}) before it starts ({start})")
    if end >= start + timedelta(MAX_DAYS):
        raise Refused(f"the summit lasts {(end - start).days + 1} days, from {start} to {end}; "
                      f"a summit lasts at most {MAX_DAYS} days")
    for name in ("short_title", "place", "release", "cycle"):  # blank: left out
        setattr(a, name, " ".join((getattr(a, name) or "").split()) or None)

    pages = {DECLARATION: summit_yaml(a), "index.md": landing_page(a, start, end)}
    pages |= {f"day{n}/index.md": day_index(n) for n in range(1, (end - start).days + 2)}
    for name, text in pages.items():
        (folder / name).parent.mkdir(parents=True, exist_ok=True)
        (folder / name).write_text(text, encoding="utf-8")
    return [folder / name for name in pages]


def _source_folder(srcdir: str) -> None:
    if not Path(srcdir).is_dir():
        raise Refused(f"no source folder {srcdir}: run this from the repository's root, "
                      f"or give --srcdir")


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
    s.add_argument("--day", required=True, type=int, help="the day of the summit, 1 to its last")
    s.add_argument("--title", required=True, help="the session's title; the page is named after it")
    s.add_argument("--format", default="talk", help="keynote, talk, panel, ... (default: talk)")
    s.add_argument("--srcdir", default="docs", help="the source folder (default: docs)")
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
    m.set_defaults(run=new_summit)
    return p


def main(argv: list[str] | None = None) -> int:
    args = parser().parse_args(argv)
    try:
        written = args.run(args)
    except Refused as refusal:
        print(f"scaffold: {refusal}", file=sys.stderr)
        return 2
    for path in written:
        print(f"wrote {path}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
