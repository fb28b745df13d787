"""What readers of a documentation site expect (issue 30): print, keyboard and
assistive technology, valid pages, a 404 page with a way on, page descriptions.

Checked on the real site, for properties that hold whatever the notes hold.
"""

from __future__ import annotations

import json
import re
import shutil
import subprocess
from pathlib import Path

import pytest
from browser import open_page

MOVED = "This page has moved"  # the redirect pages of old addresses (sphinx-reredirects)


def sessions(real_site: Path) -> list[dict]:
    return json.loads((real_site / "sessions.json").read_text(encoding="utf-8"))["sessions"]


def session_page(real_site: Path) -> str:
    return sessions(real_site)[0]["url"].split("#")[0]


def pages(real_site: Path) -> list[str]:
    """Every page of the site, without the redirects from old addresses."""
    return sorted(p.relative_to(real_site).as_posix() for p in real_site.rglob("*.html")
                  if "_static" not in p.parts and MOVED not in p.read_text(encoding="utf-8"))


def page_with_contents(real_site: Path) -> str:
    """A session page with sections: its contents panel lists them."""
    for session in sessions(real_site):
        name = session["url"].split("#")[0]
        toc = (real_site / name).read_text(encoding="utf-8").split('class="toc-tree"', 1)[-1]
        if toc.split("</nav>", 1)[0].count("<li") > 1:
            return name
    pytest.fail("no session page has sections")


def page_with_external_link(real_site: Path) -> str:
    """A session page whose notes link to another site (any, if no session does)."""
    candidates = [s["url"].split("#")[0] for s in sessions(real_site)] + pages(real_site)
    for name in candidates:
        if 'class="reference external"' in (real_site / name).read_text(encoding="utf-8"):
            return name
    pytest.fail("no page of the site links to another site")


# -- Print ---------------------------------------------------------------------

def shown_in_print(page, selector: str) -> list[str]:
    """The elements matching ``selector`` that take room on paper."""
    return page.evaluate("""(selector) => [...document.querySelectorAll(selector)]
        .filter((el) => el.getClientRects().length && getComputedStyle(el).visibility !== 'hidden')
        .map((el) => el.className || el.tagName)""", selector)


@pytest.mark.parametrize("width", [1280, 390])
def test_print_leaves_out_the_page_chrome(real_site, site_url, page, width):
    page.set_viewport_size({"width": width, "height": 900})
    open_page(page, site_url + session_page(real_site))
    page.emulate_media(media="print")
    chrome = (".skip-to-content, .sidebar-drawer, .toc-drawer, .mobile-header, .theme-toggle, "
              ".content-icon-container, .back-to-top, .diagram-toolbar, .sidebar-search-container, "
              "form[role=search], .nav-overlay-icon, .toc-overlay-icon")
    assert shown_in_print(page, chrome) == []
    # what remains is the notes: the title and the card
    assert shown_in_print(page, "article h1") and shown_in_print(page, ".session-card")


def test_the_printed_page_has_no_skip_link_and_no_sidebar(real_site, site_url, page, tmp_path):
    if not shutil.which("pdftotext"):
        pytest.skip("pdftotext (poppler-utils) reads the printed page")
    page.set_viewport_size({"width": 1280, "height": 900})
    name = session_page(real_site)
    open_page(page, site_url + name)
    sidebar_words = page.locator(".sidebar-drawer .sidebar-brand-text, .sidebar-drawer .caption-text").all_inner_texts()
    pdf = tmp_path / "page.pdf"
    pdf.write_bytes(page.pdf(format="A4"))
    text = subprocess.run(["pdftotext", "-layout", str(pdf), "-"], capture_output=True, text=True, check=True).stdout
    title = " ".join(page.locator("article h1").first.inner_text().split()[:3])
    assert title in " ".join(text.split())
    assert "Skip to content" not in text
    assert [w for w in sidebar_words if w.strip() and w.strip() in text] == []


def test_a_printed_link_shows_its_address(real_site, site_url, page):
    name = page_with_external_link(real_site)
    open_page(page, site_url + name)
    page.emulate_media(media="print")
    after = page.evaluate("""() => {
        const shown = (a) => getComputedStyle(a, '::after').content;
        const external = [...document.querySelectorAll('article a.reference.external')];
        const inPage = [...document.querySelectorAll('article a[href^="#"]')];
        const badges = [...document.querySelectorAll('article a.sd-badge, article a:has(.sd-badge)')];
        return {external: external.map((a) => [a.href, shown(a)]),
                other: [...inPage, ...badges].map((a) => shown(a))};
    }""")
    assert after["external"]
    for href, content in after["external"]:
        assert content == f'" ({href})"' or href in content, (href, content)
    assert set(after["other"]) <= {"none", "normal"}
    # on screen, no address
    page.emulate_media(media="screen")
    assert page.evaluate("""() => getComputedStyle(document.querySelector('article a.reference.external'),
        '::after').content""") in ("none", "normal")


def test_a_session_card_is_kept_on_one_page(real_site, site_url, page):
    open_page(page, site_url + session_page(real_site))
    page.emulate_media(media="print")
    assert page.evaluate("""() => [...document.querySelectorAll('.session-card')]
        .map((card) => getComputedStyle(card).breakInside)""") == ["avoid"]


# -- Keyboard and assistive technology -----------------------------------------

PHONE = {"width": 390, "height": 844}


def tab_through(page, limit: int = 600) -> list[dict]:
    """Every element Tab reaches, once round the page: where it is and what it is."""
    reached = []
    page.locator("body").focus()
    for _ in range(limit):
        page.keyboard.press("Tab")
        here = page.evaluate("""() => {
            const el = document.activeElement;
            if (!el || el === document.body) return null;
            const box = el.getBoundingClientRect();
            return {html: el.outerHTML.slice(0, 120), key: el.outerHTML + box.top + box.left,
                    drawer: !!el.closest('.sidebar-drawer, .toc-drawer'),
                    shown: box.width > 0 && box.height > 0 && box.right > 0 && box.left < innerWidth
                           && getComputedStyle(el).visibility !== 'hidden'};
        }""")
        if here is None or (reached and here["key"] == reached[0]["key"]):
            break
        reached.append(here)
    return reached


def test_on_a_phone_nothing_invisible_takes_focus(real_site, site_url, page):
    page.set_viewport_size(PHONE)
    open_page(page, site_url + session_page(real_site))
    reached = tab_through(page)
    assert len(reached) > 5
    assert [r["html"] for r in reached if r["drawer"]] == []  # the closed drawers
    assert [r["html"] for r in reached if not r["shown"] and "skip-to-content" not in r["html"]] == []
    # the menu toggles are in the round
    assert any("nav-overlay-icon" in r["html"] for r in reached)
    assert any("toc-overlay-icon" in r["html"] for r in reached)


@pytest.mark.parametrize("toggle, drawer, key", [
    (".nav-overlay-icon", ".sidebar-drawer", "Enter"),
    (".toc-header-icon", ".toc-drawer", " "),
])
def test_the_menu_toggles_are_named_buttons_a_keyboard_opens(real_site, site_url, page, toggle, drawer, key):
    page.set_viewport_size(PHONE)
    open_page(page, site_url + page_with_contents(real_site))
    button = page.locator(toggle)
    assert button.evaluate("(el) => el.tagName") == "BUTTON"
    assert button.get_attribute("aria-label")
    assert button.get_attribute("aria-expanded") == "false"
    assert page.get_by_role("button", name=button.get_attribute("aria-label")).first.is_visible()
    button.focus()
    page.keyboard.press(key)
    page.wait_for_function("""(drawer) => { const box = document.querySelector(drawer).getBoundingClientRect();
        return box.left >= 0 && box.right <= innerWidth }""", arg=drawer)
    assert button.get_attribute("aria-expanded") == "true"
    link = page.locator(f"{drawer} a:visible").first
    assert link.is_visible()
    # a link of the open drawer takes focus
    link.focus()
    assert page.evaluate(f"!!document.activeElement.closest('{drawer}')")
    page.keyboard.press("Escape")
    assert button.get_attribute("aria-expanded") == "false"
    page.wait_for_function("(drawer) => getComputedStyle(document.querySelector(drawer)).visibility === 'hidden'",
                           arg=drawer)
    assert page.evaluate("(toggle) => document.activeElement.matches(toggle)", toggle)


def test_every_diagrams_name_and_description_resolve(real_site):
    from bs4 import BeautifulSoup

    named = broken = 0
    for name in pages(real_site):
        html = BeautifulSoup((real_site / name).read_text(encoding="utf-8"), "html.parser")
        ids = {el["id"] for el in html.find_all(id=True)}
        for svg in html.find_all("svg"):
            for attribute in ("aria-labelledby", "aria-describedby"):
                for ref in (svg.get(attribute) or "").split():
                    named += 1
                    if ref not in ids or not html.find(id=ref).get_text(strip=True):
                        broken += 1
                        print(name, attribute, ref)
    assert named and broken == 0


VNU = Path(__file__).resolve().parents[1] / "node_modules" / "vnu-jar" / "build" / "dist" / "vnu.jar"


def test_every_page_is_valid_html(real_site):
    """The Nu HTML Checker (npm vnu-jar, pinned in package.json) on every page."""
    if not (shutil.which("java") and VNU.exists()):
        hint = "the Nu HTML Checker needs Java and `npm ci` (node_modules/vnu-jar)"
        if __import__("os").environ.get("CI"):
            pytest.fail(hint)
        pytest.skip(hint)
    files = [str(real_site / name) for name in pages(real_site)]
    result = subprocess.run(["java", "-jar", str(VNU), "--errors-only", "--format", "json", *files],
                            capture_output=True, text=True)
    errors = [f"{m['url'].rsplit('/html/', 1)[-1]}:{m.get('lastLine')}: {m['message']}"
              for m in json.loads(result.stderr)["messages"] if m["type"] in ("error", "non-document-error")]
    assert errors == []


# -- 404 and search engines ------------------------------------------------------

def test_the_404_page_offers_home_search_and_the_summits(real_site, site_url, page):
    summits = json.loads((real_site / "sessions.json").read_text(encoding="utf-8"))["summits"]
    open_page(page, site_url + "404.html")
    article = page.locator("article")
    links = article.locator("a").evaluate_all("(links) => links.map((a) => [a.href, a.textContent.trim()])")
    hrefs = [href for href, _text in links]
    assert site_url + "index.html" in hrefs
    for summit in summits:
        assert [text for href, text in links if href == site_url + summit["url"]] == [summit["title"]]
    for href in hrefs:  # every link leads somewhere
        assert page.request.get(href).ok, href
    # the search form searches
    article.get_by_role("searchbox").fill("Ceph")
    article.get_by_role("button", name="Search").click()
    page.wait_for_url("**/search.html?q=Ceph")
    page.wait_for_function("() => document.querySelectorAll('.summit-result').length > 0")


def test_every_page_search_engines_index_has_a_description(real_site):
    from bs4 import BeautifulSoup

    missing, indexed = [], 0
    for name in pages(real_site):
        html = BeautifulSoup((real_site / name).read_text(encoding="utf-8"), "html.parser")
        if html.find("meta", attrs={"name": "robots", "content": re.compile("noindex")}) or name == "search.html":
            continue
        indexed += 1
        descriptions = [m.get("content", "").strip() for m in html.find_all("meta", attrs={"name": "description"})]
        if len(descriptions) != 1 or len(descriptions[0]) < 20:
            missing.append((name, descriptions))
    assert indexed > 5 and missing == []
    # a page's own words, or its kind's, never another kind's
    described = {name: BeautifulSoup((real_site / name).read_text(encoding="utf-8"), "html.parser")
                 .find("meta", attrs={"name": "description"})["content"] for name in ("search.html", "404.html")}
    assert "search" in described["search.html"].lower() and "index" not in described["search.html"].lower()
    assert "home page" in described["404.html"]


def test_no_link_text_says_here(real_site):
    from bs4 import BeautifulSoup

    vague = {"here", "click here", "link", "this link", "this page", "more", "read more"}
    found = []
    for name in pages(real_site):
        article = BeautifulSoup((real_site / name).read_text(encoding="utf-8"), "html.parser").find("article")
        for link in article.find_all("a") if article else []:
            if " ".join(link.get_text().split()).lower().strip(".:") in vague:
                found.append((name, link.get("href")))
    assert found == []


def test_the_contents_links_are_tap_targets(real_site, site_url, page):
    """At least 24 px tall (WCAG 2.5.8), on a desktop's screen where the contents are shown."""
    page.set_viewport_size({"width": 1440, "height": 900})
    open_page(page, site_url + page_with_contents(real_site))
    heights = page.locator(".toc-tree a.reference:visible").evaluate_all(
        "(links) => links.map((a) => a.getBoundingClientRect().height)")
    assert heights and min(heights) >= 24
