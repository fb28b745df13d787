"""What a reader sees, checked in Debian's Chromium (Playwright)."""

from __future__ import annotations

import shutil

import pytest
from browser import (
    EDITING_SURVEY,
    SEARCH_SHOWN,
    axe_violations,
    diagram_report,
    open_page,
    open_tab,
    search,
    serve,
    visit,
    wait_for_diagrams,
)
from playwright.sync_api import expect
from conftest import ROOTS

MOVED = "This page has moved"  # the redirect pages of old addresses (sphinx-reredirects)


def all_pages(real_site) -> list[str]:
    """Every page of the site, without the redirects from old addresses."""
    return sorted(str(p.relative_to(real_site)) for p in real_site.rglob("*.html")
                  if "_static" not in p.parts and MOVED not in p.read_text(encoding="utf-8")
                  and p.name != "404.html")  # (served in place of missing pages: test_hosting)


def test_an_old_address_leads_to_the_same_place_in_the_tokyo_folder(site_url, page):
    page.goto(site_url + "day2/ceph-manila-containers.html#cephfs")
    page.wait_for_url("**/tokyo-2015/day2/ceph-manila-containers.html#cephfs")
    assert page.locator("h1").first.inner_text().startswith("The state of Ceph, Manila")


def test_every_page_loads_cleanly(real_site, site_url, browser):
    problems = {}
    context = browser.new_context()
    for name in all_pages(real_site):
        page = context.new_page()
        record = visit(page, site_url + name)
        if record.problems:
            problems[name] = record.problems
        page.close()
    context.close()
    assert problems == {}


def pages_with_diagrams(real_site) -> list[str]:
    return [name for name in all_pages(real_site)
            if 'class="mermaid' in (real_site / name).read_text(encoding="utf-8")]


def test_every_diagram_renders(real_site, site_url, browser):
    pages = pages_with_diagrams(real_site)
    assert pages, "the site has no diagrams"
    broken, rendered = diagram_report(browser, site_url, pages)
    assert broken == {}
    assert rendered >= 14


def test_where_the_reader_draws_a_broken_diagram_it_is_reported_with_its_page_and_caption(
        make_app, tmp_path, browser, monkeypatch):
    """Built without a browser (no Node.js), Mermaid draws in the reader's browser:
    a broken diagram is then named by its page and caption."""
    src = tmp_path / "src"
    shutil.copytree(ROOTS / "test-diagrams", src)
    monkeypatch.setenv("PATH", str(tmp_path))
    app = make_app("html", srcdir=src, confoverrides={"mermaid_drawing_required": False})
    app.build()
    with serve(app.outdir) as url:
        broken, rendered = diagram_report(browser, url, ["index.html", "broken.html"])
        assert broken == {"broken.html": ["diagram 2 (A diagram with a typo): syntax error"]}
        page = browser.new_page()
        assert any("Mermaid rendering failed" in e for e in visit(page, url + "broken.html").console_errors)
        page.close()


@pytest.mark.parametrize(("query", "expected"), [
    ("Kuryr", "tokyo-2015/day2/overlay-network-containers.html"),
    ("PMStore", "tokyo-2015/day2/ceph-solid-state.html"),
])
def test_search_finds_the_session(site_url, page, query, expected):
    links = [link for link, _ in search(page, site_url, query)]
    assert any(expected in link for link in links), links


PHONE_PAGES = ["index.html", "tokyo-2015/index.html", "tokyo-2015/day2/index.html", "tokyo-2015/day2/ceph-manila-containers.html",
               "tokyo-2015/day2/overlay-network-containers.html", "tokyo-2015/day3/trusted-containers.html",
               "summit-projectindex.html"]


@pytest.mark.parametrize("name", PHONE_PAGES)
def test_cards_and_diagrams_fit_a_phone(browser, site_url, name):
    context = browser.new_context(viewport={"width": 390, "height": 844}, device_scale_factor=2,
                                  is_mobile=True, has_touch=True)
    page = context.new_page()
    visit(page, site_url + name)
    overflow = page.evaluate("document.documentElement.scrollWidth - window.innerWidth")
    assert overflow <= 0, f"{name} scrolls sideways by {overflow}px at 390px"
    # every card and diagram lies within the viewport's width
    outside = page.evaluate("""() => [...document.querySelectorAll('.session-card, .sd-card, pre.mermaid')]
        .map(el => el.getBoundingClientRect())
        .filter(r => r.width > 0 && (r.left < -1 || r.right > window.innerWidth + 1)).length""")
    assert outside == 0
    context.close()


def check_accessibility(browser, url: str, pages: list[str], scheme: str, width: int) -> None:
    """axe-core (npm, pinned in package.json) finds no serious or critical violation on
    any of ``pages``, in ``scheme`` at ``width`` px."""
    context = browser.new_context(color_scheme=scheme, viewport={"width": width, "height": 844})
    page = context.new_page()
    problems = {}
    for name in pages:
        page.goto(url + name, wait_until="load")
        wait_for_diagrams(page)
        if name.startswith("search.html?"):
            page.wait_for_function(SEARCH_SHOWN, timeout=20000)
        if found := axe_violations(page):
            problems[name] = found
    context.close()
    assert problems == {}


# every page, a search with its results, and the 404 page as served for a missing page
EXTRA_PAGES = ["search.html?q=Cinder", "404.html", "no/such/page.html"]


@pytest.mark.parametrize(("scheme", "width"), [("light", 1280), ("dark", 390)])
def test_no_serious_accessibility_violation(browser, real_site, scheme, width):
    from test_hosting import hosted

    with hosted(real_site, "/") as url:
        check_accessibility(browser, url, all_pages(real_site) + EXTRA_PAGES, scheme, width)


def test_no_serious_accessibility_violation_with_two_summits(browser, added):
    from test_hosting import hosted

    html = added[1]
    with hosted(html, "/") as url:
        check_accessibility(browser, url, all_pages(html) + EXTRA_PAGES, "light", 390)


SHOWN_DRAWING = "[...document.querySelectorAll('div.diagram-drawn > svg')].find(svg => svg.getClientRects().length)"


def diagram_colours(page) -> dict:
    return page.evaluate(f"""() => {{
        const svg = {SHOWN_DRAWING};
        const shape = svg.querySelector('.node rect, .node polygon, rect.actor, rect');
        const label = svg.querySelector('.nodeLabel, text');
        return {{fill: getComputedStyle(shape).fill, text: getComputedStyle(label).color || getComputedStyle(label).fill}};
    }}""")


def test_diagrams_follow_the_light_and_dark_switch(browser, site_url):
    name = "tokyo-2015/day2/overlay-network-containers.html"
    colours = {}
    for scheme in ("light", "dark"):
        context = browser.new_context(color_scheme=scheme)
        page = context.new_page()
        visit(page, site_url + name)
        colours[scheme] = diagram_colours(page)
        context.close()
    assert colours["light"] != colours["dark"]
    # furo's theme button switches a page that is already open, too
    context = browser.new_context(color_scheme="light")
    page = context.new_page()
    visit(page, site_url + name)
    page.evaluate("document.body.dataset.theme = 'dark'")
    page.wait_for_function(f"""() => {{
        const svg = {SHOWN_DRAWING};
        return svg && getComputedStyle(svg.querySelector('.node rect, .node polygon, rect')).fill
               === {colours['dark']['fill']!r};
    }}""", timeout=15000)
    context.close()


def test_full_screen_control_is_a_visible_labelled_button(page, site_url):
    visit(page, site_url + "tokyo-2015/day2/overlay-network-containers.html")
    button = page.locator(".mermaid-fullscreen-btn").first
    assert button.is_visible()
    assert button.inner_text().strip() == "Full screen"
    assert button.get_attribute("aria-label")
    button.click()
    expect(page.locator(".mermaid-fullscreen-modal.active svg:visible")).to_have_count(1)
    page.keyboard.press("Escape")
    expect(page.locator(".mermaid-fullscreen-modal.active")).to_have_count(0)


# -- Editing marked as editing (sphinx_summit.editing) --------------------------

def pages_with_editors_notes(real_site) -> dict[str, int]:
    counts = {str(p.relative_to(real_site)): p.read_text(encoding="utf-8").count('class="admonition-editor-note')
              for p in sorted(real_site.rglob("*.html")) if "_static" not in p.parts}
    return {name: n for name, n in counts.items() if n}


def editing_on_show(page) -> dict[str, list]:
    """EDITING_SURVEY of the page, each tab of each tab set opened in turn."""
    seen = page.evaluate(EDITING_SURVEY)
    for label in page.locator(".sd-tab-set > label").all():
        open_tab(page, label)
        for kind, found in page.evaluate(EDITING_SURVEY).items():
            seen[kind] += [item for item in found if item not in seen[kind]]
    return seen


@pytest.mark.parametrize(("scheme", "width"), [(s, w) for s in ("light", "dark") for w in (1280, 390)])
def test_editing_is_marked_and_the_marks_can_be_read(browser, site_url, real_site, scheme, width):
    """Every editor's note is titled and has its dashed edge (3:1 against the page);
    every mark's text reads at 4.5:1; the landing page's sentence shows the three marks."""
    pages = pages_with_editors_notes(real_site)
    assert len(pages) >= 10 and sum(pages.values()) >= 25
    context = browser.new_context(color_scheme=scheme, viewport={"width": width, "height": 900})
    page = context.new_page()
    problems, notes = [], 0
    for name in ["index.html", *pages]:
        open_page(page, site_url + name)
        survey = editing_on_show(page)
        notes += len(survey["notes"])
        problems += [f"{name}: note {n}" for n in survey["notes"]
                     if not n["title"].startswith("Editor’s note") or n["edge"] != "dashed" or n["ratio"] < 3]
        problems += [f"{name}: mark {m}" for m in survey["marks"] if m["ratio"] < 4.5]
        if name == "index.html":
            assert [m["text"] for m in survey["marks"]] == ["Editor’s note", "Drawn from the notes", "(inferred)"]
    context.close()
    assert problems == []
    assert notes == sum(pages.values())  # each note was seen, in whichever tab it sits


# -- The notes come first on a phone (cards.py, card_details) --------------------

NOTES_TOP = """() => {
    const card = document.querySelector('.session-card');
    const after = [...document.querySelectorAll('article p, article li, article pre, article table, article figure')]
        .filter((el) => !card.contains(el) && (card.compareDocumentPosition(el) & Node.DOCUMENT_POSITION_FOLLOWING)
                        && el.textContent.trim());
    const shown = after.filter((el) => el.getClientRects().length);
    return after.length ? (shown.length ? shown[0].getBoundingClientRect().top : Infinity) : null;  // null: no notes yet
}"""
LINES = 2 * 24  # two lines of the notes' text, at least, on the first screen


SPEAKERS_SHOWN = """() => [...document.querySelectorAll('.session-card')].map((card) => {
    const names = [...card.querySelectorAll('dd.summit-speakers .sd-badge')];
    return {folded: card.querySelectorAll('details dd.summit-speakers').length,
            names: names.map((n) => n.textContent.trim()),
            hidden: names.filter((n) => {
                const r = n.getBoundingClientRect();
                return !n.checkVisibility({visibilityProperty: true, opacityProperty: true}) || !r.width
                    || r.left < 0 || r.right > window.innerWidth;
            }).map((n) => n.textContent.trim())};
})"""


def check_notes_come_first(browser, url: str, pages: list[str]) -> None:
    """At 390 px the first screen shows the notes' first lines under the card, whose
    speakers are in view and whose other names open from its summary; at 1280 px the
    names are there without a click."""
    phone = browser.new_context(viewport={"width": 390, "height": 844}, device_scale_factor=2,
                                is_mobile=True, has_touch=True)
    page = phone.new_page()
    late, unseen, speakers = {}, {}, 0
    for name in pages:
        open_page(page, url + name)
        top = page.evaluate(NOTES_TOP)
        if top is not None and top + LINES > page.viewport_size["height"]:
            late[name] = top
        for card in page.evaluate(SPEAKERS_SHOWN):  # without a tap, inside the screen's width
            speakers += len(card["names"])
            if card["folded"] or card["hidden"]:
                unseen[name] = card
        details = page.locator(".session-card .session-card-details")
        if details.count():
            fields = details.locator(".summit-fields")
            expect(fields).to_be_hidden()
            details.locator("summary").click()
            expect(fields).to_be_visible()
    phone.close()
    assert late == {}, "notes start below the first screen at 390x844"
    assert unseen == {} and speakers > 0, "a card's speakers are folded or off the screen at 390x844"
    wide = browser.new_context(viewport={"width": 1280, "height": 900})
    page = wide.new_page()
    for name in pages[:5]:
        open_page(page, url + name)
        if page.locator(".session-card-details").count():
            expect(page.locator(".session-card-details .summit-fields")).to_be_visible()
            expect(page.locator(".session-card-details > summary")).to_be_hidden()
    wide.close()


def test_the_notes_come_first_on_a_phone(browser, site_url, real_site):
    from site_properties import session_pages_of
    from conftest import ROOT

    pages = session_pages_of(ROOT / "docs")
    assert pages
    check_notes_come_first(browser, site_url, pages)


def test_the_notes_come_first_on_a_phone_with_two_summits(browser, added):
    from site_properties import session_pages_of

    docs, html, _folder = added
    with serve(html) as url:
        check_notes_come_first(browser, url, session_pages_of(docs))
