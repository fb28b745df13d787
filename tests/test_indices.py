"""Indices, listings, related sessions and badges agree with the sessions."""

from __future__ import annotations

import json

import pytest
from playwright.sync_api import expect
from site_properties import (
    INDICES,
    check_card_badges_link_to_index_entries,
    check_index_lists_the_sessions_of_each_entry,
    check_project_matrices,
    check_related_sessions,
)

@pytest.fixture(scope="module")
def sessions(real_site) -> list[dict]:
    return json.loads((real_site / "sessions.json").read_text())["sessions"]


@pytest.mark.parametrize("field", INDICES)
def test_each_index_lists_exactly_the_sessions_of_each_entry(real_site, sessions, field):
    check_index_lists_the_sessions_of_each_entry(real_site, sessions, field)


def test_project_matrix_agrees_with_the_entries(real_site):
    check_project_matrices(real_site, json.loads((real_site / "sessions.json").read_text()))


def test_card_badges_link_to_existing_index_entries(real_site, sessions):
    check_card_badges_link_to_index_entries(real_site, sessions)


def test_every_session_page_shows_related_sessions(real_site, sessions):
    check_related_sessions(real_site, sessions)


# -- The index pages as a reader scans them on a phone (Chromium, 390 px) -------

PHONE = {"viewport": {"width": 390, "height": 844}, "device_scale_factor": 2, "is_mobile": True, "has_touch": True}
SCREENS_PER_GROUP = 3  # each group of an index (a category, Speakers, ...) fits in a few screens

INDEX_SURVEY = """() => {
    const main = document.querySelector('[role=main]');
    const top = (el) => el.getBoundingClientRect().top + window.scrollY;
    const headings = [...main.querySelectorAll('h2')];
    return {
        screen: window.innerHeight,
        groups: headings.map((h, i) => ({id: h.id, title: h.textContent.replace('¶', '').trim(),
            height: (i + 1 < headings.length ? top(headings[i + 1]) : top(main) + main.offsetHeight) - top(h)})),
        contents: [...main.querySelectorAll('nav.summit-index-contents a')].map((a) => a.getAttribute('href')),
        letters: [...main.querySelectorAll('nav.summit-letters')].map((nav) => [...nav.querySelectorAll('a')]
            .map((a) => [a.textContent, document.getElementById(a.getAttribute('href').slice(1))
                ?.querySelector('.summit-index-name')?.textContent || null])),
        open: [...main.querySelectorAll('details.summit-index-entry[open]')].length,
        entries: [...main.querySelectorAll('details.summit-index-entry')].length,
    };
}"""


def check_indices_scan(browser, url: str) -> dict[str, int]:
    """Each index: grouped under headings that its contents link to, each group within
    a few screens at 390 px; long alphabetical groups have a letter bar whose letters
    lead to the first name of that letter; entries start closed. Their heights."""
    from browser import visit

    context = browser.new_context(**PHONE)
    page = context.new_page()
    heights = {}
    for name in sorted(set(INDICES.values())):
        visit(page, url + name)
        survey = page.evaluate(INDEX_SURVEY)
        assert survey["entries"] and survey["open"] == 0, name
        assert survey["contents"] == [f"#{g['id']}" for g in survey["groups"]], name
        too_tall = [g for g in survey["groups"] if g["height"] > SCREENS_PER_GROUP * survey["screen"]]
        assert too_tall == [], name
        for bar in survey["letters"]:
            assert bar and all(entry is not None and entry[:1].upper() == letter for letter, entry in bar), name
        heights[name] = page.evaluate("document.documentElement.scrollHeight")
    context.close()
    return heights


def test_the_indices_can_be_scanned_on_a_phone(browser, site_url):
    check_indices_scan(browser, site_url)


def test_the_indices_can_be_scanned_with_two_summits(browser, added):
    from browser import serve

    with serve(added[1]) as url:
        check_indices_scan(browser, url)


@pytest.fixture(scope="module")
def twenty_summits(tmp_path_factory):
    """The benchmark's site of 20 copies of the Tokyo summit, built."""
    import subprocess
    import sys

    from conftest import ROOT

    sys.path.insert(0, str(ROOT / "benchmarks"))
    import bench

    work = tmp_path_factory.mktemp("twenty")
    bench.generate(work / "site", 20)
    result = subprocess.run([sys.executable, "-m", "sphinx", "-b", "html", "-q", "-c", str(work / "site"),
                             "-d", str(work / "doctrees"), str(work / "site"), str(work / "html")],
                            capture_output=True, text=True, cwd=ROOT)
    assert result.returncode == 0, result.stderr
    return work / "html"


def test_the_indices_stay_short_at_twenty_summits(browser, site_url, twenty_summits):
    """At 20 summits the groups still fit in a few screens, and no index is more than
    a screen or two taller than at one summit: its height follows its names."""
    from browser import serve

    one = check_indices_scan(browser, site_url)
    with serve(twenty_summits) as url:
        twenty = check_indices_scan(browser, url)
    assert all(twenty[name] <= one[name] + 2 * PHONE["viewport"]["height"] for name in one), (one, twenty)


def test_a_badge_opens_its_entry_at_the_session(browser, site_url, real_site, sessions):
    """A card's badge leads to its entry, open, with the session's own link in view."""
    from browser import visit

    session = next(s for s in sessions if s["projects"])
    context = browser.new_context(**PHONE)
    page = context.new_page()
    visit(page, site_url + session["url"].split("#")[0])
    page.locator(".session-card-details > summary").click()  # on a phone the card's names are folded
    badge = page.locator(".session-card a.sd-badge[href*='summit-projectindex']").first
    project, anchor = badge.inner_text(), badge.get_attribute("href").split("#")[1]
    badge.scroll_into_view_if_needed()
    badge.click()
    page.wait_for_url("**/summit-projectindex.html#*")
    entry = page.locator(f"details.summit-index-entry[id='{anchor}']")
    expect(entry).to_have_attribute("open", "")
    assert entry.locator(".summit-index-name").inner_text() == project
    link = entry.locator(f".summit-index-detail a[href$='{session['url'].split('/')[-1]}']")
    expect(link).to_be_in_viewport()
    # a closed entry opens from its summary
    closed = page.locator("details.summit-index-entry:not([open])").first.get_attribute("id")
    other = page.locator(f"details.summit-index-entry[id='{closed}']")
    other.locator("summary").click()
    expect(other.locator(".summit-index-detail li a").first).to_be_visible()
    context.close()
