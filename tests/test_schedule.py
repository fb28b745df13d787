"""`make summit FOLDER=... FROM=...` (python -m sphinx_summit.schedule), for real.

The exports in tests/data/schedule are made in the shape the tools publish:
pretalx's schedule.json and its schedule.xml twin (one conference, DemoCon
2026) and frab's schedule XML (another, with a late-night event, an HTML-free
Markdown description, non-Latin names and relative attachment URLs). Each is
imported into a copy of docs/ (or an empty source folder), the copy is built as
`make html` builds, and the tests look at what a reader and an author see.
"""

from __future__ import annotations

import http.server
import json
import shutil
import socket
import subprocess
import sys
import threading
import xml.etree.ElementTree as ElementTree
from datetime import date
from pathlib import Path

import pytest
import yaml
from bs4 import BeautifulSoup
from conftest import ROOT
from site_properties import (
    check_cards_say_what_sessions_json_says,
    check_day_pages_list_their_sessions,
    check_one_card_per_session_page,
    check_sessions_json,
    check_summits_on_the_home_page,
    soup,
)

DATA = Path(__file__).parent / "data" / "schedule"
PRETALX_JSON, PRETALX_XML, FRAB_XML = DATA / "pretalx-democon.json", DATA / "pretalx-democon.xml", DATA / "frab-camp.xml"
NOTES = "## What I took away\n\nMy own words, {term}`NFV` and all.\n"


def schedule(srcdir: Path, *args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "sphinx_summit.schedule", *args,
                           "--srcdir", str(srcdir), "--confdir", str(ROOT)],
                          capture_output=True, text=True, cwd=srcdir.parent)


def imported(srcdir: Path, folder: str, source: Path | str, *args: str) -> subprocess.CompletedProcess:
    result = schedule(srcdir, "--folder", folder, "--from", str(source), *args)
    assert result.returncode == 0 and "Traceback" not in result.stderr, result.stderr
    return result


def files(folder: Path) -> dict[str, tuple[bytes, int]]:
    """Every file below ``folder``: its content and modification time."""
    return {p.relative_to(folder).as_posix(): (p.read_bytes(), p.stat().st_mtime_ns)
            for p in sorted(folder.rglob("*")) if p.is_file()}


def card_options(page: Path) -> dict[str, str]:
    text = page.read_text(encoding="utf-8")
    card = text.split(":::{session}\n", 1)[1].split("\n:::", 1)[0]
    return {line.split(":")[1]: line.split(":", 2)[2].strip() for line in card.splitlines()}


def pages_by_event(folder: Path) -> dict[str, Path]:
    return {card_options(p)["event"]: p for p in folder.rglob("*.md") if ":::{session}" in p.read_text()}


# What the exports say, read here on their own (not by the module under test)
def pretalx_events() -> dict[str, dict]:
    conference = json.loads(PRETALX_JSON.read_text())["schedule"]["conference"]
    return {e["guid"]: e for day in conference["days"] for events in day["rooms"].values() for e in events}


def frab_events() -> dict[str, dict]:
    root = ElementTree.parse(FRAB_XML).getroot()
    return {e.get("guid"): {"title": e.findtext("title"), "start": e.findtext("start"),
                            "persons": [{"name": p.text} for p in e.iterfind("persons/person")]}
            for e in root.iter("event")}


@pytest.fixture(scope="module")
def site(tmp_path_factory) -> tuple[Path, Path]:
    """docs/ with DemoCon (pretalx JSON) and the camp (frab XML) imported, notes
    written under one card, built as `make html` builds: (docs, html)."""
    tmp = tmp_path_factory.mktemp("schedule")
    docs = tmp / "docs"
    shutil.copytree(ROOT / "docs", docs)
    imported(docs, "democon-2026", PRETALX_JSON)
    imported(docs, "camp-2026", FRAB_XML)
    keynote = docs / "democon-2026" / "day1" / "opening-keynote-open-infrastructure.md"
    keynote.write_text(keynote.read_text() + "\n" + NOTES)
    html = tmp / "html"
    built = subprocess.run([sys.executable, "-m", "sphinx", "-b", "html", "-W", "--keep-going", "-n", "-q",
                            "-c", str(ROOT), "-d", str(tmp / "doctrees"), str(docs), str(html)],
                           capture_output=True, text=True, cwd=ROOT)
    assert built.returncode == 0, built.stderr
    return docs, html


def test_the_summit_is_declared_from_the_schedule(site):
    docs, _html = site
    declared = yaml.safe_load((docs / "democon-2026" / "summit.yaml").read_text())
    assert declared == {"title": "DemoCon 2026", "start": date(2026, 9, 5), "end": date(2026, 9, 6),
                        "time-zone": "Europe/Berlin", "schedule": "https://pretalx.example.org/democon-2026/"}
    camp = yaml.safe_load((docs / "camp-2026" / "summit.yaml").read_text())
    assert (camp["title"], str(camp["start"]), str(camp["end"])) == ("Chaos Camp Example 2026", "2026-08-21",
                                                                     "2026-08-23")


@pytest.mark.parametrize("folder, events", [("democon-2026", pretalx_events), ("camp-2026", frab_events)])
def test_each_event_with_speakers_is_a_session_with_the_schedules_title_and_speakers(site, folder, events):
    docs, html = site
    data = json.loads((html / "sessions.json").read_text())
    sessions = {s["event"]: s for s in data["sessions"] if s["url"].startswith(f"{folder}/")}
    expected = {guid: e for guid, e in events().items() if e["persons"]}  # breaks are left out
    assert set(sessions) == set(expected)
    for guid, event in expected.items():
        assert sessions[guid]["title"] == event["title"]
        assert sessions[guid]["speakers"] == [p.get("public_name") or p["name"] for p in event["persons"]]


def test_the_pretalx_xml_and_json_of_one_schedule_make_the_same_pages(tmp_path):
    for name, source in (("xml", PRETALX_XML), ("json", PRETALX_JSON)):
        (tmp_path / name / "docs").mkdir(parents=True)
        imported(tmp_path / name / "docs", "democon-2026", source)
    assert files(tmp_path / "xml" / "docs" / "democon-2026").keys() == \
        files(tmp_path / "json" / "docs" / "democon-2026").keys()
    for page, (text, _mtime) in files(tmp_path / "xml" / "docs" / "democon-2026").items():
        assert (tmp_path / "json" / "docs" / "democon-2026" / page).read_bytes() == text, page


def test_the_card_shows_room_time_language_and_the_schedules_page(site):
    _docs, html = site
    card = soup(html / "democon-2026" / "day1" / "block-storage-at-scale.html").select_one(".session-card")
    rows = {dt.get_text().strip(): dt.find_next_sibling("dd").get_text(" ", strip=True) for dt in card.select("dt")}
    assert rows["Room:"] == "Hall A" and rows["Start:"] == "11:00" and rows["Duration:"] == "1:30"
    assert rows["Language:"] == "en"
    assert [a.get_text() for a in card.select("dd.summit-speakers a")] == ["Grace Hopper", "Doe, Jane"]
    link = card.select_one("a.summit-media-link")
    assert (link.get_text(), link["href"]) == ("In the schedule", "https://pretalx.example.org/democon-2026/talk/C0003/")
    # slides and the recording, where the export links them (a relative attachment made absolute)
    welcome = soup(html / "camp-2026" / "day1" / "welcome-to-the-camp.html").select(".session-card a.summit-media-link")
    assert {a.get_text(): a["href"] for a in welcome} == {
        "In the schedule": "https://frab.example.org/en/camp2026/public/events/10001",
        "Slides": "https://frab.example.org/system/attachments/1/original/welcome-slides.pdf",
        "Recording": "https://media.example.org/v/camp2026-10001"}


def test_sessions_json_gives_start_and_end_as_iso_times_in_the_summits_time_zone(site):
    _docs, html = site
    data = json.loads((html / "sessions.json").read_text())
    by_title = {s["title"]: s for s in data["sessions"]}
    assert (by_title["Block storage at scale"]["start"], by_title["Block storage at scale"]["end"]) == (
        "2026-09-05T11:00:00+02:00", "2026-09-05T12:30:00+02:00")
    # an event after midnight is on the next calendar day, as its start says
    late = by_title["Late night hacking"]
    assert (late["day"], late["start"]) == (2, "2026-08-22T01:00:00+02:00")
    assert all(s["start"] is None and s["end"] is None for s in data["sessions"] if s["summit"] == "tokyo-2015")


def test_listings_follow_the_start_times_within_a_day(site):
    _docs, html = site
    day = soup(html / "democon-2026" / "day2" / "index.html")
    # the export lists Hall A (11:00) before Hall B (9:00)
    assert [a.get_text() for a in day.select(".session-list .sd-card-title a")] == ["Zero trust networks",
                                                                                     "Closing panel"]
    data = json.loads((html / "sessions.json").read_text())
    for summit in ("democon-2026", "camp-2026"):
        timed = [(s["day"], s["start"]) for s in data["sessions"] if s["summit"] == summit]
        assert timed == sorted(timed)


def test_the_abstract_is_the_schedules_block_shown_as_text_never_run(site):
    docs, html = site
    page = soup(html / "democon-2026" / "day1" / "block-storage-at-scale.html")
    block = page.select_one(".admonition.summit-from-schedule")
    assert block.select_one(".admonition-title").get_text() == "From the schedule"
    text = block.get_text(" ", strip=True)
    assert "Lessons from 5 PB" in text and "We run Ceph & Cinder." in text
    assert "See Ceph (https://ceph.example.org)." in text
    # Markdown and MyST in the schedule's text are shown as they are: no heading, list, directive or role
    assert "# a heading ::: {note} {eval-rst}`x` % not a comment (target)=" in text
    article = page.select_one("article")
    assert "owned" not in str(article.select("script")) and not article.select("img")
    assert "onerror" not in str(article) and not block.select("h1, h2, ul, .note")
    frab = soup(html / "camp-2026" / "day1" / "welcome-to-the-camp.html").select_one(".summit-from-schedule")
    # (HTML in it: its text kept, a script's dropped)
    assert "# Schedule * first * second ::: danger" in frab.get_text()
    assert not frab.select("script") and "alert" not in str(frab)


def test_notes_stay_below_the_schedules_block(site):
    docs, html = site
    page = soup(html / "democon-2026" / "day1" / "opening-keynote-open-infrastructure.html")
    assert page.select_one("#what-i-took-away") is not None
    source = (docs / "democon-2026" / "day1" / "opening-keynote-open-infrastructure.md").read_text()
    assert source.index("From the schedule") < source.index("% Your notes follow") < source.index(NOTES)


def test_listings_say_which_pages_have_no_notes_yet(site):
    _docs, html = site
    cards = {card.select_one(".sd-card-title a").get_text(): card.select_one(".session-card-no-notes")
             for card in soup(html / "democon-2026" / "day1" / "index.html").select(".session-card-compact")}
    assert cards.keys() == {"Opening keynote: open infrastructure", "Hands-on: hardening your cloud",
                            "Block storage at scale"}
    assert cards["Opening keynote: open infrastructure"] is None  # the one with notes
    assert all(mark.get_text() == "No notes yet." for title, mark in cards.items() if title != next(iter(cards)))
    # Tokyo's pages have notes
    assert not soup(html / "tokyo-2015" / "day1" / "index.html").select(".session-card-no-notes")


def test_room_and_language_are_search_facets_and_the_summit_has_its_feed(site):
    _docs, html = site
    page = soup(html / "democon-2026" / "day1" / "hands-on-hardening-your-cloud.html")
    filters = {span["data-pagefind-filter"] for span in page.select("[data-pagefind-filter]")}
    assert {"summit:democon-2026", "room:Hall B", "language:de"} <= filters
    facets = json.loads(soup(html / "search.html").select_one("#summit-search-data").get_text())["facets"]
    assert ["room", "Room"] in facets and ["language", "Language"] in facets
    feed = ElementTree.parse(html / "feeds" / "summit" / "democon-2026.xml").getroot()
    titles = {e.findtext("{http://www.w3.org/2005/Atom}title") for e in feed.iter("{http://www.w3.org/2005/Atom}entry")}
    assert "Block storage at scale" in titles


def test_the_site_with_imported_summits_keeps_its_properties(site):
    docs, html = site
    data = check_sessions_json(docs, html)
    check_one_card_per_session_page(docs, html)
    check_cards_say_what_sessions_json_says(html, data)
    check_day_pages_list_their_sessions(docs, html, data)
    check_summits_on_the_home_page(html, data)


def test_times_given_in_utc_are_the_conferences_local_times(tmp_path):
    def utc(c):
        first_event(c).update(date="2026-09-05T07:30:00Z")
    docs = tmp_path / "docs"
    docs.mkdir()
    imported(docs, "democon-2026", export_with(tmp_path, utc))
    assert card_options(docs / "democon-2026" / "day1" / "opening-keynote-open-infrastructure.md")["start"] == "9:30"


# -- choosing what becomes a page ----------------------------------------------------

@pytest.mark.parametrize("args, titles", [
    (["--track", "Security"], {"Hands-on: hardening your cloud", "Zero trust networks"}),
    (["--room", "hall b", "--day", "2"], {"Zero trust networks"}),
    (["--day", "2026-09-06"], {"Closing panel", "Zero trust networks"}),
    (["--track", "Keynotes;Storage"], {"Opening keynote: open infrastructure", "Block storage at scale",
                                       "Closing panel"}),
    (["--event", "2", "--event", "6f1c2a52-0000-4000-8000-000000000006"], {"Coffee break", "Zero trust networks"}),
    (["--with-breaks", "--day", "1", "--room", "Hall A"], {"Opening keynote: open infrastructure", "Coffee break",
                                                          "Block storage at scale"}),
])
def test_the_author_chooses_the_events_and_the_others_are_reported(tmp_path, args, titles):
    docs = tmp_path / "docs"
    docs.mkdir()
    result = imported(docs, "democon-2026", PRETALX_JSON, *args)
    made = {p.read_text().splitlines()[0].removeprefix("# ").replace("\\", "")
            for p in pages_by_event(docs / "democon-2026").values()}
    assert made == titles
    left_out = {e["title"] for e in pretalx_events().values()} - titles
    reported = [line for line in result.stdout.splitlines() if line.startswith("not imported:")]
    assert len(reported) == len(left_out) and all(any(repr(t) in line for line in reported) for t in left_out)


# -- importing again --------------------------------------------------------------------

def updated_export(tmp_path: Path) -> Path:
    """DemoCon's export a week later: a title, a time, a room and a speaker changed,
    one event cancelled, one added."""
    data = json.loads(PRETALX_JSON.read_text())
    day1, day2 = data["schedule"]["conference"]["days"]
    block = day1["rooms"]["Hall A"][2]
    block.update(title="Block storage at exabyte scale", date="2026-09-05T11:15:00+02:00", start="11:15",
                 room="Hall C", persons=[{"name": "Grace Hopper"}, {"name": "Barbara Liskov"}])
    day1["rooms"]["Hall C"] = [day1["rooms"]["Hall A"].pop(2)]
    day2["rooms"]["Hall B"].pop(0)  # Zero trust networks, cancelled
    added = json.loads(json.dumps(day2["rooms"]["Hall A"][0]))
    added.update(guid="6f1c2a52-0000-4000-8000-000000000007", id=7, slug="democon-2026-7-rust", date="2026-09-06T14:00:00+02:00",
                 start="14:00", title="Rust in the kernel", persons=[{"name": "Miguel Example"}],
                 url="https://pretalx.example.org/democon-2026/talk/C0007/")
    day2["rooms"]["Hall A"].append(added)
    path = tmp_path / "democon-updated.json"
    path.write_text(json.dumps(data))
    return path


def test_importing_the_same_export_again_changes_no_file(tmp_path):
    docs = tmp_path / "docs"
    docs.mkdir()
    imported(docs, "democon-2026", PRETALX_JSON)
    before = files(docs)
    again = imported(docs, "democon-2026", PRETALX_JSON)
    assert files(docs) == before
    assert "unchanged: 5 page(s)" in again.stdout and "wrote" not in again.stdout


def test_an_updated_export_updates_the_cards_and_never_the_authors_notes(tmp_path):
    docs = tmp_path / "docs"
    docs.mkdir()
    imported(docs, "democon-2026", PRETALX_JSON)
    summit = docs / "democon-2026"
    # the author writes notes, adds a remark to the card, and renames and moves a page
    old = summit / "day1" / "block-storage-at-scale.md"
    moved = summit / "storage" / "our-storage-talk.md"
    moved.parent.mkdir()
    text = old.read_text().replace(":room: Hall A\n", ":room: Hall A\n:remarks: recommended\n")
    moved.write_text(text + "\n" + NOTES)
    old.unlink()
    day1 = summit / "day1" / "index.md"
    day1.write_text(day1.read_text().replace("block-storage-at-scale\n", "../storage/our-storage-talk\n"))
    zero = summit / "day2" / "zero-trust-networks.md"
    zero.write_text(zero.read_text() + NOTES)
    zero_before = zero.read_bytes()

    result = imported(docs, "democon-2026", updated_export(tmp_path))
    page = moved.read_text()
    assert page.startswith("# Block storage at exabyte scale\n")
    options = card_options(moved)
    assert (options["start"], options["room"], options["speakers"], options["remarks"]) == (
        "11:15", "Hall C", "Grace Hopper, Barbara Liskov", "recommended")
    assert page.endswith("\n" + NOTES) and not old.exists()
    # the cancelled event is reported; its page and notes stay
    assert zero.read_bytes() == zero_before
    assert f"gone from the schedule (the page is kept): {zero}" in result.stdout
    # the new event has its page, listed on its day
    rust = summit / "day2" / "rust-in-the-kernel.md"
    assert card_options(rust)["speakers"] == "Miguel Example"
    assert "\nrust-in-the-kernel\n" in (summit / "day2" / "index.md").read_text()
    # and a second import of the update changes nothing
    before = files(docs)
    imported(docs, "democon-2026", updated_export(tmp_path))
    assert files(docs) == before


# -- bad input: one clear message, nothing written ----------------------------------------

def refused(tmp_path: Path, source, *args: str, folder: str = "democon-2026") -> str:
    docs = tmp_path / "docs"
    docs.mkdir(exist_ok=True)
    before = files(tmp_path)
    result = schedule(docs, "--folder", folder, "--from", str(source), *args)
    assert result.returncode == 2, (result.stdout, result.stderr)
    assert "Traceback" not in result.stderr and result.stdout == ""
    assert len(result.stderr.strip().splitlines()) == 1, result.stderr
    assert files(tmp_path) == before  # nothing written, nothing left behind
    return result.stderr


def export_with(tmp_path: Path, change) -> Path:
    data = json.loads(PRETALX_JSON.read_text())
    change(data["schedule"]["conference"])
    path = tmp_path / "export.json"
    path.write_text(json.dumps(data))
    return path


def first_event(conference: dict) -> dict:
    return conference["days"][0]["rooms"]["Hall A"][0]


def test_an_html_page_is_not_a_schedule(tmp_path):
    page = tmp_path / "schedule.html"
    page.write_text("<!DOCTYPE html>\n<html><body><h1>Schedule</h1></body></html>")
    assert "is an HTML page, not a schedule export" in refused(tmp_path, page)


def test_a_json_of_another_shape_is_not_a_schedule(tmp_path):
    other = tmp_path / "talks.json"
    other.write_text('{"talks": [{"title": "A talk"}]}')
    assert "is JSON but not a schedule" in refused(tmp_path, other)


def test_an_xml_of_another_kind_is_not_a_schedule(tmp_path):
    feed = tmp_path / "feed.xml"
    feed.write_text('<?xml version="1.0"?><feed xmlns="http://www.w3.org/2005/Atom"><title>x</title></feed>')
    assert "is XML but not a schedule" in refused(tmp_path, feed)


@pytest.mark.parametrize("change, message", [
    (lambda c: first_event(c).pop("title"), "'title' is a required property"),
    (lambda c: first_event(c).update(duration="45 minutes"), "'45 minutes' does not match"),
    (lambda c: c.pop("start"), "'start' is a required property"),
])
def test_a_schedule_that_fails_the_schema_is_refused_where_it_fails(tmp_path, change, message):
    stderr = refused(tmp_path, export_with(tmp_path, change))
    assert message in stderr and "(the c3voc schedule schema)" in stderr


def test_an_event_outside_the_conferences_days_is_refused(tmp_path):
    def late(c):
        first_event(c).update(date="2026-09-09T10:00:00+02:00")
    stderr = refused(tmp_path, export_with(tmp_path, late))
    assert "'Opening keynote: open infrastructure' is on 2026-09-09, outside the conference's days" in stderr


def test_duplicate_slugs_are_refused(tmp_path):
    def twin(c):
        c["days"][1]["rooms"]["Hall A"][0]["slug"] = first_event(c)["slug"]
    stderr = refused(tmp_path, export_with(tmp_path, twin))
    assert "have the same slug" in stderr and "'Closing panel'" in stderr


def test_a_folder_holding_other_pages_is_refused(tmp_path):
    (tmp_path / "docs" / "democon-2026").mkdir(parents=True)
    (tmp_path / "docs" / "democon-2026" / "index.md").write_text("# My own notes\n")
    assert "already holds pages not imported from a schedule" in refused(tmp_path, PRETALX_JSON)


def test_a_folder_outside_the_source_folder_is_refused(tmp_path):
    assert "is not lowercase letters, digits and hyphens" in refused(tmp_path, PRETALX_JSON, folder="../elsewhere")


def test_a_missing_file_and_a_non_http_url_are_refused(tmp_path):
    assert "no such file" in refused(tmp_path, tmp_path / "nowhere.json")
    assert "a folder" in refused(tmp_path, DATA)
    assert "not a regular file" in refused(tmp_path, "/dev/null")
    assert "neither an http(s) URL nor a file" in refused(tmp_path, "file:///etc/passwd")


@pytest.fixture
def server():
    """A local HTTP server of tests/data/schedule."""
    handler = lambda *a: http.server.SimpleHTTPRequestHandler(*a, directory=str(DATA))  # noqa: E731
    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{httpd.server_address[1]}"
    httpd.shutdown()
    httpd.server_close()


def test_a_url_is_fetched_and_kept_as_the_summits_schedule(tmp_path, server):
    docs = tmp_path / "docs"
    docs.mkdir()
    url = f"{server}/frab-camp.xml"
    imported(docs, "camp-2026", url)
    assert f"schedule: {url} " in (docs / "camp-2026" / "summit.yaml").read_text()


def test_a_url_that_cannot_be_fetched_is_refused(tmp_path, server):
    assert "the server answers 404" in refused(tmp_path, f"{server}/missing.json")


def test_a_server_that_does_not_answer_is_refused_after_the_timeout(tmp_path):
    with socket.socket() as silent:  # accepts connections (the backlog), never answers
        silent.bind(("127.0.0.1", 0))
        silent.listen(1)
        url = f"http://127.0.0.1:{silent.getsockname()[1]}/schedule.json"
        assert "no answer within 1 s" in refused(tmp_path, url, "--timeout", "1")


def test_titles_that_make_one_file_name_are_told_apart_by_their_event(tmp_path):
    def twins(c):
        c["days"][1]["rooms"]["Hall B"][0]["title"] = "Closing panel!"
    docs = tmp_path / "docs"
    docs.mkdir()
    result = imported(docs, "democon-2026", export_with(tmp_path, twins))
    assert "titles make the same file name 'closing-panel'" in result.stdout
    assert {p.name for p in (docs / "democon-2026" / "day2").glob("closing-panel*.md")} == {
        "closing-panel-5.md", "closing-panel-6.md"}
