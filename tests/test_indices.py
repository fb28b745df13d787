"""Indices, listings, related sessions and badges agree with the sessions."""

from __future__ import annotations

import json
import posixpath
import re
from collections import defaultdict
from pathlib import Path

import pytest
from bs4 import BeautifulSoup

INDICES = {"projects": "summit-projectindex.html", "topics": "summit-topicindex.html",
           "speakers": "summit-peopleindex.html", "organizations": "summit-peopleindex.html"}
KIND = {"projects": "project", "topics": "topic", "speakers": "person", "organizations": "person"}


def slug(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", text.casefold()).strip("-")


@pytest.fixture(scope="module")
def sessions(real_site) -> list[dict]:
    return json.loads((real_site / "sessions.json").read_text())["sessions"]


def soup(path: Path) -> BeautifulSoup:
    return BeautifulSoup(path.read_text(encoding="utf-8"), "html.parser")


def index_entries(page: BeautifulSoup, kind: str) -> dict[str, list[str]]:
    """Entry anchor -> the session URLs listed under it."""
    entries = {}
    for dt in page.select("dl.summit-index-entries > dt"):
        if dt["id"].startswith(kind + "-"):
            links = dt.find_next_sibling("dd").select("li a")
            entries[dt["id"]] = [a["href"] for a in links]
    return entries


@pytest.mark.parametrize("field", INDICES)
def test_each_index_lists_exactly_the_sessions_of_each_entry(real_site, sessions, field):
    expected: dict[str, list[str]] = defaultdict(list)
    for s in sessions:
        for name in s[field]:
            expected[f"{KIND[field]}-{slug(name)}"].append(s["url"])
    page = soup(real_site / INDICES[field])
    found = index_entries(page, KIND[field])
    if field in ("speakers", "organizations"):  # one page holds both
        found = {k: v for k, v in found.items() if k in expected}
    assert {k: sorted(v) for k, v in found.items()} == {k: sorted(v) for k, v in expected.items()}
    for anchor, urls in expected.items():
        count = page.find(id=anchor).select_one(".summit-count").get_text()
        assert count == f"{len(urls)} session{'s' if len(urls) != 1 else ''}"


def test_project_matrix_agrees_with_the_entries(real_site, sessions):
    page = soup(real_site / INDICES["projects"])
    rows = page.select("table.summit-matrix tbody tr")
    projects = {p for s in sessions for p in s["projects"]}
    assert len(rows) == len(projects)
    for row in rows:
        name = row.th.get_text()
        cells = row.find_all("td")
        for day, cell in enumerate(cells[:-1], start=1):
            n = sum(1 for s in sessions if name in s["projects"] and s["day"] == day)
            link = cell.find("a")
            assert (int(link.get_text()) if link else 0) == n, (name, day)
            if link:  # the cell links to the first of those sessions in the entry list
                target = page.find(id=link["href"][1:])
                assert target is not None and target.name == "li"
        assert int(cells[-1].get_text()) == sum(1 for s in sessions if name in s["projects"])


def test_card_badges_link_to_existing_index_entries(real_site):
    anchors = {name: {tag["id"] for tag in soup(real_site / name).find_all(id=True)}
               for name in set(INDICES.values())}
    checked = 0
    for page in real_site.glob("tokyo-2015/day*/*.html"):
        for link in soup(page).select(".session-card a.sd-badge, .session-card-compact a.sd-badge"):
            target, anchor = link["href"].split("#")
            assert anchor in anchors[Path(target).name], (page.name, link["href"])
            checked += 1
    assert checked > 29 * 3


def test_day_pages_list_exactly_their_sessions(real_site, sessions):
    for day in (1, 2, 3, 4):
        page = soup(real_site / "tokyo-2015" / f"day{day}" / "index.html")
        titles = [a.get_text() for a in page.select(".session-list .sd-card-title a")]
        assert titles == [s["title"] for s in sessions if s["day"] == day]


def test_every_session_page_shows_related_sessions(real_site, sessions):
    by_url = {s["url"].split("#")[0]: s for s in sessions}
    for url, session in by_url.items():
        related = soup(real_site / url).select(".summit-related li a")
        assert related, url
        for link in related:
            href = link["href"].split("#")[0]
            other = by_url[posixpath.normpath(posixpath.join(posixpath.dirname(url), href))]
            shared = (set(other["projects"]) & set(session["projects"])) | \
                     (set(other["topics"]) & set(session["topics"]))
            assert shared and other["id"] != session["id"]
