"""`make summit` and `make session` (python -m sphinx_summit.scaffold), for real.

The commands run on a copy of the site's pages; the copy is then built the
way `make html` builds the site, and the tests look at what a reader sees.
"""

from __future__ import annotations

import json
import os
import shlex
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from bs4 import BeautifulSoup
from conftest import ROOT

# The summit the tests make: a folder and title no author's summit has (an
# author may well have made the README's austin-2016 by now).
NEW = "scaffold-test-2016"
AUSTIN = ["--folder", NEW, "--title", "Scaffold Test Summit 2016",
          "--start", "2016-04-25", "--end", "2016-04-29", "--short-title", "Scaffold Test 2016",
          "--place", "Austin, Texas", "--release", "Mitaka", "--cycle", "Newton"]
# a title as a careless author types it: shell, make and Markdown syntax, all of it text
NASTY = "Costs: $5 & `id` $(shell touch MARKER) <b>bold</b> *not* _em_ #hash [x](y) {term}`z` \\back | ~"


def scaffold(cwd: Path, *args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "sphinx_summit.scaffold", *args, "--srcdir", "docs",
                           "--confdir", str(ROOT)],
                          capture_output=True, text=True, cwd=cwd)


def copy_docs(to: Path) -> Path:
    shutil.copytree(ROOT / "docs", to / "docs")
    return to


@pytest.fixture(scope="module")
def built(tmp_path_factory) -> tuple[Path, Path]:
    """The pages after the commands below, and their HTML build."""
    root = copy_docs(tmp_path_factory.mktemp("scaffold"))
    # a summit whose summit.yaml and landing page were written by hand, with a
    # page for day 3 only: a session on day 1 creates the day's page
    vancouver = root / "docs" / "vancouver-2015"
    (vancouver / "day3").mkdir(parents=True)
    (vancouver / "summit.yaml").write_text("title: OpenStack Vancouver Summit 2015\n"
                                           "start: 2015-05-18\nend: 2015-05-21\n")
    (vancouver / "index.md").write_text("# Vancouver\n\n:::{summit-days}\n:::\n\n"
                                        ":::{toctree}\n:hidden:\n\nday3/index\n:::\n")
    (vancouver / "day3" / "index.md").write_text("# Day 3\n\n:::{summit-days}\n:day: 3\n:::\n")
    for args in (["summit", *AUSTIN],
                 ["session", "--summit", NEW, "--day", "2", "--title", "Neutron news",
                  "--format", "keynote"],
                 ["session", "--summit", "tokyo-2015", "--day", "3", "--title", "My talk"],
                 ["session", "--summit", "vancouver-2015", "--day", "1", "--title", "Swift at scale"]):
        result = scaffold(root, *args)
        assert result.returncode == 0, result.stderr
        assert "wrote docs/" in result.stdout
    marker = root / "shell-ran"
    result = make("session", f"SOURCEDIR={root / 'docs'}", f"SUMMIT={NEW}", "DAY=3",
                  "TITLE=" + NASTY.replace("MARKER", str(marker)))
    assert result.returncode == 0, result.stderr
    assert not marker.exists()
    out = root / "html"
    result = subprocess.run(
        [sys.executable, "-m", "sphinx", "-b", "html", "-W", "--keep-going", "-n", "-q",
         "-c", str(ROOT), str(root / "docs"), str(out)],
        capture_output=True, text=True, cwd=root,
    )
    assert result.returncode == 0, result.stderr
    return root / "docs", out


def page(out: Path, name: str) -> BeautifulSoup:
    return BeautifulSoup((out / name).read_text(encoding="utf-8"), "html.parser")


def test_the_new_pages_are_what_the_commands_say(built):
    docs, _out = built
    austin = docs / NEW
    assert sorted(p.relative_to(austin).as_posix() for p in austin.rglob("*.*")) == sorted([
        *(f"day{n}/index.md" for n in range(1, 6)), "day2/neutron-news.md", "index.md", "summit.yaml",
        f"day3/{nasty_name(docs)}"])
    session = (austin / "day2" / "neutron-news.md").read_text()
    assert session.startswith("# Neutron news\n\n:::{session}\n:day: 2\n:format: keynote\n:::\n")
    for option in ("speakers", "organizations", "projects", "topics", "remarks"):
        assert f"%   :{option}:" in session
    assert (docs / "tokyo-2015/day3/my-talk.md").read_text().count(":format: talk") == 1
    assert (docs / "tokyo-2015/day3/index.md").read_text().endswith("trusted-containers\nmy-talk\n:::\n")
    # the new day page is listed before day 3 on the landing page
    assert (docs / "vancouver-2015/index.md").read_text().endswith("\nday1/index\nday3/index\n:::\n")


def test_session_pages_show_their_card(built):
    _docs, out = built
    for name, day in [(f"{NEW}/day2/neutron-news.html", "Day 2 · Tuesday 26 April 2016"),
                      ("tokyo-2015/day3/my-talk.html", "Day 3 · Thursday 29 October 2015"),
                      ("vancouver-2015/day1/swift-at-scale.html", "Day 1 · Monday 18 May 2015")]:
        cards = page(out, name).select(".session-card")
        assert len(cards) == 1, name
        assert day in cards[0].get_text(" "), name


def test_day_pages_list_their_new_sessions(built):
    _docs, out = built
    for day_page, title in [(f"{NEW}/day2/index.html", "Neutron news"),
                            ("tokyo-2015/day3/index.html", "My talk"),
                            ("vancouver-2015/day1/index.html", "Swift at scale")]:
        links = [a.get_text(" ", strip=True) for a in page(out, day_page).select(".session-list a")]
        assert title in links, day_page


def test_the_new_summit_is_on_the_home_page_with_its_days(built):
    _docs, out = built
    home = page(out, "index.html")
    titles = {a.get_text(strip=True): a["href"] for a in home.select(".summit-list a")}
    assert titles["Scaffold Test Summit 2016"] == f"{NEW}/index.html"
    landing = page(out, f"{NEW}/index.html")
    text = landing.article.get_text(" ")
    assert "Notes taken at Scaffold Test Summit 2016, Austin, Texas, 25–29 April 2016." in text
    day_links = [a["href"] for a in landing.select(".summit-days a")]
    assert day_links == [f"day{n}/index.html" for n in range(1, 6)]
    for n in range(1, 6):
        assert page(out, f"{NEW}/day{n}/index.html").h1.get_text(strip=True).startswith(f"Day {n}")


def test_sessions_json_has_the_new_sessions(built):
    _docs, out = built
    data = json.loads((out / "sessions.json").read_text(encoding="utf-8"))
    sessions = {s["id"]: s for s in data["sessions"]}
    assert {k: sessions["neutron-news"][k] for k in ("summit", "title", "day", "date", "format")} == {
        "summit": NEW, "title": "Neutron news", "day": 2, "date": "2016-04-26",
        "format": "keynote"}
    assert sessions["my-talk"]["summit"] == "tokyo-2015" and sessions["my-talk"]["format"] == "talk"
    assert sessions["swift-at-scale"]["summit"] == "vancouver-2015"
    austin = next(s for s in data["summits"] if s["id"] == NEW)
    assert (austin["short_title"], austin["place"], austin["release"], austin["cycle"]) == (
        "Scaffold Test 2016", "Austin, Texas", "Mitaka", "Newton")


def nasty_name(docs: Path) -> str:
    return next(p.name for p in (docs / NEW / "day3").glob("*.md") if p.name != "index.md")


def test_a_title_is_text_whatever_it_holds(built):
    """Nothing in a title is run by a shell, expanded by make or read as Markdown."""
    docs, out = built
    name = nasty_name(docs)
    assert len(name) <= 60 + 3
    title = NASTY.replace("MARKER", str(docs.parent / "shell-ran"))
    shown = page(out, f"{NEW}/day3/{name[:-3]}.html").h1
    shown.find("a", class_="headerlink").extract()
    assert shown.get_text() == title
    data = json.loads((out / "sessions.json").read_text(encoding="utf-8"))
    assert title in [s["title"] for s in data["sessions"]]


REFUSALS = {
    "no summit.yaml": (["session", "--summit", "nowhere", "--day", "1", "--title", "T"],
                       "docs/nowhere has no summit.yaml"),
    "day after the last": (["session", "--summit", "tokyo-2015", "--day", "5", "--title", "T"],
                           "the summit has no day '5'; use one of the days of OpenStack Tokyo Summit 2015"),
    "day 0": (["session", "--summit", "tokyo-2015", "--day", "0", "--title", "T"],
              "has no day '0'"),
    "format the build rejects": (["session", "--summit", "tokyo-2015", "--day", "3", "--title", "T",
                                  "--format", "design session"], "unknown format 'design session'"),
    "summit above the source folder": (["session", "--summit", "../elsewhere", "--day", "1", "--title", "T"],
                                       "the summit '../elsewhere' is not a folder inside docs"),
    "summit at an absolute path": (["session", "--summit", "/tmp", "--day", "1", "--title", "T"],
                                   "the summit '/tmp' is not a folder inside docs"),
    "the source folder itself": (["session", "--summit", ".", "--day", "1", "--title", "T"],
                                 "the summit '.' is not a folder inside docs"),
    "a moved page's old address": (["summit", "--folder", "day1", "--title", "T",
                                    "--start", "2016-04-25", "--end", "2016-04-29"],
                                   "'day1' is the old address of a moved page"),
    "a page's name": (["summit", "--folder", "glossary", "--title", "T",
                       "--start", "2016-04-25", "--end", "2016-04-29"],
                      "docs/glossary.md is a page of that name"),
    "another summit's title": (["summit", "--folder", NEW, "--title", "OpenStack Tokyo Summit 2015",
                                "--start", "2016-04-25", "--end", "2016-04-29"],
                               "docs/tokyo-2015/summit.yaml already declares a summit with that title"),
    "page exists": (["session", "--summit", "tokyo-2015", "--day", "3", "--title", "NFV bakeoff"],
                    "docs/tokyo-2015/day3/nfv-bakeoff.md already exists"),
    "id of another day": (["session", "--summit", "tokyo-2015", "--day", "1", "--title", "NFV bakeoff"],
                          "already has the session id 'nfv-bakeoff'"),
    "empty title": (["session", "--summit", "tokyo-2015", "--day", "3", "--title", "  "],
                    "the title is empty"),
    "summit folder exists": (["summit", "--folder", "tokyo-2015", "--title", "T",
                              "--start", "2016-04-25", "--end", "2016-04-29"],
                             "docs/tokyo-2015 already exists"),
    "folder name": (["summit", "--folder", "Austin_2016", "--title", "T",
                     "--start", "2016-04-25", "--end", "2016-04-29"],
                    "'Austin_2016' is not lowercase letters, digits and hyphens"),
    "not a date": (["summit", "--folder", NEW, "--title", "T",
                    "--start", "2016-04-31", "--end", "2016-05-02"],
                   "--start '2016-04-31' is not a date"),
    "not YYYY-MM-DD": (["summit", "--folder", NEW, "--title", "T",
                        "--start", "2016-04-25", "--end", "29/04/2016"],
                       "--end '29/04/2016' is not a date"),
    "end before start": (["summit", "--folder", NEW, "--title", "T",
                          "--start", "2016-04-29", "--end", "2016-04-25"],
                         "the summit ends (2016-04-25) before it starts (2016-04-29)"),
    "too long": (["summit", "--folder", NEW, "--title", "T",
                  "--start", "2016-04-01", "--end", "2016-05-02"],
                 "the summit lasts 32 days, from 2016-04-01 to 2016-05-02; a summit lasts at most 31 days"),
}


@pytest.fixture(scope="module")
def pristine(tmp_path_factory) -> Path:
    return copy_docs(tmp_path_factory.mktemp("refusals"))


def snapshot(docs: Path) -> dict[str, bytes]:
    return {p.relative_to(docs).as_posix(): p.read_bytes() for p in docs.rglob("*") if p.is_file()}


@pytest.mark.parametrize("case", REFUSALS, ids=list(REFUSALS))
def test_refusals_are_one_line_and_status_2(pristine, case):
    args, message = REFUSALS[case]
    before = snapshot(pristine / "docs")
    result = scaffold(pristine, *args)
    assert result.returncode == 2
    assert "Traceback" not in result.stderr
    assert result.stderr.count("\n") == 1 and result.stderr.startswith("scaffold: ")
    assert message in result.stderr
    assert result.stdout == ""
    assert snapshot(pristine / "docs") == before  # nothing written


def make(*variables: str) -> subprocess.CompletedProcess:
    # (under `make test` the parent make's flags would add "Entering directory" lines)
    env = {k: v for k, v in os.environ.items() if k not in ("MAKEFLAGS", "MAKELEVEL", "MFLAGS")}
    return subprocess.run(["make", "--no-print-directory", *variables], capture_output=True,
                          text=True, cwd=ROOT, env=env)


def make_n(*variables: str) -> subprocess.CompletedProcess:
    return make("-n", *variables)


def scaffold_command(output: str) -> list[str]:
    """The arguments of the scaffold command make would run (its last command)."""
    words = shlex.split(output.replace("\\\n", " "))
    return words[words.index("sphinx_summit.scaffold") + 1:]


def test_a_page_that_is_not_utf8_is_named_with_its_encoding(tmp_path):
    root = copy_docs(tmp_path)
    latin = root / "docs/tokyo-2015/day2/notes-in-latin-1.md"
    latin.write_bytes("# Café\n\nDéjà vu.\n".encode("latin-1"))
    result = scaffold(root, "session", "--summit", "tokyo-2015", "--day", "2", "--title", "T")
    assert result.returncode == 2 and "Traceback" not in result.stderr
    assert result.stderr == ("scaffold: docs/tokyo-2015/day2/notes-in-latin-1.md is not UTF-8 (byte 0xE9 "
                             "on line 1; it looks like Latin-1 (ISO-8859-1) or Windows-1252): save it as UTF-8\n")


def test_make_targets_run_the_scaffold():
    result = make_n("session", "SUMMIT=tokyo-2015", "DAY=3", "TITLE=My talk", "FORMAT=panel")
    assert result.returncode == 0, result.stderr
    assert "-m sphinx_summit.scaffold" in result.stdout
    assert scaffold_command(result.stdout) == [
        "session", "--srcdir=docs", "--summit=tokyo-2015", "--day=3", "--title=My talk", "--format=panel"]
    result = make_n("summit", "FOLDER=austin-2016", "TITLE=OpenStack Austin Summit 2016",
                    "START=2016-04-25", "END=2016-04-29", "PLACE=Austin, Texas", "CYCLE=Newton")
    assert result.returncode == 0, result.stderr
    assert scaffold_command(result.stdout) == [
        "summit", "--srcdir=docs", "--folder=austin-2016", "--title=OpenStack Austin Summit 2016",
        "--start=2016-04-25", "--end=2016-04-29", "--place=Austin, Texas", "--cycle=Newton"]
    result = make_n("session", "SUMMIT=tokyo-2015", "DAY=3")
    assert result.returncode == 2
    assert "usage: make session SUMMIT=tokyo-2015 DAY=3 TITLE=" in result.stderr


def test_titles_without_latin_letters_or_starting_with_dashes(tmp_path):
    root = copy_docs(tmp_path)
    docs = root / "docs"
    for title in ("東京の話", "大阪の話"):
        assert scaffold(root, "session", "--summit", "tokyo-2015", "--day", "2", "--title", title).returncode == 0
    assert (docs / "tokyo-2015/day2/session.md").read_text().startswith("# 東京の話\n")
    assert (docs / "tokyo-2015/day2/session-2.md").read_text().startswith("# 大阪の話\n")
    result = make("session", f"SOURCEDIR={docs}", "SUMMIT=tokyo-2015", "DAY=2", "TITLE=-- a dash first")
    assert result.returncode == 0, result.stderr
    assert (docs / "tokyo-2015/day2/a-dash-first.md").read_text().startswith("# -- a dash first\n")
    result = make("session", f"SOURCEDIR={docs}", "SUMMIT=tokyo-2015", "DAY=2", "TITLE=Café déjà vu")
    assert (docs / "tokyo-2015/day2/cafe-deja-vu.md").exists(), result.stderr


def test_the_scaffold_gives_a_page_the_session_id_the_build_gives_it(tmp_path):
    """A page that only links to a session ({session} role) has no session id; a
    session whose ':id:' is not valid has its file name as id, as in the build."""
    root = copy_docs(tmp_path)
    day2 = root / "docs/tokyo-2015/day2"
    (day2 / "reading-list.md").write_text("# Reading list\n\nSee {session}`nfv-bakeoff`.\n")
    (day2 / "bad-id.md").write_text("# Bad id\n\n:::{session}\n:id: Not_Valid\n:day: 2\n"
                                    ":format: talk\n:::\n")
    accepted = scaffold(root, "session", "--summit", "tokyo-2015", "--day", "3", "--title", "Reading list")
    assert accepted.returncode == 0, accepted.stderr
    assert (root / "docs/tokyo-2015/day3/reading-list.md").is_file()
    refused = scaffold(root, "session", "--summit", "tokyo-2015", "--day", "3", "--title", "Bad id")
    assert refused.returncode == 2
    assert refused.stderr == ("scaffold: docs/tokyo-2015/day2/bad-id.md already has the session id "
                              "'bad-id' in this summit: give the session another title\n")
