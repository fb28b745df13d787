"""The site with a summit and sessions added as an author adds them (the scaffold of
`make summit` and `make session`, then a card filled in): the properties the real
site's tests check hold for it too, so they hold for any notes."""

from __future__ import annotations

import pytest
from added_summit import SESSIONS
from conftest import ROOT
from site_properties import (
    INDICES,
    check_card_badges_link_to_index_entries,
    check_cards_say_what_sessions_json_says,
    check_day_pages_list_their_sessions,
    check_index_lists_the_sessions_of_each_entry,
    check_one_card_per_session_page,
    check_project_matrices,
    check_related_sessions,
    check_sessions_json,
    check_summits_on_the_home_page,
    session_pages_of,
    soup,
)

@pytest.fixture(scope="module")
def data(added) -> dict:
    docs, html, _folder = added
    return check_sessions_json(docs, html)


def test_the_added_summit_and_its_sessions_are_in_the_site(added, data):
    docs, html, folder = added
    mine = [s for s in data["sessions"] if s["url"].startswith(f"{folder}/")]
    assert [(s["day"], s["title"], s["format"]) for s in mine] == SESSIONS
    assert {s["summit"] for s in mine} == {data["summits"][0]["id"]}  # the newest summit
    block = next(s for s in mine if s["title"] == "Block storage at scale")
    assert (block["speakers"], block["organizations"], block["projects"], block["topics"]) == (
        ["Ada Example", "Ben Sample"], ["Example Cloud"], ["Cinder", "Neutron"], ["storage"])
    # the notes that were there are all still there
    assert sorted(s["url"].split("#")[0] for s in data["sessions"] if s not in mine) == \
        sorted(session_pages_of(ROOT / "docs"))


def test_every_session_page_has_exactly_one_card(added):
    docs, html, _folder = added
    check_one_card_per_session_page(docs, html)


def test_cards_say_what_sessions_json_says(added, data):
    check_cards_say_what_sessions_json_says(added[1], data)


def test_day_pages_list_exactly_their_sessions(added, data):
    docs, html, _folder = added
    check_day_pages_list_their_sessions(docs, html, data)


def test_home_page_shows_every_summit_with_its_counts(added, data):
    check_summits_on_the_home_page(added[1], data)


@pytest.mark.parametrize("field", INDICES)
def test_each_index_lists_exactly_the_sessions_of_each_entry(added, data, field):
    check_index_lists_the_sessions_of_each_entry(added[1], data["sessions"], field)


def test_project_matrices_agree_with_the_entries(added, data):
    check_project_matrices(added[1], data)


def test_card_badges_link_to_existing_index_entries(added, data):
    check_card_badges_link_to_index_entries(added[1], data["sessions"])


def test_related_sessions_are_those_sharing_a_project_or_topic(added, data):
    docs, html, folder = added
    check_related_sessions(html, data["sessions"])
    # both branches: the two sessions that share Neutron show each other, the keynote nothing
    shown = {s["title"]: [a.get_text() for a in soup(html / s["url"].split("#")[0]).select(".summit-related li a")]
             for s in data["sessions"] if s["url"].startswith(f"{folder}/")}
    assert shown == {"Opening keynote": [], "Block storage at scale": ["Networks for containers"],
                     "Networks for containers": ["Block storage at scale"]}
