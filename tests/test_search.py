"""Search, as a reader uses it in Chromium: the talk comes first, each page once,
every result with its summit, day, format and a snippet; nothing moves as the
results arrive; on a site of two summits, a filter by summit kept in the URL."""

from __future__ import annotations

import json
import re
from urllib.parse import parse_qs, quote, urlparse

import pytest
from browser import read_results, search, search_results, serve, visit
from playwright.sync_api import expect


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


def sessions_of(site) -> dict:
    return json.loads((site / "sessions.json").read_text())


@pytest.mark.parametrize("field", ["projects", "speakers"])
def test_the_talks_whose_cards_name_it_come_first(page, site_url, real_site, field):  # noqa: F811
    """For each name of the card's field named on one or two cards, those sessions are the first results."""
    sessions = sessions_of(real_site)["sessions"]
    named: dict[str, set[str]] = {}
    for s in sessions:
        for name in s[field]:
            named.setdefault(name, set()).add(s["url"].split("#")[0])
    tried = [name for name, pages in sorted(named.items()) if len(pages) <= 2][:6]
    assert tried
    for name in tried:
        found = [r["href"].split("#")[0] for r in search_results(page, site_url, name)]
        assert set(found[:len(named[name])]) == named[name], (name, found[:5])


def test_a_project_finds_the_talks_that_cover_it_first(page, site_url, real_site):  # noqa: F811
    sessions = sessions_of(real_site)["sessions"]
    covering = {s["url"].split("#")[0] for s in sessions if "Kuryr" in s["projects"]}
    found = [href.split("#")[0] for href, _ in results(page, site_url, "Kuryr")]
    assert set(found[:len(covering)]) == covering, found[:5]


def test_a_speaker_named_once_finds_a_handful_of_pages(page, site_url):  # noqa: F811
    found = results(page, site_url, "Sage Weil")
    assert len(found) <= 4, [href for href, _ in found]


def session_labels(site) -> dict[str, str]:
    """page -> what its search result must say: 'Tokyo 2015 · Day 2 · talk'."""
    data = sessions_of(site)
    short = {s["id"]: s["short_title"] for s in data["summits"]}
    return {s["url"].split("#")[0]: f"{short[s['summit']]} · Day {s['day']} · {s['format']}"
            for s in data["sessions"]}


def words_of(query: str) -> list[str]:
    # a word, or its first five letters (the search matches stems: replication, replicated)
    return [w.lower()[:5] for w in re.findall(r"\w+", query)]


def check_results_read(page, site, site_url, query, summit=None) -> list[dict]:
    """Every result: a page once, a snippet from its page naming a word of the query
    (or its title does), and a session's summit, day and format; no console error."""
    errors = []
    page.on("console", lambda m: m.type == "error" and errors.append(m.text))
    page.on("pageerror", lambda e: errors.append(str(e)))
    found = search_results(page, site_url, query, summit)
    assert found, query
    pages = [r["href"].split("#")[0] for r in found]
    assert len(pages) == len(set(pages)), (query, pages)
    labels = session_labels(site)
    for r, name in zip(found, pages):
        snippet = r["snippet"].strip()
        assert snippet, (query, r)
        assert any(w in (snippet + " " + r["title"]).lower() for w in words_of(query)), (query, r)
        # the snippet is the page's own text (spaces aside: a term and its definition are apart)
        text = "".join(visible_text(site / name).split())
        assert "".join(snippet.strip("… ").split(" … ")[0][:40].split()) in text, (query, r)
        if name in labels:
            assert r["label"] == labels[name], (query, r)
    assert errors == [], (query, errors)
    return found


def visible_text(path) -> str:
    from bs4 import BeautifulSoup

    main = BeautifulSoup(path.read_text(encoding="utf-8"), "html.parser").select_one('[role="main"]')
    for element in main.select(".headerlink, script, style"):
        element.decompose()
    return main.get_text()


QUERIES = ["Kuryr", "Sage Weil", "Openstack Summit Keynote", "Cinder replication", "Magnum",
           "Docker security", "NFV", "Manila", "containers", "CephFS", "multisite"]


@pytest.mark.parametrize("query", QUERIES)
def test_every_result_reads(page, site_url, real_site, query):  # noqa: F811
    check_results_read(page, real_site, site_url, query)


def test_a_glossary_term_comes_with_its_definition(page, site_url, real_site):  # noqa: F811
    from bs4 import BeautifulSoup

    glossary = BeautifulSoup((real_site / "glossary.html").read_text(encoding="utf-8"), "html.parser")
    term = glossary.select("dl.glossary dt")[0]
    name = " ".join(term.get_text().replace("¶", "").split())
    definition = " ".join(term.find_next_sibling("dd").get_text().split())
    found = next(r for r in search_results(page, site_url, name) if r["href"].startswith("glossary.html"))
    assert definition[:30] in " ".join(found["snippet"].split()), found


def test_results_of_index_entries_on_two_pages_read_apart(page, site_url, real_site):  # noqa: F811
    """Two keynotes match "keynote" by their titles: their results differ by their day."""
    found = [r for r in search_results(page, site_url, "keynote") if r["href"].endswith("keynote.html")]
    assert len(found) >= 2
    assert len({(r["title"], r["label"]) for r in found}) == len(found)
    assert all(re.fullmatch(r".+ · Day \d+ · keynote", r["label"]) for r in found), found


CLS = """() => new Promise(resolve => {
    let total = 0;
    new PerformanceObserver(list => { for (const e of list.getEntries()) if (!e.hadRecentInput) total += e.value; })
        .observe({type: 'layout-shift', buffered: true});
    requestAnimationFrame(() => requestAnimationFrame(() => resolve(total)));
})"""


@pytest.mark.parametrize("query", ["Kuryr", "containers"])
def test_nothing_moves_as_the_snippets_arrive(browser, site_url, query):
    """The pages the snippets come from are held until the list is shown, then let go:
    the layout shifts they cause add up to less than 0.1 (Core Web Vitals' good)."""
    context = browser.new_context(viewport={"width": 390, "height": 844}, device_scale_factor=2,
                                  is_mobile=True, has_touch=True)
    page = context.new_page()
    held, holding = [], [True]

    def hold(route):
        if not holding[0] or urlparse(route.request.url).path.endswith("/search.html"):
            route.continue_()
        else:
            held.append(route)

    page.route(re.compile(r".*\.html(\?.*)?$"), hold)
    page.goto(f"{site_url}search.html?q={quote(query)}", wait_until="domcontentloaded")
    page.wait_for_function("() => document.querySelectorAll('#search-results ul.search li').length > 1")
    page.wait_for_function("() => document.fonts.status === 'loaded'")
    assert held
    holding[0] = False
    for route in held:
        route.continue_()
    page.wait_for_function("() => document.querySelector('#search-results ul.search[aria-busy=\"false\"]')")
    assert all(r["snippet"].strip() for r in read_results(page))
    assert page.evaluate(CLS) < 0.1
    context.close()


def test_a_site_of_one_summit_offers_no_filter(page, site_url, real_site):  # noqa: F811
    if len(sessions_of(real_site)["summits"]) > 1:
        pytest.skip("the site has more than one summit (test_search_within_a_summit checks the filter)")
    visit(page, f"{site_url}search.html?q=Cinder")
    expect(page.locator("#summit-search-summit")).to_have_count(0)


# -- A site of two summits (a copy of docs/ with a summit added by the scaffold) --

@pytest.fixture(scope="module")
def two_summits(added):
    _docs, html, folder = added
    with serve(html) as url:
        yield html, url, folder


def test_search_within_a_summit(page, two_summits):  # noqa: F811
    html, url, folder = two_summits
    summits = sessions_of(html)["summits"]
    assert len(summits) >= 2
    # the filter offers every summit, newest first, and all of them
    visit(page, f"{url}search.html?q=keynote")
    select = page.locator("#summit-search-summit")
    expect(select).to_be_visible()
    assert page.eval_on_selector_all("#summit-search-summit option", "o => o.map(x => x.value)") == \
        ["", *[s["id"] for s in summits]]
    everywhere = check_results_read(page, html, url, "keynote")
    in_summit = {r["href"].split("#")[0]: r["label"] for r in everywhere}
    assert any(href.startswith(f"{folder}/") for href in in_summit)
    assert any(not href.startswith(f"{folder}/") for href in in_summit)
    for summit in summits:
        if not any(label.startswith(summit["short_title"]) for label in in_summit.values()):
            continue  # (a summit without a keynote: an author's own, say)
        found = check_results_read(page, html, url, "keynote", summit["id"])
        expect(select).to_have_value(summit["id"])
        # each result is of that summit, says so, and was among the results of all summits
        for r in found:
            assert r["label"].startswith(summit["short_title"]), r
            assert r["href"].split("#")[0] in in_summit
        assert len(found) == sum(1 for label in in_summit.values() if label.startswith(summit["short_title"]))


def test_the_chosen_summit_is_kept_in_the_address(page, two_summits):  # noqa: F811
    html, url, folder = two_summits
    summit = next(s for s in sessions_of(html)["summits"] if s["id"] == folder)
    visit(page, f"{url}search.html?q=storage")
    page.locator("#summit-search-summit").select_option(summit["id"])
    page.wait_for_url(re.compile(r".*summit=.*"))
    query = parse_qs(urlparse(page.url).query)
    assert query == {"q": ["storage"], "summit": [summit["id"]]}
    page.wait_for_function("() => document.querySelector('#search-results ul.search[aria-busy=\"false\"]')")
    found = read_results(page)
    assert found and all(r["label"].startswith(summit["short_title"]) for r in found)
    # the address, opened elsewhere, gives the same results
    shared = page.url
    other = page.context.new_page()
    visit(other, shared)
    other.wait_for_function("() => document.querySelector('#search-results ul.search[aria-busy=\"false\"]')")
    assert read_results(other) == found
    other.close()
