"""Properties of the site that hold for any notes, checked on a build.

A summit is a folder with summit.yaml, its days dayN/index.md, a session page
a page with a {session} directive. The real site's tests and
tests/test_any_content.py (a summit added by the scaffold) check the same
properties with these functions.
"""

from __future__ import annotations

import json
import posixpath
import re
from collections import defaultdict
from datetime import date, timedelta
from pathlib import Path

import jsonschema
import yaml
from bs4 import BeautifulSoup



SESSION = re.compile(r"^[ \t]*(?::{3,}|`{3,})\{session\}", re.M)
DIAGRAM = re.compile(r"^[ \t]*(?::{3,}|`{3,})\{mermaid\}", re.M)


def published(docs: Path, pattern: str) -> list[Path]:
    """The files of ``docs`` matching ``pattern``, outside its _data, _static and hidden folders."""
    return sorted(p for p in docs.rglob(pattern)
                  if not any(part.startswith(("_", ".")) for part in p.relative_to(docs).parts))


def source_pages(docs: Path) -> list[Path]:
    return published(docs, "*.md")


def html_of(docs: Path, page: Path) -> str:
    """The address of a source page in the site, relative to its root."""
    return page.relative_to(docs).with_suffix(".html").as_posix()


def summits_of(docs: Path) -> dict[str, dict]:
    """Each summit's folder (relative to docs) -> its declaration."""
    return {p.parent.relative_to(docs).as_posix(): yaml.safe_load(p.read_text(encoding="utf-8"))
            for p in published(docs, "summit.yaml")}


def session_pages_of(docs: Path) -> list[str]:
    """The addresses of the pages with a session card."""
    return [html_of(docs, p) for p in source_pages(docs) if SESSION.search(p.read_text(encoding="utf-8"))]


def day_pages_of(docs: Path) -> dict[tuple[str, int], str]:
    """(summit folder, day) -> the address of the day's page."""
    return {(folder, int(page.parent.name[3:])): html_of(docs, page)
            for folder in summits_of(docs) for page in sorted((docs / folder).glob("day*/index.md"))
            if re.fullmatch(r"day\d+", page.parent.name)}


def soup(path: Path) -> BeautifulSoup:
    return BeautifulSoup(path.read_text(encoding="utf-8"), "html.parser")


def resolve(page: str, href: str) -> str:
    """A link of ``page`` as an address relative to the site's root (without its #anchor)."""
    return posixpath.normpath(posixpath.join(posixpath.dirname(page), href.split("#")[0]))


def plural(count: int) -> str:
    return f"{count} session{'' if count == 1 else 's'}"


def check_one_card_per_session_page(docs: Path, html: Path) -> None:
    pages = session_pages_of(docs)
    assert pages
    for page in pages:
        assert len(soup(html / page).select(".session-card")) == 1, page


def check_sessions_json(docs: Path, html: Path) -> dict:
    """sessions.json is valid, names every summit and every session page; returns it."""
    data = json.loads((html / "sessions.json").read_text())
    schema = json.loads((html / "sessions.schema.json").read_text())  # as published beside it
    jsonschema.validate(data, schema, format_checker=jsonschema.FormatChecker())
    declared = summits_of(docs)
    folders = {s["id"]: s["url"].removesuffix("/index.html") for s in data["summits"]}
    assert sorted(folders.values()) == sorted(declared) and len(folders) == len(declared)
    for summit in data["summits"]:
        declaration = declared[folders[summit["id"]]]
        assert (summit["title"], summit["start"], summit["end"]) == (
            declaration["title"], str(declaration["start"]), str(declaration["end"]))
    assert [s["start"] for s in data["summits"]] == sorted((s["start"] for s in data["summits"]), reverse=True)
    keys = [(s["summit"], s["id"]) for s in data["sessions"]]
    assert len(set(keys)) == len(keys)  # an id is unique within its summit
    assert sorted(s["url"].split("#")[0] for s in data["sessions"]) == sorted(session_pages_of(docs))
    starts = {s["id"]: date.fromisoformat(s["start"]) for s in data["summits"]}
    for s in data["sessions"]:
        assert s["url"].startswith(folders[s["summit"]] + "/"), s["url"]  # in its summit's folder
        if s["day"] is not None:
            assert s["date"] == str(starts[s["summit"]] + timedelta(days=s["day"] - 1)), s["url"]
        assert f'id="{s["id"]}"' in (html / s["url"].split("#")[0]).read_text(), s["url"]
    return data


def check_cards_say_what_sessions_json_says(html: Path, data: dict) -> None:
    short = {s["id"]: s["short_title"] for s in data["summits"]}
    for s in data["sessions"]:
        card = soup(html / s["url"].split("#")[0]).select_one(".session-card")
        assert card["id"] == s["id"]
        header = card.select_one(".session-card-header").get_text(" ")
        day = f"Day {s['day']} · " if s["day"] is not None else "Day unknown"
        assert f"{short[s['summit']]} · {day}" in header, s["url"]
        for field in ("speakers", "organizations", "projects", "topics"):
            shown = [a.get_text() for a in card.select(f"dd.summit-{field} a.sd-badge")]
            assert shown == s[field], (s["url"], field)


def check_day_pages_list_their_sessions(docs: Path, html: Path, data: dict) -> None:
    """Each day page lists, and links to, exactly the sessions of its summit and day."""
    ids = {s["url"].removesuffix("/index.html"): s["id"] for s in data["summits"]}
    days = day_pages_of(docs)
    assert days
    for (folder, day), page in days.items():
        expected = [s for s in data["sessions"] if s["summit"] == ids[folder] and s["day"] == day]
        links = soup(html / page).select(".session-list .sd-card-title a")
        assert [a.get_text() for a in links] == [s["title"] for s in expected], page
        assert [resolve(page, a["href"]) for a in links] == [s["url"].split("#")[0] for s in expected], page
        date_line = soup(html / page).select_one(".summit-day-date").get_text()
        assert date_line.endswith(f" · {plural(len(expected))}"), page
    folders = {i: f for f, i in ids.items()}
    for s in data["sessions"]:  # each session with a day is on its day's page
        assert s["day"] is None or (folders[s["summit"]], s["day"]) in days, s["url"]


def check_summits_on_the_home_page(html: Path, data: dict) -> None:
    """The home page shows every summit, newest first, with its count; its landing page each day's."""
    cards = soup(html / "index.html").select(".summit-card")
    assert [c.select_one(".sd-card-title a").get_text() for c in cards] == [s["title"] for s in data["summits"]]
    for card, summit in zip(cards, data["summits"]):
        assert resolve("index.html", card.select_one(".sd-card-title a")["href"]) == summit["url"]
        sessions = [s for s in data["sessions"] if s["summit"] == summit["id"]]
        assert card.get_text(" ", strip=True).endswith(f"· {plural(len(sessions))}"), summit["id"]
        days = soup(html / summit["url"]).select(".summit-days li")
        length = (date.fromisoformat(summit["end"]) - date.fromisoformat(summit["start"])).days + 1
        assert len(days) == length, summit["id"]
        for day, item in enumerate(days, start=1):
            count = sum(1 for s in sessions if s["day"] == day)
            assert item.get_text().startswith(f"Day {day} · ") and item.get_text().endswith(
                f"— {plural(count)}"), (summit["id"], item.get_text())


INDICES = {"projects": "summit-projectindex.html", "topics": "summit-topicindex.html",
           "speakers": "summit-peopleindex.html", "organizations": "summit-peopleindex.html"}
KIND = {"projects": "project", "topics": "topic", "speakers": "person", "organizations": "person"}


def index_entries(page: BeautifulSoup, kind: str) -> dict[str, tuple[list[str], str]]:
    """Entry name -> the session URLs listed under it, and the count it shows."""
    entries = {}
    for entry in page.select(".summit-index-entries > details.summit-index-entry"):
        if entry["id"].startswith(kind + "-"):
            links = entry.select(".summit-index-detail li a")
            count = entry.summary.select_one(".summit-count").get_text().split(" in ")[0]
            entries[entry.summary.select_one(".summit-index-name").get_text(strip=True)] = (
                [a["href"] for a in links], count)
    return entries


# -- Properties of any site (the real one, and tests/test_any_content.py's) ----------

def check_index_lists_the_sessions_of_each_entry(html: Path, sessions: list[dict], field: str) -> None:
    """Each name of ``field`` has one entry, listing exactly the sessions that name it."""
    expected: dict[str, list[str]] = defaultdict(list)
    for s in sessions:  # (speakers and organizations are both people: one entry for a name)
        for name in {n for other, kind in KIND.items() if kind == KIND[field] for n in s[other]}:
            expected[name].append(s["url"])
    names = {name for s in sessions for name in s[field]}
    found = index_entries(soup(html / INDICES[field]), KIND[field])
    if field in ("speakers", "organizations"):  # one page holds both
        found = {name: entry for name, entry in found.items() if name in names}
    assert sorted(found) == sorted(names)
    for name, (urls, count) in found.items():
        assert sorted(urls) == sorted(expected[name]), name
        assert count == plural(len(urls)), name


def check_project_matrices(html: Path, data: dict) -> None:
    """One projects x days table per summit with projects; each number counts and links its sessions."""
    page = soup(html / INDICES["projects"])
    sessions = data["sessions"]
    with_projects = [s for s in data["summits"] if any(x["projects"] for x in sessions if x["summit"] == s["id"])]
    headings = page.select("h3[id^=matrix-]")
    assert [h["id"] for h in headings] == [f"matrix-{s['id']}" for s in with_projects]
    assert [h.get_text() for h in headings] == [s["title"] for s in with_projects]
    for heading, summit in zip(headings, with_projects):
        mine = [s for s in sessions if s["summit"] == summit["id"]]
        table = heading.find_next("table", class_="summit-matrix")
        days = (date.fromisoformat(summit["end"]) - date.fromisoformat(summit["start"])).days + 1
        assert [th.get_text() for th in table.select("thead th")][1:-1] == [f"Day {d}" for d in range(1, days + 1)]
        rows = table.select("tbody tr")
        assert sorted(row.th.get_text() for row in rows) == sorted({p for s in mine for p in s["projects"]})
        for row in rows:
            name = row.th.get_text()
            cells = row.find_all("td")
            for day, cell in enumerate(cells[:-1], start=1):
                listed = [s for s in mine if name in s["projects"] and s["day"] == day]
                link = cell.find("a")
                assert (int(link.get_text()) if link else 0) == len(listed), (summit["id"], name, day)
                if link:  # the cell links to the first of those sessions in the entry list
                    target = page.find(id=link["href"][1:])
                    assert target is not None and target.name == "li"
                    assert target.a["href"] in [s["url"] for s in listed], (summit["id"], name, day)
            assert int(cells[-1].get_text()) == sum(1 for s in mine if name in s["projects"])


def check_card_badges_link_to_index_entries(html: Path, sessions: list[dict]) -> None:
    """Every badge, on a card or in a listing of any page, links to the entry of its name."""
    entries = {}  # index page -> anchor -> the entry's name
    for name in set(INDICES.values()):
        for entry in soup(html / name).select("details.summit-index-entry"):
            entries.setdefault(name, {})[entry["id"]] = entry.select_one(".summit-index-name").get_text(strip=True)
    checked = 0
    for page in html.rglob("*.html"):
        if "_static" in page.parts:
            continue
        for link in soup(page).select(".session-card a.sd-badge, .session-card-compact a.sd-badge"):
            target, anchor = link["href"].split("#")
            assert entries[Path(target).name].get(anchor) == link.get_text(), (
                str(page.relative_to(html)), link["href"])
            checked += 1
    assert checked >= sum(len(s[field]) for s in sessions for field in INDICES)  # the cards' own


def check_related_sessions(html: Path, sessions: list[dict]) -> None:
    """A page shows related sessions if and only if another session of its summit shares a
    project or topic with it; each one shown does."""
    by_url = {s["url"].split("#")[0]: s for s in sessions}

    def shared(a: dict, b: dict) -> set[str]:
        return (set(a["projects"]) & set(b["projects"])) | (set(a["topics"]) & set(b["topics"]))

    for url, session in by_url.items():
        related = soup(html / url).select(".summit-related li a")
        candidates = [o for o in sessions if o["summit"] == session["summit"]
                      and o["id"] != session["id"] and shared(o, session)]
        assert bool(related) == bool(candidates), url
        shown = [by_url[resolve(url, a["href"])] for a in related]
        for other in shown:
            assert other in candidates, (url, other["url"])
        assert len({o["url"] for o in shown}) == len(shown), url
