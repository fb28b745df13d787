"""Anchors of index entries are distinct in every script, and stable; no page repeats an id."""

from __future__ import annotations

from collections import Counter

from bs4 import BeautifulSoup
from conftest import ROOT
from site_properties import source_pages

# (names that differ only in case are one person, with a warning: test_bad_input.py)
NAMES = ["山田太郎", "鈴木一郎", "王小明", "Иван Петров", "Пётр Иванов", "محمد علي", "José Pérez",
         "Jose Perez", "IBM", "A.B.", "A B"]


def speakers_page(names: list[str]) -> str:
    return ("# Many names\n\n:::{session}\n:day: 1\n:format: panel\n"
            f":speakers: {', '.join(names)}\n:::\n\nText.\n")


def entries(site) -> dict[str, str]:
    page = BeautifulSoup(site.html("summit-peopleindex"), "html.parser")
    return {entry["id"]: entry.select_one(".summit-index-name").get_text(strip=True)
            for entry in page.select("details.summit-index-entry")}


def test_names_in_any_script_get_distinct_anchors_and_links_land_on_them(site):
    site.write("names.md", speakers_page(NAMES))
    site.build()
    assert site.warnings == ""
    found = entries(site)
    for name in NAMES:
        assert name in found.values(), name
    assert len(set(found)) == len(found)  # no two entries share an anchor
    # each badge of the card links to the entry of its own name
    card = BeautifulSoup(site.html("names"), "html.parser").select_one(".session-card")
    for badge in card.select(".summit-speakers a"):
        anchor = badge["href"].split("#")[1]
        assert found[anchor] == badge.get_text(), (badge.get_text(), anchor)
    assert "person-山田太郎" in found and "person-josé-pérez" in found and "person-jose-perez" in found


def test_anchors_are_the_same_on_every_build(site, tmp_path):
    site.write("names.md", speakers_page(NAMES))
    site.build()
    first = entries(site)
    # the same names, written in another order and on another build
    site.write("names.md", speakers_page(list(reversed(NAMES))))
    site.build(freshenv=True)
    assert entries(site) == first


def test_no_page_of_the_site_repeats_an_id(real_site):
    checked = 0
    for page in real_site.rglob("*.html"):
        if "_static" in page.parts:
            continue
        ids = [tag["id"] for tag in BeautifulSoup(page.read_text(encoding="utf-8"), "html.parser")
               .find_all(id=True)]
        repeated = [i for i, n in Counter(ids).items() if n > 1]
        assert repeated == [], (str(page.relative_to(real_site)), repeated)
        checked += 1
    assert checked > len(source_pages(ROOT / "docs"))  # each page, and the indices
