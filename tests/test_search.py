"""Search, as a reader uses it in Chromium (sphinx_summit.search, Pagefind): the
talk comes first, every result reads (its summit, day and format, a snippet
with the words marked, its matching sections), the facets narrow and count and
stay in the address, a misspelling gets a suggestion, nothing moves as the
results arrive, and it works wherever the site is opened."""

from __future__ import annotations

import json
import re
import shutil
from pathlib import Path
from urllib.parse import parse_qs, quote, urlparse

import pytest
from browser import SEARCH_SHOWN, read_results, search_results, serve, visit
from playwright.sync_api import expect


def sessions_of(site) -> dict:
    return json.loads((site / "sessions.json").read_text())


def page_of(session: dict) -> str:
    return session["url"].split("#")[0]


# -- The talk first ---------------------------------------------------------------

FIRST = {
    # a speaker named in one talk
    "Sage Weil": "tokyo-2015/day2/ceph-manila-containers.html",
    # a project, in lower case: the talk about it, not a keynote that names it
    "ceph": "tokyo-2015/day2/ceph-manila-containers.html",
    "kuryr": "tokyo-2015/day2/overlay-network-containers.html",
    "libnetwork": "tokyo-2015/day2/overlay-network-containers.html",
    "murano": "tokyo-2015/day3/murano-autoscaling.html",
    # an organization
    "Rackspace": "tokyo-2015/day2/vendors-killing-cinder.html",
    # a phrase of the notes
    "FSCK and repair": "tokyo-2015/day2/ceph-manila-containers.html",
    # a glossary term a talk is about: the talk, then the glossary
    "PMStore": "tokyo-2015/day2/ceph-solid-state.html",
    # a Japanese title
    "雲泥の差": "tokyo-2015/day3/cloud-and-mud.html",
    # an acronym
    "SMR": "tokyo-2015/day1/smr-swift.html",
    # a word only a diagram's accessible description holds
    "untrusted": "tokyo-2015/day3/docker-security.html",
    # a misspelling the stemmer forgives
    "kubernets": "tokyo-2015/day2/kubernetes-on-openstack.html",
}


@pytest.mark.parametrize("query", FIRST)
def test_the_talk_comes_first(page, site_url, query):  # noqa: F811
    found = search_results(page, site_url, query)
    assert found and found[0]["page"] == FIRST[query], [r["page"] for r in found[:5]]


def test_a_session_is_found_first_by_its_title(page, site_url, real_site):  # noqa: F811
    """Any session, searched by its title, is the first result (whatever the notes)."""
    sessions = sessions_of(real_site)["sessions"]
    titles = {}
    for s in sessions:
        titles.setdefault(s["title"], []).append(page_of(s))
    for title, pages in sorted(titles.items())[:: max(1, len(titles) // 8)]:
        found = [r["page"] for r in search_results(page, site_url, title)]
        assert set(found[:len(pages)]) == set(pages), (title, found[:5])


@pytest.mark.parametrize("field", ["projects", "speakers"])
def test_the_talks_whose_cards_name_it_come_before_other_pages(page, site_url, real_site, field):  # noqa: F811
    """A name on one or two cards: those sessions come before any page that is no session."""
    sessions = sessions_of(real_site)["sessions"]
    session_pages = {page_of(s) for s in sessions}
    named: dict[str, set[str]] = {}
    for s in sessions:
        for name in s[field]:
            named.setdefault(name, set()).add(page_of(s))
    tried = [name for name, pages in sorted(named.items()) if len(pages) <= 2][:6]
    assert tried
    for name in tried:
        found = [r["page"] for r in search_results(page, site_url, name)]
        assert named[name] <= set(found), (name, found[:5])
        others = [n for n, p in enumerate(found) if p not in session_pages]
        assert all(found.index(p) < (others[0] if others else len(found)) for p in named[name]), (name, found[:6])


def test_the_page_chrome_and_listings_are_not_searched(page, site_url, real_site):  # noqa: F811
    """Words only the theme's footer or sidebar hold find nothing; a session's related
    sessions do not make its page a result for their titles."""
    assert search_results(page, site_url, "Furo") == []  # "Made with Sphinx and @pradyunsg's Furo"
    sessions = sessions_of(real_site)["sessions"]
    longest = max(sessions, key=lambda s: len(s["title"]))
    found = [r["page"] for r in search_results(page, site_url, longest["title"])]
    assert found[0] == page_of(longest)


# -- Results that read --------------------------------------------------------------

def words_of(query: str) -> list[str]:
    # a word, or its first five letters (the search matches stems: replication, replicated)
    return [w.lower()[:5] for w in re.findall(r"\w+", query)]


def session_labels(site) -> dict[str, str]:
    """page -> what its search result must say: 'Tokyo 2015 · Day 2 · talk'."""
    data = sessions_of(site)
    short = {s["id"]: s["short_title"] for s in data["summits"]}
    return {page_of(s): f"{short[s['summit']]} · Day {s['day']} · {s['format']}" for s in data["sessions"]}


def check_results_read(page, site, site_url, query, **facets) -> list[dict]:
    """Every result: a page once, its title, a snippet that marks a word of the
    query (or its title has it), a session's summit, day and format; no console error."""
    errors = []
    page.on("console", lambda m: m.type == "error" and errors.append(m.text))
    page.on("pageerror", lambda e: errors.append(str(e)))
    found = search_results(page, site_url, query, **facets)
    assert found, query
    pages = [r["page"] for r in found]
    assert len(pages) == len(set(pages)), (query, pages)
    labels = session_labels(site)
    for r in found:
        assert r["title"].strip() and r["snippet"].strip(), (query, r)
        marked = " ".join(r["marked"] + [r["title"]]).lower()
        assert any(w in marked for w in words_of(query)), (query, r)
        if r["page"] in labels:
            assert r["label"] == labels[r["page"]], (query, r)
        assert (site / r["page"]).is_file(), r
    assert errors == [], (query, errors)
    return found


QUERIES = ["Kuryr", "Sage Weil", "Openstack Summit Keynote", "Cinder replication", "Magnum",
           "Docker security", "NFV", "Manila", "containers", "CephFS", "multisite"]


@pytest.mark.parametrize("query", QUERIES)
def test_every_result_reads(page, site_url, real_site, query):  # noqa: F811
    check_results_read(page, real_site, site_url, query)


def test_a_heading_that_matches_is_a_section_of_its_result(page, site_url, real_site):  # noqa: F811
    from bs4 import BeautifulSoup

    keynote = real_site / "tokyo-2015/day2/keynote.html"
    heading = BeautifulSoup(keynote.read_text(encoding="utf-8"), "html.parser").select_one("h2[id]")
    anchor = heading["id"]
    name = heading.get_text().replace("¶", "").strip()
    found = search_results(page, site_url, name)
    result = next(r for r in found if r["page"] == "tokyo-2015/day2/keynote.html")
    assert any(href.endswith(f"#{anchor}") for href in result["sections"]), result


def test_a_diagram_reads_label_by_label(page, site_url):  # noqa: F811
    """A diagram's labels are indexed apart: a snippet never runs two of them together."""
    found = search_results(page, site_url, "CreateNetwork")
    assert found
    snippet = " ".join(r["snippet"] for r in found)
    assert "CreateNetwork" in snippet
    assert not re.search(r"CreateNetwork[a-z]", snippet), snippet


def test_two_keynotes_read_apart(page, site_url, real_site):  # noqa: F811
    """Two keynotes share a title: their results differ by their day."""
    found = [r for r in search_results(page, site_url, "keynote") if r["page"].endswith("keynote.html")]
    assert len(found) >= 2
    assert len({(r["title"], r["label"]) for r in found}) == len(found)
    assert all(re.fullmatch(r".+ · Day \d+ · keynote", r["label"]) for r in found), found


# -- Spelling help -------------------------------------------------------------------

@pytest.mark.parametrize("typed, meant", [("neutorn", "Neutron"), ("kuyrr", "Kuryr"),
                                           ("libnetwrok", "libnetwork")])
def test_a_misspelling_gets_a_suggestion_that_finds(page, site_url, typed, meant):  # noqa: F811
    assert search_results(page, site_url, typed) == []
    suggestion = page.locator("#summit-search-suggestion")
    expect(suggestion).to_be_visible()
    expect(suggestion).to_contain_text("Did you mean")
    link = suggestion.get_by_role("link", name=meant, exact=True)
    link.click()
    page.wait_for_function(SEARCH_SHOWN)
    assert parse_qs(urlparse(page.url).query)["q"] == [meant]
    assert read_results(page)


def test_a_misspelt_name_beside_a_right_word_still_finds_its_page(page, site_url):  # noqa: F811
    found = search_results(page, site_url, "Sage Wiel")
    assert found and found[0]["page"] == "tokyo-2015/day2/ceph-manila-containers.html"


def test_a_word_no_name_is_near_gets_no_suggestion(page, site_url):  # noqa: F811
    assert search_results(page, site_url, "qqqqzzzzxx") == []
    expect(page.locator("#summit-search-status")).to_contain_text("No page matches")
    expect(page.locator("#summit-search-suggestion")).to_be_hidden()


# -- Nothing moves, nothing fails, anywhere ------------------------------------------

CLS = """() => new Promise(resolve => {
    let total = 0;
    new PerformanceObserver(list => { for (const e of list.getEntries()) if (!e.hadRecentInput) total += e.value; })
        .observe({type: 'layout-shift', buffered: true});
    requestAnimationFrame(() => requestAnimationFrame(() => resolve(total)));
})"""


@pytest.mark.parametrize("query", ["Kuryr", "containers"])
def test_nothing_moves_as_the_results_arrive(browser, site_url, query):
    """On a phone, with the index held back until the page has painted: the layout
    shifts add up to less than 0.1 (Core Web Vitals' good)."""
    context = browser.new_context(viewport={"width": 390, "height": 844}, device_scale_factor=2,
                                  is_mobile=True, has_touch=True)
    page = context.new_page()
    held, holding = [], [True]

    def hold(route):
        if holding[0]:
            held.append(route)
        else:
            route.continue_()

    page.route(re.compile(r".*/pagefind/.*"), hold)
    page.goto(f"{site_url}search.html?q={quote(query)}", wait_until="load")
    page.wait_for_function("() => document.fonts.status === 'loaded'")
    page.wait_for_function("() => document.querySelector('#summit-search-status').textContent !== ''")
    holding[0] = False
    for route in held:
        route.continue_()
    page.wait_for_function(SEARCH_SHOWN)
    assert read_results(page)
    assert page.evaluate(CLS) < 0.1
    context.close()


def test_opened_from_disk_it_says_how_to_serve_the_site(browser, real_site):
    page = browser.new_page()
    errors = []
    page.on("console", lambda m: m.type == "error" and errors.append(m.text))
    page.on("pageerror", lambda e: errors.append(str(e)))
    page.goto((real_site / "search.html").as_uri() + "?q=ceph")
    page.wait_for_function(SEARCH_SHOWN)
    expect(page.locator("#summit-search-status")).to_contain_text("http.server")
    assert errors == []
    page.close()


def test_search_works_under_a_path_prefix(page, real_site):  # noqa: F811
    """As Read the Docs serves it, under /en/latest/: results link into the prefix."""
    import sys
    from pathlib import Path

    sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "benchmarks"))
    from lighthouse import serve as serve_under

    with serve_under(real_site, "/en/latest/") as url:
        found = search_results(page, url, "Sage Weil")
    assert found and found[0]["href"].startswith("/en/latest/tokyo-2015/"), found[:2]


# -- Facets, on a site of two summits (a copy of docs/ with a summit added) ---------

@pytest.fixture(scope="module")
def two_summits(added):
    _docs, html, folder = added
    with serve(html) as url:
        yield html, url, folder


def facet_values(page, facet: str) -> dict[str, int]:
    """value -> count, as the facet offers them."""
    return dict(page.eval_on_selector_all(
        f'details.summit-facet[data-facet="{facet}"] input',
        "boxes => boxes.map(b => [b.value, Number(b.parentElement.querySelector('.summit-facet-count').textContent.replace(/[()]/g, ''))])"))


def test_the_summit_facet_narrows_and_counts(page, two_summits):  # noqa: F811
    html, url, folder = two_summits
    summits = sessions_of(html)["summits"]
    assert len(summits) >= 2
    everywhere = check_results_read(page, html, url, "keynote")
    counts = facet_values(page, "summit")
    for summit in summits:
        if not counts.get(summit["id"]):
            continue  # (a summit without a keynote: an author's own, say)
        found = check_results_read(page, html, url, "keynote", summit=summit["id"])
        assert len(found) == counts[summit["id"]]
        for r in found:
            assert r["label"].startswith(summit["short_title"]), r
            assert r["page"] in {e["page"] for e in everywhere}
    assert sum(counts.values()) == sum(1 for r in everywhere if r["label"])  # (pages of a summit)


def test_facets_are_kept_in_the_address(page, two_summits):  # noqa: F811
    html, url, folder = two_summits
    summit = next(s for s in sessions_of(html)["summits"] if s["id"] == folder)
    visit(page, f"{url}search.html?q=storage")
    page.wait_for_function(SEARCH_SHOWN)
    facet = page.locator('details.summit-facet[data-facet="summit"]')
    facet.locator("summary").click()
    facet.locator(f'input[value="{summit["id"]}"]').check()
    page.wait_for_url(re.compile(r".*summit=.*"))
    page.wait_for_function(SEARCH_SHOWN)
    assert parse_qs(urlparse(page.url).query) == {"q": ["storage"], "summit": [summit["id"]]}
    found = read_results(page)
    assert found and all(r["label"].startswith(summit["short_title"]) for r in found)
    # the address, opened elsewhere, gives the same results
    other = page.context.new_page()
    visit(other, page.url)
    other.wait_for_function(SEARCH_SHOWN)
    assert read_results(other) == found
    other.close()


def test_a_project_facet_keeps_the_sessions_whose_cards_name_it(page, site_url, real_site):  # noqa: F811
    sessions = sessions_of(real_site)["sessions"]
    project = max({p for s in sessions for p in s["projects"]},
                  key=lambda p: sum(p in s["projects"] for s in sessions))
    with_it = {page_of(s) for s in sessions if project in s["projects"]}
    found = search_results(page, site_url, "", projects=project)
    assert {r["page"] for r in found} == with_it
    assert facet_values(page, "projects")[project] == len(with_it)


# -- Many sites, one search -------------------------------------------------------

def test_another_site_of_the_collection_is_searched_with_this_one(make_app, tmp_path, page, real_site):  # noqa: F811
    """A site built with summit_search_sites naming another finds that site's pages
    too (Pagefind's merged indexes), linking into it, with its summits as facets."""
    from conftest import Site

    site = Site(make_app, tmp_path / "alpha", root="summits")
    site.build(confoverrides={"summit_search_sites": ["../tokyo/"]})
    served = tmp_path / "served"
    served.mkdir()
    (served / "alpha").symlink_to(site.app.outdir)
    (served / "tokyo").symlink_to(real_site)
    with serve(served) as url:
        found = search_results(page, f"{url}alpha/", "Sage Weil")
        assert found and urlparse(found[0]["href"]).path == "/tokyo/tokyo-2015/day2/ceph-manila-containers.html", \
            found[:2]
        assert "tokyo-2015" in facet_values(page, "summit")
        own = sessions_of(site.app.outdir)["sessions"][0]
        found = search_results(page, f"{url}alpha/", own["title"])
        assert urlparse(found[0]["href"]).path == "/alpha/" + page_of(own), found[:2]


def test_the_index_is_kept_while_no_page_changes(summits_site):
    """A rebuild that changes no page keeps the index (Pagefind indexes the whole
    site: seconds at scale); a changed page, or an index gone, makes it again."""
    from conftest import search_fragments

    site = summits_site
    site.build()
    outdir = Path(site.app.outdir)
    entry = outdir / "pagefind/pagefind-entry.json"
    made = entry.stat().st_mtime_ns
    site.rebuild()
    assert site.warnings == "" and entry.stat().st_mtime_ns == made
    assert "the index is kept" in site.app.status.getvalue()

    page = site.path / "alpha-2015/day1/storage-talk.md"
    page.write_text(page.read_text() + "\nQuokkas were mentioned.\n")
    site.rebuild()
    assert entry.stat().st_mtime_ns != made
    assert "Quokkas were mentioned." in search_fragments(outdir)["alpha-2015/day1/storage-talk.html"]["content"]

    shutil.rmtree(outdir / "pagefind")
    site.rebuild()
    assert entry.is_file() and "Quokkas" in search_fragments(outdir)["alpha-2015/day1/storage-talk.html"]["content"]
