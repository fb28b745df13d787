"""What a hosted site has: a 404 page at any depth, a sitemap, robots.txt, link previews, the data page."""

from __future__ import annotations

import http.server
import json
import os
import re
import threading
from contextlib import contextmanager
from functools import partial
from pathlib import Path

import pytest
from bs4 import BeautifulSoup
from conftest import ROOT
from hypothesis import given, settings
from hypothesis import strategies as st
from site_properties import html_of, source_pages

SITE = "https://openstack-summit-notes.readthedocs.io/en/latest/"


def test_robots_txt_points_at_the_sitemap(real_site):
    assert (real_site / "robots.txt").read_text() == f"User-agent: *\nAllow: /\n\nSitemap: {SITE}sitemap.xml\n"


def test_the_sitemap_lists_every_page(real_site):
    listed = set(re.findall(r"<loc>([^<]+)</loc>", (real_site / "sitemap.xml").read_text()))
    pages = {SITE + str(p.relative_to(real_site)) for p in real_site.rglob("*.html")
             if "_static" not in p.parts and "This page has moved" not in p.read_text()
             and p.name not in ("search.html", "genindex.html", "404.html")
             and not p.name.startswith("summit-")}
    assert pages <= listed
    assert {SITE + html_of(ROOT / "docs", page) for page in source_pages(ROOT / "docs")} <= pages
    assert not any("search.html" in url or "404.html" in url for url in listed)


def test_a_session_page_previews_as_the_session(real_site):
    page = BeautifulSoup((real_site / "tokyo-2015/day2/ceph-manila-containers.html").read_text(),
                         "html.parser")
    meta = {tag["property"]: tag["content"] for tag in page.select("meta[property^='og:']")}
    assert meta["og:title"] == "The state of Ceph, Manila, and Containers in Openstack: by Sage Weil"
    assert meta["og:url"] == SITE + "tokyo-2015/day2/ceph-manila-containers.html"
    assert meta["og:description"].startswith(
        "Tokyo 2015 · Day 2 · talk · Sage Weil (Red Hat) · Ceph, Manila, NFS-Ganesha, KVM, Neutron. "
        "Container volume are FS.")
    assert page.select_one("meta[name='description']")["content"] == meta["og:description"]
    assert page.select_one("link[rel='canonical']")["href"] == meta["og:url"]


def test_the_data_page_links_the_export_and_its_schema(real_site):
    page = BeautifulSoup((real_site / "data.html").read_text(), "html.parser")
    links = [a["href"] for a in page.select(".summit-export a")]
    assert links == ["sessions.json", "sessions.schema.json"]
    for link in links:
        json.loads((real_site / link).read_text())
    assert "data.html" in (real_site / "index.html").read_text()


class Host(http.server.SimpleHTTPRequestHandler):
    """Serves the site under ``prefix`` and answers a missing page with 404.html,
    as Read the Docs (prefix /en/latest/) and other hosts (prefix /) do."""

    prefix = "/"

    def log_message(self, *args):
        pass

    def translate_path(self, path):
        if not path.startswith(self.prefix):
            return str(Path(self.directory, "no such page"))
        return super().translate_path("/" + path[len(self.prefix):])

    def send_head(self):
        if not Path(self.translate_path(self.path.split("?")[0])).exists():
            body = Path(self.directory, "404.html").read_bytes()
            self.send_response(404)
            self.send_header("Content-Type", "text/html; charset=utf-8")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            import io
            return io.BytesIO(body)
        return super().send_head()


@contextmanager
def hosted(directory: Path, prefix: str):
    handler = type("PrefixHost", (Host,), {"prefix": prefix})
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), partial(handler, directory=str(directory)))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        yield f"http://127.0.0.1:{server.server_port}{prefix}"
    finally:
        server.shutdown()
        server.server_close()


RTD_URL = "https://openstack-summit-notes.readthedocs.io/en/latest/"


@pytest.fixture(scope="module")
def read_the_docs_site(tmp_path_factory) -> Path:
    """The site as Read the Docs builds it: it gives the site's address in the environment."""
    import os
    import subprocess
    import sys

    out = tmp_path_factory.mktemp("rtd") / "html"
    result = subprocess.run(
        [sys.executable, "-m", "sphinx", "-b", "html", "-W", "--keep-going", "-n", "-q", "-c", str(ROOT),
         "-d", str(out.parent / "doctrees"), str(ROOT / "docs"), str(out)],
        capture_output=True, text=True, cwd=ROOT,
        env={**os.environ, "READTHEDOCS": "True", "READTHEDOCS_CANONICAL_URL": RTD_URL})
    assert result.returncode == 0, result.stderr
    return out


@pytest.mark.parametrize("host", ["read-the-docs", "root-of-a-host"])
@pytest.mark.parametrize("missing", ["nowhere.html", "tokyo-2015/day9/deep/nowhere.html"])
def test_the_404_page_works_wherever_the_site_is_served(request, browser, host, missing):  # noqa: F811
    """Served for a missing page at any depth, on Read the Docs (under /en/latest/) and at
    the root of any other host (any build but Read the Docs'): styled, every resource
    found, its links lead into the site."""
    site, prefix = ((request.getfixturevalue("read_the_docs_site"), "/en/latest/") if host == "read-the-docs"
                    else (request.getfixturevalue("real_site"), "/"))
    with hosted(site, prefix) as base:
        context = browser.new_context()
        page = context.new_page()
        failed = []
        page.on("requestfailed", lambda request: failed.append(request.url))
        page.on("response", lambda r: failed.append(r.url) if r.status >= 400 and r.url != base + missing else None)
        response = page.goto(base + missing)
        page.wait_for_load_state("networkidle")
        assert response.status == 404
        assert page.locator("h1").first.inner_text().startswith("Page not found")
        assert failed == []  # styles, scripts and the favicon load from the right place
        # furo's stylesheet applies: its sidebar's checkbox toggle is hidden
        assert page.evaluate("getComputedStyle(document.querySelector('#__navigation')).display") == "none"
        home = page.locator(".sidebar-brand").first.evaluate("a => a.href")
        assert home.startswith(base)
        for link in page.locator(".sidebar-tree a.reference").all()[:3]:
            target = link.evaluate("a => a.href")
            assert target.startswith(base) and page.request.get(target).status == 200, target
        # its way on (sphinx_summit.wayfinding): home and the summits, and a search form
        way_on = page.locator("article a").evaluate_all("links => links.map(a => a.href)")
        assert base + "index.html" in way_on
        for target in way_on:
            assert target.startswith(base) and page.request.get(target).status == 200, target
        assert page.locator("article form[role=search]").evaluate("f => f.action") == base + "search.html"
        context.close()


# -- Link previews of the sessions (sphinx_summit.hosting, previews.py) -----------

def preview_tags(page_path: Path) -> dict[str, str]:
    page = BeautifulSoup(page_path.read_text(encoding="utf-8"), "html.parser")
    return {tag["property"]: tag["content"] for tag in page.select("meta[property^='og:']")}


def png_size(data: bytes) -> tuple[int, int]:
    assert data[:8] == b"\x89PNG\r\n\x1a\n" and data[12:16] == b"IHDR"
    return int.from_bytes(data[16:20], "big"), int.from_bytes(data[20:24], "big")


def check_session_previews(html: Path, base: str = SITE) -> None:
    """Every session page previews as an article: its description is its summit, day and
    format and then text of its notes (not of an admonition: no editor's note, no
    remark of the author's); its picture, drawn from the session, is 1200 x 630 px.
    Other pages stay websites, without a picture."""
    from sphinx_summit.previews import draw_preview

    data = json.loads((html / "sessions.json").read_text())
    short = {s["id"]: s["short_title"] for s in data["summits"]}
    pictures = set()
    for s in data["sessions"]:
        name = s["url"].split("#")[0]
        tags = preview_tags(html / name)
        assert tags["og:type"] == "article", name
        where = f"{short[s['summit']]} · Day {s['day']} · {s['format']}"
        people = ", ".join(s["speakers"])
        if s["organizations"]:
            people = f"{people} ({', '.join(s['organizations'])})" if people else ", ".join(s["organizations"])
        facts = " · ".join(p for p in (where, people, ", ".join(s["projects"])) if p) + "."
        assert tags["og:description"].startswith(facts[:190]), name
        page = BeautifulSoup((html / name).read_text(encoding="utf-8"), "html.parser")
        asides = " ".join(" ".join(a.get_text().split()) for a in page.select("[role=main] .admonition, .session-card"))
        notes = tags["og:description"][len(facts):].strip().rstrip("…")[:40]
        if notes:
            assert notes in " ".join(page.select_one("[role=main]").get_text().split()), name
            assert notes not in asides, (name, notes)
        assert tags["og:image"].startswith(base + "_images/previews/"), name
        picture = html / tags["og:image"][len(base):]
        assert png_size(picture.read_bytes()) == (1200, 630), name
        pictures.add(picture.read_bytes())
        if name == data["sessions"][0]["url"].split("#")[0]:  # the picture is the session's
            again = html.parent / "again.png"
            draw_preview(again, title=s["title"], where=where, people=people, site=data["site"])
            assert again.read_bytes() == picture.read_bytes(), name
    assert len(pictures) == len(data["sessions"])  # each session its own
    for other in ("index.html", "glossary.html", data["summits"][0]["url"]):
        tags = preview_tags(html / other)
        assert tags["og:type"] == "website" and "og:image" not in tags, other


def test_session_pages_preview_as_articles_with_a_picture(real_site):
    check_session_previews(real_site)


def test_session_pages_preview_as_articles_with_two_summits(added):
    check_session_previews(added[1])


def test_a_preview_picture_loads_in_the_browser(real_site, browser):  # noqa: F811
    """The picture a session page names, fetched from where the page is served, is an image."""
    with hosted(real_site, "/en/latest/") as base:
        page = browser.new_page()
        names = [s["url"].split("#")[0] for s in json.loads((real_site / "sessions.json").read_text())["sessions"]]
        for name in names[:5]:
            page.goto(base + name)
            image = page.locator("meta[property='og:image']").get_attribute("content").replace(SITE, base)
            size = page.evaluate("""url => new Promise((resolve, reject) => { const img = new Image();
                img.onload = () => resolve([img.naturalWidth, img.naturalHeight]); img.onerror = reject; img.src = url; })""",
                                 image)
            assert size == [1200, 630], name
        page.close()


def test_a_preview_draws_the_japanese_and_chinese_of_a_title(tmp_path):
    """A title such as Tokyo's 雲泥の差 is drawn in its own letters, not as empty boxes:
    in Noto Sans CJK (fonts-noto-cjk, which .ci/run installs), the rest in DejaVu Sans."""
    from PIL import Image

    from sphinx_summit.previews import NO_CHARACTER, draw_preview, fonts

    if "Noto Sans CJK JP" not in fonts():
        hint = "the preview of a Japanese title needs Noto Sans CJK: sudo apt-get install fonts-noto-cjk"
        pytest.fail(hint) if os.environ.get("CI") else pytest.skip(hint)
    facts = {"where": "Tokyo 2015 · Day 3 · talk", "people": "Rackspace", "site": "OpenStack summit notes"}
    assert draw_preview(tmp_path / "p.png", title="雲泥の差 and 東京 (中文)", **facts) == ""
    # empty boxes in their place would be another picture
    assert draw_preview(tmp_path / "boxes.png", title=f"{NO_CHARACTER * 4} and {NO_CHARACTER * 2} "
                        f"({NO_CHARACTER * 2})", **facts) == NO_CHARACTER
    drawn, boxes = (Image.open(tmp_path / name).convert("RGB") for name in ("p.png", "boxes.png"))
    assert drawn.size == (1200, 630) and drawn.tobytes() != boxes.tobytes()


def test_a_picture_that_cannot_be_written_is_a_warning_naming_its_page(summits_site, private_diagram_cache):
    """A session's picture that cannot be written (its folder in the output is a
    file) is a warning naming the page, not a traceback, and the build goes on."""
    from sphinx.util.console import strip_escape_sequences

    site = summits_site
    site.add_conf('extensions += ["sphinx_summit.hosting"]\nhtml_baseurl = "https://example.org/notes/"\n')
    html = site.path / "_build/html"
    (html / "_images/previews").mkdir(parents=True)
    (html / "_images/previews/beta-2016").write_text("not a folder")
    site.build()
    failed = re.findall(r"^(\S+): WARNING: the link preview picture of this page could not be drawn: (.+) "
                        r"\[summit\.preview\]$", strip_escape_sequences(site.warnings), re.M)
    data = json.loads((html / "sessions.json").read_text())
    beta = sorted(s["url"].split("#")[0].removesuffix(".html") + ".md"
                  for s in data["sessions"] if s["summit"] == "beta-2016")
    assert beta and sorted(Path(page).relative_to(site.path).as_posix() for page, _why in failed) == beta
    assert all("beta-2016" in why for _page, why in failed)
    assert "Traceback" not in site.warnings
    alpha = [s for s in data["sessions"] if s["summit"] == "alpha-2015"]
    assert alpha and all((html / "_images/previews" / s["url"].split("#")[0]).with_suffix(".png").is_file()
                         for s in alpha)


WORDS = st.one_of(st.sampled_from(["Cinder", "replication", "OpenStack", "Neutron", "Kuryr", "WW", "i", "—",
                                   "a-very-long-hyphenated-identifier-with-no-spaces-in-it", "雲泥の差",
                                   "東京サミットのノートとセッションの長い題名"]),
                  st.text(st.characters(codec="utf-8", exclude_categories=["Cs", "Cc", "Zs", "Zl", "Zp"]),
                          min_size=1, max_size=12))


@settings(max_examples=300, deadline=None)
@given(st.lists(WORDS, min_size=1, max_size=40), st.sampled_from([(53, True, 4), (33, False, 1)]))
def test_a_preview_shows_its_title_in_lines_that_fit_the_picture(words, style):
    """The title's (or the names') lines each fit the picture's width; they hold its words in
    order, a word wider than a line cut across lines; a text too long for the lines ends
    with an ellipsis after the words that fit."""
    from sphinx_summit.previews import LEFT, WIDTH, font_chain, length, wrap

    size, bold, most = style
    chain, width = font_chain(size, bold), WIDTH - 2 * LEFT
    title = " ".join(words)
    lines = wrap(title, chain, width, most)
    assert 1 <= len(lines) <= most
    assert all(length(line, chain) <= width for line in lines), lines
    letters, shown = "".join(title.split()), "".join("".join(lines).split())
    if shown.endswith("…") and not letters.endswith("…"):
        assert letters.startswith(shown[:-1]) and len(shown) - 1 < len(letters), lines
    else:
        assert shown == letters, lines
