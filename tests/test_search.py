"""Search, as a reader uses it in Chromium: the talk comes first."""

from __future__ import annotations

import json

import pytest
from browser import search


results = search


FIRST = {
    # a speaker named in one talk
    "Sage Weil": "tokyo-2015/day2/ceph-manila-containers.html",
    # a glossary term
    "PMStore": "glossary.html",
    # a phrase of the notes
    "FSCK and repair": "tokyo-2015/day2/ceph-manila-containers.html",
}


@pytest.mark.parametrize("query", FIRST)
def test_the_right_page_comes_first(page, site_url, query):  # noqa: F811
    found = results(page, site_url, query)
    assert found[0][0].startswith(FIRST[query]), found[:5]


def test_a_project_finds_the_talks_that_cover_it_first(page, site_url, real_site):  # noqa: F811
    sessions = json.loads((real_site / "sessions.json").read_text())["sessions"]
    covering = {s["url"].split("#")[0] for s in sessions if "Kuryr" in s["projects"]}
    found = [href.split("#")[0] for href, _ in results(page, site_url, "Kuryr")]
    assert set(found[:len(covering)]) == covering, found[:5]


def test_a_speaker_named_once_finds_a_handful_of_pages(page, site_url):  # noqa: F811
    found = results(page, site_url, "Sage Weil")
    assert len(found) <= 4, [href for href, _ in found]


def test_result_snippets_read_as_text_and_say_which_summit_and_day(page, site_url):  # noqa: F811
    found = results(page, site_url, "keynote")
    keynotes = [text for href, text in found if href.endswith("keynote.html")]
    assert len(keynotes) >= 2
    for text in keynotes:
        assert "keynoteDay" not in text.replace(" ", "") or "keynote Day" in text
    assert any("Tokyo 2015 · Day 1" in text for text in keynotes)
    assert any("Tokyo 2015 · Day 2" in text for text in keynotes)
